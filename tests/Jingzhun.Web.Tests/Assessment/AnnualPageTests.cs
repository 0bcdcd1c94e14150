using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// The annual assessment on the web, on the seeded demo: the province opens and computes one through its pages, the city
/// through the API; the demo county reads its own score and rank and may not compute; readers outside get 404; the xlsx opens
/// with the ranked rows. The year assessed is last year (its window is open whatever today is).
/// </summary>
public abstract class AnnualPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";
    private int Year => Host.Clock.GetUtcNow().Year - 1;

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<string, long> CityAssessment = [];

    /// <summary>The city's assessment of its counties, opened and computed through the API (once per host).</summary>
    private async Task<long> CityAssessmentAsync()
    {
        await Once.WaitAsync(Ct);
        try
        {
            if (CityAssessment.TryGetValue(Host.Database, out var known)) return known;
            var city = await Host.SignInAsync("city");
            var created = await city.PostAsJsonAsync("/api/assessment/annual", new { year = Year, level = "County" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (long)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
            var computed = await city.PostAsync($"/api/assessment/annual/{id}/compute", null, Ct);
            Assert.Equal(HttpStatusCode.OK, computed.StatusCode);
            return CityAssessment[Host.Database] = id;
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task The_province_opens_and_computes_an_assessment_through_its_pages()
    {
        var province = await Host.SignInAsync("province");
        var form = await province.GetFormAsync("/assessment/annual/990000000000", "annual-create-form");
        var (_, page) = await province.GetPageAsync("/assessment/annual/990000000000");
        Assert.Contains("id=\"annual-window\"", page, StringComparison.Ordinal);
        form["Form.Year"] = Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["Form.Level"] = "City";
        var (created, _) = await province.PostFormAsync("/assessment/annual/990000000000", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detail = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/assessment/annual/detail/", detail, StringComparison.Ordinal);

        // A second one of the same year and level comes back with the message.
        var again = await province.GetFormAsync("/assessment/annual/990000000000", "annual-create-form");
        again["Form.Year"] = form["Form.Year"];
        again["Form.Level"] = "City";
        var (refused, refusedHtml) = await province.PostFormAsync("/assessment/annual/990000000000", again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("error-summary", refusedHtml, StringComparison.Ordinal);

        var compute = await province.GetFormAsync(detail, "annual-compute-form");
        var (computed, _) = await province.PostFormAsync($"{detail}?handler=Compute", compute);
        Assert.Equal(HttpStatusCode.Redirect, computed.StatusCode);
        var (status, html) = await province.GetPageAsync(detail);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-area=\"990100000000\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"annual-ranking\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"source\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"annual-finalise\"", html, StringComparison.Ordinal);

        var finalise = HtmlFormFrom(html, "annual-finalise-form");
        Assert.Equal(HttpStatusCode.Redirect, (await province.PostFormAsync($"{detail}?handler=Finalise", finalise)).Response.StatusCode);
        var (_, final) = await province.GetPageAsync(detail);
        Assert.DoesNotContain("id=\"annual-compute\"", final, StringComparison.Ordinal);
        var id = long.Parse(detail.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Conflict, (await province.PostAsync($"/api/assessment/annual/{id}/compute", null, Ct)).StatusCode);
    }

    private static HtmlForm HtmlFormFrom(string html, string id) => HtmlForm.Parse(html, id);

    [Fact]
    public async Task The_county_reads_its_own_score_and_may_not_compute()
    {
        var id = await CityAssessmentAsync();
        var county = await Host.SignInAsync("county");
        var report = JsonNode.Parse(await county.GetStringAsync($"/api/assessment/annual/{id}", Ct))!;
        var area = Assert.Single(report["areas"]!.AsArray());
        Assert.Equal(County, (string)area!["code"]!);
        Assert.True((int)area["rank"]! >= 1);
        Assert.Equal(6, area["indicators"]!.AsArray().Count);
        Assert.Contains(JsonNode.Parse(await county.GetStringAsync("/api/assessment/annual", Ct))!.AsArray(), a => (long)a!["id"]! == id);

        var (status, html) = await county.GetPageAsync($"/assessment/annual/detail/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-area=\"{County}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"annual-compute\"", html, StringComparison.Ordinal);
        var (_, list) = await county.GetPageAsync($"/assessment/annual/{County}");
        Assert.Contains($"data-annual=\"{id}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("annual-create-form", list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"/api/assessment/annual/{id}/compute", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync("/api/assessment/annual", new { year = Year, level = "County" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"/api/assessment/annual/{id}/finalise", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Readers_outside_get_nothing()
    {
        var id = await CityAssessmentAsync();
        foreach (var user in new[] { "village", "assessor" })
        {
            var client = await Host.SignInAsync(user);
            foreach (var url in new[] { $"/assessment/annual/detail/{id}", $"/assessment/annual/detail/{id}/xlsx", $"/api/assessment/annual/{id}",
                         $"/api/assessment/annual/{id}/report.xlsx" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/assessment/annual/{id}/compute", null, Ct)).StatusCode);
        }
        var county = await Host.SignInAsync("county");
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/assessment/annual/980121000000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/assessment/annual/not-a-code", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/api/assessment/annual/987654321", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_xlsx_opens_with_the_ranked_rows_and_is_audited()
    {
        var id = await CityAssessmentAsync();
        var city = await Host.SignInAsync("city");
        foreach (var url in new[] { $"/assessment/annual/detail/{id}/xlsx", $"/api/assessment/annual/{id}/report.xlsx" })
        {
            var response = await city.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
            var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true)
                .Cast<IDictionary<string, object?>>().ToList();
            var ranks = rows.Select(r => Convert.ToInt32(r["排名 Rank"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ranks.Order(), ranks);
            Assert.Contains(rows, r => (string?)r["代码 Code"] == County);
            Assert.All(rows, r => Assert.NotNull(r[$"{AnnualIndicator.PoorReduction.Chinese()} {AnnualIndicator.PoorReduction.English()}：来源 source"]));
        }
        await using var db = Host.OpenDatabase();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Export && e.EntityType == "AnnualAssessment" && e.Actor == "city", Ct));
    }
}

public sealed class SqliteAnnualPageTests(SqliteHost fixture) : AnnualPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresAnnualPageTests(PostgresHost fixture) : AnnualPageTests(fixture), IClassFixture<PostgresHost>;
