using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Assessment;
using Jingzhun.Web.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// Assessment projects on the web, on both engines: the province creates, draws, assigns, starts and closes a project
/// through the pages and the API; the county officer, the auditor and the cadre are refused (403) at every step, by the
/// API and by the page forms, with nothing changed; a second draw is 409; the county, township and village see no sample
/// row (nor the seed) until the visits start and then see their area's; the assessor sees its own rows and none after close.
/// </summary>
public abstract class ProjectPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Province = "990000000000";
    private const string County = "990121000000";

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string tokenFrom, string url, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(tokenFrom, Ct);
        fields["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields), Ct);
    }

    private async Task<(AssessmentState State, int Rows, int Projects)> StateAsync(long id)
    {
        await using var db = Host.OpenDatabase();
        return (await db.AssessmentProjects.Where(p => p.Id == id).Select(p => p.State).SingleAsync(Ct),
            await db.SampledHouseholds.CountAsync(s => s.ProjectId == id && s.AssessorAccountId != null, Ct) * 1000 + await db.SampledHouseholds.CountAsync(s => s.ProjectId == id, Ct),
            await db.AssessmentProjects.CountAsync(Ct));
    }

    private static async Task<JsonArray> SampleAsync(HttpClient client, long id)
    {
        var response = await client.GetAsync($"/api/assessment/projects/{id}/sample", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsArray();
    }

    private async Task RefusedAsync(IEnumerable<HttpClient> clients, long id, string step, object? body = null)
    {
        foreach (var client in clients)
        {
            var before = await StateAsync(id);
            var response = await client.PostAsJsonAsync($"/api/assessment/projects/{id}/{step}", body ?? new { }, WriteRoutes.Json, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal(before, await StateAsync(id));
        }
    }

    [Fact]
    public async Task The_province_runs_a_project_and_every_other_role_is_refused_with_the_sample_hidden_until_the_visits()
    {
        var province = await Host.SignInAsync("province");
        var county = await Host.SignInAsync("county");
        var township = await Host.SignInAsync("township");
        var village = await Host.SignInAsync("village");
        var auditor = await Host.SignInAsync("auditor");
        var cadre = await Host.SignInAsync("cadre");
        var assessor = await Host.SignInAsync("assessor");
        HttpClient[] wrong = [county, auditor, cadre];

        // Only organisers get the form; others are refused by the API and by the form alike.
        Assert.Contains("id=\"assessment-new-form\"", (await province.GetPageAsync($"/assessment/projects/{Province}")).Html, StringComparison.Ordinal);
        var (countyStatus, countyList) = await county.GetPageAsync($"/assessment/projects/{County}");
        Assert.Equal(HttpStatusCode.OK, countyStatus);
        Assert.DoesNotContain("id=\"assessment-new-form\"", countyList, StringComparison.Ordinal);
        int projects;
        await using (var db = Host.OpenDatabase()) projects = await db.AssessmentProjects.CountAsync(Ct);
        foreach (var client in wrong)
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/assessment/projects", WriteRoutes.AssessmentProject(), WriteRoutes.Json, Ct)).StatusCode);
        var form = new Dictionary<string, string>
        {
            ["Form.Name"] = "示例县退出专项评估检查", ["Form.Year"] = "2026", ["Form.Kind"] = "CountyExit", ["Form.Design"] = "Stratified",
            ["Form.Counties"] = County, ["Form.Seed"] = "20261203", ["Form.Margin"] = "0.08", ["Form.Confidence"] = "0.9", ["Form.ExpectedRate"] = "0.1",
            ["Form.ClusterCorrelation"] = "0.05", ["Form.HouseholdsPerVillage"] = "5", ["Form.UnregisteredPerVillage"] = "1",
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(county, $"/assessment/projects/{County}", $"/assessment/projects/{County}", new(form))).StatusCode);
        await using (var db = Host.OpenDatabase()) Assert.Equal(projects, await db.AssessmentProjects.CountAsync(Ct));
        // A bad value comes back on the form.
        var bad = await PostFormAsync(province, $"/assessment/projects/{Province}", $"/assessment/projects/{Province}", new(form) { ["Form.Margin"] = "0.5" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("error-summary", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var created = await PostFormAsync(province, $"/assessment/projects/{Province}", $"/assessment/projects/{Province}", new(form));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detail = created.Headers.Location!.OriginalString;
        var id = long.Parse(detail.Split('/')[^1].Split('?')[0]);

        // Draw: refused to the wrong roles (API and form), done once by the province through its form, a second draw 409.
        await RefusedAsync(wrong, id, "draw");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(county, $"/assessment/projects/detail/{id}", $"/assessment/projects/detail/{id}?handler=Draw", [])).StatusCode);
        Assert.Equal(AssessmentState.Draft, (await StateAsync(id)).State);
        Assert.DoesNotContain("id=\"draw-form\"", (await county.GetPageAsync($"/assessment/projects/detail/{id}")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(province, $"/assessment/projects/detail/{id}", $"/assessment/projects/detail/{id}?handler=Draw", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await province.PostAsync($"/api/assessment/projects/{id}/draw", null, Ct)).StatusCode);

        var drawn = await SampleAsync(province, id);
        Assert.NotEmpty(drawn);
        foreach (var client in new[] { county, township, village }) Assert.Empty(await SampleAsync(client, id));
        var (_, countyDetail) = await county.GetPageAsync($"/assessment/projects/detail/{id}");
        Assert.Contains("id=\"sample-empty\"", countyDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("20261203", countyDetail, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(await county.GetStringAsync($"/api/assessment/projects/{id}", Ct))!["seed"]);
        Assert.Equal(20261203L, (long)JsonNode.Parse(await province.GetStringAsync($"/api/assessment/projects/{id}", Ct))!["seed"]!);
        Assert.Contains("id=\"sample-table\"", (await province.GetPageAsync($"/assessment/projects/detail/{id}")).Html, StringComparison.Ordinal);

        // Assign (the province picks the assessor on the form), start, each refused to the wrong roles first.
        int assessorId;
        await using (var db = Host.OpenDatabase()) assessorId = await db.Accounts.Where(a => a.UserName == "assessor").Select(a => a.Id).SingleAsync(Ct);
        await RefusedAsync(wrong, id, "assign", new { assessorAccountIds = new[] { assessorId } });
        await RefusedAsync(wrong, id, "start");
        Assert.Equal(HttpStatusCode.Conflict, (await province.PostAsync($"/api/assessment/projects/{id}/start", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(province, $"/assessment/projects/detail/{id}", $"/assessment/projects/detail/{id}?handler=Assign",
            new() { ["assessors"] = assessorId.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(county, $"/assessment/projects/detail/{id}", $"/assessment/projects/detail/{id}?handler=Start", [])).StatusCode);
        foreach (var client in new[] { county, township, village }) Assert.Empty(await SampleAsync(client, id));
        Assert.Equal(HttpStatusCode.OK, (await province.PostAsync($"/api/assessment/projects/{id}/start", null, Ct)).StatusCode);

        // Visits: the county sees the whole sample, the township and village their own, the assessor its households.
        var all = await SampleAsync(province, id);
        Assert.Equal(all.Count, (await SampleAsync(county, id)).Count);
        Assert.Equal(all.Count(s => ((string)s!["villageCode"]!).StartsWith("990121001")), (await SampleAsync(township, id)).Count);
        Assert.Equal(all.Count(s => (string)s!["villageCode"]! == "990121001001"), (await SampleAsync(village, id)).Count);
        var mine = await SampleAsync(assessor, id);
        Assert.Equal(all.Count(s => (int?)s!["assessorAccountId"] == assessorId), mine.Count);
        Assert.All(mine, s => Assert.Equal(assessorId, (int)s!["assessorAccountId"]!));
        Assert.Contains("id=\"sample-table\"", (await county.GetPageAsync($"/assessment/projects/detail/{id}")).Html, StringComparison.Ordinal);

        // Close: refused to the wrong roles, needs a reason, then the assessor sees nothing.
        await RefusedAsync(wrong, id, "close", new { reason = "越权结束" });
        Assert.Equal(HttpStatusCode.BadRequest, (await province.PostAsJsonAsync($"/api/assessment/projects/{id}/close", new { reason = " " }, WriteRoutes.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(province, $"/assessment/projects/detail/{id}", $"/assessment/projects/detail/{id}?handler=Close",
            new() { ["reason"] = "入户核查完成" })).StatusCode);
        Assert.Equal(AssessmentState.Closed, (await StateAsync(id)).State);
        var after = await assessor.GetAsync($"/api/assessment/projects/{id}/sample", Ct);
        Assert.True(after.StatusCode == HttpStatusCode.NotFound || JsonNode.Parse(await after.Content.ReadAsStringAsync(Ct))!.AsArray().Count == 0);
        Assert.Equal(all.Count, (await SampleAsync(county, id)).Count);
    }

    [Fact]
    public async Task The_pages_fit_a_phone_and_speak_both_languages()
    {
        var province = await Host.SignInAsync("province");
        var response = await province.PostAsJsonAsync("/api/assessment/projects", WriteRoutes.AssessmentProject(5), WriteRoutes.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
        var (status, html) = await province.GetPageAsync($"/assessment/projects/detail/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        // Wide tables scroll inside their box instead of widening the page; no enum name leaks into the text.
        Assert.Contains("<div class=\"scroll\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Stratified<", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Draft<", html, StringComparison.Ordinal);
        Assert.Contains("分层随机抽样", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteAssessmentProjectPageTests(SqliteHost fixture) : ProjectPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresAssessmentProjectPageTests(PostgresHost fixture) : ProjectPageTests(fixture), IClassFixture<PostgresHost>;
