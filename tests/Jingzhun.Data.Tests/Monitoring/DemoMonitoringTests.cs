using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Monitoring;

/// <summary>
/// The demo county's monitoring, made by running the synthetic history through the procedure: open work for the village,
/// township and county accounts (one overdue), a register that adds up, every monitored household recognised by a case
/// and every eliminated one on a passing assessment, and early-warning figures held against the history's ground truth.
/// </summary>
public sealed class DemoMonitoringTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DemoOptions Options = new(1_000, Seed: 7);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_demo_county_has_monitoring_history_and_open_work_for_each_level(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "demo-monitoring")).WithDemoAsync(Options.Households, Options.Seed);
        await DemoHistory.AddAsync(database.Target, Options, Now, ct: Ct);
        JingzhunDbContext As(string user) => JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

        // Open work for each account, in its own scope, at its own stages; the oldest past the 15-day decision.
        var rules = PovertyLinesRules();
        async Task<List<(Stage Stage, DateTime SignalAt)>> OpenAsync(string user, params Stage[] stages)
        {
            await using var db = As(user);
            var open = await db.Cases.Where(c => c.Kind == CaseKind.Monitoring && c.ClosedAt == null && stages.Contains(c.Stage))
                .Select(c => new { c.Stage, c.OpenedAt }).ToListAsync(Ct);
            return open.Select(o => (o.Stage, o.OpenedAt)).ToList();
        }
        var village = await OpenAsync("village", Stage.Signal, Stage.HomeVisit, Stage.VillageAppraisal);
        Assert.Equal([Stage.Signal, Stage.HomeVisit, Stage.VillageAppraisal], village.Select(v => v.Stage).Order());
        Assert.NotEmpty(await OpenAsync("township", Stage.TownshipCheck));
        var county = await OpenAsync("county", Stage.CountyComparison);
        Assert.NotEmpty(county);
        Assert.Contains(village.Concat(county), o => MonitoringRules.IsOverdue(o.SignalAt, Now, rules));

        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var objects = await system.MonitoredObjects.AsNoTracking().ToListAsync(Ct);
        Assert.NotEmpty(objects);
        Assert.Contains(objects, o => o.State == RiskState.Eliminated);
        Assert.Contains(objects, o => o.State != RiskState.Eliminated);
        // The register adds up: monitored = eliminated + continuing, each object counted once.
        var tally = new MonitoringTally();
        foreach (var o in objects) tally.Add(o.Type, o.RiskClass, o.People, o.RecognisedAt, o.EliminatedAt, Now);
        Assert.Equal(objects.Count, tally.TotalMonitored.Households);
        Assert.Equal(tally.TotalMonitored.Households, tally.TotalEliminated.Households + tally.TotalContinuing.Households);
        Assert.Equal(objects.Count(o => o.State == RiskState.Eliminated), tally.TotalEliminated.Households);
        Assert.Equal(objects.Sum(o => o.People), tally.TotalMonitored.People);
        // Every monitored household was recognised by a case that reached the end, and its type is on the household.
        var recognitions = await system.Cases.AsNoTracking().Where(c => c.Kind == CaseKind.Monitoring && c.Stage == Stage.Recognised)
            .ToDictionaryAsync(c => c.Id, c => c.HouseholdId, Ct);
        Assert.All(objects, o => Assert.Equal(o.HouseholdId, recognitions[o.RecognitionCaseId]));
        var types = await system.Households.AsNoTracking().Where(h => h.Monitoring != MonitoringCategory.None).ToDictionaryAsync(h => h.Id, h => h.Monitoring, Ct);
        Assert.Equal(objects.Where(o => o.IsActive).ToDictionary(o => o.HouseholdId, o => o.Type).OrderBy(p => p.Key), types.OrderBy(p => p.Key));
        // Every eliminated one on a passing on-site assessment, by an approved elimination case.
        var passed = await system.RiskAssessments.AsNoTracking().Where(a => a.Passed).Select(a => a.MonitoredObjectId).ToListAsync(Ct);
        Assert.All(objects.Where(o => o.State == RiskState.Eliminated), o =>
        {
            Assert.Contains(o.Id, passed);
            Assert.NotNull(o.EliminationCaseId);
        });
        Assert.True(await system.Cases.CountAsync(c => c.Kind == CaseKind.RiskElimination && c.Stage == Stage.RiskEliminated, Ct)
                    == objects.Count(o => o.State == RiskState.Eliminated));
        // Rejected signals, department files, screening visits and consents are on record; no household is registered as 监测户 by hand.
        Assert.True(await system.RiskSignals.AnyAsync(s => s.State == SignalState.NotRecognised, Ct));
        Assert.True(await system.DepartmentFeeds.AnyAsync(Ct));
        Assert.True(await system.RiskSignals.AnyAsync(s => s.FeedId != null, Ct));
        Assert.True(await system.ScreeningVisits.AnyAsync(Ct));
        Assert.True(await system.DataConsents.CountAsync(Ct) > await system.Households.CountAsync(h => h.VillageCode.StartsWith("990121001"), Ct) / 2);
        Assert.False(await system.Households.AnyAsync(h => h.Status == HouseholdStatus.Monitored, Ct));

        // Early warning, against the ground truth of the history.
        var truth = await DemoMonitoringHistory.TruthAsync(system, Options, Now, Ct);
        Assert.NotEmpty(truth);
        Assert.All(objects, o => Assert.Contains(o.HouseholdId, truth.Keys));
        var quality = await EarlyWarningQuality.ComputeAsync(system, null, truth, Ct);
        Assert.Equal(truth.Count, quality.TrueCases);
        foreach (var row in quality.Channels.Append(quality.Overall))
        {
            Assert.InRange(row.Precision ?? 0, 0, 1);
            Assert.InRange(row.Recall!.Value, 0, 1);
            Assert.True(row.Recognised <= row.Decided && row.Decided <= row.Signals);
        }
        Assert.Equal(quality.Channels.Sum(c => c.Signals), quality.Overall.Signals);
        Assert.True(quality.Overall.Recall > 0.5, $"overall recall {quality.Overall.Recall}");
        Assert.True(quality.Overall.Precision is > 0 and < 1, $"overall precision {quality.Overall.Precision}");
        Assert.InRange(quality.Overall.MedianDaysToDecision!.Value, 3, 24);
    }

    private static Domain.Rules.RuleSet PovertyLinesRules() => Domain.Rules.PovertyLines.NationalRuleSet(2026);

    [Fact]
    public void The_synthetic_history_is_the_same_for_a_seed_and_differs_between_seeds()
    {
        var households = new DemoGenerator(new DemoOptions(2_000, Seed: 11)).Households()
            .Select(h => new MonitoringCandidate(h.Number, h.VillageCode, h.Status, h.Incomes[^1].ToIncomeYear().NetIncome.Yuan / h.Incomes[^1].MembersCounted))
            .ToList();
        string Text(int seed)
        {
            var options = new MonitoringHistoryOptions(seed, new(2021, 1, 1), new(2025, 10, 9), 6_600m, new(2026, 3, 2), DemoHistory.Village, DemoHistory.Township);
            var h = DemoMonitoring.Generate(households, options);
            return string.Join("\n", h.Truth.Select(t => t.ToString()).Concat(h.Episodes.Select(e => $"{e.Number} {e.DecisionDays} {e.Elimination} "
                + string.Join(";", e.Signals)))
                .Concat(h.Open.Select(o => o.ToString())).Concat(h.Consents.OrderBy(c => c.Key).Select(c => $"{c.Key}{c.Value}")));
        }
        Assert.Equal(Text(5), Text(5));
        Assert.NotEqual(Text(5), Text(6));

        var history = DemoMonitoring.Generate(households, new(5, new(2021, 1, 1), new(2025, 10, 9), 6_600m, new(2026, 3, 2), DemoHistory.Village, DemoHistory.Township));
        // True cases are near the line: far more of the marginal households fall than of the others; every true signal follows its hardship.
        var byNumber = households.ToDictionary(h => h.Number);
        var truth = history.Truth.ToDictionary(t => t.Number);
        double Share(Func<MonitoringCandidate, bool> where) =>
            (double)households.Count(h => where(h) && truth.ContainsKey(h.Number)) / Math.Max(1, households.Count(where));
        Assert.True(Share(h => h.Status == HouseholdStatus.NotPoor) > 3 * Share(h => h.Status == HouseholdStatus.Exited && h.IncomePerCapita > 9_000m));
        Assert.All(history.Signals.Where(s => s.True), s => Assert.True(s.On >= truth[s.Number].On));
        Assert.All(history.Episodes, e => Assert.Equal(e.Recognised, e.Signals.All(s => s.True)));
        Assert.All(history.Truth, t => Assert.True(t.IncomeAfter < 6_600m));
        Assert.Contains(history.Signals, s => s.Channel == DiscoveryChannel.DepartmentWarning && !s.True);
        Assert.All(history.Signals.Where(s => s.Channel == DiscoveryChannel.DepartmentWarning), s => Assert.True(history.Consents.ContainsKey(s.Number)));
        Assert.All(history.Truth, t => Assert.Contains(byNumber[t.Number].Status, new[] { HouseholdStatus.Exited, HouseholdStatus.NotPoor }));
    }
}
