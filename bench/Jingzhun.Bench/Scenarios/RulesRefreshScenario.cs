using Jingzhun.Data.Database;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// b. and c. alone (issue 19), without the files, the import and the web host: the synthetic province is loaded through the bulk
/// loader, then the aggregate refresh against one GROUP BY and the what-if against a plain scan of the same columns, each pair
/// run three times alternately after a warm-up; the best of each counts (the machine is shared, so the fastest run is the one
/// least disturbed). <c>jingzhun-bench --scenario rules</c>.
/// </summary>
public static class RulesRefreshScenario
{
    private const int Rounds = 3;

    public static async Task<BenchReport> RunAsync(BenchOptions options, CancellationToken ct = default)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"jingzhun-bench-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(work);
        var log = options.Log;
        var notes = new List<string>();
        var figures = new List<Figure>();
        var loadBefore = Machine.LoadAverage();
        try
        {
            // A registry loaded by an earlier run (--database) is measured as it is; otherwise the province is loaded first.
            await using var database = options.Database is null
                ? await BenchDatabase.CreateAsync(options, work, "rules", ct)
                : await BenchDatabase.ExistingAsync(options, ct);
            if (options.Database is null) await database.LoadProvinceAsync(options, notes, ct);
            else notes.Add($"Registry: the one loaded before, {options.Database}.");
            if (options.RulesParts is "both" or "refresh") await RefreshFigureAsync(database, figures, log, ct);
            if (options.RulesParts is "both" or "what-if") await WhatIfFigureAsync(database, figures, log, ct);
            notes.Add($"Best of {Rounds} runs of each, alternating with its limit, after one warm-up run.");
            notes.Add($"Load average (1, 5, 15 min) before the run: {loadBefore}; after: {Machine.LoadAverage()}.");
            return new BenchReport(Machine.Current(), options.Provider, options.Households, 0, DateTime.UtcNow, double.NaN, figures, notes);
        }
        finally
        {
            if (!options.Keep && options.WorkDirectory is null)
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task RefreshFigureAsync(BenchDatabase database, List<Figure> figures, Action<string> log, CancellationToken ct)
    {
        log("statistics refresh vs GROUP BY");
        await StatisticsScenario.RefreshAsync(database.Target, ct);
        var (refresh, groupBy) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        for (var i = 0; i < Rounds; i++)
        {
            groupBy = Min(groupBy, await StatisticsScenario.PlainGroupByAsync(database.Target, ct));
            refresh = Min(refresh, await StatisticsScenario.RefreshAsync(database.Target, ct));
        }
        figures.Add(new Figure("b. statistics", "aggregate refresh (AreaStatistics.RefreshAsync)", refresh.TotalSeconds, "s",
            groupBy.TotalSeconds, "one GROUP BY", GoalKind.AtMost, 1.5));
    }

    private static async Task WhatIfFigureAsync(BenchDatabase database, List<Figure> figures, Action<string> log, CancellationToken ct)
    {
        log("rule evaluation vs plain scan");
        await RulesScenario.PlainScanAsync(database.Target, ct);
        var (whatIf, scan, evaluated) = (TimeSpan.MaxValue, TimeSpan.MaxValue, 0);
        for (var i = 0; i < Rounds; i++)
        {
            scan = Min(scan, await RulesScenario.PlainScanAsync(database.Target, ct));
            var (elapsed, count) = await RulesScenario.WhatIfAsync(database.Target, ct);
            (whatIf, evaluated) = (Min(whatIf, elapsed), count);
        }
        figures.Add(new Figure("c. rules", $"what-if over {evaluated:#,0} households", whatIf.TotalSeconds, "s",
            scan.TotalSeconds, "plain scan", GoalKind.AtMost, 1.5));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
