using Jingzhun.Bench.Scenarios;
using Jingzhun.Data.Database;

namespace Jingzhun.Bench.Tests;

/// <summary><c>--scenario rules</c> (issue 19) at a small size: the refresh and the what-if figures, finite, against positive limits; no timing asserted.</summary>
public abstract class RulesRefreshScenarioTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_refresh_and_the_what_if_each_produce_a_figure()
    {
        string? server = null;
        if (provider == DatabaseProvider.Postgres)
        {
            server = Environment.GetEnvironmentVariable(HarnessTests.PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
                Assert.Skip($"PostgreSQL run needs a server: set {HarnessTests.PostgresVariable} (.ci/run does this).");
        }
        var report = await RulesRefreshScenario.RunAsync(new BenchOptions
        {
            Provider = provider, PostgresServer = server, Households = 1_000, Cities = 1, Seed = 7, Scenario = "rules",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(["b. statistics", "c. rules"], report.Figures.Select(f => f.Scenario));
        foreach (var f in report.Figures)
            Assert.True(double.IsFinite(f.Ratio) && f.Value > 0 && f.Limit > 0, $"{f.Name}: {f.Value} / {f.Limit}");
    }
}

public sealed class SqliteRulesRefreshScenarioTests() : RulesRefreshScenarioTests(DatabaseProvider.Sqlite);

public sealed class PostgresRulesRefreshScenarioTests() : RulesRefreshScenarioTests(DatabaseProvider.Postgres);
