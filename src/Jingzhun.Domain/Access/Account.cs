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
    /// <summary>The partner (Collaboration) a partner account acts for; null for every other role.</summary>
    public long? PartnerId { get; set; }
    /// <summary>Mobile or landline, for the office that manages the account.</summary>
    public string Phone { get; set; } = "";
    public bool IsDisabled { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Who created the account (an administrator's user name, or "system").</summary>
    public string CreatedBy { get; set; } = "system";
    /// <summary>Wrong passwords since the last successful sign-in.</summary>
    public int FailedSignIns { get; set; }
    /// <summary>While set and in the future, sign-in is refused even with the right password.</summary>
    public DateTime? LockedUntil { get; set; }
    /// <summary>The next sign-in must choose a new password before anything else (demo passwords outside demo mode).</summary>
    public bool MustChangePassword { get; set; }
    public DateTime? PasswordChangedAt { get; set; }

    /// <summary>
    /// A random value the sign-in cookie carries: a session whose stamp differs from this one is refused. Signing out,
    /// a password change, disabling and a role or region change give it a new value, so every session of the account ends.
    /// </summary>
    public string SessionStamp { get; set; } = NewSessionStamp();

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    /// <summary>Ends every session of the account.</summary>
    public void RotateSessionStamp() => SessionStamp = NewSessionStamp();

    public static string NewSessionStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
