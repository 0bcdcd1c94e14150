using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Jingzhun.Cli.Tests.YearEnd;

/// <summary><c>jingzhun year-end</c> in-process on temporary SQLite files, one at a time with the other console tests.</summary>
[Collection("console")]
public sealed class YearEndCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jingzhun-yearend-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Freeze_writes_a_snapshot_per_household_and_refuses_the_same_year_twice()
    {
        var seeded = Path.Combine(_folder, "seeded.db");
        Assert.Equal(0, await Program.RunAsync(["--db", seeded, "demo", "--households", "40", "--seed", "7"]));

        // The demo froze 2014–2025 already: another freeze of 2025 is refused, a new year is not.
        Assert.Equal(1, await Program.RunAsync(["year-end", "freeze", "--year", "2025", "--db", seeded]));
        Assert.Equal(0, await Program.RunAsync(["year-end", "freeze", "--year", "2026", "--db", seeded]));

        await using var check = JingzhunDb.Create(DatabaseTarget.Parse(seeded), AccessScope.System("test"));
        Assert.Equal(40, await check.Snapshots.CountAsync(s => s.Year == 2026, Ct));
        Assert.Equal(40 * 13, await check.Snapshots.CountAsync(Ct));
    }

    [Fact]
    public async Task Report_prints_the_frozen_counts_and_fails_for_a_year_not_frozen()
    {
        var db = Path.Combine(_folder, "report.db");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "40", "--seed", "7"]));

        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 250;
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            Assert.Equal(0, await Program.RunAsync(["year-end", "report", "--year", "2024", "--region", "990121001000", "--db", db]));
            Assert.Contains("990121001001", output.ToString());
            Assert.DoesNotContain("990121000000", output.ToString());
            Assert.Equal(1, await Program.RunAsync(["year-end", "report", "--year", "2013", "--db", db]));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* temp is cleaned anyway */ }
    }
}
