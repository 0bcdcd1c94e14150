using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// Live aggregates follow registry writes: an edit through the web host marks its county stale and the
/// background refresh recounts it (and the areas above) within seconds, still equal to a direct count.
/// </summary>
public abstract class LiveStatisticsTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(2500);
    private static readonly TimeSpan LongestWait = 2 * Debounce;
    internal static Dictionary<string, string> Waits => new()
    {
        ["stats-debounce-ms"] = $"{Debounce.TotalMilliseconds:0}", ["stats-longest-wait-ms"] = $"{LongestWait.TotalMilliseconds:0}",
    };
    private static readonly string[] Areas = [Village, "990121001000", "990121000000", "990100000000", "990000000000", "000000000000"];

    [Fact]
    public async Task A_household_exit_case_finished_on_the_web_shows_in_every_level_of_the_live_figures_within_seconds()
    {
        // An exit-ready poor household of this year (incomes of last year and this one), counted in the figures before the exit.
        var year = Host.Clock.GetUtcNow().Year;
        Household household;
        await using (var db = Host.OpenDatabase())
        {
            household = await Workflows.CaseFixtures.CreateHouseholdAsync(db, HouseholdStatus.Poor, 9_000m, Ct, [year - 1, year]);
            await Data.Statistics.AreaStatistics.RefreshAsync(db, Host.Clock.GetUtcNow().UtcDateTime, Ct);
        }
        var before = await LiveAsync();

        // Status changes only through the exit case, run to the end by the roles of the workflow.
        var village = await Host.SignInAsync("village");
        var caseId = await Workflows.CaseFixtures.OpenAsync(village, "HouseholdExit", household.Id, Ct);
        await Workflows.CaseFixtures.AdvanceAsync(village, caseId, Ct);
        await Workflows.CaseFixtures.AdvanceAsync(village, caseId, Ct, Workflows.CaseFixtures.Votes);
        await Workflows.CaseFixtures.AdvanceAsync(village, caseId, Ct);
        await Workflows.CaseFixtures.AdvanceAsync(village, caseId, Ct, new { comment = "户主签字认可", attachments = "退出确认书.pdf" });
        Host.Clock.Advance(TimeSpan.FromDays(8)); // the notice runs its course (and the sign-in with it)
        await Workflows.CaseFixtures.AdvanceAsync(await Host.SignInAsync("village"), caseId, Ct);
        Assert.Equal("Deregistered", await Workflows.CaseFixtures.AdvanceAsync(await Host.SignInAsync("township"), caseId, Ct));

        var waited = Stopwatch.StartNew();
        Dictionary<string, AreaAggregate> after;
        do
        {
            await Task.Delay(100, Ct);
            after = await LiveAsync();
        } while (after[Village].ExitedHouseholds == before[Village].ExitedHouseholds && waited.Elapsed < TimeSpan.FromSeconds(30));
        TestContext.Current.TestOutputHelper?.WriteLine($"live figures followed the edit after {waited.ElapsedMilliseconds} ms");

        foreach (var code in Areas)
        {
            Assert.True(before[code].PoorHouseholds - 1 == after[code].PoorHouseholds, $"{code}: poor households {before[code].PoorHouseholds} → {after[code].PoorHouseholds}");
            Assert.True(before[code].ExitedHouseholds + 1 == after[code].ExitedHouseholds, $"{code}: exited households");
            Assert.Equal(before[code].ExitedInYearHouseholds + 1, after[code].ExitedInYearHouseholds);
        }
        await using var check = Host.OpenDatabase();
        foreach (var code in Areas)
        {
            var prefix = Domain.Regions.RegionCode.Parse(code).Prefix;
            var direct = await check.Households.Where(h => h.VillageCode.StartsWith(prefix)).GroupBy(h => h.Status)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            var people = await check.Members.Where(m => m.State == MemberState.Present && m.Household!.VillageCode.StartsWith(prefix)).GroupBy(m => m.Household!.Status)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            foreach (var status in Enum.GetValues<HouseholdStatus>())
            {
                Assert.True(direct.GetValueOrDefault(status) == after[code].Households(status), $"{code} {status} households");
                Assert.True(people.GetValueOrDefault(status) == after[code].People(status), $"{code} {status} people");
            }
        }
        // The dashboard reads the new figures at once.
        var county = await Host.SignInAsync("county");
        var view = (await county.GetFromJsonAsync<JsonObject>($"/api/stats/{Village}", Ct))!;
        Assert.Equal(after[Village].CurrentPoorPeople, (int)view["area"]!["figures"]!["currentPoorPeople"]!);
    }

    [Fact]
    public async Task A_change_made_by_another_process_shows_in_the_live_figures_without_a_manual_refresh()
    {
        var before = await LiveAsync();
        // What the command line does: its own data context on the same database, with no web host to tell.
        long memberId;
        await using (var cli = Data.Database.JingzhunDb.Create(Data.Database.DatabaseTarget.Parse(Host.Database), Domain.Access.AccessScope.System("cli")))
        {
            var member = await cli.Members.Where(m => m.State == MemberState.Present && m.Household!.VillageCode == Village
                                                      && m.Relation != Relation.Head).OrderBy(m => m.Id).FirstAsync(Ct);
            member.State = MemberState.MovedOut;
            memberId = member.Id;
            await cli.SaveChangesAsync(Ct);
            Assert.True(await cli.StaleCounties.AnyAsync(s => s.CountyCode == "990121", Ct)); // marked in the change's transaction
        }

        var waited = Stopwatch.StartNew();
        Dictionary<string, AreaAggregate> after;
        do
        {
            await Task.Delay(200, Ct);
            after = await LiveAsync();
        } while (People(after[Village]) == People(before[Village]) && waited.Elapsed < TimeSpan.FromSeconds(30));
        TestContext.Current.TestOutputHelper?.WriteLine($"member {memberId} moved out; live figures followed after {waited.ElapsedMilliseconds} ms");

        foreach (var code in Areas)
            Assert.True(People(before[code]) - 1 == People(after[code]), $"{code}: people {People(before[code])} → {People(after[code])}");
        await using var check = Host.OpenDatabase();
        Assert.False(await check.StaleCounties.AnyAsync(Ct)); // the recount cleared the mark
    }

    [Fact]
    public async Task The_host_keeps_the_days_assistance_figures_and_recounts_a_county_changed_by_another_process()
    {
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
        var date = new Data.Statistics.AssistanceDate(null, today);
        // Kept for the host's day once it has started (every area, counted once).
        Data.Statistics.AssistanceTally before;
        await using (var db = Host.OpenDatabase())
        {
            await WaitAsync(async () => await Data.Statistics.StoredAssistance.KeptOnAsync(db, Ct) == today
                                         && !await db.StaleKeptCounties.AnyAsync(Ct));
            Assert.True(await db.AssistanceTallies.AnyAsync(a => a.On == today && a.RegionCode == Village, Ct));
            before = (await Data.Statistics.AssistanceFigures.ForAsync(db, Village, date, Ct))!.Area.Tally;
        }

        // Another process rates a household of the village never rated before: its county is marked in the same transaction.
        await using (var cli = Data.Database.JingzhunDb.Create(Data.Database.DatabaseTarget.Parse(Host.Database), Domain.Access.AccessScope.System("cli")))
        {
            var household = await cli.Households.Where(h => h.VillageCode == Village && !cli.CreditRatings.Any(r => r.HouseholdId == h.Id))
                .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
            cli.CreditRatings.Add(new Domain.Assistance.CreditRating
            {
                HouseholdId = household, RatedOn = today, Score = 90, Grade = Domain.Assistance.CreditGrade.Good, CreditLine = new Domain.Common.Money(50_000),
            });
            await cli.SaveChangesAsync(Ct);
            Assert.True(await cli.StaleKeptCounties.AnyAsync(s => s.CountyCode == "990121", Ct));
        }

        // The host recounts the county: the mark goes, the kept figures are read again and count the new rating.
        await using var check = Host.OpenDatabase();
        await WaitAsync(async () => !await check.StaleKeptCounties.AnyAsync(Ct));
        Assert.True(await check.AssistanceTallies.AnyAsync(a => a.On == today && a.RegionCode == Village, Ct));
        var after = (await Data.Statistics.AssistanceFigures.ForAsync(check, Village, date, Ct))!.Area.Tally;
        Assert.Equal(before.RatedHouseholds + 1, after.RatedHouseholds);
    }

    [Fact]
    public async Task A_county_edited_without_pause_still_has_its_live_figures_follow_within_the_longest_wait()
    {
        var before = await LiveAsync();
        await using (var cli = Data.Database.JingzhunDb.Create(Data.Database.DatabaseTarget.Parse(Host.Database), Domain.Access.AccessScope.System("cli")))
        {
            var member = await cli.Members.Where(m => m.State == MemberState.Present && m.Household!.VillageCode == Village
                                                      && m.Relation != Relation.Head).OrderByDescending(m => m.Id).FirstAsync(Ct);
            member.State = MemberState.MovedOut;
            await cli.SaveChangesAsync(Ct);
        }

        // Meanwhile the village's officer saves a household of the same county through the API without pause: every save
        // marks the county again and wakes the host, so the county is never quiet for the debounce.
        long householdId;
        await using (var db = Host.OpenDatabase())
            householdId = await db.Households.Where(h => h.VillageCode == Village).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        var village = await Host.SignInAsync("village");
        var saves = new List<TimeSpan>();
        var waited = Stopwatch.StartNew();
        Dictionary<string, AreaAggregate> after;
        do
        {
            await SaveAddressAsync(village, householdId, $"不停编辑 #{saves.Count + 1}");
            saves.Add(waited.Elapsed);
            after = await LiveAsync();
        } while (People(after[Village]) == People(before[Village]) && waited.Elapsed < TimeSpan.FromSeconds(40));
        // The last gap is left out: on SQLite the last save may have waited for the recount's own transaction to commit.
        var longestGap = saves.Zip(saves.Skip(1), (a, b) => b - a).SkipLast(1).DefaultIfEmpty().Max();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"live figures followed after {waited.ElapsedMilliseconds} ms of {saves.Count} saves, the longest gap between two {longestGap.TotalMilliseconds:0} ms");

        Assert.True(longestGap < Debounce, $"the saves left a quiet spell ({longestGap.TotalMilliseconds:0} ms): the test proves nothing");
        foreach (var code in Areas)
            Assert.True(People(before[code]) - 1 == People(after[code]), $"{code}: people {People(before[code])} → {People(after[code])} after {waited.Elapsed}");
    }

    private static async Task SaveAddressAsync(HttpClient client, long householdId, string address)
    {
        var form = await RegistryApiTests.EditableFormAsync(client, householdId, Ct);
        form["address"] = address;
        using var saved = await client.PutAsJsonAsync($"/api/households/{householdId}", new { household = form, reason = "不停编辑 / edited without pause" }, Ct);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, $"save: {(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync(Ct)}");
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the host did not keep the figures within 60 s");
            await Task.Delay(200, Ct);
        }
    }

    private static int People(AreaAggregate a) => Enum.GetValues<HouseholdStatus>().Sum(a.People);

    private async Task<Dictionary<string, AreaAggregate>> LiveAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.Aggregates.AsNoTracking().Where(a => a.Year == AreaAggregate.LiveYear && Areas.Contains(a.RegionCode)).ToDictionaryAsync(a => a.RegionCode, Ct);
    }
}

/// <summary>
/// Hosts whose live statistics wait for a quiet spell of 2.5 s (a second by default), so that a busy test machine's pauses between
/// saves never make one, and at most 5 s (30 s by default), so that the test of a county edited without pause is short.
/// </summary>
public sealed class SqliteLiveHost() : HostFixture(Engine.Sqlite, LiveStatisticsTests.Waits);

public sealed class PostgresLiveHost() : HostFixture(Engine.Postgres, LiveStatisticsTests.Waits);

public sealed class SqliteLiveStatisticsTests(SqliteLiveHost fixture) : LiveStatisticsTests(fixture), IClassFixture<SqliteLiveHost>;

public sealed class PostgresLiveStatisticsTests(PostgresLiveHost fixture) : LiveStatisticsTests(fixture), IClassFixture<PostgresLiveHost>;
