using System.Globalization;
using System.Net;
using CsCheck;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// The income section of /stats, the printable report and the stats xlsx, on a crafted village whose incomes are written
/// out here: three registered households (one of them monitored, not registered at the 2015 year-end) and one not poor.
/// The per-capita figures and the average annual growth are computed by hand from those numbers.
/// </summary>
public abstract class IncomeStatsTests(HostFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Province = "630000000000";
    private const string County = "630102000000";
    private const string Township = "630102001000";
    private const string Village = "630102001001";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<string> Built = [];
    private static int _villages;
    private static int _people;

    // Net income of each household by year: wages + production − costs + property + transfers (yuan).
    // 甲 (3 members, exited): 2015: 3,000 + 4,000 − 1,000 + 0 + 600 = 6,600;        2024: 30,000 + 12,000 − 2,000 + 1,000.30 + 4,000 = 45,000.30
    // 乙 (4 members, poor):   2015: 6,000 + 3,500 − 500 + 200 + 800 = 10,000;          2024: 40,000 + 15,000 − 3,000 + 2,000 + 6,000 = 60,000
    // 丙 (2 members, monitored; not poor at the 2015 year-end, so not counted in 2015): 2015: 5,000; 2024: 20,000 + 1,000 = 21,000
    // 丁 (5 members, not poor): counted in no year.
    private const decimal Net2015 = 6_600m + 10_000m;
    private const int People2015 = 3 + 4;
    private const decimal Net2024 = 45_000.30m + 60_000m + 21_000m;
    private const int People2024 = 3 + 4 + 2;

    private static decimal PerCapita(decimal net, int people) => decimal.Round(net / people, 2, MidpointRounding.AwayFromZero);

    private async Task<ApiHost> VillageAsync()
    {
        var host = fixture.Host;
        await Once.WaitAsync(Ct);
        try
        {
            if (Built.Add(host.Database)) await BuildAsync(host);
        }
        finally
        {
            Once.Release();
        }
        return host;
    }

    private static async Task BuildAsync(ApiHost host)
    {
        await using var db = host.OpenDatabase();
        db.Regions.AddRange(
            new Region { Code = Province, Name = "青海省", Level = RegionLevel.Province },
            new Region { Code = "630100000000", Name = "西宁市", Level = RegionLevel.City, ParentCode = Province },
            new Region { Code = County, Name = "示例区", Level = RegionLevel.County, ParentCode = "630100000000" },
            new Region { Code = Township, Name = "收入乡", Level = RegionLevel.Township, ParentCode = County },
            new Region { Code = Village, Name = "收入村", Level = RegionLevel.Village, ParentCode = Township, RuralPopulation = 100 });
        db.BulkAuditSummary = "Income statistics village";
        var jia = Household("甲", HouseholdStatus.Exited, 3);
        jia.Incomes.Add(Income(jia, 2015, 3, wages: 3_000m, production: 4_000m, costs: 1_000m, property: 0m, dibao: 600m));
        jia.Incomes.Add(Income(jia, 2024, 3, wages: 30_000m, production: 12_000m, costs: 2_000m, property: 1_000.30m, dibao: 4_000m));
        var yi = Household("乙", HouseholdStatus.Poor, 4);
        yi.Incomes.Add(Income(yi, 2015, 4, wages: 6_000m, production: 3_500m, costs: 500m, property: 200m, dibao: 800m));
        yi.Incomes.Add(Income(yi, 2024, 4, wages: 40_000m, production: 15_000m, costs: 3_000m, property: 2_000m, dibao: 6_000m));
        var bing = Household("丙", HouseholdStatus.Monitored, 2);
        bing.Incomes.Add(Income(bing, 2015, 2, wages: 5_000m, production: 0m, costs: 0m, property: 0m, dibao: 0m));
        bing.Incomes.Add(Income(bing, 2024, 2, wages: 20_000m, production: 0m, costs: 0m, property: 0m, dibao: 1_000m));
        var ding = Household("丁", HouseholdStatus.NotPoor, 5);
        ding.Incomes.Add(Income(ding, 2015, 5, wages: 90_000m, production: 0m, costs: 0m, property: 0m, dibao: 0m));
        ding.Incomes.Add(Income(ding, 2024, 5, wages: 190_000m, production: 0m, costs: 0m, property: 0m, dibao: 0m));
        db.Households.AddRange(jia, yi, bing, ding);
        await db.SaveChangesAsync(Ct);
        // The 2015 year-end: 甲 and 乙 poor, 丙 and 丁 not poor.
        db.BulkAuditSummary = "Income statistics year-end 2015";
        var frozenAt = new DateTime(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var (h, status) in new[] { (jia, HouseholdStatus.Poor), (yi, HouseholdStatus.Poor), (bing, HouseholdStatus.NotPoor), (ding, HouseholdStatus.NotPoor) })
            db.Snapshots.Add(new YearEndSnapshot
            {
                Year = 2015, HouseholdId = h.Id, VillageCode = h.VillageCode, CountyCode = h.CountyCode, Status = status, People = h.Members.Count,
                PerCapitaNetIncomeFen = h.Incomes.Single(i => i.Year == 2015).ToIncomeYear().PerCapitaNetIncome.Fen, FrozenAt = frozenAt,
            });
        await db.SaveChangesAsync(Ct);
        await AreaStatistics.RefreshAsync(db, host.Clock.GetUtcNow().UtcDateTime, Ct);
    }

    private static Household Household(string name, HouseholdStatus status, int size, string village = Village)
    {
        var household = new Household
        {
            Number = PageTestHelpers.UniqueNumber(), VillageCode = village, CountyCode = "630102", Status = status, StatusYear = 2020,
            IdentifiedYear = 2014, PrimaryCause = PovertyCause.LackOfSkills,
        };
        for (var m = 0; m < size; m++)
            household.Members.Add(new Member
            {
                Name = $"{name}{m}", ResidentId = $"630102{1960 + m * 10}0101{Interlocked.Increment(ref _people) % 10_000:0000}", CountyCode = "630102",
                Relation = m == 0 ? Relation.Head : Relation.Other, BirthDate = new DateOnly(1960 + m * 10, 1, 1),
            });
        return household;
    }

    private static HouseholdIncome Income(Household h, int year, int members, decimal wages, decimal production, decimal costs, decimal property, decimal dibao) =>
        new()
        {
            Year = year, CountyCode = h.CountyCode, MembersCounted = members, Wages = new Money(wages), ProductionIncome = new Money(production),
            ProductionCosts = new Money(costs), PropertyIncome = new Money(property), DibaoAllowance = new Money(dibao),
        };

    [Fact]
    public async Task The_data_function_gives_the_hand_computed_per_capita_incomes_and_growth_exactly()
    {
        var host = await VillageAsync();
        await using var db = host.OpenDatabase();

        var trend = (await IncomeStatistics.TrendAsync(db, Village, 2026, Ct))!;

        Assert.Equal([2015, 2024], trend.Years.Select(y => y.Year));
        var y2015 = trend.Of(2015)!;
        var y2024 = trend.Of(2024)!;
        Assert.Equal((2, People2015), (y2015.Households, y2015.People));
        Assert.Equal((3, People2024), (y2024.Households, y2024.People));
        Assert.True(y2015.StatusFromYearEnd);
        Assert.False(y2024.StatusFromYearEnd);
        Assert.Equal(PerCapita(Net2015, People2015), y2015.PerCapita.Yuan); // 2,371.43
        Assert.Equal(PerCapita(Net2024, People2024), y2024.PerCapita.Yuan); // 14,000.03
        Assert.Equal(2_371.43m, y2015.PerCapita.Yuan);
        Assert.Equal(14_000.03m, y2024.PerCapita.Yuan);
        var expected = Math.Pow((double)(14_000.03m / 2_371.43m), 1.0 / 9) - 1;
        Assert.Equal(expected, trend.Growth(2015, 2024));
        Assert.Null(trend.Growth(2024, 2015));
        // The structure: wages 9,000 + production net 6,000 + property 200 + transfers 1,400 = 16,600 in 2015.
        Assert.Equal([900_000L, 600_000L, 20_000L, 140_000L], new[] { y2015.WagesFen, y2015.ProductionNetFen, y2015.PropertyFen, y2015.TransfersFen });
        foreach (var y in trend.Years)
            Assert.Equal(1.0, y.Shares!.Sum(), 12);
        // Bands against each year's own line: 2015 (2,855 yuan) — 甲 2,200 below it, 乙 2,500 below it.
        Assert.Equal(PovertyLines.NationalRuleSet(2015).PovertyLine, y2015.PovertyLine);
        Assert.Equal([(2, 7), (0, 0), (0, 0), (0, 0)], y2015.Bands.Select(b => (b.Households, b.People)));
        Assert.Equal(y2024.Households, y2024.Bands.Sum(b => b.Households));
    }

    [Fact]
    public async Task The_dashboard_report_and_xlsx_show_the_income_section_with_the_growth_to_the_displayed_precision()
    {
        var host = await VillageAsync();
        using var client = await host.SignInAsync("nation");
        var growth = Math.Pow((double)(14_000.03m / 2_371.43m), 1.0 / 9) - 1;
        var shown = (100 * growth).ToString("0.00", CultureInfo.InvariantCulture) + "%";

        foreach (var url in new[] { $"/stats/{Village}?asOf=live", $"/stats/{Village}/report?asOf=live" })
        {
            var (status, html) = await client.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains($"建档立卡户人均纯收入由2015年的2,371.43元增长到2024年的14,000.03元，年均增长{shown}", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-income-structure\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-income-bands\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-definitions\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("outside the seeds", html, StringComparison.Ordinal);
            Assert.DoesNotContain("UTC", html, StringComparison.Ordinal);
        }
        var (_, english) = await client.GetPageAsync($"/stats/{Village}?asOf=live&lang=en");
        Assert.DoesNotContain("使用前请核对", english, StringComparison.Ordinal);

        var response = await client.GetAsync($"/stats/{Village}?asOf=live&handler=Xlsx", Ct);
        var xlsx = await response.Content.ReadAsByteArrayAsync(Ct);
        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(xlsx));
        Assert.All(sheets, s => Assert.DoesNotMatch("^[A-Za-z -]+$", s));
        Assert.Contains("收入", sheets);
        Assert.Contains("收入分组", sheets);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "收入").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal([2015m, 2024m], rows.Select(r => Convert.ToDecimal(r["年度"], CultureInfo.InvariantCulture)));
        Assert.Equal([2_371.43m, 14_000.03m], rows.Select(r => Convert.ToDecimal(r["人均纯收入(元)"], CultureInfo.InvariantCulture)));
        var bands = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "收入分组").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3m, bands.Where(r => Convert.ToDecimal(r["年度"], CultureInfo.InvariantCulture) == 2024m).Sum(r => Convert.ToDecimal(r["户数"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_reader_picks_the_span_and_an_impossible_span_falls_back_to_the_whole()
    {
        var host = await VillageAsync();
        using var client = await host.SignInAsync("nation");

        var (_, html) = await client.GetPageAsync($"/stats/{Village}?asOf=live&incomeFrom=2024&incomeTo=2015");

        Assert.Contains("由2015年的2,371.43元增长到2024年的14,000.03元", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bands_add_up_to_the_households_counted_over_random_incomes()
    {
        var host = await VillageAsync();
        var line = PovertyLines.NationalRuleSet(2023).PovertyLine;
        var household = Gen.Select(Gen.Int[1, 6], Gen.Long[0, 4_000_000], Gen.Long[0, 300_000], 
            Gen.Int[0, 5].Select(s => (HouseholdStatus)s)); // every status, the not-poor and removed among them
        await household.Array[1, 8].SampleAsync(async sample =>
        {
            var village = $"630102002{Interlocked.Increment(ref _villages):000}";
            await using var db = host.OpenDatabase();
            db.BulkAuditSummary = "Income bands sample";
            var households = sample.Select((s, i) =>
            {
                var h = Household($"样{i}", s.Item4, s.Item1, village);
                h.Incomes.Add(new HouseholdIncome
                {
                    Year = 2023, CountyCode = h.CountyCode, MembersCounted = s.Item1, Wages = Money.FromFen(s.Item2), ProductionCosts = Money.FromFen(s.Item3),
                });
                return h;
            }).ToList();
            db.Households.AddRange(households);
            await db.SaveChangesAsync(Ct);

            var year = (await IncomeStatistics.TrendAsync(db, village, 2023, Ct))!.Of(2023);

            var registered = sample.Where(s => IncomeTrend.Statuses.Contains(s.Item4)).ToList();
            Assert.Equal(registered.Count, year?.Households ?? 0);
            if (year is null) return;
            Assert.Equal(year.Households, year.Bands.Sum(b => b.Households));
            Assert.Equal(year.People, year.Bands.Sum(b => b.People));
            var below = registered.Count(s => (s.Item2 - s.Item3) / 100m / s.Item1 < line);
            Assert.Equal(below, year.Bands[0].Households);
        }, iter: 25, threads: 1);
    }
}

public sealed class IncomeStatsOnSqlite(SqliteHost host) : IncomeStatsTests(host), IClassFixture<SqliteHost>;

public sealed class IncomeStatsOnPostgres(PostgresHost host) : IncomeStatsTests(host), IClassFixture<PostgresHost>;
