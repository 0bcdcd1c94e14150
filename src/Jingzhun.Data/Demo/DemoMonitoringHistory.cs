using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// The demo county's monitoring against return to poverty (防止返贫动态监测), made by running the synthetic history of
/// <see cref="DemoMonitoring"/> through the real governed steps (<see cref="MonitoringWork"/>, <see cref="CaseWorkflow"/>):
/// consents on file, department files recorded, signals from the three channels, the five steps of recognition or the
/// village's rejection, on-site assessments and risk elimination, each dated from the history; and open work dated back
/// from <c>now</c> for the demo village, township and county accounts, the oldest past the 15-day decision. The history
/// covers the first <see cref="DemoOptions.MonitoringHouseholds"/> households of the first township, village by village (as the
/// demo's other open cases, from the demo village on), so its cost does not grow with the county: every step is a governed, audited save.
/// </summary>
public static class DemoMonitoringHistory
{
    public static readonly DateOnly From = new(2021, 1, 1);
    private const string Scope = "990121001";

    /// <summary>The synthetic history of a seeded demo county, with its ground truth: the same every time it is asked.</summary>
    public static async Task<MonitoringHistory> PlanAsync(JingzhunDbContext db, DemoOptions options, DateTime now, CancellationToken ct = default)
    {
        var line = (await RuleBook.ForAsync(db, DemoHistory.County, options.CurrentYear, ct)).MonitoringLine;
        var households = await db.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith(Scope))
            .OrderBy(h => h.VillageCode).ThenBy(h => h.Number).Take(options.MonitoringHouseholds)
            .Select(h => new { h.Id, h.Number, h.VillageCode, h.Status }).ToListAsync(ct);
        var incomes = (await db.Incomes.AsNoTracking().Where(i => i.Year == options.CurrentYear && i.Household!.VillageCode.StartsWith(Scope))
            .ToListAsync(ct)).ToDictionary(i => i.HouseholdId, i => i.ToIncomeYear().NetIncome.Yuan / Math.Max(1, i.MembersCounted));
        // Other open work (identification, exit, removal) makes a household busy; monitoring cases do not, so the plan reads the same after seeding.
        var busy = (await db.Cases.AsNoTracking().Where(c => c.ClosedAt == null && c.HouseholdId != null
                && c.Kind != CaseKind.Monitoring && c.Kind != CaseKind.RiskElimination)
            .Select(c => c.HouseholdId!.Value).ToListAsync(ct)).ToHashSet();
        var candidates = households.Select(h => new MonitoringCandidate(h.Number, h.VillageCode, h.Status, incomes.GetValueOrDefault(h.Id), busy.Contains(h.Id)));
        return DemoMonitoring.Generate(candidates, OptionsFor(options, line, now));
    }

    public static MonitoringHistoryOptions OptionsFor(DemoOptions options, decimal monitoringLine, DateTime now) =>
        new(options.Seed, From, DateOnly.FromDateTime(DemoHistory.DemoDate), monitoringLine, DateOnly.FromDateTime(now), DemoHistory.Village, DemoHistory.Township);

    /// <summary>The ground truth of a seeded demo by household id: who truly fell into hardship, and when.</summary>
    public static async Task<IReadOnlyDictionary<long, DateOnly>> TruthAsync(JingzhunDbContext db, DemoOptions options, DateTime now, CancellationToken ct = default)
    {
        var history = await PlanAsync(db, options, now, ct);
        var ids = await IdsAsync(db, ct);
        return history.Truth.Where(t => ids.ContainsKey(t.Number)).ToDictionary(t => ids[t.Number], t => t.On);
    }

    /// <summary>Runs the history through the governed steps (a system context; the caller's transaction).</summary>
    internal static async Task AddAsync(JingzhunDbContext db, DemoOptions options, DateTime now, CancellationToken ct)
    {
        var history = await PlanAsync(db, options, now, ct);
        var ids = await IdsAsync(db, ct);

        // Consents (授权承诺书) on file for most households: paper forms entered together, one audit line.
        foreach (var (number, on) in history.Consents.OrderBy(c => c.Key, StringComparer.Ordinal))
            db.DataConsents.Add(new DataCheckConsent
            {
                HouseholdId = ids[number], VillageCode = number[..12], GivenOn = on, Document = $"授权承诺书{number}",
                RecordedBy = "demo", RecordedAt = At(on, 16),
            });
        db.BulkAuditSummary = $"演示数据：数据核查授权{history.Consents.Count}份 / demo data: {history.Consents.Count} data-check consents";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        db.ChangeTracker.Clear();

        // The department files, one per department and month, as their rows matched consenting households.
        var feeds = new Dictionary<(string, DateOnly), long>();
        var added = new List<((string, DateOnly) Key, DepartmentFeed Feed)>();
        foreach (var group in history.Signals.Where(s => s.Channel == DiscoveryChannel.DepartmentWarning)
                     .GroupBy(s => (s.Department, s.On)).OrderBy(g => g.Key.On).ThenBy(g => g.Key.Department, StringComparer.Ordinal))
        {
            var count = group.Count();
            var feed = new DepartmentFeed
            {
                CountyCode = DemoGenerator.CountyPrefix, Department = group.Key.Department, FileName = $"{group.Key.Department}_{group.Key.On.AddMonths(-1):yyyyMM}.xlsx",
                ImportedAt = At(group.Key.On, 8), ImportedBy = "demo", Rows = count, Matched = count, Signals = count,
            };
            db.DepartmentFeeds.Add(feed);
            added.Add((group.Key, feed));
        }
        db.BulkAuditSummary = $"演示数据：部门数据文件{added.Count}份 / demo data: {added.Count} department files";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        foreach (var (key, feed) in added) feeds[key] = feed.Id;
        db.ChangeTracker.Clear();

        foreach (var episode in history.Episodes.OrderBy(e => e.SignalOn).ThenBy(e => e.Number, StringComparer.Ordinal))
        {
            await EpisodeAsync(db, ids[episode.Number], episode, feeds, ct);
            db.ChangeTracker.Clear();
        }
        foreach (var open in history.Open)
        {
            await OpenAsync(db, ids[open.Number], open, now, feeds, ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<Dictionary<string, long>> IdsAsync(JingzhunDbContext db, CancellationToken ct) =>
        await db.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith(Scope)).ToDictionaryAsync(h => h.Number, h => h.Id, ct);

    private static DateTime At(DateOnly day, int hour = 9) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    /// <summary>One signal through its channel: a screening visit records the visit, a department's row names its file.</summary>
    private static async Task<RiskSignal> RaiseAsync(JingzhunDbContext db, long householdId, ChannelSignal s, DateTime at, DateOnly? eventOn,
        Dictionary<(string, DateOnly), long> feeds, CancellationToken ct)
    {
        if (s.Channel == DiscoveryChannel.Screening)
        {
            var visit = await MonitoringWork.RecordScreeningAsync(db, householdId, DateOnly.FromDateTime(at), s.Evidence, s.Kind, at, ct);
            return await db.RiskSignals.OrderByDescending(x => x.Id).FirstAsync(x => x.ScreeningVisitId == visit.Id, ct);
        }
        long? feedId = s.Channel == DiscoveryChannel.DepartmentWarning && feeds.TryGetValue((s.Department, s.On), out var f) ? f : null;
        return await MonitoringWork.RaiseSignalAsync(db, new SignalInput(householdId, s.Channel, s.Kind, s.Evidence,
            s.Amount is { } a ? new Money(a) : null, eventOn, s.Channel == DiscoveryChannel.DepartmentWarning ? s.Department : "demo", feedId), at, ct);
    }

    private static async Task HomeVisitAsync(JingzhunDbContext db, long caseId, TrueHardship? truth, ChannelSignal first, decimal line, DateTime at,
        CancellationToken ct)
    {
        var (prefill, _) = await MonitoringWork.PrefillAsync(db, caseId, ct);
        var income = truth?.IncomeAfter ?? decimal.Round(line * 1.35m, 2);
        var type = truth?.Type ?? MonitoringCategory.Marginal;
        var findings = truth is null ? "核查：困难不属实，收入在监测线以上 / not borne out: income above the monitoring line"
            : "核查属实：人均纯收入低于监测线 / verified: per-capita income below the monitoring line";
        await MonitoringWork.RecordHomeVisitAsync(db, caseId, new HomeVisitInput(DateOnly.FromDateTime(at),
            prefill with { ExpectedIncomePerCapita = new Money(income) }, type, truth?.Cause ?? PovertyCause.Other, findings), at, ct);
    }

    private static async Task EpisodeAsync(JingzhunDbContext db, long householdId, MonitoringEpisode episode, Dictionary<(string, DateOnly), long> feeds,
        CancellationToken ct)
    {
        var first = episode.Signals[0];
        var t0 = At(first.On);
        var signal = await RaiseAsync(db, householdId, first, t0, episode.Truth?.On, feeds, ct);
        if (signal.CaseId is not { } caseId) return; // routed elsewhere (the household is not monitored at all)
        foreach (var s in episode.Signals.Skip(1)) await RaiseAsync(db, householdId, s, At(s.On, 10), episode.Truth?.On, feeds, ct);
        var line = (await RuleBook.ForAsync(db, DemoHistory.County, first.On.Year, ct)).MonitoringLine;
        var decided = At(episode.DecidedOn, 15);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示：入户核查 / demo: home visit"), t0.AddDays(1), ct);
        await HomeVisitAsync(db, caseId, episode.Truth, first, line, t0.AddDays(1).AddHours(3), ct);
        if (episode.Truth is not { } truth)
        {
            await CaseWorkflow.RejectAsync(db, caseId, "演示：入户核查不属实，不纳入监测 / demo: not borne out, not monitored", decided, ct);
            return;
        }
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示：核查属实 / demo: verified"), t0.AddDays(2), ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示：村评议通过 / demo: appraised"), t0.AddDays(3), ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示：公示无异议 / demo: notice ran"), decided.AddDays(-2), ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示：乡镇审核 / demo: township checked"), decided.AddDays(-1), ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示：县比对审定 / demo: county compared and decided"), decided, ct);

        var objectId = await db.MonitoredObjects.Where(m => m.RecognitionCaseId == caseId).Select(m => m.Id).FirstAsync(ct);
        if (episode.Elimination.FailedOn is { } failed)
        {
            var rules = await RuleBook.ForAsync(db, DemoHistory.County, failed.Year, ct);
            await MonitoringWork.RecordAssessmentAsync(db, objectId, failed,
                new AssessmentFindings(new Money(decimal.Round(rules.MonitoringLine * 0.9m, 2)), false, true, true, true, true, true),
                "演示：收入仍低于监测线 / demo: income still below the line", At(failed, 11), ct);
        }
        if (episode.Elimination.PassedOn is { } passed)
        {
            var rules = await RuleBook.ForAsync(db, DemoHistory.County, passed.Year, ct);
            await MonitoringWork.RecordAssessmentAsync(db, objectId, passed,
                new AssessmentFindings(new Money(decimal.Round(rules.MonitoringLine * 1.4m, 2)), true, true, true, true, true, true),
                "演示：帮扶后收入稳定 / demo: income stable after assistance", At(passed, 11), ct);
            var elimination = await MonitoringWork.ProposeEliminationAsync(db, objectId, "演示：实地核查评估通过 / demo: on-site assessment passed", At(passed, 14), ct);
            for (var day = 1; day <= 3; day++)
                await CaseWorkflow.AdvanceAsync(db, elimination.Id, new StepInput("演示 / demo"), At(passed.AddDays(day)), ct);
        }
    }

    /// <summary>Work open now: the signal came <see cref="OpenMonitoringWork.DaysAgo"/> days ago and the case has reached its stage.</summary>
    private static async Task OpenAsync(JingzhunDbContext db, long householdId, OpenMonitoringWork open, DateTime now,
        Dictionary<(string, DateOnly), long> feeds, CancellationToken ct)
    {
        var t0 = now.AddDays(-open.DaysAgo);
        var signal = await RaiseAsync(db, householdId, open.Signal with { On = DateOnly.FromDateTime(t0) }, t0, open.Truth.On, feeds, ct);
        if (signal.CaseId is not { } caseId) return;
        var line = (await RuleBook.ForAsync(db, DemoHistory.County, t0.Year, ct)).MonitoringLine;
        var steps = new (Stage To, DateTime At)[]
        {
            (Stage.HomeVisit, t0.AddDays(1)), (Stage.VillageAppraisal, t0.AddDays(1).AddHours(4)), (Stage.MonitoringNotice, t0.AddDays(2)),
            (Stage.TownshipCheck, t0.AddDays(8)), (Stage.CountyComparison, t0.AddDays(9)),
        };
        foreach (var (to, at) in steps)
        {
            if (Array.FindIndex(steps, s => s.To == open.Stage) < Array.FindIndex(steps, s => s.To == to)) break;
            if (to == Stage.VillageAppraisal) await HomeVisitAsync(db, caseId, open.Truth, open.Signal, line, at.AddHours(-1), ct);
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("演示 / demo"), at, ct);
            db.ChangeTracker.Clear();
        }
    }
}
