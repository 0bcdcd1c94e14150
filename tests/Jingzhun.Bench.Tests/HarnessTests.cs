using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench.Tests;

/// <summary>
/// Keeps the benchmark harness from rotting: every scenario runs at a small size and must produce
/// every figure as a finite number. Nothing here asserts a time or a goal (timings are not tests). One engine runs the whole
/// run at once (<c>--scenario all</c>), the other the run split in three as a 10 M run is (<c>exchange --keep</c>, then
/// <c>web --database</c> on the registry it kept, then <c>--early-warning-only</c>): both must give the same figures.
/// </summary>
public abstract class HarnessTests(DatabaseProvider provider, bool split)
{
    public const string PostgresVariable = "JINGZHUN_TEST_PG";

    [Fact]
    public async Task Every_scenario_produces_every_figure()
    {
        string? server = null;
        if (provider == DatabaseProvider.Postgres)
        {
            server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
                Assert.Skip($"PostgreSQL run needs a server: set {PostgresVariable} (.ci/run does this).");
        }
        var log = new List<string>();
        var options = new BenchOptions
        {
            Provider = provider, PostgresServer = server, Households = 500, Cities = 1, Seed = 7, WarningHouseholds = 1_600, ExportHouseholds = 500,
            LoadSeconds = 1, LoadConnections = 4, PageSamples = 3, LoadClient = "dotnet", Log = log.Add,
            WriteUsers = 4, WriteSeconds = 2, WriteWarmupSeconds = 1, SoakSeconds = 2,
        };
        var report = split ? await SplitRunAsync(options) : await BenchRunner.RunAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(500, report.Households);
        string[] scenarios = ["a. import", "b. statistics", "c. rules", "d. lookups", "e. memory", "f. early warning", "g. write load", "h. soak", "i. export"];
        foreach (var scenario in scenarios) Assert.Contains(report.Figures, f => f.Scenario == scenario);
        Assert.Equal(6, report.Figures.Count(f => f.Name.EndsWith("p95", StringComparison.Ordinal)));
        Assert.Equal(6, report.Figures.Count(f => f.Scenario == "b. measures")); // the dashboard with poverty measures, every level
        foreach (var f in report.Figures)
        {
            Assert.True(double.IsFinite(f.Value) && double.IsFinite(f.Limit) && double.IsFinite(f.Ratio), f.Name);
            Assert.True(f.Limit > 0, f.Name);
            // Error counts may be zero; every other figure is a measured, positive amount.
            if (!f.Name.Contains("errors", StringComparison.Ordinal) && !f.Name.Contains("conflicts", StringComparison.Ordinal) && !f.Name.Contains("lost", StringComparison.Ordinal)) Assert.True(f.Value > 0, $"{f.Name}: {f.Value}");
        }
        // Every save the write load and the soak made is in the database and in the sealed audit chain; the untimed warm-up's too.
        Assert.Equal(0, report.Figures.Single(f => f.Name.StartsWith("lost updates", StringComparison.Ordinal)).Value);
        Assert.Contains(report.Notes, n => n.StartsWith("Warm-up (untimed): 4 users", StringComparison.Ordinal) && n.Contains(" 0 errors, 0 lost;", StringComparison.Ordinal));
        var markdown = report.Markdown();
        Assert.Contains("| scenario | figure | value | limit | ratio | goal | pass |", markdown, StringComparison.Ordinal);
        Assert.Equal(report.Figures.Count, markdown.Split('\n').Count(l => l.StartsWith("| a.", StringComparison.Ordinal) || l.StartsWith("| b.", StringComparison.Ordinal)
            || l.StartsWith("| c.", StringComparison.Ordinal) || l.StartsWith("| d.", StringComparison.Ordinal) || l.StartsWith("| e.", StringComparison.Ordinal) || l.StartsWith("| f.", StringComparison.Ordinal)
            || l.StartsWith("| g.", StringComparison.Ordinal) || l.StartsWith("| h.", StringComparison.Ordinal) || l.StartsWith("| i.", StringComparison.Ordinal)));
    }

