using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Assistance;

/// <summary>The role check every assistance step runs first (<see cref="AssistanceRoles"/>): 403 with the step's name in both languages.</summary>
internal static class AssistanceSteps
{
    public static void Require(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, Bilingual what)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (!AssistanceRoles.May(db.Scope.Role, roles) || !db.Scope.MayChange(regionCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", regionCode);
    }
}
