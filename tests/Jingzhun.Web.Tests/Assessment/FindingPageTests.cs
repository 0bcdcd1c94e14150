using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Assessment;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// Findings through the pages and the API, on both engines: the county raises a finding of a village on the area page, the
/// village reports its rectification with evidence on the finding's page and the county signs it off; through the API the wrong
/// roles and levels are refused (403, nothing stored), evidence that is not a real file is 400, a finding outside the reader's
/// region is 404, and an overdue finding is on the overdue list of the county and every level above, whose xlsx opens.
/// </summary>
public abstract class FindingPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";
    private const string Village = "990121001001";
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    private DateOnly Today => DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    private static MultipartFormDataContent Evidence(byte[] bytes, string name = "整改验收.pdf", string? measures = "已完成整改并验收", string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { file, field, name } };
        if (measures is not null) content.Add(new StringContent(measures), "measures");
        return content;
    }

    private object Body(string area, string title, DateOnly? foundOn = null, DateOnly? deadline = null) => new
    {
        regionCode = area, source = "Patrol", severity = "Serious", title, description = "巡查发现问题", responsibleUnit = "高峰村民委员会",
        foundOn = foundOn?.ToString("yyyy-MM-dd"), deadline = deadline?.ToString("yyyy-MM-dd"),
    };

    private async Task<string> StateAsync()
    {
        await using var db = Host.OpenDatabase();
        return string.Join(",", await db.Findings.OrderBy(f => f.Id).Select(f => $"{f.Id}:{f.State}:{f.Version}").ToListAsync(Ct))
            + "|" + await db.Rectifications.CountAsync(Ct);
    }

    [Fact]
    public async Task The_county_raises_on_the_page_the_village_reports_with_evidence_and_the_county_signs_it_off()
    {
        var county = await Host.SignInAsync("county");
        var village = await Host.SignInAsync("village");
        var village2 = await Host.SignInAsync("village2");

        var form = await county.GetFormAsync($"/assessment/findings/{County}", "raise-form");
        form["Raise.RegionCode"] = Village;
        form["Raise.Title"] = "危房改造资金未及时拨付";
        form["Raise.Description"] = "督查发现两户危房改造补助资金滞留乡镇";
        form["Raise.ResponsibleUnit"] = "高峰村民委员会";
        var (raised, raisedHtml) = await county.PostFormAsync($"/assessment/findings/{County}?handler=Raise", form);
        Assert.True(raised.StatusCode == HttpStatusCode.Redirect, System.Text.RegularExpressions.Regex.Match(raisedHtml, "field-error\">[^<]*").Value);
        var location = raised.Headers.Location!.OriginalString;
        var id = long.Parse(location["/assessment/findings/detail/".Length..]);
        // A missing title comes back at the form.
        form["Raise.Title"] = "";
        var (refused, refusedHtml) = await county.PostFormAsync($"/assessment/findings/{County}?handler=Raise", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("须填写问题标题", refusedHtml, StringComparison.Ordinal);

        // The village sees the report form (not the answer form); the neighbouring village does not see the finding.
        var (status, page) = await village.GetPageAsync(location);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"report\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"answer\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"withdraw\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await village2.GetAsync(location, Ct)).StatusCode);

        var upload = Evidence(Pdf, field: "evidence", measures: null);
        upload.Add(new StringContent(HtmlForm.AntiforgeryToken(page)), "__RequestVerificationToken");
        upload.Add(new StringContent("资金已拨付到户，附拨付凭证"), "Measures");
        var reported = await village.PostAsync($"{location}?handler=Report", upload, Ct);
        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);

        // The county answers on the page: signed off; the evidence downloads.
        var (countyStatus, countyPage) = await county.GetPageAsync(location);
        Assert.Equal(HttpStatusCode.OK, countyStatus);
        Assert.Contains("id=\"answer\"", countyPage, StringComparison.Ordinal);
        var answer = HtmlForm.Parse(countyPage, "answer");
        answer["Accepted"] = "true";
        answer["Answer"] = "核查属实，同意销号";
        var (answered, _) = await county.PostFormAsync($"{location}?handler=Answer", answer);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var finding = await db.Findings.Include(f => f.Rectifications).SingleAsync(f => f.Id == id, Ct);
            Assert.Equal(FindingState.SignedOff, finding.State);
            Assert.Equal("county", finding.ClosedBy);
            var rectification = Assert.Single(finding.Rectifications);
            Assert.Equal(Pdf, (await county.GetByteArrayAsync($"/api/assessment/rectifications/{rectification.Id}/evidence", Ct)));
            Assert.Equal(HttpStatusCode.NotFound, (await village2.GetAsync($"/api/assessment/rectifications/{rectification.Id}/evidence", Ct)).StatusCode);
        }
        // A page post without the anti-forgery token is refused.
        var forged = await county.PostAsync($"{location}?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string> { ["Reason"] = "x" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var (_, list) = await county.GetPageAsync($"/assessment/findings/{County}");
        Assert.Contains($"/assessment/findings/detail/{id}", list, StringComparison.Ordinal);
        Assert.Contains("/assessment/findings/990121001000", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_refuses_wrong_roles_and_levels_and_lists_an_overdue_finding_at_every_level_above()
    {
        var county = await Host.SignInAsync("county");
        var village = await Host.SignInAsync("village");
        var village2 = await Host.SignInAsync("village2");
        var township = await Host.SignInAsync("township");
        var before = await StateAsync();
        foreach (var user in new[] { "auditor", "assessor", "cadre", "village" })
        {
            var client = await Host.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/assessment/findings", Body(Village, "不应保存"), Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await township.PostAsJsonAsync("/api/assessment/findings", Body("990121002001", "别的乡镇"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync("/api/assessment/findings", Body(Village, ""), Ct)).StatusCode);
        Assert.Equal(before, await StateAsync());

        // Raised 40 days ago with a deadline 10 days ago: overdue.
        var created = await county.PostAsJsonAsync("/api/assessment/findings", Body(Village, "产业项目逾期未完工", Today.AddDays(-40), Today.AddDays(-10)), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var finding = await JsonAsync(created);
        var id = (long)finding["id"]!;
        Assert.StartsWith($"ZG{Today.AddDays(-40).Year}990121-", (string)finding["number"]!, StringComparison.Ordinal);
        Assert.True((bool)finding["overdue"]!);

        foreach (var (user, area) in new[] { ("county", County), ("city", "990100000000"), ("province", "990000000000"), ("nation", "000000000000") })
        {
            var client = await Host.SignInAsync(user);
            var overdue = await JsonAsync(await client.GetAsync($"/api/assessment/findings/overdue/{area}?pageSize=1000", Ct));
            Assert.Contains(overdue["rows"]!.AsArray(), r => (long)r!["id"]! == id);
            var report = await JsonAsync(await client.GetAsync($"/api/assessment/findings/report/{area}", Ct));
            Assert.True((int)report["area"]!["counts"]!["overdue"]! >= 1);
            var xlsx = await client.GetAsync($"/api/assessment/findings/overdue/{area}.xlsx", Ct);
            Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
            var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true)
                .Cast<IDictionary<string, object>>().ToList();
            Assert.Contains(rows, r => (string)r["问题编号 Number"] == (string)finding["number"]!);
        }
        // Outside the reader's region: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await village2.GetAsync($"/api/assessment/findings/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await village2.GetAsync($"/api/assessment/findings/overdue/{Village}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/api/assessment/findings/overdue/990122000000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await village2.PostAsync($"/api/assessment/findings/{id}/rectifications", Evidence(Pdf), Ct)).StatusCode);

        // Evidence that is not a real file is 400; the county above may not report; the village's own report is taken.
        before = await StateAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await village.PostAsync($"/api/assessment/findings/{id}/rectifications", Evidence("not a pdf"u8.ToArray()), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"/api/assessment/findings/{id}/rectifications", Evidence(Pdf), Ct)).StatusCode);
        Assert.Equal(before, await StateAsync());
        var reported = await village.PostAsync($"/api/assessment/findings/{id}/rectifications", Evidence(Pdf), Ct);
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var rectification = (long)(await JsonAsync(reported))["rectifications"]![0]!["id"]!;

        // The village may not sign off its own; the township may not answer the county's; answered once.
        before = await StateAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await village.PostAsJsonAsync($"/api/assessment/rectifications/{rectification}/answer", new { accepted = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await township.PostAsJsonAsync($"/api/assessment/rectifications/{rectification}/answer", new { accepted = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await township.PostAsJsonAsync($"/api/assessment/findings/{id}/withdraw", new { reason = "错报" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/assessment/rectifications/{rectification}/answer", new { accepted = false }, Ct)).StatusCode);
        Assert.Equal(before, await StateAsync());
        var sentBack = await county.PostAsJsonAsync($"/api/assessment/rectifications/{rectification}/answer", new { accepted = false, answer = "佐证不全" }, Ct);
        Assert.Equal(HttpStatusCode.OK, sentBack.StatusCode);
        Assert.Equal("Open", (string)(await JsonAsync(sentBack))["state"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostAsJsonAsync($"/api/assessment/rectifications/{rectification}/answer", new { accepted = true }, Ct)).StatusCode);

        // A withdrawal needs its reason; then the finding is off the overdue list.
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/assessment/findings/{id}/withdraw", new { reason = " " }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsJsonAsync($"/api/assessment/findings/{id}/withdraw", new { reason = "经复核属重复提出" }, Ct)).StatusCode);
        var after = await JsonAsync(await county.GetAsync($"/api/assessment/findings/overdue/{County}?pageSize=1000", Ct));
        Assert.DoesNotContain(after["rows"]!.AsArray(), r => (long)r!["id"]! == id);
        var listed = await JsonAsync(await county.GetAsync($"/api/assessment/findings?region={County}&state=Withdrawn", Ct));
        Assert.Contains(listed["rows"]!.AsArray(), r => (long)r!["id"]! == id);
    }
}

public sealed class SqliteFindingPageTests(SqliteHost fixture) : FindingPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresFindingPageTests(PostgresHost fixture) : FindingPageTests(fixture), IClassFixture<PostgresHost>;
