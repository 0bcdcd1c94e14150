using System.Diagnostics;
using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// f. Early warning (issue 14): a demo county seeded with its synthetic monitoring history (run through the procedure), then
/// each discovery channel's precision (recognised ÷ decided) and recall against the history's ground truth, and the median
/// days from signal to decision against the 15 days the rules allow.
/// </summary>
public static class EarlyWarningScenario
{
    /// <summary>The clock of the run: fixed, so that the same seed gives the same figures on every machine and day.</summary>
    public static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public static async Task<(List<Figure> Figures, List<string> Notes)> RunAsync(BenchOptions options, string work, CancellationToken ct)
    {
        var figures = new List<Figure>();
        var notes = new List<string>();
        await using var database = await BenchDatabase.CreateAsync(options, work, "warning", ct);
        await JingzhunDb.MigrateAsync(database.Target, ct);
        // Half the first township (1,250 households at 20,000) for the monitoring history, not the quick first start's 400.
        var demo = new DemoOptions(options.WarningHouseholds, options.Seed) { MonitoringHouseholds = options.WarningHouseholds / 16 };
        var watch = Stopwatch.StartNew();
        await DemoSeeder.SeedAsync(database.Target, demo, cancellationToken: ct);
        var seeded = watch.Elapsed;
        await DemoHistory.AddAsync(database.Target, demo, Now, ct: ct);
        var history = watch.Elapsed - seeded;

        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("bench"));
        var truth = await DemoMonitoringHistory.TruthAsync(db, demo, Now, ct);
        var report = await EarlyWarningQuality.ComputeAsync(db, null, truth, ct);
        const string scenario = "f. early warning";
        foreach (var row in report.Channels)
        {
            var name = row.Channel!.Value.English().ToLowerInvariant();
            figures.Add(new Figure(scenario, $"{name}: precision (recognised ÷ decided, {row.Recognised}/{row.Decided})", row.Precision ?? 0, "", 1,
                "every decided signal recognised", GoalKind.AtLeast, PrecisionGoal(row.Channel.Value)));
            figures.Add(new Figure(scenario, $"{name}: recall ({row.TrueFound}/{report.TrueCases} true cases signalled)", row.Recall ?? 0, "", 1,
                "every true case signalled", GoalKind.AtLeast, RecallGoal(row.Channel.Value)));
        }
        figures.Add(new Figure(scenario, "all channels: recall (true cases signalled by any channel)", report.Overall.Recall ?? 0, "", 1,
            "every true case signalled", GoalKind.AtLeast, 0.8));
        figures.Add(new Figure(scenario, $"median days from signal to decision ({report.Overall.Decided} decided signals)",
            report.Overall.MedianDaysToDecision ?? double.NaN, "days", 15, "15 days (RuleSet.MonitoringDecisionDays)", GoalKind.AtMost, 1));
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"Early warning: demo county of {demo.Households:#,0} households (seed {demo.Seed}, monitoring history of {demo.MonitoringHouseholds:#,0} households of the first township since 2021, clock {Now:yyyy-MM-dd}); " +
            $"{report.TrueCases} true cases, {report.Overall.Signals} signals, {report.Overall.Decided} decided, {report.Overall.Recognised} recognised; " +
            $"seeding {seeded.TotalSeconds:0.0} s, history (year-ends, open cases, monitoring) {history.TotalSeconds:0.0} s."));
        return (figures, notes);
    }

    /// <summary>
    /// The goals: a department's files carry false alarms (reimbursed expenses that cause no hardship), so its precision may be
    /// lower; applications and screening are checked by people before they are raised.
    /// </summary>
    private static double PrecisionGoal(Domain.Monitoring.DiscoveryChannel channel) =>
        channel == Domain.Monitoring.DiscoveryChannel.DepartmentWarning ? 0.5 : 0.6;

    /// <summary>A share of households apply; cadres find about half; departments see most events of consenting households.</summary>
    private static double RecallGoal(Domain.Monitoring.DiscoveryChannel channel) => channel switch
    {
        Domain.Monitoring.DiscoveryChannel.Application => 0.2,
        Domain.Monitoring.DiscoveryChannel.Screening => 0.4,
        _ => 0.5,
    };
}
