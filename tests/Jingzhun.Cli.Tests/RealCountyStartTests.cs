using System.Text.RegularExpressions;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Cli.Tests;

/// <summary>
/// The README's "Starting for a real county", command by command, from an empty database to a county
/// officer's registry whose live figures equal the demo's: db migrate → regions import (of a file made by
/// regions export from the demo) → accounts create-admin → the administrator creates a county officer →
/// the officer sets its own password → households import --initial-load as that officer → stats refresh.
/// On SQLite, and on PostgreSQL where <c>JINGZHUN_TEST_PG</c> names a server.
/// </summary>
[Collection("console")] // standard input and the console are process-wide
public sealed partial class RealCountyStartTests : IAsyncDisposable
{
    private const string County = "990121000000";
    private readonly CliSession _cli = new("county");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string PathOf(string name) => _cli.PathOf(name);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_empty_database_becomes_the_demo_county_through_the_documented_commands(string engine)
    {
        // The source: a small demo county, exported as a registry workbook and a region table.
        var demo = PathOf("demo.db");
        await _cli.SucceedsAsync("", "demo", "--households", "300", "--seed", "11", "--db", demo);
        await _cli.SucceedsAsync("", "households", "export", "--output", PathOf("registry.xlsx"), "--db", demo);
        await _cli.SucceedsAsync("", "regions", "export", PathOf("regions.xlsx"), "--db", demo);

        var db = await _cli.DatabaseAsync(engine);
        await _cli.SucceedsAsync("", "db", "migrate", "--db", db);
        await _cli.SucceedsAsync("", "regions", "import", PathOf("regions.xlsx"), "--db", db);
        await _cli.SucceedsAsync("Qianxi-2026-guard\nQianxi-2026-guard\n", "accounts", "create-admin", "--user", "root", "--password-stdin", "--db", db);
        await _cli.SucceedsAsync("Qianxi-2026-guard\n", "accounts", "create", "--as", "root", "--password-stdin",
            "--user", "county1", "--role", "county", "--region", County, "--display-name", "示例县扶贫办", "--db", db);
        var oneTime = OneTimePassword().Match(_cli.Output).Groups[1].Value;
        Assert.NotEmpty(oneTime);

        // A one-time password does no work until its owner has chosen a password of its own.
        Assert.NotEqual(0, await _cli.RunAsync($"{oneTime}\n", "households", "import", PathOf("registry.xlsx"), "--initial-load",
            "--as", "county1", "--password-stdin", "--db", db));
        Assert.Equal(0, await CountAsync(db, c => c.Households.CountAsync(Ct)));
        await _cli.SucceedsAsync($"{oneTime}\nTongzi-2026-office\n", "accounts", "password", "--user", "county1", "--password-stdin", "--db", db);

        await _cli.SucceedsAsync("Tongzi-2026-office\n", "households", "import", PathOf("registry.xlsx"), "--initial-load",
            "--as", "county1", "--password-stdin", "--db", db);
        await _cli.SucceedsAsync("", "stats", "refresh", "--db", db);
        await _cli.SucceedsAsync("", "stats", "refresh", "--db", demo);

        Assert.Equal(await FiguresAsync(demo), await FiguresAsync(db));
        Assert.Equal(await StatusesAsync(demo), await StatusesAsync(db));
        // The first load is audited as such, in the officer's name.
        Assert.True(await CountAsync(db, c => c.AuditEntries.CountAsync(a => a.Actor == "county1" && a.Reason!.Contains("首次导入"), Ct)) > 0);
        Assert.True(await CountAsync(db, c => c.StatusChanges.CountAsync(s => s.Source == StatusChangeSource.InitialLoad, Ct)) > 0);
    }

    /// <summary>What /stats shows for the county and each of its townships: households and people by status, rural population.</summary>
    private static async Task<string> FiguresAsync(string db)
    {
        await using var context = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test"));
        var rows = await context.Aggregates.AsNoTracking()
            .Where(a => a.Year == Domain.Statistics.AreaAggregate.LiveYear && a.RegionCode.StartsWith("990121"))
            .OrderBy(a => a.RegionCode).ToListAsync(Ct);
        Assert.NotEmpty(rows);
        return string.Join("\n", rows.Select(a =>
            $"{a.RegionCode} {a.NotPoorHouseholds}/{a.PoorHouseholds}/{a.ExitedHouseholds}/{a.ReturnedHouseholds}/{a.MonitoredHouseholds}/{a.RemovedHouseholds} " +
            $"{a.NotPoorPeople}/{a.PoorPeople}/{a.ExitedPeople}/{a.ReturnedPeople}/{a.MonitoredPeople}/{a.RemovedPeople} {a.RuralPopulation}"));
    }

    /// <summary>Every household's number, village and status, in number order.</summary>
    private static async Task<string> StatusesAsync(string db)
    {
        await using var context = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test"));
        var rows = await context.Households.AsNoTracking().OrderBy(h => h.Number)
            .Select(h => new { h.Number, h.VillageCode, h.Status, h.StatusYear, h.IdentifiedYear }).ToListAsync(Ct);
        return string.Join("\n", rows.Select(r => $"{r.Number} {r.VillageCode} {r.Status} {r.StatusYear} {r.IdentifiedYear}"));
    }

    private static async Task<int> CountAsync(string db, Func<JingzhunDbContext, Task<int>> count)
    {
        await using var context = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test"));
        return await count(context);
    }

    [GeneratedRegex(@"one-time password[^:]*:\s*(\S+)")]
    private static partial Regex OneTimePassword();

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
