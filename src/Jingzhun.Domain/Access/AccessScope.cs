using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Access;

/// <summary>
/// What the current actor may see and change: household data whose village code starts with
/// <see cref="RegionPrefix"/>. Decided once from the account's role and region; every query of
/// household data is filtered by it below the pages and endpoints.
/// </summary>
public sealed record AccessScope(string RegionPrefix, bool CanRead, bool CanWrite, string Actor)
{
    /// <summary>Officers and administrators manage the accounts of their region (at or below their own level).</summary>
    public bool CanAdministerAccounts { get; init; }

    /// <summary>Every read of personal data by this actor is written to the audit log (auditors and assessors).</summary>
    public bool AuditsReads { get; init; }

    /// <summary>The level of the account's region; accounts it creates must be at this level or below.</summary>
    public RegionLevel Level { get; init; } = RegionLevel.Nation;

    /// <summary>Command-line tools and system jobs: the whole registry.</summary>
    public static AccessScope System(string actor = "system") => new("", true, true, actor) { CanAdministerAccounts = true };

    /// <summary>No household data at all (anonymous visitors).</summary>
    public static AccessScope None { get; } = new("-", false, false, "anonymous");

    public static AccessScope For(Account account)
    {
        if (account.IsDisabled) return None with { Actor = account.UserName };
        var code = RegionCode.Parse(account.RegionCode);
        var prefix = code.Prefix;
        var scope = ForRole(account, prefix);
        return scope with
        {
            Level = code.Level,
            CanAdministerAccounts = account.Role is Role.SystemAdministrator || account.Role.OfficerLevel() is { } level && level < RegionLevel.Village,
            AuditsReads = account.Role is Role.Auditor or Role.Assessor,
        };
    }

    private static AccessScope ForRole(Account account, string prefix)
    {
        return account.Role switch
        {
            Role.SystemAdministrator => new(prefix, true, true, account.UserName),
            Role.Auditor => new(prefix, true, false, account.UserName),
            // Assessors see only the sample assigned to them; sampling comes with assessments, so none yet.
            Role.Assessor => new("-", false, false, account.UserName),
            // Assistance cadres read their village; editing is limited to their own households later.
            Role.AssistanceCadre => new(prefix, true, false, account.UserName),
            _ => new(prefix, true, account.Role.MayEditRegistry(), account.UserName),
        };
    }

    public bool Covers(string villageCode) => CanRead && villageCode.StartsWith(RegionPrefix, StringComparison.Ordinal);

    public bool MayChange(string villageCode) => CanWrite && Covers(villageCode);
}
