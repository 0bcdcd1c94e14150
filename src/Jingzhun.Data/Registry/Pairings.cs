using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Registry;

/// <summary>An active pairing of a household with its assistance cadre (帮扶责任人), with the cadre's name.</summary>
public sealed record PairingRow(long Id, int AccountId, string UserName, string DisplayName, DateTime AssignedAt, string AssignedBy);

/// <summary>An account that may be paired with a household: an assistance cadre of its village.</summary>
public sealed record CadreOption(int AccountId, string UserName, string DisplayName);

/// <summary>
/// Pairing households with assistance cadres (帮扶责任人). A pairing ends, it is never deleted.
/// Who may pair is decided by the context's save rules too (assistance cadres never change
/// assignments, nobody changes them outside their region); the checks here give the reason first.
/// </summary>
public static class Pairings
{
    /// <summary>Whether the actor may change this household: its village is in scope and, for assistance cadres, it is paired with them.</summary>
    public static async Task<bool> MayChangeAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct = default)
    {
        if (!db.Scope.MayChange(villageCode)) return false;
        return !db.Scope.WritesAssignedOnly || await PersonalDataView.IsPairedAsync(db, householdId, ct);
    }

    /// <summary>Whether the actor may pair cadres with households of this village (not assistance cadres themselves).</summary>
    public static bool MayManage(AccessScope scope, string villageCode) => scope.MayChange(villageCode) && !scope.WritesAssignedOnly;

    public static async Task<List<PairingRow>> ActiveAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        var rows = await db.Assignments.AsNoTracking()
            .Where(a => a.HouseholdId == householdId && a.Kind == AssignmentKind.AssistanceCadre && a.EndedAt == null)
            .Join(db.Accounts, a => a.AccountId, u => u.Id, (a, u) => new { a.Id, a.AccountId, u.UserName, u.DisplayName, a.AssignedAt, a.AssignedBy })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.AssignedAt).ThenBy(r => r.Id)
            .Select(r => new PairingRow(r.Id, r.AccountId, r.UserName, r.DisplayName, r.AssignedAt, r.AssignedBy)).ToList();
    }

    /// <summary>Assistance-cadre accounts of the village that are not disabled.</summary>
    public static Task<List<CadreOption>> CandidatesAsync(JingzhunDbContext db, string villageCode, CancellationToken ct = default) =>
        db.Accounts.AsNoTracking()
            .Where(a => a.Role == Role.AssistanceCadre && a.RegionCode == villageCode && !a.IsDisabled)
            .OrderBy(a => a.UserName)
            .Select(a => new CadreOption(a.Id, a.UserName, a.DisplayName))
            .ToListAsync(ct);

    /// <summary>Pairs a cadre of the household's village with the household.</summary>
    public static async Task<EditResult<HouseholdAssignment>> PairAsync(JingzhunDbContext db, long householdId, int accountId, DateTime now,
        CancellationToken ct = default)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new { h.Id, h.VillageCode, h.CountyCode }).FirstOrDefaultAsync(ct);
        if (household is null) return EditResult<HouseholdAssignment>.NotFound();
        if (!MayManage(db.Scope, household.VillageCode))
            throw new ScopeViolationException($"{db.Scope.Actor} may not pair cadres with households of {household.VillageCode}", household.VillageCode);
        var cadre = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (cadre is null || cadre.Role != Role.AssistanceCadre || cadre.RegionCode != household.VillageCode || cadre.IsDisabled)
            return EditResult<HouseholdAssignment>.Invalid([new FieldError("AccountId", "请选择本村的帮扶责任人账号", "Choose an assistance-cadre account of this village")]);
        if (await db.Assignments.AnyAsync(a => a.HouseholdId == householdId && a.AccountId == accountId
                                               && a.Kind == AssignmentKind.AssistanceCadre && a.EndedAt == null, ct))
            return EditResult<HouseholdAssignment>.Invalid([new FieldError("AccountId", $"{cadre.DisplayName}已是本户的帮扶责任人", $"{cadre.DisplayName} is already paired with this household")]);
        var assignment = new HouseholdAssignment
        {
            HouseholdId = householdId, CountyCode = household.CountyCode, VillageCode = household.VillageCode, AccountId = accountId,
            Kind = AssignmentKind.AssistanceCadre, AssignedAt = now, AssignedBy = db.Scope.Actor,
        };
        db.Assignments.Add(assignment);
        await db.SaveChangesAsync(ct);
        return EditResult<HouseholdAssignment>.Saved(assignment);
    }

    /// <summary>Ends an active pairing: the row stays, with when and by whom it ended.</summary>
    public static async Task<EditResult<HouseholdAssignment>> EndAsync(JingzhunDbContext db, long householdId, long assignmentId, DateTime now,
        CancellationToken ct = default)
    {
        var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == assignmentId && a.HouseholdId == householdId
                                                                       && a.Kind == AssignmentKind.AssistanceCadre, ct);
        // The household itself must be readable: the assignment's own filter looks only at its village.
        if (assignment is null || !await db.Households.AnyAsync(h => h.Id == householdId, ct)) return EditResult<HouseholdAssignment>.NotFound();
        if (!MayManage(db.Scope, assignment.VillageCode))
            throw new ScopeViolationException($"{db.Scope.Actor} may not end pairings of households of {assignment.VillageCode}", assignment.VillageCode);
        if (assignment.EndedAt is not null) return EditResult<HouseholdAssignment>.Saved(assignment);
        assignment.EndedAt = now;
        assignment.EndedBy = db.Scope.Actor;
        await db.SaveChangesAsync(ct);
        return EditResult<HouseholdAssignment>.Saved(assignment);
    }
}
