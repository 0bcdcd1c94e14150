using Jingzhun.Data.Access;
using Jingzhun.Data.Census;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Census;

/// <summary>
/// Issue 21 point 4 on both engines: a census round over a crafted county climbs survey → entry → township, county,
/// city and province acceptance to 100% on all five rates; a household sent back lowers exactly the rates of the levels
/// it had passed, and climbs again after its correction. The steps refuse the wrong role, a missing reason and a record
/// that is not waiting for the level.
/// </summary>
public abstract class CensusTests(DatabaseProvider provider) : IDisposable
{
    private const string County = "990121000000";
    private const int Year = 2020;
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2021, 1, 20, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    private sealed class Clock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), new Clock(Now));

    /// <summary>An account of the role for a region other than the demo accounts' (another village or township of the county).</summary>
    private static JingzhunDbContext As(TestDatabase database, Role role, string region) =>
        JingzhunDb.Create(database.Target, AccessScope.For(new Account
        {
            Id = 800 + (int)role, UserName = $"{role}-{region}", DisplayName = "测试", Role = role, RegionCode = region,
        }), new Clock(Now));

    private async Task<TestDatabase> CountyAsync(string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithRegionsAsync();
        await using var sys = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await DemoSeeder.AddHouseholdsAsync(sys, new DemoGenerator(new DemoOptions(60, 5, Townships: 2, VillagesPerTownship: 2)).Households(), "test", cancellationToken: Ct);
        return database;
    }

    private static async Task<CensusRound> OpenAsync(TestDatabase database)
    {
        await using var county = As(database, "county");
        return await CensusWork.OpenAsync(county, Year, County, null, Now, Ct);
    }

    /// <summary>Every village surveys and enters all its records, through its own clerk.</summary>
    private static async Task SurveyAndEnterAllAsync(TestDatabase database, long round)
    {
        List<(long Id, string Village)> records;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            records = (await sys.CensusRecords.Where(r => r.RoundId == round).Select(r => new { r.Id, r.VillageCode }).ToListAsync(Ct)).Select(r => (r.Id, r.VillageCode)).ToList();
        foreach (var village in records.GroupBy(r => r.Village))
        {
            await using var clerk = As(database, Role.VillageClerk, village.Key);
            foreach (var (id, _) in village)
            {
                Assert.NotNull(await CensusWork.SurveyAsync(clerk, id, Now, Ct));
                Assert.NotNull(await CensusWork.EnterAsync(clerk, id, "", Now, Ct));
            }
        }
    }

    private static async Task<int> TownshipsAcceptAllAsync(TestDatabase database, long round)
    {
        List<string> townships;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            townships = (await sys.CensusRecords.Where(r => r.RoundId == round && r.State == CensusState.Entered).Select(r => r.VillageCode).Distinct().ToListAsync(Ct))
                .Select(v => v[..9]).Distinct().ToList();
        var accepted = 0;
        foreach (var township in townships)
        {
            await using var officer = As(database, Role.TownshipOfficer, township + "000");
            accepted += await CensusWork.AcceptAllAsync(officer, round, township + "000", CensusLevel.Township, Now, Ct);
        }
        return accepted;
    }

    private static async Task<CensusCounts> CountsAsync(TestDatabase database, string user = "province", string? area = County)
    {
        await using var db = As(database, user);
        return (await CensusFigures.AreaAsync(db, Year, area, Ct)).Counts;
    }

    [Fact]
    public async Task A_round_reaches_100_percent_on_all_five_rates_in_a_crafted_county()
    {
        await using var database = await CountyAsync("full");
        var round = await OpenAsync(database);
        int registered;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            registered = await sys.Households.CountAsync(h => h.Status != HouseholdStatus.NotPoor && h.Status != HouseholdStatus.Removed, Ct);
        Assert.True(registered > 0);
        Assert.Equal(registered, round.Households);

        var start = await CountsAsync(database);
        Assert.Equal(registered, start.Listed);
        Assert.Equal(0m, start.EntryRate);

        await SurveyAndEnterAllAsync(database, round.Id);
        Assert.Equal(1m, (await CountsAsync(database)).EntryRate);
        Assert.Equal(0m, (await CountsAsync(database)).TownshipRate);

        Assert.Equal(registered, await TownshipsAcceptAllAsync(database, round.Id));
        await using (var county = As(database, "county"))
            Assert.Equal(registered, await CensusWork.AcceptAllAsync(county, round.Id, County, CensusLevel.County, Now, Ct));
        await using (var city = As(database, "city"))
            Assert.Equal(registered, await CensusWork.AcceptAllAsync(city, round.Id, County, CensusLevel.City, Now, Ct));
        await using (var province = As(database, "province"))
            Assert.Equal(registered, await CensusWork.AcceptAllAsync(province, round.Id, County, CensusLevel.Province, Now, Ct));

        var done = await CountsAsync(database);
        Assert.True(done.AllComplete);
        Assert.All(done.Rates, r => Assert.Equal(1m, r.Rate));
        // The drill-down: the province's area shows the county; the county its townships, each at 100% too.
        await using (var province = As(database, "province"))
        {
            var top = await CensusFigures.AreaAsync(province, Year, null, Ct);
            Assert.Equal(registered, top.Counts.Listed);
            Assert.Single(top.Children);
            var county = await CensusFigures.AreaAsync(province, Year, top.Children[0].Code, Ct);
            Assert.NotEmpty(county.Children);
            Assert.All(county.Children, c => Assert.True(c.Counts.AllComplete));
            Assert.Equal(registered, county.Children.Sum(c => c.Counts.Listed));
        }
        // Every step was audited.
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            Assert.True(await sys.AuditEntries.CountAsync(a => a.EntityType == "CensusRecord" && a.Field == "State", Ct) >= registered * 6);
    }

    [Fact]
    public async Task A_household_sent_back_lowers_the_rates_of_the_levels_it_had_passed_and_climbs_again()
    {
        await using var database = await CountyAsync("sendback");
        var round = await OpenAsync(database);
        await SurveyAndEnterAllAsync(database, round.Id);
        await TownshipsAcceptAllAsync(database, round.Id);
        var before = await CountsAsync(database);
        var n = before.Listed;
        Assert.Equal(1m, before.TownshipRate);

        long sentBack;
        await using (var county = As(database, "county"))
        {
            sentBack = (await county.CensusRecords.OrderBy(r => r.Id).FirstAsync(Ct)).Id;
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CensusWork.SendBackAsync(county, sentBack, CensusLevel.County, " ", Now, Ct));
            // A county officer does not act for the city.
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CensusWork.SendBackAsync(county, sentBack, CensusLevel.City, "x", Now, Ct));
            var r = await CensusWork.SendBackAsync(county, sentBack, CensusLevel.County, "家庭成员人数与户籍不符", Now, Ct);
            Assert.Equal(CensusState.SentBack, r!.State);
            Assert.Equal(CensusLevel.County, r.SentBackLevel);
            Assert.Equal("", r.TownshipBy);
        }
        var after = await CountsAsync(database);
        Assert.Equal(n - 1, after.Entered);
        Assert.Equal(n - 1, after.Township);
        Assert.Equal(before.County, after.County);
        Assert.Equal(1, after.SentBack);
        Assert.True(after.EntryRate < 1m && after.TownshipRate < 1m);

        await using (var county = As(database, "county"))
            Assert.Equal(n - 1, await CensusWork.AcceptAllAsync(county, round.Id, County, CensusLevel.County, Now, Ct));
        var countyDone = await CountsAsync(database);
        Assert.Equal(n - 1, countyDone.County);

        // The village corrects the record (saying what it corrected), and it climbs every level again.
        string village;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            village = (await sys.CensusRecords.SingleAsync(r => r.Id == sentBack, Ct)).VillageCode;
        await using (var clerk = As(database, Role.VillageClerk, village))
        {
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CensusWork.EnterAsync(clerk, sentBack, "", Now, Ct));
            // The village does not review its own records.
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CensusWork.AcceptAsync(clerk, sentBack, CensusLevel.Township, Now, Ct));
            Assert.Equal(CensusState.Entered, (await CensusWork.EnterAsync(clerk, sentBack, "已按户籍更正家庭成员", Now, Ct))!.State);
        }
        // A record outside the actor's village is not found at all.
        await using (var other = As(database, Role.VillageClerk, village[..9] + (village[9..] == "001" ? "002" : "001")))
            Assert.Null(await CensusWork.SurveyAsync(other, sentBack, Now, Ct));
        await using (var township = As(database, Role.TownshipOfficer, village[..9] + "000"))
        {
            Assert.Equal(CensusState.TownshipAccepted, (await CensusWork.AcceptAsync(township, sentBack, CensusLevel.Township, Now, Ct))!.State);
            // Once accepted it no longer waits for the township.
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CensusWork.AcceptAsync(township, sentBack, CensusLevel.Township, Now, Ct));
        }
        await using (var county = As(database, "county"))
            Assert.NotNull(await CensusWork.AcceptAsync(county, sentBack, CensusLevel.County, Now, Ct));
        await using (var city = As(database, "city"))
            Assert.Equal(n, await CensusWork.AcceptAllAsync(city, round.Id, County, CensusLevel.City, Now, Ct));
        await using (var province = As(database, "province"))
            Assert.Equal(n, await CensusWork.AcceptAllAsync(province, round.Id, County, CensusLevel.Province, Now, Ct));
        var done = await CountsAsync(database);
        Assert.True(done.AllComplete);
        Assert.Equal(0, done.SentBack);
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var record = await sys.CensusRecords.SingleAsync(r => r.Id == sentBack, Ct);
            Assert.Equal(1, record.SendBacks);
            Assert.Equal("家庭成员人数与户籍不符", record.SentBackReason);
            Assert.Contains(await sys.AuditEntries.Where(a => a.EntityType == "CensusRecord" && a.Field == "SentBackReason").Select(a => a.NewValue).ToListAsync(Ct),
                v => v == "家庭成员人数与户籍不符");
        }
    }

    [Fact]
    public async Task Only_the_county_or_its_province_opens_one_round_a_year_over_the_registered_households()
    {
        await using var database = await CountyAsync("open");
        await using (var township = As(database, "township"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CensusWork.OpenAsync(township, Year, County, null, Now, Ct));
        await using (var province = As(database, "province"))
        {
            var round = await CensusWork.OpenAsync(province, Year, County, "2020年国家脱贫攻坚普查", Now, Ct);
            Assert.Equal("99", round.CountyCode[..2]);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CensusWork.OpenAsync(province, Year, County, null, Now, Ct));
        }
        await using var sys = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var statuses = await sys.CensusRecords.Select(r => r.StatusAtOpening).Distinct().ToListAsync(Ct);
        Assert.DoesNotContain(HouseholdStatus.NotPoor, statuses);
        Assert.DoesNotContain(HouseholdStatus.Removed, statuses);
        Assert.True(await sys.AuditEntries.AnyAsync(a => a.EntityType == "CensusRound", Ct));
        // One record per registered household, each in its household's village and county, all pending; written in bulk
        // with one audit line that says how many, not a line per record.
        var registered = await sys.Households.Where(h => h.Status != HouseholdStatus.NotPoor && h.Status != HouseholdStatus.Removed)
            .OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode, h.Status }).ToListAsync(Ct);
        var records = await sys.CensusRecords.OrderBy(r => r.HouseholdId)
            .Select(r => new { Id = r.HouseholdId, r.VillageCode, Status = r.StatusAtOpening, r.CountyCode, r.State, r.Year, r.Version }).ToListAsync(Ct);
        Assert.Equal(registered, records.Select(r => new { r.Id, r.VillageCode, r.Status }));
        Assert.All(records, r => Assert.Equal(("990121", CensusState.Pending, Year, 0), (r.CountyCode, r.State, r.Year, r.Version)));
        var lines = await sys.AuditEntries.Where(a => a.EntityType == "CensusRecord").ToListAsync(Ct);
        var line = Assert.Single(lines);
        Assert.Equal(("province", County), (line.Actor, line.RegionCode));
        Assert.Contains($"{registered.Count} households", line.Reason!);
    }
}

public sealed class CensusOnSqlite() : CensusTests(DatabaseProvider.Sqlite);

public sealed class CensusOnPostgres() : CensusTests(DatabaseProvider.Postgres);
