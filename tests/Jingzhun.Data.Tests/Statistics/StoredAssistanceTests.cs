using System.Text.Json;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Statistics;

/// <summary>
/// The assistance figures kept per area (StoredAssistance): read from the kept rows they equal the figures counted from the
/// assistance rows, at every area of the tree and for a scoped reader; a change through a save marks its county and the
/// county is counted from the rows until it is recounted, after which the kept rows equal the count again, over random
/// changes; a day not kept and an assigned-only reader are always counted. The income trend kept with them likewise.
/// </summary>
public abstract class StoredAssistanceTests(DatabaseProvider provider) : IDisposable
{
    private const string County = "990121";
    private static readonly DateTime Now = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private static readonly AssistanceDate Today = AssistanceDate.Live(Now);
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    /// <summary>An area's view as text: the area's and each child's code and every figure.</summary>
    private static string Flat(AssistanceView? view) => view is null ? "none" : JsonSerializer.Serialize(
        view.Children.Select(c => (object)new { c.Code, c.Name, c.Tally }).Prepend(new { view.Area.Code, view.Area.Name, view.Area.Tally }));

    private static async Task<List<string>> AreasAsync(JingzhunDbContext db) =>
        [RegionCode.Nation.Value, .. await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Code.StartsWith("99")).Select(r => r.Code).OrderBy(c => c).ToListAsync(Ct)];

    private static async Task<Dictionary<string, string>> CountedAsync(JingzhunDbContext db, IEnumerable<string> areas)
    {
        var views = new Dictionary<string, string>();
        foreach (var area in areas)
        {
            Assert.Null(await StoredAssistance.ReadAsync(db, RegionCode.Parse(area), Today, Ct));
            Assert.Null(await StoredIncomeTrend.ReadAsync(db, RegionCode.Parse(area), Today.On.Year, Ct));
            views[area] = Flat(await AssistanceFigures.ForAsync(db, area, Today, Ct));
            views[area + " income"] = JsonSerializer.Serialize(await IncomeStatistics.TrendAsync(db, area, Today.On.Year, Ct));
            Assert.Null(await StoredFunds.ReadAsync(db, RegionCode.Parse(area), Today.On, Ct));
            views[area + " funds"] = JsonSerializer.Serialize(await FundFigures.ForAsync(db, area, null, Now, Ct));
        }
        return views;
    }

    private static async Task AssertKeptEqualAsync(JingzhunDbContext db, Dictionary<string, string> counted)
    {
        foreach (var (key, expected) in counted)
        {
            if (key.EndsWith(" income", StringComparison.Ordinal))
            {
                var area = key[..12];
                Assert.NotNull(await StoredIncomeTrend.ReadAsync(db, RegionCode.Parse(area), Today.On.Year, Ct));
                Assert.Equal(expected, JsonSerializer.Serialize(await IncomeStatistics.TrendAsync(db, area, Today.On.Year, Ct)));
                continue;
            }
            if (key.EndsWith(" funds", StringComparison.Ordinal))
            {
                var area = key[..12];
                Assert.NotNull(await StoredFunds.ReadAsync(db, RegionCode.Parse(area), Today.On, Ct));
                Assert.Equal(expected, JsonSerializer.Serialize(await FundFigures.ForAsync(db, area, null, Now, Ct)));
                continue;
            }
            Assert.NotNull(await StoredAssistance.ReadAsync(db, RegionCode.Parse(key), Today, Ct));
            Assert.Equal(expected, Flat(await AssistanceFigures.ForAsync(db, key, Today, Ct)));
        }
    }

    [Fact]
    public async Task Kept_figures_equal_the_counted_ones_at_every_area_and_for_a_scoped_reader()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "kept")).WithDemoAsync(200, 9);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var areas = await AreasAsync(db);
        Assert.Contains(areas, a => a.EndsWith("001001", StringComparison.Ordinal));
        var counted = await CountedAsync(db, areas);
        await using (var county = JingzhunDb.Create(database.Target, new AccessScope(County, true, true, "county") { Role = Role.CountyOfficer }))
        {
            counted[County] = Flat(await AssistanceFigures.ForAsync(county, County + "000000", Today, Ct));
            counted[County + " funds"] = JsonSerializer.Serialize(await FundFigures.ForAsync(county, County + "000000", null, Now, Ct));
        }

        Assert.True(await StoredAssistance.RefreshAsync(db, null, Now, Ct) >= areas.Count(a => a.StartsWith(County, StringComparison.Ordinal)));
        Assert.Equal(Today.On, await StoredAssistance.KeptOnAsync(db, Ct));
        Assert.Empty(await db.StaleKeptCounties.ToListAsync(Ct));
        var countyView = counted[County];
        var countyFunds = counted[County + " funds"];
        counted.Remove(County);
        counted.Remove(County + " funds");
        // The demo's funds figures are not empty: projects, payments and flagged payments at the county and above.
        var control = JsonDocument.Parse(counted[County + "000000 funds"]).RootElement.GetProperty("Tally").GetProperty("Control");
        Assert.True(control.GetProperty("Projects").GetInt32() > 0);
        Assert.True(control.GetProperty("Misdirected").GetInt32() + control.GetProperty("Duplicate").GetInt32() + control.GetProperty("Diverted").GetInt32() > 0);
        // The demo's income trend is not empty either.
        Assert.Contains("\"PerCapita\"", counted[County + "000000 income"], StringComparison.Ordinal);
        await AssertKeptEqualAsync(db, counted);
        // The demo's figures are not empty, and a county officer reads the kept county as counted.
        Assert.Contains("\"Measures\":", counted[County + "000000"], StringComparison.Ordinal);
        Assert.DoesNotContain("\"Measures\":0,", counted[County + "000000"], StringComparison.Ordinal);
        await using (var county = JingzhunDb.Create(database.Target, new AccessScope(County, true, true, "county") { Role = Role.CountyOfficer }))
        {
            Assert.NotNull(await StoredAssistance.ReadAsync(county, RegionCode.Parse(County + "000000"), Today, Ct));
            Assert.Equal(countyView, Flat(await AssistanceFigures.ForAsync(county, County + "000000", Today, Ct)));
            Assert.NotNull(await StoredFunds.ReadAsync(county, RegionCode.Parse(County + "000000"), Today.On, Ct));
            Assert.Equal(countyFunds, JsonSerializer.Serialize(await FundFigures.ForAsync(county, County + "000000", null, Now, Ct)));
            Assert.Empty(await county.FundTallies.Where(a => !a.RegionCode.StartsWith(County)).ToListAsync(Ct));
            // Kept rows are figures of an area: outside its county the officer reads none.
            Assert.Empty(await county.AssistanceTallies.Where(a => !a.RegionCode.StartsWith(County)).ToListAsync(Ct));
        }
        // The next day, a year-end and a reader of assigned households only are counted from the rows.
        Assert.Null(await StoredAssistance.ReadAsync(db, RegionCode.Parse(County + "000000"), AssistanceDate.Live(Now.AddDays(1)), Ct));
        Assert.Null(await StoredAssistance.ReadAsync(db, RegionCode.Parse(County + "000000"), AssistanceDate.YearEnd(2025), Ct));
        await using var assessor = JingzhunDb.Create(database.Target, new AccessScope("", true, false, "assessor") { Role = Role.Assessor, ReadsAssignedOnly = true });
        Assert.Null(await StoredAssistance.ReadAsync(assessor, RegionCode.Parse(County + "000000"), Today, Ct));
        // A refresh on another day counts the whole registry again for that day.
        await StoredAssistance.RefreshAsync(db, [County], Now.AddDays(1), Ct);
        Assert.Equal(Today.On.AddDays(1), await StoredAssistance.KeptOnAsync(db, Ct));
        Assert.Empty(await db.AssistanceTallies.Where(a => a.On == Today.On).ToListAsync(Ct));
    }

    [Fact]
    public async Task An_income_trend_under_lines_of_its_own_is_counted_from_the_rows()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "kept-lines")).WithDemoAsync(60, 5);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await StoredAssistance.RefreshAsync(db, null, Now, Ct);
        var county = RegionCode.Parse(County + "000000");
        Assert.NotNull(await StoredIncomeTrend.ReadAsync(db, county, Today.On.Year, Ct));
        var year = await db.Incomes.MaxAsync(i => i.Year, Ct);

        // The province publishes a line of its own for the latest income year: the kept county, counted under the national
        // line, is no longer read; the nation, whose line is unchanged, still is.
        var rules = await Jingzhun.Data.Rules.RuleBook.ForAsync(db, county.Value, year, Ct);
        var line = rules.PovertyLine + 500m;
        var draft = await Jingzhun.Data.Rules.RuleSetVersions.CreateDraftAsync(db, rules with { Year = year, Jurisdiction = "99", PovertyLine = line }, "省定标准", Now, Ct);
        Assert.Empty(await StaleCounties.ListAsync(db, StaleCounties.Now(), Ct, kept: true));
        await Jingzhun.Data.Rules.RuleSetVersions.PublishAsync(db, draft.Id, "发布", Now, Ct);
        // Published, the rule set marks its province (its idle days count in the kept funds figures): every area holding the
        // province is counted from the rows until the next recount, which counts the whole registry.
        Assert.Equal(["99"], await StaleCounties.ListAsync(db, StaleCounties.Now(), Ct, kept: true));
        Assert.Null(await StoredIncomeTrend.ReadAsync(db, RegionCode.Nation, Today.On.Year, Ct));
        Assert.Null(await StoredFunds.ReadAsync(db, county, Today.On, Ct));
        // Without the mark (a rule set written by some other way), the trend kept under the national line is still not read.
        await db.StaleKeptCounties.ExecuteDeleteAsync(Ct);
        Assert.NotNull(await StoredFunds.ReadAsync(db, county, Today.On, Ct));
        Assert.Null(await StoredIncomeTrend.ReadAsync(db, county, Today.On.Year, Ct));
        Assert.NotNull(await StoredIncomeTrend.ReadAsync(db, RegionCode.Nation, Today.On.Year, Ct));
        Assert.Equal(line, (await IncomeStatistics.TrendAsync(db, county.Value, Today.On.Year, Ct))!.Of(year)!.PovertyLine);

        // Counted again, the county's villages fall under the province's line and the nation's under another: neither keeps
        // a trend, and both are counted from the rows under their own lines.
        await StoredAssistance.RefreshAsync(db, null, Now, Ct);
        Assert.Null(await StoredIncomeTrend.ReadAsync(db, county, Today.On.Year, Ct));
        Assert.Null(await StoredIncomeTrend.ReadAsync(db, RegionCode.Nation, Today.On.Year, Ct));
        Assert.Equal(line, (await IncomeStatistics.TrendAsync(db, county.Value, Today.On.Year, Ct))!.Of(year)!.PovertyLine);
        Assert.Equal(rules.PovertyLine, (await IncomeStatistics.TrendAsync(db, RegionCode.Nation.Value, Today.On.Year, Ct))!.Of(year)!.PovertyLine);
    }

    [Fact]
    public async Task A_saved_change_is_counted_until_its_county_is_recounted_over_random_changes()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "kept-random")).WithDemoAsync(60, 11);
        List<(long Id, string Village)> households;
        List<string> areas;
        int cadre;
        List<(long Id, FundSource? Source)> allocations;
        Dictionary<long, long> memberOf;
        List<long> assets;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            households = (await db.Households.AsNoTracking().Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct)).Select(h => (h.Id, h.VillageCode)).ToList();
            areas = await AreasAsync(db);
            allocations = (await db.Allocations.AsNoTracking().Where(a => a.CountyCode == County && a.ReversesId == null).Select(a => new { a.Id, a.Source }).ToListAsync(Ct))
                .Select(a => (a.Id, (FundSource?)a.Source)).ToList();
            memberOf = (await db.Members.AsNoTracking().GroupBy(m => m.HouseholdId).Select(g => new { g.Key, Id = g.Min(m => m.Id) }).ToListAsync(Ct))
                .ToDictionary(m => m.Key, m => m.Id);
            assets = await db.Assets.AsNoTracking().Select(a => a.Id).ToListAsync(Ct);
            Assert.NotEmpty(allocations);
            Assert.NotEmpty(assets);
            var c = new Cadre { CountyCode = County, Name = "测试" };
            db.Cadres.Add(c);
            await db.SaveChangesAsync(Ct);
            cadre = c.Id;
            await StoredAssistance.RefreshAsync(db, null, Now, Ct);
        }
        var start = new DateOnly(2024, 1, 1);
        // A household, a kind of change, a day, a length and an amount.
        var changeGen = Gen.Select(Gen.Int[0, households.Count - 1], Gen.Int[0, 11], Gen.Int[0, 900], Gen.Int[-1, 700], Gen.Int[1, 50]);
        await changeGen.List[1, 6].SampleAsync(async changes =>
        {
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                foreach (var (h, kind, day, length, amount) in changes)
                {
                    var (id, village) = households[h];
                    var on = start.AddDays(day);
                    DateOnly? end = length < 0 ? null : on.AddDays(length);
                    switch (kind)
                    {
                        case < AssistanceRows.Kinds:
                            AssistanceRows.Add(db, kind, id, village, cadre, on, end, amount);
                            break;
                        case 5:
                            // A poor village's flag: a change to the tree alone, which the assistance figures count.
                            var region = await db.Regions.SingleAsync(r => r.Code == village && r.ValidTo == null, Ct);
                            region.IsPoorVillage = !region.IsPoorVillage;
                            break;
                        case 6:
                            // An income corrected: the income trend follows.
                            var income = await db.Incomes.Where(i => i.HouseholdId == id).OrderByDescending(i => i.Year).FirstOrDefaultAsync(Ct);
                            if (income is not null) income.Wages = new Money(amount * 1_000);
                            break;
                        case 8:
                            // A subsidy paid to the household: money paid, and a second one of a kind in a year is flagged.
                            var (allocation, source) = allocations[amount % allocations.Count];
                            db.Payments.Add(new FundPayment
                            {
                                CountyCode = County, RegionCode = village, Year = 2024 + amount % 3, Kind = PaymentKind.Household, PaidOn = on,
                                Amount = new Money(amount * 100), Source = source, AllocationId = allocation, HouseholdId = id,
                                MemberId = memberOf.GetValueOrDefault(id), PurposeType = (ProjectType)(amount % 3 + 1), Payee = "测试", Voucher = $"测试{on:yyyyMMdd}{amount}",
                            });
                            break;
                        case 9:
                            // An asset disposed of, or back in use.
                            var asset = await db.Assets.SingleAsync(a => a.Id == assets[amount % assets.Count], Ct);
                            asset.State = asset.State == AssetState.Disposed ? AssetState.InUse : AssetState.Disposed;
                            break;
                        case 10:
                            // A project proposed in the village, or (11) a province's own project, which marks the province.
                        case 11:
                            db.Projects.Add(new Project
                            {
                                Name = "测试项目", Number = $"XMTEST{Guid.NewGuid():N}", Type = (ProjectType)(amount % 3 + 1), Year = on.Year,
                                RegionCode = kind == 10 ? village : "990000000000",
                            });
                            break;
                        default:
                            var team = new WorkTeam { VillageCode = village, TermStart = on, RotatedOn = end, State = end is null ? WorkTeamState.Stationed : WorkTeamState.Rotated };
                            db.WorkTeams.Add(team);
                            db.WorkTeamMembers.Add(new WorkTeamMember { Team = team, VillageCode = village, Name = "测试", Role = TeamRole.FirstSecretary, JoinedOn = on });
                            break;
                    }
                }
                await db.SaveChangesAsync(Ct);
            }
            await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            // Marked: every area holding the county (or the province) is counted from the rows (CountedAsync checks the kept rows are not read).
            var marked = await StaleCounties.ListAsync(reader, StaleCounties.Now(), Ct, kept: true);
            Assert.Equal(new[] { changes.Any(c => c.Item2 == 11) ? "99" : null, changes.Any(c => c.Item2 != 11) ? County : null }.OfType<string>(), marked);
            // Every area above the villages, and the villages changed (the kept rows of the others are checked by the test above).
            var changed = changes.Select(c => households[c.Item1].Village).ToHashSet();
            var counted = await CountedAsync(reader, areas.Where(a => RegionCode.Parse(a).Level < RegionLevel.Village || changed.Contains(a)));
            await StoredAssistance.RefreshAsync(reader, marked, Now, Ct);
            Assert.Empty(await StaleCounties.ListAsync(reader, StaleCounties.Now(), Ct, kept: true));
            await AssertKeptEqualAsync(reader, counted);
        }, iter: 5, threads: 1);
    }
}

public sealed class StoredAssistanceOnSqlite() : StoredAssistanceTests(DatabaseProvider.Sqlite);

public sealed class StoredAssistanceOnPostgres() : StoredAssistanceTests(DatabaseProvider.Postgres);
