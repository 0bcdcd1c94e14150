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
}

public enum AuditAction
{
    Create = 1,
    Update = 2,
    StatusChange = 3,
    Import = 4,
    Export = 5,
    SignIn = 6,
    SignInFailed = 7,
    Refused = 8,
}
