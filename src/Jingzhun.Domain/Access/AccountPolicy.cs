using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Access;

/// <summary>What an administrator does to an account.</summary>
public enum AccountAction
{
    [Label("新建", "Create")] Create = 1,
    [Label("修改", "Change")] Change = 2,
    [Label("停用", "Disable")] Disable = 3,
    [Label("启用", "Enable")] Enable = 4,
    [Label("重置密码", "Reset password")] ResetPassword = 5,
    [Label("解除锁定", "Unlock")] Unlock = 6,
}

/// <summary>
/// Who may manage which account. The actor must administer accounts; the account must lie inside the
/// actor's region and at its level or below; administrator accounts only by administrators; national
/// roles only by national officers and administrators; nobody disables themselves. A role works at
/// its level: officers at their own, village clerks, work-team members and cadres at a village,
/// assessors and auditors (and administrators) at any level.
/// </summary>
public static class AccountPolicy
{
    /// <summary>
    /// Command-line tools, sign-in and one's own password change: a system scope, not a signed-in account.
    /// Their account changes are not administration and are not checked here.
    /// </summary>
    public static bool IsSystemWork(AccessScope actor) =>
        actor.Role is null && actor.AccountId == 0 && actor.IsAdministrator && actor.RegionPrefix.Length == 0;

    /// <summary>Whether the account's region lies inside the actor's (outside it the account does not exist for the actor: 404).</summary>
    public static bool InRegion(AccessScope actor, string regionCode) =>
        actor.CanAdministerAccounts && regionCode.StartsWith(actor.RegionPrefix, StringComparison.Ordinal);

    /// <summary>Everything that stops <paramref name="actor"/> from doing <paramref name="action"/> to an account with this role and region.</summary>
    /// <param name="targetId">The account's id (0 for a new one).</param>
    public static IReadOnlyList<FieldError> Check(AccessScope actor, AccountAction action, Role role, string regionCode, int targetId = 0)
    {
        var errors = new List<FieldError>();
        if (!actor.CanAdministerAccounts)
        {
            errors.Add(new("", "当前账号无权管理账号", "Your account may not manage accounts"));
            return errors;
        }
        if (!RegionCode.TryParse(regionCode, out var code, out var parseError))
        {
            errors.Add(Split(nameof(Account.RegionCode), parseError));
            return errors;
        }
        if (!regionCode.StartsWith(actor.RegionPrefix, StringComparison.Ordinal))
            errors.Add(new(nameof(Account.RegionCode), "账号区划不在本辖区内", "The account's region is outside your region"));
        else if (code.Level < actor.Level)
            errors.Add(new(nameof(Account.RegionCode), $"只能管理{actor.Level.Chinese()}级及以下的账号",
                $"You may manage accounts at {actor.Level.English().ToLowerInvariant()} level or below only"));
        if (role == Role.SystemAdministrator && !actor.IsAdministrator)
            errors.Add(new(nameof(Account.Role), "只有系统管理员可以管理系统管理员账号", "Only system administrators manage administrator accounts"));
        if (role.OfficerLevel() == RegionLevel.Nation && !(actor.IsAdministrator || actor.Role == Role.NationalOfficer))
            errors.Add(new(nameof(Account.Role), "国家级账号只能由国家级用户或系统管理员管理", "National accounts are managed by national officers and administrators only"));
        if (action == AccountAction.Disable && targetId != 0 && targetId == actor.AccountId)
            errors.Add(new("", "不能停用自己的账号", "You may not disable your own account"));
        if (action is AccountAction.Create or AccountAction.Change)
            errors.AddRange(CheckRoleRegion(role, code));
        return errors;
    }

    /// <summary>Whether the actor may do this to the account.</summary>
    public static bool Allows(AccessScope actor, AccountAction action, Role role, string regionCode, int targetId = 0) =>
        Check(actor, action, role, regionCode, targetId).Count == 0;

    /// <summary>The role works at the region's level: officers at their own, village roles at a village.</summary>
    public static IEnumerable<FieldError> CheckRoleRegion(Role role, RegionCode region)
    {
        if (role.OfficerLevel() is { } level && region.Level != level)
            yield return new(nameof(Account.RegionCode),
                $"{role.Chinese()}的区划须为{level.Chinese()}级，而{region.Value}是{region.Level.Chinese()}级",
                $"A {role.English().ToLowerInvariant()} works at {level.English().ToLowerInvariant()} level; {region.Value} is a {region.Level.English().ToLowerInvariant()}");
    }

    /// <summary>Whether a role may work at a level at all.</summary>
    public static bool FitsLevel(Role role, RegionLevel level) => role.OfficerLevel() is not { } required || required == level;

    /// <summary>The roles the actor may give to a new account (at some level inside its region).</summary>
    public static IReadOnlyList<Role> CreatableRoles(AccessScope actor) =>
        Enum.GetValues<Role>().Where(role => LevelsFor(actor, role).Count > 0).ToList();

    /// <summary>The levels at which the actor may create an account of this role.</summary>
    public static IReadOnlyList<RegionLevel> LevelsFor(AccessScope actor, Role role)
    {
        if (!actor.CanAdministerAccounts) return [];
        if (role == Role.SystemAdministrator && !actor.IsAdministrator) return [];
        if (role.OfficerLevel() == RegionLevel.Nation && !(actor.IsAdministrator || actor.Role == Role.NationalOfficer)) return [];
        return Enum.GetValues<RegionLevel>().Where(l => l >= actor.Level && FitsLevel(role, l)).ToList();
    }

    /// <summary>Turns a "中文 / English" message of the region parser into a bilingual error.</summary>
    private static FieldError Split(string field, string message)
    {
        var parts = message.Split(" / ", 2);
        return parts.Length == 2 ? new(field, parts[0], parts[1]) : new(field, message, message);
    }
}
