using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>
/// Monitoring's part of the home page's work list: recognition cases past their 15-day clock whose turn is the reader's,
/// public applications that matched no household (the village links them) and exclusion checks to review (township and
/// county). Through the scoped context, like <see cref="MonitoringWorkList"/> whose clock it reads.
/// </summary>
public static class MonitoringWorkItems
{
    private static readonly Role[] LinkRoles = [Role.VillageClerk, Role.WorkTeamMember];
    private static readonly Role[] ReviewRoles = [Role.TownshipOfficer, Role.CountyOfficer];

    /// <summary>Recognition cases past their decision date and waiting at a step of the reader's role.</summary>
    public static async Task<IReadOnlyList<WorkItem>> OverdueAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        if (db.Scope.Role is not { } role || !db.Scope.CanWrite
            || role.OfficerLevel() is not { } level || !MonitoringWorkList.Levels.Contains(level)) return [];
        var overdue = (await MonitoringWorkList.OpenCasesAsync(db, now, ct)).Where(c => c.Overdue && c.MyTurn).OrderByDescending(c => c.DaysOverdue).ToList();
        if (overdue.Count == 0) return [];
        return [new WorkItem("monitoring-overdue", WorkSection.Overdue, new("监测识别超过15天时限", "Monitoring cases past the 15-day clock"), overdue.Count,
            "/monitoring#overdue", await LinesAsync(db, overdue, ct), Overdue: true)];
    }

    /// <summary>For readers who check rather than act (auditors): every overdue recognition case of the region, whoever's turn.</summary>
    public static async Task<IReadOnlyList<WorkItem>> OverdueToReviewAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var overdue = (await MonitoringWorkList.OpenCasesAsync(db, now, ct)).Where(c => c.Overdue).OrderByDescending(c => c.DaysOverdue).ToList();
        if (overdue.Count == 0) return [];
        return [new WorkItem("review-monitoring-overdue", WorkSection.Review, new("超过15天时限的监测识别（查阅）", "Monitoring cases past the 15-day clock (to review)"),
            overdue.Count, "/monitoring#overdue", await LinesAsync(db, overdue, ct), Overdue: true)];
    }

    /// <summary>Signals waiting for a person: unmatched public applications (village) and exclusion checks (township, county).</summary>
    public static async Task<IReadOnlyList<WorkItem>> SignalsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (db.Scope.Role is not { } role || !db.Scope.CanWrite) return [];
        var items = new List<WorkItem>();
        if (LinkRoles.Contains(role))
            items.AddRange(await SignalItemAsync(db, SignalState.Unmatched, "signals-unmatched",
                new("群众自主申报未匹配到户，待核实关联", "Public applications that matched no household, to link"), ct));
        if (ReviewRoles.Contains(role))
            items.AddRange(await SignalItemAsync(db, SignalState.ExclusionFlagged, "signals-exclusion",
                new("排除项待核实", "Exclusion checks to review"), ct));
        return items;
    }

    private static async Task<IReadOnlyList<WorkItem>> SignalItemAsync(JingzhunDbContext db, SignalState state, string id, Bilingual title, CancellationToken ct)
    {
        var signals = db.RiskSignals.AsNoTracking().Where(s => s.State == state);
        var count = await signals.CountAsync(ct);
        if (count == 0) return [];
        var first = await signals.OrderBy(s => s.RaisedAt).ThenBy(s => s.Id).Take(WorkList.Shown)
            .Select(s => new { s.HouseholdId, s.VillageCode, s.ApplicantName, s.ReceiptNumber, s.RaisedAt }).ToListAsync(ct);
        var heads = await WorkList.HeadsAsync(db, first.Select(s => s.HouseholdId).OfType<long>(), ct);
        var places = await RegistrySearch.VillageNamesAsync(db, first.Select(s => s.VillageCode), ct);
        var lines = first.Select(s => new WorkLine("/monitoring#signals",
            s.HouseholdId is { } h && heads.TryGetValue(h, out var head) ? head : s.ApplicantName.Length > 0 ? s.ApplicantName : s.ReceiptNumber,
            places.GetValueOrDefault(s.VillageCode, ""), s.RaisedAt, new("收到于", "received"))).ToList();
        return [new WorkItem(id, WorkSection.Answers, title, count, "/monitoring#signals", lines)];
    }

    private static async Task<IReadOnlyList<WorkLine>> LinesAsync(JingzhunDbContext db, IReadOnlyList<MonitoringCaseRow> cases, CancellationToken ct)
    {
        var first = cases.Take(WorkList.Shown).ToList();
        var heads = await WorkList.HeadsAsync(db, first.Select(c => c.HouseholdId), ct);
        return first.Select(c => new WorkLine($"/cases/{c.CaseId}", WorkList.HouseholdName(heads, c.HouseholdId, c.HouseholdNumber), c.VillageName, c.DueAt,
            new($"逾期{c.DaysOverdue}天，时限", $"{c.DaysOverdue} days overdue, due"))).ToList();
    }
}
