using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Audit;

/// <summary>
/// One line of the append-only change log: who changed which field of which record, from what
/// to what, and why. Rows are only ever inserted.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public AuditAction Action { get; set; }
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    /// <summary>The household the change belongs to, for the household's change history.</summary>
    public long? HouseholdId { get; set; }
    public Registry.Household? Household { get; set; }
    /// <summary>Region code of the record (village for registry data), for scoping the audit view.</summary>
    public string RegionCode { get; set; } = "";
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Reason { get; set; }

    /// <summary>Position in the hash chain (1, 2, 3…), assigned when the entry is sealed.</summary>
    public long? ChainIndex { get; set; }
    /// <summary>Hash of the entry before this one in the chain (empty for the first).</summary>
    public string? PreviousHash { get; set; }
    /// <summary>HMAC-SHA256 (with the audit key) over the previous hash and every field of this entry.</summary>
    public string? Hash { get; set; }
}

public enum AuditAction
{
    [Label("新增", "Create")] Create = 1,
    [Label("修改", "Update")] Update = 2,
    [Label("状态变更", "Status change")] StatusChange = 3,
    [Label("导入", "Import")] Import = 4,
    [Label("导出", "Export")] Export = 5,
    [Label("登录", "Sign-in")] SignIn = 6,
    [Label("登录失败", "Failed sign-in")] SignInFailed = 7,
    [Label("拒绝", "Refused")] Refused = 8,
    [Label("查阅个人信息", "Read personal data")] Read = 9,
}
