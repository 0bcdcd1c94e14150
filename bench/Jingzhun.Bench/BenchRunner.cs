using System.Diagnostics;
using Jingzhun.Bench.Scenarios;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench;

/// <summary>
/// Runs every scenario on one provider and one size: generates a synthetic province to CSV, raw-loads it for the limit and
/// imports it (a., e.), exports a county (i.), refreshes statistics against a GROUP BY (b.), starts the web host for the
/// statistics pages (b.), the lookups under load (d.), the write load and the soak (g., h.), runs the rules against a scan
/// (c.), and measures early warning on a demo county of its own (f.). Every limit is measured in the same run on the same
/// rows. At 10 M a run takes hours, so it can be split: <c>--scenario exchange --keep</c>, then <c>--scenario web --database</c>.
/// </summary>
public static class BenchRunner
{
    public const double MiB = 1024 * 1024;

    public static async Task<BenchReport> RunAsync(BenchOptions options, CancellationToken ct = default)
    {
        var paths = BenchPaths.Find(options.RepositoryRoot);
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"jingzhun-bench-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(work);
        var log = options.Log;
        var figures = new MeasuredFigures(log);
        var notes = new List<string>();
        var loadBefore = Machine.LoadAverage();
        try
        {
            if (options.EarlyWarningOnly)
            {
                log("early warning: demo county with its monitoring history");
                var (warning, warningNotes) = await EarlyWarningScenario.RunAsync(options, work, ct);
                figures.AddRange(warning);
                return new BenchReport(Machine.Current(), options.Provider, options.WarningHouseholds, 0, DateTime.UtcNow, double.NaN, figures.All, warningNotes);
            }
            var generator = new ProvinceGenerator(new ProvinceOptions(options.Households, options.Seed) { Cities = options.Cities });
            if (ScenarioIs(options, "web") || ScenarioIs(options, "writes") || ScenarioIs(options, "lookups"))
            {
                // The second half of a run split in two (at 10 M each half is hours): the registry an earlier exchange run imported and kept.
                await using var kept = await BenchDatabase.ExistingAsync(options, ct);
                var (households, members) = await KeptRegistryAsync(kept.Target, options, ct);
                notes.Add($"Registry imported by an earlier run (`--scenario exchange --keep`) and kept: {households:#,0} households, {members:#,0} members.");
                await OnImportedRegistryAsync(options, paths, generator, kept, figures, notes, ct);
                notes.Add($"Load average (1, 5, 15 min) before the run: {loadBefore}; after: {Machine.LoadAverage()}.");
                return new BenchReport(Machine.Current(), options.Provider, households, members, DateTime.UtcNow, double.NaN, figures.All, notes);
            }

            // The registry to load: the synthetic province written straight to the interchange files, or those files from an earlier run.
            var (csv, written, generatorRate) = await RegistryFilesAsync(options, generator, work, notes, ct);
            await using var imported = await ImportAsync(options, paths, generator, csv, written, work, figures, notes, ct);
            if (ScenarioIs(options, "exchange"))
            {
                if (options.Keep)
                    notes.Add($"The imported registry is kept: `--scenario web --database \"{imported.Value}\"` measures the rest on it.");
                return new BenchReport(Machine.Current(), options.Provider, written.Households, written.Members, DateTime.UtcNow, generatorRate, figures.All, notes)
                {
                    KeptRegistry = options.Keep ? imported.Value : null,
                };
            }
            await OnImportedRegistryAsync(options, paths, generator, imported, figures, notes, ct);

            // f. Early warning, on a demo county of its own.
            log("early warning: demo county with its monitoring history");
            var (warningFigures, warningNoteLines) = await EarlyWarningScenario.RunAsync(options, work, ct);
            figures.AddRange(warningFigures);
            notes.AddRange(warningNoteLines);
            // Other work on the machine slows every figure; the limits, measured alongside, less so than the absolute values.
            notes.Add($"Load average (1, 5, 15 min) before the run: {loadBefore}; after: {Machine.LoadAverage()}.");
            return new BenchReport(Machine.Current(), options.Provider, written.Households, written.Members, DateTime.UtcNow, generatorRate, figures.All, notes);
        }
        finally
        {
            if (!options.Keep && options.WorkDirectory is null)
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static bool ScenarioIs(BenchOptions options, string name) => options.Scenario.Trim().Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// a., e. and i.: the raw load of the files (the limit) into a database of its own, counted and dropped, then the import through
    /// the command-line tool into the database it returns (only one registry of the size is on disk at a time), then the exports.
    /// </summary>
    private static async Task<BenchDatabase> ImportAsync(BenchOptions options, BenchPaths paths, ProvinceGenerator generator, string csv,
        (long Households, long Members, long Incomes) written, string work, MeasuredFigures figures, List<string> notes, CancellationToken ct)
    {
        var log = options.Log;
        var expected = written.Households + written.Members + written.Incomes;
        TimeSpan? rawTime = null;
        long? rawRows = null;
        if (!options.NoRawLoad)
        {
            // The raw load's database is only the limit: dropped even with --keep, which keeps the imported registry.
            await using var raw = await BenchDatabase.CreateAsync(options with { Keep = false }, work, "raw", ct);
            await PrepareAsync(raw.Target, generator, ct);
            log("raw bulk load of the files (the limit)");
            rawTime = await ImportScenario.RawBaselineAsync(raw.Target, csv, ct);
            rawRows = await ImportScenario.CountAsync(raw.Target, ct);
        }
        var imported = await BenchDatabase.CreateAsync(options, work, "import", ct);
        try
        {
            await PrepareAsync(imported.Target, generator, ct);
            log("importing with full validation (jingzhun households import, child process)");
            var import = await ImportScenario.ImportAsync(paths, imported, csv, ct);
            // What the import printed (with JINGZHUN_BULK_TRACE=1 in the environment, its phases and slow statements) stays beside the files.
            await File.WriteAllTextAsync(Path.Combine(work, "import.log"), import.Output, ct);
            var importedRows = await ImportScenario.CountAsync(imported.Target, ct);
            if (importedRows != expected || (rawRows is { } counted && counted != expected))
                throw new InvalidOperationException($"row counts differ: file {expected}, import {importedRows}, raw {rawRows} / 行数不一致");
            if (rawTime is { } raw)
            {
                figures.Add(new Figure("a. import", "import with full validation", written.Households / import.Elapsed.TotalSeconds, "households/s",
                    written.Households / raw.TotalSeconds, "raw bulk load", GoalKind.AtLeast, ImportGoal(options.Provider)));
                notes.Add($"Import {import.Elapsed.TotalSeconds:0.0} s (the whole process, start-up included), raw bulk load {raw.TotalSeconds:0.0} s, {expected:#,0} rows each.");
            }
            else
                notes.Add($"Import {import.Elapsed.TotalSeconds:0.0} s (the whole process, start-up included), {expected:#,0} rows; no raw bulk load (--no-raw-load), so no figure a.");
            figures.Add(new Figure("e. memory", "peak RSS of the importing process", import.PeakRssBytes / MiB, "MiB", 1024, "1 GiB", GoalKind.AtMost, 1));
            log("county export to xlsx and CSV vs plain writes");
            // The export's county is a database of its own, dropped like the raw load's: --keep keeps the imported registry only.
            var (exportFigures, exportNotes) = await ExportScenario.RunAsync(options with { Keep = false }, work, ct);
            figures.AddRange(exportFigures);
            notes.AddRange(exportNotes);
        }
        catch
        {
            // Nobody will run the rest on a registry whose run failed: dropped (or, with --keep, left) as the run's other databases are.
            await imported.DisposeAsync();
            throw;
        }
        return imported;
    }

    /// <summary>
    /// b., d., g., h. and c. on an imported registry: the aggregate refresh against one GROUP BY and the poverty measures, the web
    /// host on it for the statistics pages, the lookups, the write load and the soak, then the what-if against a scan.
    /// </summary>
    private static async Task OnImportedRegistryAsync(BenchOptions options, BenchPaths paths, ProvinceGenerator generator, BenchDatabase imported,
        MeasuredFigures figures, List<string> notes, CancellationToken ct)
    {
        var log = options.Log;
        if (ScenarioIs(options, "writes"))
        {
            // g. and h. alone, to measure a change to saving or to the host's memory without the hour the rest takes at 10 M.
            await using var host = await StartHostAsync(options, paths, imported, ct);
            var (writes, writesNotes) = await WriteLoadFigures.RunAsync(host, imported.Target, options, ct);
            figures.AddRange(writes);
            notes.AddRange(writesNotes);
            return;
        }
        if (ScenarioIs(options, "lookups"))
        {
            // d. alone, to measure a change to a lookup in minutes where the web half takes half an hour at 10 M.
            var (first, last) = await IdRangeAsync(imported.Target, ct);
            await using var host = await StartHostAsync(options, paths, imported, ct);
            await host.SignInAsync("nation", DemoAccounts.Password, ct);
            // Timed warm, as in the web half, where the statistics pages ran before: a round of each, untimed, compiles the
            // host's code to its optimised tier (a host started cold answered /health at half its warm rate).
            log("warming the host: /health and the lookups, untimed");
            var warming = new MeasuredFigures(_ => { });
            await LookupFiguresAsync(host, paths, options, first, last, warming, [], ct);
            await LookupFiguresAsync(host, paths, options, first, last, figures, notes, ct);
            return;
        }
        // b. Aggregate refresh against one GROUP BY: the first refresh creates the rows, the second is timed.
        log("statistics refresh vs GROUP BY");
        await StatisticsScenario.RefreshAsync(imported.Target, ct);
        var groupBy = await StatisticsScenario.PlainGroupByAsync(imported.Target, ct);
        var refresh = await StatisticsScenario.RefreshAsync(imported.Target, ct);
        figures.Add(new Figure("b. statistics", "aggregate refresh (AreaStatistics.RefreshAsync)", refresh.TotalSeconds, "s",
            groupBy.TotalSeconds, "one GROUP BY", GoalKind.AtMost, 1.5));

        log("poverty measures: storing every county's");
        notes.Add(await MeasuresScenario.StoreAsync(imported.Target, ct));

        // b. + d. The web host on the imported registry.
        var (minId, maxId) = await IdRangeAsync(imported.Target, ct);
        await using (var web = await StartHostAsync(options, paths, imported, ct))
        {
            await web.SignInAsync("nation", DemoAccounts.Password, ct);
            // Timed warm, as a dashboard serves all day: .NET compiles a method to its optimised tier after about 30
            // calls, and with only each page's own two warm-up requests the first page timed paid for the pages' shared code.
            log("warming the statistics pages");
            await web.WarmAsync(StatisticsPages(generator).SelectMany(p => new[] { p.Path, MeasuresScenario.Path(p.Path) }), 10, ct);
            foreach (var (level, path) in StatisticsPages(generator))
            {
                log($"statistics page of the {level}: {path}");
                var p95 = await web.PageP95Async(path, options.PageSamples, ct);
                figures.Add(new Figure("b. statistics", $"{level} page {path} p95", p95, "ms", 100, "100 ms", GoalKind.AtMost, 1));
                var withMeasures = await web.PageP95Async(MeasuresScenario.Path(path), options.PageSamples, ct);
                figures.Add(new Figure("b. measures", $"{level} dashboard {MeasuresScenario.Path(path)}, 95th percentile", withMeasures, "ms", 100, "100 ms", GoalKind.AtMost, 1));
            }
            await LookupFiguresAsync(web, paths, options, minId, maxId, figures, notes, ct);
            var (writeFigures, writeNotes) = await WriteLoadFigures.RunAsync(web, imported.Target, options, ct);
            figures.AddRange(writeFigures);
            notes.AddRange(writeNotes);
        }

        // c. Rules against a scan of the columns they read, last: the longest part at 10 M (both run twice), and a run stopped
        // before its end has the web figures already. Each runs once untimed first: the scan warms the database's
        // cache for both, the what-if its own code (JIT, EF's compiled queries), as in a host that has run one before.
        // Timed cold, the what-if paid about 0.5 s of that at 100,000 households on PostgreSQL (2.0× against 1.16× warm).
        log("rule evaluation vs plain scan");
        await RulesScenario.PlainScanAsync(imported.Target, ct);
        await RulesScenario.WhatIfAsync(imported.Target, ct);
        var scan = await RulesScenario.PlainScanAsync(imported.Target, ct);
        var (rules, evaluated) = await RulesScenario.WhatIfAsync(imported.Target, ct);
        figures.Add(new Figure("c. rules", $"what-if over {evaluated:#,0} households", rules.TotalSeconds, "s",
            scan.TotalSeconds, "plain scan", GoalKind.AtMost, 1.5));
    }

    /// <summary>The web host on the registry, its warnings and errors kept in the run's work folder (web-host.log).</summary>
    private static Task<WebScenario> StartHostAsync(BenchOptions options, BenchPaths paths, BenchDatabase imported, CancellationToken ct)
    {
        var hostLog = Path.Combine(options.WorkDirectory ?? Path.GetTempPath(), "web-host.log");
        options.Log($"starting the web host (its warnings and errors: {hostLog})");
        return WebScenario.StartAsync(paths, imported, hostLog, ct);
    }

    /// <summary>d. The household lookups under load against <c>/health</c> on the same host, with the same client, in the same minutes.</summary>
    private static async Task LookupFiguresAsync(WebScenario web, BenchPaths paths, BenchOptions options, long minId, long maxId,
        MeasuredFigures figures, List<string> notes, CancellationToken ct)
    {
        var log = options.Log;
        log("load: /health");
        var health = await web.LoadAsync(paths, options, "/health", 0, 0, ct);
        log("load: /api/households/{id}");
        var lookups = await web.LoadAsync(paths, options, "/api/households/{id}", minId, maxId, ct);
        // A load run in which nothing completed measured nothing: fail the harness rather than print a ratio of zero.
        if (health.Requests == 0 || lookups.Requests == 0)
            throw new InvalidOperationException($"no request completed in a load run (/health {health.Requests}, lookups {lookups.Requests}) / 压测无完成请求");
        figures.Add(new Figure("d. lookups", "household lookups (GET /api/households/{id})", lookups.RequestsPerSecond, "req/s",
            health.RequestsPerSecond, "/health", GoalKind.AtLeast, 0.7));
        figures.Add(new Figure("d. lookups", "lookup p99", lookups.P99, "ms", health.P99, "/health p99", GoalKind.AtMost, 1.5));
        figures.Add(new Figure("d. lookups", "lookup errors (non-2xx, socket)", lookups.Errors + health.Errors, "",
            Math.Max(1, lookups.Requests + health.Requests), "requests", GoalKind.AtMost, 0));
        notes.Add($"Load client: {lookups.Client}, {options.LoadConnections} connections, {options.LoadSeconds:0.#} s each; " +
                  $"/health {health.RequestsPerSecond:#,0} req/s (p99 {health.P99:0.0} ms), lookups {lookups.RequestsPerSecond:#,0} req/s " +
                  $"(p50 {lookups.P50:0.0} ms, p99 {lookups.P99:0.0} ms), {lookups.Requests:#,0} lookups.");
    }

    /// <summary>
    /// The kept registry's households and members; it must be the province the options describe (the same size, and so the
    /// same regions), since the statistics pages are those of the generator's first area of every level.
    /// </summary>
    private static async Task<(long Households, long Members)> KeptRegistryAsync(DatabaseTarget target, BenchOptions options, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var households = await db.Households.LongCountAsync(ct);
        if (households != options.Households)
            throw new InvalidOperationException($"the database holds {households:#,0} households, not --households {options.Households:#,0} / 库中户数与 --households 不符");
        return (households, await db.Members.LongCountAsync(ct));
    }

    /// <summary>
    /// The interchange files of the run: generated into the work folder, or given (written earlier by <c>jingzhun demo --province</c>
    /// with the same size and seed), in which case their rows are counted from the files.
    /// </summary>
    private static async Task<(string Csv, (long Households, long Members, long Incomes) Written, double Rate)> RegistryFilesAsync(
        BenchOptions options, ProvinceGenerator generator, string work, List<string> notes, CancellationToken ct)
    {
        if (options.RegistryCsv is { } given)
        {
            options.Log($"using the files of an earlier run: {given}");
            var counted = (DataLines(given), DataLines(ExchangeFiles.CsvPath(given, RegistryTables.MembersSheet)), DataLines(ExchangeFiles.CsvPath(given, RegistryTables.IncomesSheet)));
            if (counted.Item1 != options.Households)
                throw new InvalidOperationException($"{given} holds {counted.Item1:#,0} households, not {options.Households:#,0} / 文件户数不符");
            notes.Add($"Registry files written earlier by the generator ({given}): {counted.Item1:#,0} households, {counted.Item2:#,0} members, {counted.Item3:#,0} incomes " +
                      $"({generator.Counties().Count} counties, {generator.Regions().Count:#,0} regions).");
            return (given, counted, double.NaN);
        }
        var csv = Path.Combine(work, "registry.csv");
        options.Log($"generating {options.Households:#,0} households → {csv}");
        var watch = Stopwatch.StartNew();
        var written = await RegistryCsvWriter.WriteAsync(csv, generator.Households(Math.Max(1, Environment.ProcessorCount - 1)), null, ct);
        notes.Add($"Generator: {written.Households:#,0} households, {written.Members:#,0} members, {written.Incomes:#,0} incomes " +
                  $"({generator.Counties().Count} counties, {generator.Regions().Count:#,0} regions) written to CSV in {watch.Elapsed.TotalSeconds:0.0} s.");
        return (csv, written, written.Households / Math.Max(1e-6, watch.Elapsed.TotalSeconds));
    }

    /// <summary>Lines after the header; the generator writes no line breaks inside cells.</summary>
    private static long DataLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        long lines = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0) lines += buffer.AsSpan(0, read).Count((byte)'\n');
        return lines - 1;
    }

