using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>
/// Assistance's part of the home page's work list, for an assistance cadre: its paired households due a visit, and those
/// without a plan in force. Through the scoped context (a cadre reads its village; the pairing names its own households).
/// </summary>
public static class AssistanceWorkItems
{
    /// <summary>
    /// A paired household not visited for this many days is due a visit. The seeds ask for regular visits (遍访) without
    /// one fixed interval; a month is the common local rule and what the cadre's own list sorts by.
    /// </summary>
    public const int VisitDays = 30;

    public static async Task<IReadOnlyList<WorkItem>> CadreAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var account = db.Scope.AccountId;
        if (db.Scope.Role != Role.AssistanceCadre || account == 0) return [];
        var since = DateOnly.FromDateTime(now).AddDays(-VisitDays);
        var paired = db.CadrePairings.AsNoTracking().Where(p => p.EndedOn == null && p.Cadre!.AccountId == account);
        var items = new List<WorkItem>();

        var due = paired.Where(p => !db.Visits.Any(v => v.HouseholdId == p.HouseholdId && v.VisitedOn >= since));
        if (await due.CountAsync(ct) is > 0 and var dueCount)
        {
            var first = await due.Select(p => new { p.HouseholdId, p.Household!.Number, p.VillageCode,
                    Last = db.Visits.Where(v => v.HouseholdId == p.HouseholdId).Max(v => (DateOnly?)v.VisitedOn) })
                .OrderBy(p => p.Last).ThenBy(p => p.Number).Take(WorkList.Shown).ToListAsync(ct);
            items.Add(new WorkItem("visits-due", WorkSection.Own, new($"结对户待走访（{VisitDays}天内未走访）", $"Paired households to visit (none in {VisitDays} days)"),
                dueCount, "/assistance/visits/mine",
                await LinesAsync(db, first.Select(f => (f.HouseholdId, f.Number, f.VillageCode, f.Last)).ToList(), id => $"/households/{id}/visits/new",
                    new("上次走访", "last visit"), ct)));
        }

        var noPlan = paired.Where(p => !db.Plans.Any(x => x.HouseholdId == p.HouseholdId && x.State == PlanState.InForce));
        if (await noPlan.CountAsync(ct) is > 0 and var planCount)
        {
            var first = await noPlan.OrderBy(p => p.Household!.Number).Take(WorkList.Shown)
                .Select(p => new { p.HouseholdId, p.Household!.Number, p.VillageCode }).ToListAsync(ct);
            items.Add(new WorkItem("plans-missing", WorkSection.Own, new("结对户缺少帮扶计划", "Paired households without a plan"), planCount,
                "/assistance/visits/mine",
                await LinesAsync(db, first.Select(f => (f.HouseholdId, f.Number, f.VillageCode, (DateOnly?)null)).ToList(), id => $"/households/{id}/plan", null, ct)));
        }
        return items;
    }

    private static async Task<IReadOnlyList<WorkLine>> LinesAsync(JingzhunDbContext db, IReadOnlyList<(long Id, string Number, string Village, DateOnly? Last)> rows,
        Func<long, string> link, Bilingual? note, CancellationToken ct)
    {
        var heads = await WorkList.HeadsAsync(db, rows.Select(r => r.Id), ct);
        var places = await RegistrySearch.VillageNamesAsync(db, rows.Select(r => r.Village), ct);
        return rows.Select(r => new WorkLine(link(r.Id), WorkList.HouseholdName(heads, r.Id, r.Number), places.GetValueOrDefault(r.Village, ""),
            Note: r.Last is null ? null : note, DueOn: r.Last)).ToList();
    }
}
