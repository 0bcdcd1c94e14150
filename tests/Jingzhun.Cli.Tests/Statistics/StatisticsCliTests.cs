using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Cli.Tests.Statistics;

/// <summary><c>jingzhun stats refresh</c> and the refresh that follows a year-end freeze, on temporary SQLite files.</summary>
[Collection("console")]
public sealed class StatisticsCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jingzhun-stats-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_writes_the_nation_and_every_region_with_the_registry_counts()
    {
        var db = Path.Combine(_folder, "stats.db");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "40", "--seed", "7"]));

        Assert.Equal(0, await Program.RunAsync(["stats", "refresh", "--db", db]));

        await using var check = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test"));
        var nation = await check.Aggregates.SingleAsync(a => a.Year == AreaAggregate.LiveYear && a.RegionCode == "000000000000", Ct);
        Assert.Equal(await check.Households.CountAsync(h => h.Status == HouseholdStatus.Exited, Ct), nation.ExitedHouseholds);
        Assert.Equal(await check.Regions.CountAsync(r => r.ValidTo == null, Ct) + 1, await check.Aggregates.CountAsync(a => a.Year == AreaAggregate.LiveYear, Ct));
    }

    [Fact]
    public async Task A_year_end_freeze_adds_that_year_to_the_aggregates()
    {
        var db = Path.Combine(_folder, "freeze.db");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "40", "--seed", "7"]));

        Assert.Equal(0, await Program.RunAsync(["year-end", "freeze", "--year", "2026", "--db", db]));

        await using var check = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test"));
        var county = await check.Aggregates.SingleAsync(a => a.Year == 2026 && a.RegionCode == "990121000000", Ct);
        Assert.Equal(40, county.NotPoorHouseholds + county.PoorHouseholds + county.ExitedHouseholds + county.ReturnedHouseholds
            + county.MonitoredHouseholds + county.RemovedHouseholds);
    }

    [Fact]
    public async Task Measures_prints_fgt_watts_and_alkire_foster_with_the_time_taken()
    {
        var db = Path.Combine(_folder, "measures.db");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "200", "--seed", "7"]));
        var output = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        AnsiConsole.Console.Profile.Width = 250;
        try
        {
            Assert.Equal(0, await Program.RunAsync(["stats", "measures", "--region", "990121000000", "--year", "2025", "--db", db]));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        var text = output.ToString();
        Assert.Contains("P0 0.", text);
        Assert.Contains("M0 0.", text);
        Assert.Contains("computed in", text);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* temp is cleaned anyway */ }
    }
}
