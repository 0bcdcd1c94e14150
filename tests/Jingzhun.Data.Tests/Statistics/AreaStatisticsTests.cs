using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Statistics;

/// <summary>
/// The live figures of a refresh (one grouped statement per table, every cell a conditional count, rolled up level by
/// level) equal a plain count of the registry's rows in memory, for every cell of every area up to the nation: over
/// random edits of status, attribute, cause, the year of the status, members' labour, health, birth date and presence,
/// and measures, including numbers that no value of their enum has; by a full refresh and by one county's refresh,
/// each over the rows the previous one stored.
/// </summary>
public abstract class AreaStatisticsTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 30, 8, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    /// <summary>One random edit: a household, what to change, and the values to change it to.</summary>
    private sealed record Edit(int Household, int Kind, int A, int B, int Days);

    private static readonly Gen<Edit> EditGen = Gen.Select(Gen.Int[0, 59], Gen.Int[0, 5], Gen.Int[0, 12], Gen.Int[0, 6], Gen.Int[0, 365 * 80])
        .Select(t => new Edit(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));

    [Fact]
    public async Task Every_cell_of_every_area_equals_a_plain_count_of_the_registry()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "area-statistics")).WithRegionsAsync();
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoSeeder.AddHouseholdsAsync(db, new DemoGenerator(new DemoOptions(60, 11)).Households(), "test", cancellationToken: Ct);
        List<(long Id, string Village)> households;
        List<string> villages;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            households = (await db.Households.OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct)).Select(h => (h.Id, h.VillageCode)).ToList();
            // Some exits and returns of the refresh's year from the start, which random edits then move on.
            await db.Households.Where(h => h.Id % 5 == 0).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HouseholdStatus.Exited).SetProperty(h => h.StatusYear, Now.Year), Ct);
            await db.Households.Where(h => h.Id % 7 == 0).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HouseholdStatus.Returned).SetProperty(h => h.StatusYear, Now.Year), Ct);
            villages = await db.Regions.Where(r => r.Level == RegionLevel.Village && r.ValidTo == null && r.Code.StartsWith(DemoGenerator.CountyPrefix)).OrderBy(r => r.Code).Select(r => r.Code).Take(8).ToListAsync(Ct);
        }
        var round = 0;
        await EditGen.List[1, 25].SampleAsync(async edits =>
        {
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                foreach (var edit in edits) await ApplyAsync(db, households[edit.Household % households.Count].Id, villages, edit);
                await db.SaveChangesAsync(Ct);
            }
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                var counties = await db.Households.Select(h => h.CountyCode).Distinct().ToListAsync(Ct);
                // Alternately the whole registry and its counties one by one: both paths update the rows the other stored.
                if (round++ % 2 == 0) await AreaStatistics.RefreshAsync(db, Now, Ct);
                else await AreaStatistics.RefreshCountiesAsync(db, counties, Now, Ct);
            }
            await AssertEqualsPlainCountAsync(database.Target);
        }, iter: 8, threads: 1);
    }

    /// <summary>
    /// A save still open when its county's recount starts (its mark written, not yet committed) is not lost, whatever
    /// the recount saw of it: SQLite counts in a snapshot taken before the commit, PostgreSQL reads only what is
    /// committed. Either the recount counted the save or the county is still marked, and the next recount counts it.
    /// </summary>
    [Fact]
    public async Task A_save_committed_while_its_county_is_recounted_leaves_the_county_marked_until_it_is_counted()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "recount-race")).WithRegionsAsync();
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoSeeder.AddHouseholdsAsync(db, new DemoGenerator(new DemoOptions(40, 12)).Households(), "test", cancellationToken: Ct);
        long id;
        string county;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var first = await db.Households.OrderBy(h => h.Id).Select(h => new { h.Id, h.CountyCode }).FirstAsync(Ct);
            (id, county) = (first.Id, first.CountyCode);
            await AreaStatistics.RefreshAsync(db, Now, Ct);
            // An earlier change of the county waits for its recount: the open save below moves this mark on.
            await StaleCounties.MarkAsync(db, [county], [], StaleCounties.Now(), Ct);
        }

        await using (var writer = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        await using (var saving = await writer.Database.BeginTransactionAsync(Ct))
        {
            await writer.Households.Where(h => h.Id == id).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status,
                h => h.Status == HouseholdStatus.Poor ? HouseholdStatus.Exited : HouseholdStatus.Poor), Ct);
            await StaleCounties.MarkAsync(writer, [county], [], StaleCounties.Now(), Ct);
            var recount = Task.Run(async () =>
            {
                await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
                await AreaStatistics.RefreshCountiesAsync(db, [county], Now, Ct);
            }, Ct);
            // Time for the recount to read the marks and count (milliseconds for 40 households) before the save commits.
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            await saving.CommitAsync(Ct);
            await recount;
        }

        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var marked = (await StaleCounties.ListAsync(db, null, Ct)).Contains(county);
            TestContext.Current.TestOutputHelper?.WriteLine(marked ? "the recount missed the save; its county is still marked" : "the recount counted the save");
            if (!marked) await AssertEqualsPlainCountAsync(database.Target);
            await AreaStatistics.RefreshCountiesAsync(db, [county], Now, Ct);
            Assert.Empty(await StaleCounties.ListAsync(db, null, Ct));
        }
        await AssertEqualsPlainCountAsync(database.Target);
    }

    /// <summary>
    /// A household whose id lies far beyond the others (a row written outside the application, or a registry merged from
    /// two) is counted like any other by a full refresh: SQLite's refresh tallies in an array by id while the ids are dense
    /// enough (the gap left empty), and past that, or past what an array can hold, counts with the statements.
    /// </summary>
    [Theory]
    [InlineData(40_000L)]
    [InlineData(2_000_000L)]
    [InlineData(3_000_000_000L)]
    public async Task A_household_whose_id_lies_far_from_the_others_is_counted_like_any_other(long farId)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "far-ids")).WithRegionsAsync();
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoSeeder.AddHouseholdsAsync(db, new DemoGenerator(new DemoOptions(30, 13)).Households(), "test", cancellationToken: Ct);
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var far = new DemoGenerator(new DemoOptions(1, 14)).Households().First();
            far.Id = farId;
            far.Number = "FAR" + farId;
            far.Status = HouseholdStatus.Returned;
            far.StatusYear = Now.Year;
            db.Households.Add(far);
            await db.SaveChangesAsync(Ct);
            Assert.True(await db.Members.CountAsync(m => m.HouseholdId == farId && m.State == MemberState.Present, Ct) > 0);
            await AreaStatistics.RefreshAsync(db, Now, Ct);
        }
        await AssertEqualsPlainCountAsync(database.Target);
    }

    private static async Task ApplyAsync(JingzhunDbContext db, long id, List<string> villages, Edit e)
    {
        var households = db.Households.Where(h => h.Id == id);
        switch (e.Kind)
        {
            case 0:
                // A status, and the year it was reached (this year or another): exits and returns of the year count.
                await households.ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, (HouseholdStatus)(e.A % 6))
                    .SetProperty(h => h.StatusYear, 2024 + e.B % 3), Ct);
                break;
            case 1:
                // 4 is no attribute's number: such a row still counts, under its number.
                await households.ExecuteUpdateAsync(s => s.SetProperty(h => h.Attribute, (HouseholdAttribute)(1 + e.A % 4))
                    .SetProperty(h => h.PrimaryCause, e.B == 6 ? (PovertyCause)3 : e.A == 0 ? PovertyCause.None : (PovertyCause)(1 << (e.A - 1))), Ct);
                break;
            case 2:
                await households.ExecuteUpdateAsync(s => s.SetProperty(h => h.VillageCode, villages[e.A % villages.Count]), Ct);
                break;
            case 3:
                var member = await db.Members.Where(m => m.HouseholdId == id).OrderBy(m => m.Id).Skip(e.B % 3).Select(m => m.Id).FirstOrDefaultAsync(Ct);
                // Labour 6 and health 5 are no value's number.
                await db.Members.Where(m => m.Id == member).ExecuteUpdateAsync(s => s.SetProperty(m => m.Labour, (LabourCapacity)(1 + e.A % 6))
                    .SetProperty(m => m.Health, (HealthStatus)(1 + e.B % 5)).SetProperty(m => m.BirthDate, new DateOnly(1946, 7, 1).AddDays(e.Days)), Ct);
                break;
            case 4:
                await db.Members.Where(m => m.HouseholdId == id).OrderBy(m => m.Id).Take(1 + e.B % 2)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, (MemberState)(1 + e.A % 4)), Ct);
                break;
            default:
                db.Measures.Add(new AssistanceMeasure
                {
                    HouseholdId = id, Type = (MeasureType)(1 + e.A % 12), Year = 2025, StartOn = new DateOnly(2025, 3, 1),
                    State = (MeasureState)(1 + e.B % 5),
                });
                break;
        }
    }

    private static async Task AssertEqualsPlainCountAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var today = DateOnly.FromDateTime(Now);
        var households = await db.Households.AsNoTracking()
            .Select(h => new { h.Id, h.VillageCode, h.Status, h.StatusYear, Cause = (int)h.PrimaryCause, Attribute = (int)h.Attribute }).ToListAsync(Ct);
        var members = await db.Members.AsNoTracking().Where(m => m.State == MemberState.Present)
            .Select(m => new { m.HouseholdId, Labour = (int)m.Labour, Health = (int)m.Health, m.BirthDate }).ToListAsync(Ct);
        var measureTypes = (await db.Measures.AsNoTracking().Where(m => m.State != MeasureState.Cancelled)
            .Select(m => new { m.HouseholdId, m.Type }).Distinct().ToListAsync(Ct)).ToLookup(m => m.HouseholdId, m => (int)m.Type);
        var byId = households.ToDictionary(h => h.Id);

        var cells = new Dictionary<(string Code, BreakdownDimension Dimension, int Value, HouseholdStatus Status), (int Households, int People)>();
        var totals = new Dictionary<(string Code, HouseholdStatus Status), (int Households, int People, int InYearHouseholds, int InYearPeople)>();
        void Add(string village, BreakdownDimension dimension, int value, HouseholdStatus status, int h, int p)
        {
            foreach (var code in Ancestry(village))
            {
                var now = cells.GetValueOrDefault((code, dimension, value, status));
                cells[(code, dimension, value, status)] = (now.Households + h, now.People + p);
            }
        }
        void Total(string village, HouseholdStatus status, int h, int p, bool inYear)
        {
            foreach (var code in Ancestry(village))
            {
                var now = totals.GetValueOrDefault((code, status));
                totals[(code, status)] = (now.Households + h, now.People + p, now.InYearHouseholds + (inYear ? h : 0), now.InYearPeople + (inYear ? p : 0));
            }
        }
        foreach (var h in households)
        {
            Total(h.VillageCode, h.Status, 1, 0, h.StatusYear == today.Year);
            Add(h.VillageCode, BreakdownDimension.PrimaryCause, h.Cause, h.Status, 1, 0);
            Add(h.VillageCode, BreakdownDimension.Attribute, h.Attribute, h.Status, 1, 0);
            foreach (var type in measureTypes[h.Id]) Add(h.VillageCode, BreakdownDimension.MeasureType, type, h.Status, 1, 0);
        }
        foreach (var m in members)
        {
            var h = byId[m.HouseholdId];
            Total(h.VillageCode, h.Status, 0, 1, h.StatusYear == today.Year);
            Add(h.VillageCode, BreakdownDimension.PrimaryCause, h.Cause, h.Status, 0, 1);
            Add(h.VillageCode, BreakdownDimension.Attribute, h.Attribute, h.Status, 0, 1);
            Add(h.VillageCode, BreakdownDimension.Labour, m.Labour, h.Status, 0, 1);
            Add(h.VillageCode, BreakdownDimension.Health, m.Health, h.Status, 0, 1);
            var age = m.BirthDate > today.AddYears(-6) ? AgeGroup.Under6 : m.BirthDate > today.AddYears(-16) ? AgeGroup.School
                : m.BirthDate > today.AddYears(-60) ? AgeGroup.Working : AgeGroup.Elderly;
            Add(h.VillageCode, BreakdownDimension.AgeGroup, (int)age, h.Status, 0, 1);
            foreach (var type in measureTypes[h.Id]) Add(h.VillageCode, BreakdownDimension.MeasureType, type, h.Status, 0, 1);
        }

        var stored = (await db.Breakdowns.AsNoTracking().Where(b => b.Year == AreaAggregate.LiveYear && (b.Households != 0 || b.People != 0)).ToListAsync(Ct))
            .ToDictionary(b => (b.RegionCode, b.Dimension, b.Value, b.Status), b => (b.Households, b.People));
        Assert.Equal(cells.OrderBy(c => c.Key).ToList(), stored.OrderBy(c => c.Key).ToList());

        var areas = await db.Aggregates.AsNoTracking().Where(a => a.Year == AreaAggregate.LiveYear).ToListAsync(Ct);
        Assert.Subset(areas.Select(a => a.RegionCode).ToHashSet(), totals.Keys.Select(k => k.Code).ToHashSet());
        foreach (var area in areas)
            foreach (var status in Enum.GetValues<HouseholdStatus>())
            {
                var expected = totals.GetValueOrDefault((area.RegionCode, status));
                Assert.Equal((expected.Households, expected.People), (area.Households(status), area.People(status)));
                if (status == HouseholdStatus.Exited)
                    Assert.Equal((expected.InYearHouseholds, expected.InYearPeople), (area.ExitedInYearHouseholds, area.ExitedInYearPeople));
                if (status == HouseholdStatus.Returned)
                    Assert.Equal((expected.InYearHouseholds, expected.InYearPeople), (area.ReturnedInYearHouseholds, area.ReturnedInYearPeople));
            }
    }

    private static IEnumerable<string> Ancestry(string village)
    {
        Assert.True(RegionCode.TryParse(village, out var code, out _));
        for (RegionCode? c = code; c is not null; c = c.Value.Parent) yield return c.Value.Value;
    }
}

public sealed class AreaStatisticsOnSqlite() : AreaStatisticsTests(DatabaseProvider.Sqlite);

public sealed class AreaStatisticsOnPostgres() : AreaStatisticsTests(DatabaseProvider.Postgres);
