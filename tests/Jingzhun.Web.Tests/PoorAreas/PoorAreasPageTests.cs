using System.Net.Http.Json;
using System.Net;
using Jingzhun.Domain.PoorAreas;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;

namespace Jingzhun.Web.Tests.PoorAreas;

/// <summary>
/// Issue 21 through the real host: the demo county's designations with their years on the region page, the county's
/// poor-areas page and the statistics grouped by the year's designations; a county officer records a designation through
/// the page's form (audited), a village clerk posting the same form is refused 403, and a page outside the reader's
/// region or not of a county is not found.
/// </summary>
public abstract class PoorAreasPageTests(HostFixture fixture)
{
    private const string County = "990121000000";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_countys_designations_show_with_their_years_on_the_region_page_the_poor_areas_page_and_the_statistics()
    {
        var county = await Host.SignInAsync("county");
        var (status, region) = await GetAsync(county, $"/regions/{County}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"region-designations\"", region);
        Assert.Contains("国家扶贫开发工作重点县", region);
        Assert.Contains("2014–2020年", region);

        var (pageStatus, page) = await GetAsync(county, $"/poor-areas/{County}?year=2019");
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Contains("id=\"villages\"", page);
        Assert.Contains("id=\"designate-form\"", page);
        Assert.Contains("id=\"what-if\"", page);
        Assert.Contains("2014年至今", page); // a demo poor village, not exited

        var (statsStatus, stats) = await GetAsync(county, $"/stats/{County}");
        Assert.Equal(HttpStatusCode.OK, statsStatus);
        Assert.Contains("id=\"designation-groups-table\"", stats);
        Assert.Contains("贫困村与非贫困村", stats);
        Assert.Contains("贫困县与非贫困县", stats);
        var xlsx = await county.GetByteArrayAsync($"/stats/{County}?asOf=live&handler=Xlsx", Ct);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "按认定分组").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => (string?)r["组"] == "贫困村");
    }

    [Fact]
    public async Task A_county_officer_records_a_designation_through_the_page_and_a_village_clerk_is_refused()
    {
        var county = await Host.SignInAsync("county");
        var (_, html) = await GetAsync(county, $"/poor-areas/{County}");
        var form = HtmlForm.Parse(html, "designate-form");
        form["targetCode"] = County;
        form["kind"] = ((int)DesignationKind.ThreeRegionsThreePrefectures).ToString();
        form["fromYear"] = "2017";
        form["toYear"] = "2020";
        form["source"] = "深度贫困地区名单（测试）";
        var response = await county.PostAsync($"/poor-areas/{County}?handler=Designate", form.ToContent(), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("认定已记录", await response.Content.ReadAsStringAsync(Ct));
        await using (var db = Host.OpenDatabase())
        {
            Assert.True(await db.Designations.AnyAsync(d => d.RegionCode == County && d.Kind == DesignationKind.ThreeRegionsThreePrefectures && d.FromYear == 2017, Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(RegionDesignation) && a.Actor == "county" && a.RegionCode == County, Ct));
        }

        var village = await Host.SignInAsync("village");
        var (villageStatus, villageHtml) = await GetAsync(village, $"/poor-areas/{County}");
        Assert.Equal(HttpStatusCode.OK, villageStatus);
        Assert.DoesNotContain("id=\"designate-form\"", villageHtml);
        var refused = await village.PostAsync($"/poor-areas/{County}?handler=Designate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["targetCode"] = "990121001001", ["kind"] = ((int)DesignationKind.DeepPovertyVillage).ToString(), ["fromYear"] = "2017", ["source"] = "越权",
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(villageHtml),
        }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var after = Host.OpenDatabase();
        Assert.False(await after.Designations.AnyAsync(d => d.Source == "越权", Ct));
    }

    [Fact]
    public async Task The_api_lists_designations_and_answers_a_failing_application_with_its_decision()
    {
        var county = await Host.SignInAsync("county");
        var designations = await county.GetAsync($"/api/poor-areas/{County}/designations", Ct);
        Assert.Equal(HttpStatusCode.OK, designations.StatusCode);
        Assert.Contains("NationalKeyCounty", await designations.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/poor-areas/{County}/villages?year=2019", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/poor-areas/{County}/groups?year=2019", Ct)).StatusCode);

        // village2's village, if not already a poor village, fails on its declared collective income; either way 409.
        var village = await Host.SignInAsync("village2");
        var apply = await village.PostAsJsonAsync("/api/poor-areas/apply",
            new { villageCode = "990121001002", year = 2025, perCapitaIncome = 9000m, collectiveIncome = 50000m }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, apply.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await village.GetAsync("/api/poor-areas/990122000000/designations", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_page_outside_the_readers_region_or_not_of_a_county_is_not_found()
    {
        var village = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(village, "/poor-areas/990122000000")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(village, "/poor-areas/990121001001")).Status);
    }

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class PoorAreasPageOnSqlite(SqliteHost host) : PoorAreasPageTests(host), IClassFixture<SqliteHost>;

public sealed class PoorAreasPageOnPostgres(PostgresHost host) : PoorAreasPageTests(host), IClassFixture<PostgresHost>;
