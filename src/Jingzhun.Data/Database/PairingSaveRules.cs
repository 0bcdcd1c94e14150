using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Database;

/// <summary>
/// An assistance cadre changes only the households paired with it (through the roster: its account's cadre), and never
/// assignments or pairings;
/// nobody but system work changes an assessor's sample except those who may change the village.
/// </summary>
internal static class PairingSaveRules
{
    /// <summary>The households the actor is paired with as their cadre (through the scope filter, like every read), loaded before the save.</summary>
    public static async Task<IReadOnlySet<long>> LoadAsync(JingzhunDbContext db, CancellationToken ct)
    {
        var accountId = db.Scope.AccountId;
        var households = await db.CadrePairings
            .Where(p => p.EndedOn == null && p.Cadre!.AccountId == accountId)
            .Select(p => p.HouseholdId).ToListAsync(ct);
        return households.ToHashSet();
    }

    /// <summary>Runs for every scoped row a cadre saves, after the row's own scope check.</summary>
    public static void Check(AccessScope scope, EntityEntry entry, RowOwner owner, SaveBatch batch)
    {
        if (!scope.WritesAssignedOnly) return;
        // A household the cadre adds is paired with nobody yet.
        var paired = (entry.State != EntityState.Added || entry.Entity is not Household)
                     && owner.Id is { } id && batch.PairedHouseholds.Contains(id);
        if (!paired || entry.Entity is HouseholdAssignment or Domain.Assistance.CadrePairing)
            throw new ScopeViolationException($"{scope.Actor} may change only the households assigned to it", owner.VillageCode);
    }
}
