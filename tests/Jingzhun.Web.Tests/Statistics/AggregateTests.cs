using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// The per-area aggregates that reports read must equal a direct count over the registry for every
/// area of every level, live and for each frozen year-end, on both providers.
/// </summary>
public abstract class AggregateTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly HouseholdStatus[] Statuses = Enum.GetValues<HouseholdStatus>();

    [Fact]
    public async Task Live_aggregates_equal_direct_counts_for_every_area_of_every_level()
    {
        await using var db = Host.OpenDatabase();
        var areas = await db.Aggregates.AsNoTracking().Where(a => a.Year == AreaAggregate.LiveYear).ToListAsync(Ct);

        Assert.Equal(Enum.GetValues<RegionLevel>(), areas.Select(a => a.Level).Distinct().Order());
        Assert.Equal(await db.Regions.CountAsync(r => r.ValidTo == null, Ct) + 1, areas.Count);
        foreach (var area in areas)
        {
            var prefix = RegionCode.Parse(area.RegionCode).Prefix;
            var households = await db.Households.Where(h => h.VillageCode.StartsWith(prefix))
                .GroupBy(h => h.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            var people = await db.Members.Where(m => m.State == MemberState.Present && m.Household!.VillageCode.StartsWith(prefix))
                .GroupBy(m => m.Household!.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            var poorPeople = await db.Members.CountAsync(m => m.State == MemberState.Present && m.Household!.VillageCode.StartsWith(prefix)
                && (m.Household.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Returned), Ct);
            var rural = await db.Regions.Where(r => r.ValidTo == null && r.Level == RegionLevel.Village && r.Code.StartsWith(prefix)).SumAsync(r => r.RuralPopulation, Ct);

            foreach (var status in Statuses)
            {
                Assert.True(households.GetValueOrDefault(status) == area.Households(status), $"{area.RegionCode} {status} households");
                Assert.True(people.GetValueOrDefault(status) == area.People(status), $"{area.RegionCode} {status} people");
            }
            Assert.Equal(poorPeople, area.CurrentPoorPeople);
            Assert.Equal(rural, area.RuralPopulation);
        }
    }

    [Fact]
    public async Task Frozen_year_aggregates_equal_direct_counts_over_the_snapshots_for_every_area()
    {
        await using var db = Host.OpenDatabase();
        var frozen = await db.Aggregates.AsNoTracking().Where(a => a.Year != AreaAggregate.LiveYear).ToListAsync(Ct);
        var years = await db.Snapshots.Select(s => s.Year).Distinct().ToListAsync(Ct);

        Assert.NotEmpty(years);
        Assert.Equal(years.Order(), frozen.Select(a => a.Year).Distinct().Order());
        foreach (var group in frozen.GroupBy(a => a.RegionCode))
        {
            var prefix = RegionCode.Parse(group.Key).Prefix;
            var direct = await db.Snapshots.Where(s => s.VillageCode.StartsWith(prefix))
                .GroupBy(s => new { s.Year, s.Status })
                .Select(g => new { g.Key.Year, g.Key.Status, Households = g.Count(), People = g.Sum(s => s.People), Exited = g.Count(s => s.ExitedInYear) })
                .ToListAsync(Ct);
            foreach (var area in group)
            {
                foreach (var status in Statuses)
                {
                    var row = direct.SingleOrDefault(d => d.Year == area.Year && d.Status == status);
                    Assert.True((row?.Households ?? 0) == area.Households(status), $"{area.RegionCode} {area.Year} {status} households");
                    Assert.True((row?.People ?? 0) == area.People(status), $"{area.RegionCode} {area.Year} {status} people");
                }
                Assert.Equal(direct.Where(d => d.Year == area.Year).Sum(d => d.Exited), area.ExitedInYearHouseholds);
            }
        }
    }

    [Fact]
    public async Task Breakdowns_add_up_to_the_status_totals()
    {
        await using var db = Host.OpenDatabase();
        var county = await db.Aggregates.AsNoTracking().SingleAsync(a => a.Year == AreaAggregate.LiveYear && a.RegionCode == "990121000000", Ct);
        var cells = await db.Breakdowns.AsNoTracking().Where(b => b.Year == AreaAggregate.LiveYear && b.RegionCode == "990121000000").ToListAsync(Ct);

        // Measure types are not a partition (a household with several types counts under each), so they are checked on their own below.
        foreach (var dimension in Enum.GetValues<BreakdownDimension>().Where(d => d != BreakdownDimension.MeasureType))
            Assert.Equal(county.CurrentPoorPeople, cells.Where(c => c.Dimension == dimension && c.Status is HouseholdStatus.Poor or HouseholdStatus.Returned).Sum(c => c.People));
        Assert.Equal(county.CurrentPoorHouseholds,
            cells.Where(c => c.Dimension == BreakdownDimension.PrimaryCause && c.Status is HouseholdStatus.Poor or HouseholdStatus.Returned).Sum(c => c.Households));
    }

    [Fact]
    public async Task Measure_type_breakdowns_equal_direct_counts_for_every_area()
    {
        await using var db = Host.OpenDatabase();
        var cells = await db.Breakdowns.AsNoTracking().Where(b => b.Year == AreaAggregate.LiveYear && b.Dimension == BreakdownDimension.MeasureType).ToListAsync(Ct);
        var areas = await db.Aggregates.AsNoTracking().Where(a => a.Year == AreaAggregate.LiveYear).Select(a => a.RegionCode).ToListAsync(Ct);

        Assert.True(await db.Measures.AnyAsync(Ct), "the demo households have assistance measures");
        Assert.Contains(cells, c => c.Households > 0);
        // Direct counts by village, status and type (EXISTS over the measures), then added up over each area's villages.
        var direct = new List<(string Village, Domain.Assistance.MeasureType Type, HouseholdStatus Status, int Households, int People)>();
        foreach (var type in Enum.GetValues<Domain.Assistance.MeasureType>())
        {
            var households = await db.Households.Where(h => db.Measures.Any(m => m.HouseholdId == h.Id && m.Type == type && m.State != Domain.Assistance.MeasureState.Cancelled))
                .GroupBy(h => new { h.VillageCode, h.Status }).Select(g => new { g.Key.VillageCode, g.Key.Status, Count = g.Count() }).ToListAsync(Ct);
            var people = await db.Members.Where(p => p.State == MemberState.Present
                    && db.Measures.Any(m => m.HouseholdId == p.HouseholdId && m.Type == type && m.State != Domain.Assistance.MeasureState.Cancelled))
                .GroupBy(p => new { p.Household!.VillageCode, p.Household.Status }).Select(g => new { g.Key.VillageCode, g.Key.Status, Count = g.Count() }).ToListAsync(Ct);
            direct.AddRange(households.Select(h => (h.VillageCode, type, h.Status, h.Count, 0)));
            direct.AddRange(people.Select(p => (p.VillageCode, type, p.Status, 0, p.Count)));
        }
        foreach (var code in areas)
        {
            var prefix = RegionCode.Parse(code).Prefix;
            foreach (var type in Enum.GetValues<Domain.Assistance.MeasureType>())
                foreach (var status in Statuses)
                {
                    var cell = cells.SingleOrDefault(c => c.RegionCode == code && c.Value == (int)type && c.Status == status);
                    var rows = direct.Where(d => d.Village.StartsWith(prefix, StringComparison.Ordinal) && d.Type == type && d.Status == status).ToList();
                    Assert.True(rows.Sum(r => r.Households) == (cell?.Households ?? 0), $"{code} {type} {status} households");
                    Assert.True(rows.Sum(r => r.People) == (cell?.People ?? 0), $"{code} {type} {status} people");
                }
        }
    }

    [Fact]
    public async Task A_second_refresh_keeps_the_rows_and_the_figures()
    {
        await using var db = Host.OpenDatabase();
        var before = await db.Aggregates.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.PoorPeople, a.ExitedHouseholds }).ToListAsync(Ct);

        await AreaStatistics.RefreshAsync(db, Host.Clock.GetUtcNow().UtcDateTime, Ct);

        var after = await db.Aggregates.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.PoorPeople, a.ExitedHouseholds }).ToListAsync(Ct);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_county_officer_drills_from_the_county_to_its_townships_and_sees_the_trend()
    {
        using var client = await Host.SignInAsync("county");
        var view = await client.GetFromJsonAsync<JsonElement>("/api/stats/990121000000", Ct);
        await using var db = Host.OpenDatabase();
        var poor = await db.Members.CountAsync(m => m.State == MemberState.Present
            && (m.Household!.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Returned), Ct);

        Assert.Equal(poor, view.GetProperty("area").GetProperty("figures").GetProperty("currentPoorPeople").GetInt32());
        var children = view.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(8, children.Count);
        Assert.All(children, c => Assert.StartsWith("990121", c.GetProperty("code").GetString()));
        Assert.Equal(poor, children.Sum(c => c.GetProperty("figures").GetProperty("currentPoorPeople").GetInt32()));
        Assert.True(view.GetProperty("trend").GetArrayLength() > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/stats/990121000000?asOf=2020", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/stats/990100000000", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_village_clerk_gets_only_its_village()
    {
        using var client = await Host.SignInAsync("village");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/stats/990121001001", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/stats/990121001002", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/stats/990121001000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/stats/990121001002/income/2020", Ct)).StatusCode);
    }

    [Fact]
    public async Task Income_of_registered_households_has_mean_median_and_bands_that_add_up()
    {
        await using var db = Host.OpenDatabase();
        var year = await db.Incomes.MaxAsync(i => i.Year, Ct);
        using var client = await Host.SignInAsync("county");
        var income = await client.GetFromJsonAsync<JsonElement>($"/api/stats/990121000000/income/{year}", Ct);
        var households = income.GetProperty("households").GetInt32();

        Assert.True(households > 0);
        Assert.True(income.GetProperty("meanPerCapita").GetProperty("yuan").GetDecimal() > 0);
        Assert.True(income.GetProperty("medianPerCapita").GetProperty("yuan").GetDecimal() > 0);
        var bands = income.GetProperty("bands").EnumerateArray().ToList();
        Assert.Equal(households, bands.Sum(b => b.GetProperty("households").GetInt32()));
        Assert.Equal(income.GetProperty("people").GetInt32(), bands.Sum(b => b.GetProperty("people").GetInt32()));
    }

    [Fact]
    public async Task The_dashboard_drills_from_the_county_to_a_village_and_its_household_list()
    {
        using var client = await Host.SignInAsync("county");

        var county = await client.GetStringAsync("/stats", Ct);
        Assert.Contains("<svg class=\"chart\"", county);
        Assert.Contains("<svg class=\"chart lines\"", county);
        Assert.Contains("<svg class=\"chart treemap\"", county);
        Assert.Contains("href=\"/stats/990121001000?asOf=live\"><rect class=\"tile\"", county);
        Assert.Contains("id=\"stats-measure-types\"", county);
        Assert.Contains("/stats/990121001000?asOf=live", county);
        var township = await client.GetStringAsync("/stats/990121001000?asOf=live", Ct);
        Assert.Contains("/stats/990121001001?asOf=live", township);
        var village = await client.GetStringAsync("/stats/990121001001?asOf=live", Ct);
        Assert.Contains("/households?region=990121001001", village);
        var frozen = await client.GetAsync("/stats/990121000000?asOf=2020", Ct);
        Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_table_exports_to_xlsx_with_the_county_and_its_townships()
    {
        using var client = await Host.SignInAsync("county");

        var response = await client.GetAsync("/stats/990121000000?asOf=live&handler=Xlsx", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).ToList();
        Assert.Equal(9, rows.Count);
        stream.Position = 0;
        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(stream);
        Assert.Equal(["汇总", "按状态", "历年趋势", "分类统计", "脱贫计划", "贫困测度", "M0按指标", "M0按地区", "防返贫监测",
            "帮扶", "帮扶措施", "帮扶资金来源", "资金", "资金明细", "收入", "收入分组", "按认定分组"], sheets);
        stream.Position = 0;
        Assert.Equal(5, MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "M0按指标").Count());
    }

    [Fact]
    public async Task The_dashboard_reads_only_aggregates_until_the_measures_are_asked_for()
    {
        using var client = await Host.SignInAsync("county");

        var plain = await client.GetStringAsync("/stats/990121000000?asOf=live", Ct);
        Assert.DoesNotContain("id=\"stats-fgt\"", plain);
        Assert.Contains("id=\"stats-compute-measures\"", plain);

        var withMeasures = await client.GetStringAsync("/stats/990121000000?asOf=live&measures=true", Ct);
        Assert.Contains("id=\"stats-fgt\"", withMeasures);
        Assert.Contains("id=\"stats-af-indicators\"", withMeasures);
        Assert.Contains("id=\"stats-m0\"", withMeasures);
    }

    [Fact]
    public async Task The_printable_report_has_every_table_and_chart_in_both_languages()
    {
        using var client = await Host.SignInAsync("county");

        var chinese = await client.GetStringAsync("/stats/990121000000/report?asOf=live", Ct);
        var english = await client.GetStringAsync("/stats/990121000000/report?asOf=live&lang=en", Ct);

        foreach (var id in new[] { "stats-summary", "stats-plan", "stats-status", "stats-children", "stats-treemap", "stats-trend", "stats-trend-incidence",
                     "stats-measure-types", "stats-fgt", "stats-af-indicators", "stats-af-areas" })
        {
            Assert.Contains($"id=\"{id}\"", chinese);
            Assert.Contains($"id=\"{id}\"", english);
        }
        Assert.Contains("<body class=\"print\">", chinese); // the print layout: A4 (site.css @page), no navigation
        Assert.Contains("扶贫统计报告", chinese);
        Assert.Contains("Poverty alleviation report", english);
        Assert.DoesNotContain("<nav", chinese);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/stats/990121000000/report?asOf=2020", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/stats/990100000000/report", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_village_clerk_cannot_open_the_township_dashboard()
    {
        using var client = await Host.SignInAsync("village");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/stats/990121001000", Ct)).StatusCode);
        Assert.Contains("/households?region=990121001001", await client.GetStringAsync("/stats", Ct));
    }
}

public sealed class SqliteAggregateTests(SqliteDemoHost fixture) : AggregateTests(fixture), IClassFixture<SqliteDemoHost>;

public sealed class PostgresAggregateTests(PostgresDemoHost fixture) : AggregateTests(fixture), IClassFixture<PostgresDemoHost>;
