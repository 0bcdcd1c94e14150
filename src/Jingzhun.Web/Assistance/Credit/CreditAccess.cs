using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;

namespace Jingzhun.Web.Assistance.Credit;

/// <summary>Whether the reader may take a microcredit or relocation step on a household: the step's roles (<see cref="AssistanceRoles"/>) and the household's region, an assistance cadre only for its own households.</summary>
public static class CreditAccess
{
    public static async Task<bool> MayAsync(JingzhunDbContext db, IReadOnlyCollection<Domain.Access.Role> roles, long householdId, string villageCode,
        CancellationToken ct) =>
        AssistanceRoles.May(db.Scope.Role, roles) && await Pairings.MayChangeAsync(db, householdId, villageCode, ct);
}
