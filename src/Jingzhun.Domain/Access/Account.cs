namespace Jingzhun.Domain.Access;

/// <summary>A person who signs in. Accounts are disabled, never deleted.</summary>
public sealed class Account
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public Role Role { get; set; }
    /// <summary>12-digit code of the region the account works in (all zeros for the nation).</summary>
    public required string RegionCode { get; set; }
    public bool IsDisabled { get; set; }
    public DateTime CreatedAt { get; set; }
}