    /// <summary>The three parts of a split run, their figures and notes together in one report, the kept registry removed afterwards.</summary>
    private static async Task<BenchReport> SplitRunAsync(BenchOptions options)
    {
        var ct = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("jingzhun-bench-split-").FullName;
        string? kept = null;
        try
        {
            var exchange = await BenchRunner.RunAsync(options with { Scenario = "exchange", Keep = true, WorkDirectory = work }, ct);
            kept = exchange.KeptRegistry;
            Assert.NotNull(kept);
            Assert.Equal(["a. import", "e. memory", "i. export"], exchange.Figures.Select(f => f.Scenario).Distinct().Order());
            // The rest must refuse a registry of another size: its statistics pages are the generator's areas of that size.
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                BenchRunner.RunAsync(options with { Scenario = "web", Database = kept, Households = options.Households + 1, WorkDirectory = work }, ct));
            var web = await BenchRunner.RunAsync(options with { Scenario = "web", Database = kept, WorkDirectory = work }, ct);
            // The host's warnings and errors are kept beside the run's files, to read an error the load counted.
            Assert.True(File.Exists(Path.Combine(work, "web-host.log")));
            Assert.Equal(options.Households, web.Households);
            Assert.DoesNotContain(web.Figures, f => f.Scenario is "a. import" or "e. memory" or "i. export" or "f. early warning");
            // The lookups alone on the same registry: their three figures and nothing else, measured on a warmed host.
            var lookups = await BenchRunner.RunAsync(options with { Scenario = "lookups", Database = kept, WorkDirectory = work }, ct);
            Assert.Equal(["household lookups (GET /api/households/{id})", "lookup errors (non-2xx, socket)", "lookup p99"],
                lookups.Figures.Select(f => f.Name).Order(StringComparer.Ordinal));
            Assert.All(lookups.Figures, f => Assert.Equal("d. lookups", f.Scenario));
            Assert.True(lookups.Figures.Single(f => f.Name.StartsWith("household lookups", StringComparison.Ordinal)).Value > 0);
            Assert.Equal(0, lookups.Figures.Single(f => f.Name.StartsWith("lookup errors", StringComparison.Ordinal)).Value);
            var warning = await BenchRunner.RunAsync(options with { EarlyWarningOnly = true, WorkDirectory = work }, ct);
            return exchange with
            {
                Figures = [.. exchange.Figures, .. web.Figures, .. warning.Figures], Notes = [.. exchange.Notes, .. web.Notes, .. warning.Notes],
            };
        }
        finally
        {
            if (kept is not null) await BenchDatabase.DropKeptAsync(options, kept);
            Directory.Delete(work, recursive: true);
        }
    }
}

public sealed class SqliteHarnessTests() : HarnessTests(DatabaseProvider.Sqlite, split: false);

public sealed class PostgresHarnessTests() : HarnessTests(DatabaseProvider.Postgres, split: true);

public sealed class WriteLoadResultTests
{
    [Fact]
    public void Errors_are_told_by_request_and_answer_the_most_frequent_first()
    {
        var run = new Jingzhun.Bench.Scenarios.WriteLoadResult(4, 100, 0, 0, 10, 20, 2,
            new Dictionary<string, long> { ["GET 503"] = 1, ["PUT socket (ConnectionError)"] = 3, ["PUT 500"] = 3 });
        Assert.Equal("PUT 500 × 3, PUT socket (ConnectionError) × 3, GET 503 × 1", run.ErrorsByKind);
        Assert.Equal(7, run.Errors);
    }
}

public sealed class NoRawLoadTests
{
    [Fact]
    public async Task An_exchange_run_without_the_raw_load_imports_and_keeps_the_whole_registry_and_gives_no_import_ratio()
    {
        var ct = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("jingzhun-bench-noraw-").FullName;
        var options = new BenchOptions
        {
            Provider = DatabaseProvider.Sqlite, Households = 300, Cities = 1, Seed = 11, ExportHouseholds = 300, LoadClient = "dotnet",
            Log = _ => { }, Scenario = "exchange", Keep = true, NoRawLoad = true, WorkDirectory = work,
        };
        try
        {
            var report = await BenchRunner.RunAsync(options, ct);
            // No limit was measured, so no ratio is printed for the import; its memory and the exports are.
            Assert.Equal(["e. memory", "i. export"], report.Figures.Select(f => f.Scenario).Distinct().Order());
            Assert.Contains(report.Notes, n => n.Contains("no raw bulk load (--no-raw-load), so no figure a.", StringComparison.Ordinal));
            Assert.NotNull(report.KeptRegistry);
            await using var kept = await BenchDatabase.ExistingAsync(options with { Database = report.KeptRegistry }, ct);
            // The kept registry holds the files' households and members, as the raw load's count would have checked.
            await using var db = JingzhunDb.Create(kept.Target, AccessScope.System("test"));
            Assert.Equal(report.Households, await db.Households.LongCountAsync(ct));
            Assert.Equal(report.Members, await db.Members.LongCountAsync(ct));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
