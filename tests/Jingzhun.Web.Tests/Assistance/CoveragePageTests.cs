using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assistance;

/// <summary>
/// The coverage report on the web: the page's figures are the API's, its children sum to the county, each list downloads as
/// an xlsx that opens and holds every uncovered row (audited); stationing a team in a listed village takes it off the list;
/// a township officer of another township, an assessor and an outside area get nothing.
/// </summary>
public abstract class CoveragePageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";

    private static int Uncovered(JsonNode area, string list) =>
        (int)area["figures"]!.AsArray().Single(f => (string)f!["list"]! == list)!["uncovered"]!;

    private static int Total(JsonNode area, string list) =>
        (int)area["figures"]!.AsArray().Single(f => (string)f!["list"]! == list)!["total"]!;

    [Fact]
    public async Task The_county_page_shows_the_figures_of_the_api_and_each_list_downloads_whole()
    {
        var county = await Host.SignInAsync("county");
        var json = JsonNode.Parse(await county.GetStringAsync($"/api/assistance/coverage/{County}?rows=10000", Ct))!;
        var area = json["area"]!;
        foreach (var list in new[] { "VillagesWithoutTeam", "VillagesWithoutFirstSecretary", "HouseholdsWithoutCadre", "HouseholdsWithoutPlan" })
        {
            Assert.Equal(Total(area, list), json["children"]!.AsArray().Sum(c => Total(c!, list)));
            Assert.Equal(Uncovered(area, list), json["children"]!.AsArray().Sum(c => Uncovered(c!, list)));
        }
        Assert.Equal(Uncovered(area, "HouseholdsWithoutCadre"), json["householdsWithoutCadre"]!.AsArray().Count);
        Assert.True(Total(area, "HouseholdsWithoutPlan") > 0, "the demo county has households to cover");

        var (status, html) = await county.GetPageAsync($"/assistance/coverage/{County}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"coverage-figures\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"coverage-children\"", html, StringComparison.Ordinal);
        var row = html[html.IndexOf("id=\"figure-HouseholdsWithoutPlan\"", StringComparison.Ordinal)..];
        Assert.Contains($"<td class=\"num\">{Total(area, "HouseholdsWithoutPlan")}</td>", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        if (json["householdsWithoutPlan"]!.AsArray().FirstOrDefault() is { } first)
            Assert.Contains($"href=\"/households/{(long)first["id"]!}\"", html, StringComparison.Ordinal);

        foreach (var (list, rows) in new[] { ("HouseholdsWithoutPlan", "householdsWithoutPlan"), ("VillagesWithoutTeam", "villagesWithoutTeam") })
        {
            var response = await county.GetAsync($"/assistance/coverage/{County}/export?list={list}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
            var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true)
                .Cast<IDictionary<string, object?>>().Where(r => r["序号"] is not null).ToList();
            Assert.Equal(json[rows]!.AsArray().Count, sheet.Count);
        }
        var households = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await county.GetByteArrayAsync($"/assistance/coverage/{County}/export?list=HouseholdsWithoutPlan", Ct)),
            useHeaderRow: true).Cast<IDictionary<string, object?>>().Where(r => r["序号"] is not null).ToList();
        Assert.Equal(json["householdsWithoutPlan"]!.AsArray().Select(h => (string)h!["number"]!).Order(), households.Select(r => (string)r["户编号"]!).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await county.GetAsync($"/assistance/coverage/{County}/export?list=Everything", Ct)).StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.True(await db.AuditEntries.CountAsync(a => a.EntityType == "CoverageReport", Ct) >= 3);
    }

    [Fact]
    public async Task Stationing_a_team_in_a_listed_village_takes_it_off_the_list()
    {
        var county = await Host.SignInAsync("county");
        var json = JsonNode.Parse(await county.GetStringAsync($"/api/assistance/coverage/{County}?rows=10000", Ct))!;
        if (json["villagesWithoutTeam"]!.AsArray().FirstOrDefault() is not { } first) return; // every poor village has a team already
        var village = (string)first["code"]!;
        var before = Uncovered(json["area"]!, "VillagesWithoutTeam");
        var made = await county.PostAsync("/api/assistance/teams", System.Net.Http.Json.JsonContent.Create(new
        {
            villageCode = village, sendingUnit = "县财政局", termStart = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"),
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var after = JsonNode.Parse(await county.GetStringAsync($"/api/assistance/coverage/{County}?rows=10000", Ct))!;
        Assert.Equal(before - 1, Uncovered(after["area"]!, "VillagesWithoutTeam"));
        Assert.DoesNotContain(after["villagesWithoutTeam"]!.AsArray(), v => (string)v!["code"]! == village);
        Assert.Contains(after["villagesWithoutFirstSecretary"]!.AsArray(), v => (string)v!["code"]! == village);
    }

    [Fact]
    public async Task A_township_officer_of_another_township_an_assessor_and_an_outsider_get_none_of_the_rows()
    {
        var other = await TeamsPageTests.OtherTownshipAsync(Host);
        foreach (var url in new[] { $"/assistance/coverage/{County}", "/assistance/coverage/990121001000", "/assistance/coverage/990121001001",
                     "/api/assistance/coverage/990121001000", "/assistance/coverage/990121001000/export?list=HouseholdsWithoutCadre" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        var own = JsonNode.Parse(await other.GetStringAsync("/api/assistance/coverage/990121002000?rows=10000", Ct))!;
        foreach (var list in new[] { "householdsWithoutCadre", "householdsWithoutPlan", "villagesWithoutTeam", "villagesWithoutFirstSecretary" })
            Assert.All(own[list]!.AsArray(), r => Assert.StartsWith("990121002", (string)(r!["villageCode"] ?? r["code"])!, StringComparison.Ordinal));
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await other.GetByteArrayAsync("/assistance/coverage/990121002000/export?list=HouseholdsWithoutPlan", Ct)),
            useHeaderRow: true).Cast<IDictionary<string, object?>>().Where(r => r["序号"] is not null).ToList();
        Assert.All(sheet, r => Assert.StartsWith("990121002", (string)r["行政村代码"]!, StringComparison.Ordinal));

        var assessor = await Host.SignInAsync("assessor");
        Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/api/assistance/coverage/{County}", Ct)).StatusCode);
        var village2 = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await village2.GetAsync("/assistance/coverage/990121001001", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await village2.GetAsync("/assistance/coverage/990121001002", Ct)).StatusCode);
    }
}

public sealed class SqliteCoveragePageTests(SqliteHost fixture) : CoveragePageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresCoveragePageTests(PostgresHost fixture) : CoveragePageTests(fixture), IClassFixture<PostgresHost>;
