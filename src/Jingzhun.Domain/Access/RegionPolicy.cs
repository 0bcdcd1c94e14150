namespace Jingzhun.Domain.Access;

/// <summary>
/// Who may change the region tree: system work, administrators, and national and province officers,
/// each only inside its own region. Everybody else sees the tree read-only. The one exception is the
/// exit year that a village or county exit case writes when it completes: the case's own rules govern it.
/// </summary>
public static class RegionPolicy
{
    public static bool MayChange(AccessScope scope, string regionCode)
    {
        if (!scope.CanWrite || !regionCode.StartsWith(scope.RegionPrefix, StringComparison.Ordinal)) return false;
        if (scope.Role is null) return AccountPolicy.IsSystemWork(scope);
        return scope.Role is Role.SystemAdministrator or Role.NationalOfficer or Role.ProvinceOfficer;
    }

    /// <summary>Whether the actor may change the tree at all (shows the change forms).</summary>
    public static bool MayChangeAny(AccessScope scope) => MayChange(scope, scope.RegionPrefix);
}