    /// <summary>Issue 19's goal for the import against the raw load: 0.6 on PostgreSQL; SQLite's 0.8 (measured before round two) is to be kept.</summary>
    private static double ImportGoal(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? 0.6 : 0.8;

    /// <summary>An empty registry with the province's regions, ready for an import.</summary>
    private static async Task PrepareAsync(DatabaseTarget target, ProvinceGenerator generator, CancellationToken ct)
    {
        await JingzhunDb.MigrateAsync(target, ct);
        await ProvinceSeeder.SeedRegionsAsync(target, generator, ct);
    }

    private static async Task<(long Min, long Max)> IdRangeAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        return (await db.Households.MinAsync(h => h.Id, ct), await db.Households.MaxAsync(h => h.Id, ct));
    }

    /// <summary>The statistics page of one area of every level: the nation (the officer's own page), then the first of each level below.</summary>
    private static IEnumerable<(string Level, string Path)> StatisticsPages(ProvinceGenerator generator)
    {
        yield return ("nation", "/stats");
        foreach (var level in new[] { RegionLevel.Province, RegionLevel.City, RegionLevel.County, RegionLevel.Township, RegionLevel.Village })
        {
            var region = generator.Regions().First(r => r.Level == level);
            yield return (level.ToString().ToLowerInvariant(), $"/stats/{region.Code}");
        }
    }
}
