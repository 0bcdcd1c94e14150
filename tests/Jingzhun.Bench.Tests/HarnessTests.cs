using Jingzhun.Data.Database;

namespace Jingzhun.Bench.Tests;

/// <summary>
/// Keeps the benchmark harness from rotting: every scenario runs at a small size and must produce
/// every figure as a finite number. Nothing here asserts a time or a goal (timings are not tests).
/// </summary>
public abstract class HarnessTests(DatabaseProvider provider)
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
        var report = await BenchRunner.RunAsync(new BenchOptions
        {
            Provider = provider, PostgresServer = server, Households = 500, Cities = 1, Seed = 7, WarningHouseholds = 1_600, ExportHouseholds = 500,
            LoadSeconds = 1, LoadConnections = 4, PageSamples = 3, LoadClient = "dotnet", Log = log.Add,
            WriteUsers = 4, WriteSeconds = 2, SoakSeconds = 2,
        }, TestContext.Current.CancellationToken);

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
        // Every save the write load and the soak made is in the database and in the sealed audit chain.
        Assert.Equal(0, report.Figures.Single(f => f.Name.StartsWith("lost updates", StringComparison.Ordinal)).Value);
        var markdown = report.Markdown();
        Assert.Contains("| scenario | figure | value | limit | ratio | goal | pass |", markdown, StringComparison.Ordinal);
        Assert.Equal(report.Figures.Count, markdown.Split('\n').Count(l => l.StartsWith("| a.", StringComparison.Ordinal) || l.StartsWith("| b.", StringComparison.Ordinal)
            || l.StartsWith("| c.", StringComparison.Ordinal) || l.StartsWith("| d.", StringComparison.Ordinal) || l.StartsWith("| e.", StringComparison.Ordinal) || l.StartsWith("| f.", StringComparison.Ordinal)
            || l.StartsWith("| g.", StringComparison.Ordinal) || l.StartsWith("| h.", StringComparison.Ordinal) || l.StartsWith("| i.", StringComparison.Ordinal)));
    }
}

public sealed class SqliteHarnessTests() : HarnessTests(DatabaseProvider.Sqlite);

public sealed class PostgresHarnessTests() : HarnessTests(DatabaseProvider.Postgres);
