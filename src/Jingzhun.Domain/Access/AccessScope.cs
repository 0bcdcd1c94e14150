using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Access;

/// <summary>
/// What the current actor may see and change: household data whose village code starts with
/// <see cref="RegionPrefix"/>, narrowed for assessors to their assigned sample and, for changes,
/// for assistance cadres to their assigned households. Decided once from the account's role and
/// region; every query of household data is filtered by it below the pages and endpoints.
/// </summary>
public sealed record AccessScope(string RegionPrefix, bool CanRead, bool CanWrite, string Actor)
{
    /// <summary>The signed-in account (0 for system work and anonymous visitors).</summary>
    public int AccountId { get; init; }

    /// <summary>The partner a partner account acts for (0 for every other actor): it reads only that partner's pairings and inputs.</summary>
    public long PartnerId { get; init; }

    /// <summary>The account's role; null for system work and anonymous visitors.</summary>
    public Role? Role { get; init; }

    /// <summary>Officers and administrators manage the accounts of their region (at or below their own level).</summary>
    public bool CanAdministerAccounts { get; init; }

    /// <summary>System administrators (and system work) may create administrator accounts.</summary>
    public bool IsAdministrator { get; init; }

    /// <summary>Only households assigned to the account as an assessment sample are visible (assessors).</summary>
    public bool ReadsAssignedOnly { get; init; }

    /// <summary>Only households assigned to the account may be changed (assistance cadres).</summary>
    public bool WritesAssignedOnly { get; init; }

    /// <summary>Every read of personal data by this actor is written to the audit log (auditors and assessors).</summary>
    public bool AuditsReads { get; init; }

    /// <summary>The level of the account's region; accounts it creates must be at this level or below.</summary>
    public RegionLevel Level { get; init; } = RegionLevel.Nation;

    /// <summary>Command-line tools and system jobs: the whole registry.</summary>
    public static AccessScope System(string actor = "system") =>
        new("", true, true, actor) { CanAdministerAccounts = true, IsAdministrator = true };

    /// <summary>No household data at all (anonymous visitors).</summary>
    public static AccessScope None { get; } = new("-", false, false, "anonymous");

    public static AccessScope For(Account account)
    {
        if (account.IsDisabled) return None with { Actor = account.UserName };
        var code = RegionCode.Parse(account.RegionCode);
        var role = account.Role;
        // A partner is outside the registry: no region, no household data, only its own pairings and inputs.
        if (role == Access.Role.Partner)
            return None with { Actor = account.UserName, AccountId = account.Id, Role = role, Level = code.Level, PartnerId = account.PartnerId ?? -1 };
        return new AccessScope(code.Prefix, true, role.MayEditRegistry() || role == Access.Role.AssistanceCadre, account.UserName)
        {
            AccountId = account.Id,
            Role = role,
            Level = code.Level,
            CanAdministerAccounts = role is Access.Role.SystemAdministrator || role.OfficerLevel() is { } level && level < RegionLevel.Village,
            IsAdministrator = role is Access.Role.SystemAdministrator,
            // Assessors see only the sample assigned to them; auditors and assessors change nothing.
            ReadsAssignedOnly = role is Access.Role.Assessor,
            WritesAssignedOnly = role is Access.Role.AssistanceCadre,
            AuditsReads = role is Access.Role.Auditor or Access.Role.Assessor,
        };
    }

    public bool Covers(string villageCode) => CanRead && villageCode.StartsWith(RegionPrefix, StringComparison.Ordinal);

    /// <summary>Whether the actor may change data of this village (cadres: only their assigned households, checked on save).</summary>
    public bool MayChange(string villageCode) => CanWrite && Covers(villageCode);

    /// <summary>
    /// Whether personal data (resident ID, phone, bank account, health detail) is shown masked:
    /// an assistance cadre sees it in full only for the households assigned to it.
    /// </summary>
    public bool MasksPersonalData(bool assignedToActor) => Role == Access.Role.AssistanceCadre && !assignedToActor;
}
