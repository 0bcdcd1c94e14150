using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Tests.Assistance;
using Jingzhun.Web.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// The project library on the web, on both engines: a project runs its whole lifecycle through the API and the page's
/// forms with the right roles (village proposes, township reviews, county approves, the plan disclosure runs on the
/// adjustable clock and an open objection holds the start until it is resolved, township starts and completes, the
/// completion disclosure runs, county accepts, an asset is added, county hands over, village operates), and every wrong
/// role is refused (403) with nothing changed; a PUT cannot move the stage; documents are told by their content.
/// </summary>
public abstract class ProjectPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";

    private async Task<long> ProposeAsync(HttpClient village)
    {
        var response = await village.PostAsJsonAsync("/api/funds/projects", WriteRoutes.ProjectProposal(Village), WriteRoutes.Json, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
    }

    private async Task<(ProjectStage Stage, int Steps)> StateAsync(long id)
    {
        await using var db = Host.OpenDatabase();
        return (await db.Projects.Where(p => p.Id == id).Select(p => p.Stage).SingleAsync(Ct), await db.ProjectSteps.CountAsync(s => s.ProjectId == id, Ct));
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient client, long id, string action, string comment = "", string? on = null) =>
        client.PostAsJsonAsync($"/api/funds/projects/{id}/steps", new { action, comment, on }, Ct);

    private async Task AdvanceAsync(HttpClient client, long id, ProjectStage to)
    {
        var response = await StepAsync(client, id, "advance", "同意");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(to.ToString(), (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["stage"]!);
    }

    private async Task RefusedAsync(HttpClient client, long id, string action = "advance", HttpStatusCode expected = HttpStatusCode.Forbidden)
    {
        var before = await StateAsync(id);
        var response = await StepAsync(client, id, action, "越权");
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(before, await StateAsync(id));
    }

    private static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient client, long id, string handler, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var html = await client.GetStringAsync(tokenFrom ?? $"/funds/projects/detail/{id}", Ct);
        fields["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html);
        return await client.PostAsync($"/funds/projects/detail/{id}?handler={handler}", new FormUrlEncodedContent(fields), Ct);
    }

    [Fact]
    public async Task A_project_runs_its_whole_lifecycle_with_the_right_roles_and_the_wrong_ones_are_refused()
    {
        var village = await Host.SignInAsync("village");
        var township = await Host.SignInAsync("township");
        var county = await Host.SignInAsync("county");
        var auditor = await Host.SignInAsync("auditor");

        // The list offers "new project" to the village, not to the auditor; the form needs the 四议两公开 record.
        Assert.Contains("id=\"project-new\"", (await village.GetPageAsync($"/funds/projects/{Village}")).Html, StringComparison.Ordinal);
        var (auditorList, auditorHtml) = await auditor.GetPageAsync($"/funds/projects/{Village}");
        Assert.Equal(HttpStatusCode.OK, auditorList);
        Assert.DoesNotContain("id=\"project-new\"", auditorHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetPageAsync($"/funds/projects/new?region={Village}")).Status);
        var newPage = await village.GetStringAsync($"/funds/projects/new?region={Village}", Ct);
        Assert.Contains("id=\"deliberation\"", newPage, StringComparison.Ordinal);
        var bare = await village.PostAsync($"/funds/projects/new?region={Village}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(newPage), ["Form.Name"] = "无决议项目", ["Form.Type"] = "Industry", ["Form.Year"] = "2026",
            ["Form.Content"] = "内容",
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode); // shown again with the missing decision named
        Assert.Contains("Form.DeliberatedOn", await bare.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var id = await ProposeAsync(village);
        long household;
        await using (var db = Host.OpenDatabase())
            household = await db.Households.Where(h => h.VillageCode == Village).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        Assert.Equal(HttpStatusCode.Created, (await village.PostAsJsonAsync($"/api/funds/projects/{id}/beneficiaries", new { householdId = household }, Ct)).StatusCode);

        // The project page: the village may edit; the township's posted edit form is refused.
        var (_, villagePage) = await village.GetPageAsync($"/funds/projects/detail/{id}");
        Assert.Contains("id=\"project-edit-form\"", villagePage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"step-advance-form\"", villagePage, StringComparison.Ordinal);
        var (_, townshipPage) = await township.GetPageAsync($"/funds/projects/detail/{id}");
        Assert.DoesNotContain("id=\"project-edit-form\"", townshipPage, StringComparison.Ordinal);
        Assert.Contains("id=\"step-advance-form\"", townshipPage, StringComparison.Ordinal);
        var name = (await StateAsync(id), await NameAsync(id));
        var townshipEdit = await PostPageFormAsync(township, id, "Edit", new() { ["Form.Name"] = "乡镇改名", ["Form.Type"] = "Industry", ["Form.Content"] = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, townshipEdit.StatusCode);
        var auditorStep = await PostPageFormAsync(auditor, id, "Step", new() { ["action"] = "advance", ["comment"] = "越权" });
        Assert.Equal(HttpStatusCode.Forbidden, auditorStep.StatusCode);
        Assert.Equal(name, (await StateAsync(id), await NameAsync(id)));

        // Village may not review; township reviews; village may not approve; county budgets and approves.
        await RefusedAsync(village, id);
        await RefusedAsync(auditor, id);
        await AdvanceAsync(township, id, ProjectStage.Reviewed);
        await RefusedAsync(village, id);
        await RefusedAsync(township, id);
        await RefusedAsync(county, id, expected: HttpStatusCode.Conflict); // no budget yet
        Assert.Equal(HttpStatusCode.Created, (await county.PostAsJsonAsync($"/api/funds/projects/{id}/funding", new { source = "LocalFiscal", amount = 80000m }, Ct)).StatusCode);
        await AdvanceAsync(county, id, ProjectStage.Approved);

        // The plan disclosure runs; an objection holds the start until the county resolves it.
        await RefusedAsync(township, id, expected: HttpStatusCode.Conflict);
        long objectionId;
        await using (var db = Host.OpenDatabase())
        {
            var plan = await db.Disclosures.SingleAsync(d => d.ProjectId == id && d.Kind == DisclosureKind.ProjectPlan, Ct);
            var objection = new DisclosureObjection { DisclosureId = plan.Id, RegionCode = plan.RegionCode, SubmittedBy = "public", Text = "选址占用耕地" };
            db.DisclosureObjections.Add(objection);
            await db.SaveChangesAsync(Ct);
            objectionId = objection.Id;
        }
        var detail = JsonNode.Parse(await county.GetStringAsync($"/api/funds/projects/{id}", Ct))!;
        Assert.Equal(1, (int)detail["disclosures"]![0]!["openObjections"]!);
        Host.Clock.Advance(TimeSpan.FromDays(11));
        // Sessions end with the days that pass: everyone signs in again.
        (village, township, county, auditor) = (await Host.SignInAsync("village"), await Host.SignInAsync("township"), await Host.SignInAsync("county"),
            await Host.SignInAsync("auditor"));
        await RefusedAsync(township, id, expected: HttpStatusCode.Conflict);
        await using (var db = Host.OpenDatabase())
        {
            var objection = await db.DisclosureObjections.SingleAsync(o => o.Id == objectionId, Ct);
            objection.Status = ObjectionStatus.Dismissed;
            objection.Outcome = "经核实不占用耕地";
            objection.ResolvedBy = "county";
            objection.ResolvedAt = Host.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(Ct);
        }
        await RefusedAsync(county, id);
        await AdvanceAsync(township, id, ProjectStage.Started);

        // The township completes with the page's form; it may not accept, the auditor may do nothing.
        var completed = await PostPageFormAsync(township, id, "Step", new() { ["action"] = "advance", ["comment"] = "完工", ["on"] = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.Equal(ProjectStage.Completed, (await StateAsync(id)).Stage);
        await RefusedAsync(township, id);
        await RefusedAsync(auditor, id);
        await RefusedAsync(auditor, id, "reject");
        await RefusedAsync(county, id, expected: HttpStatusCode.Conflict); // the completion disclosure is still running
        Host.Clock.Advance(TimeSpan.FromDays(11));
        // Sessions end with the days that pass: everyone signs in again.
        (village, township, county, auditor) = (await Host.SignInAsync("village"), await Host.SignInAsync("township"), await Host.SignInAsync("county"),
            await Host.SignInAsync("auditor"));
        await AdvanceAsync(county, id, ProjectStage.Accepted);

        // Handover needs an asset; then the county hands over and the village operates.
        var noAsset = await StepAsync(county, id, "advance");
        Assert.Equal(HttpStatusCode.Conflict, noAsset.StatusCode);
        Assert.Contains("资产", await noAsset.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using (var db = Host.OpenDatabase())
        {
            db.Assets.Add(new ProjectAsset { ProjectId = id, RegionCode = Village, Name = "蔬菜大棚", Class = AssetClass.Operating, Ownership = AssetOwnership.VillageCollective, Value = new Money(80000m) });
            await db.SaveChangesAsync(Ct);
        }
        await RefusedAsync(township, id);
        await AdvanceAsync(county, id, ProjectStage.HandedOver);
        await RefusedAsync(auditor, id);
        await AdvanceAsync(village, id, ProjectStage.Operating);

        var final = JsonNode.Parse(await auditor.GetStringAsync($"/api/funds/projects/{id}", Ct))!;
        Assert.Equal(["Proposed", "Reviewed", "Approved", "Started", "Completed", "Accepted", "HandedOver", "Operating"],
            final["steps"]!.AsArray().Select(s => (string)s!["to"]!));
        Assert.Equal(["village", "township", "county", "township", "township", "county", "county", "village"],
            final["steps"]!.AsArray().Select(s => (string)s!["actor"]!));
        var (auditorStatus, auditorDetail) = await auditor.GetPageAsync($"/funds/projects/detail/{id}");
        Assert.Equal(HttpStatusCode.OK, auditorStatus);
        foreach (var form in new[] { "step-advance-form", "step-return-form", "project-edit-form", "funding-form", "beneficiary-form", "document-form", "end-form-" })
            Assert.DoesNotContain($"id=\"{form}", auditorDetail, StringComparison.Ordinal);
        Assert.Contains("id=\"stage-bar\"", auditorDetail, StringComparison.Ordinal);
    }

    private async Task<string> NameAsync(long id)
    {
        await using var db = Host.OpenDatabase();
        return await db.Projects.Where(p => p.Id == id).Select(p => p.Name).SingleAsync(Ct);
    }

    [Fact]
    public async Task A_put_cannot_move_the_stage_and_ignores_fields_it_does_not_know()
    {
        var village = await Host.SignInAsync("village");
        var id = await ProposeAsync(village);
        var before = await StateAsync(id);
        var body = new JsonObject
        {
            ["name"] = "改名后的项目", ["type"] = "Infrastructure", ["content"] = "新内容", ["beneficiaryPeople"] = 40,
            ["stage"] = "Operating", ["number"] = "XM0000", ["regionCode"] = "990121002001", ["version"] = 99,
        };
        var response = await village.PutAsync($"/api/funds/projects/{id}", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(("改名后的项目", "Proposed", Village), ((string)json["name"]!, (string)json["stage"]!, (string)json["regionCode"]!));
        Assert.StartsWith("XM2026990121", (string)json["number"]!, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(id));
        Assert.DoesNotContain(typeof(Web.Funds.ProjectsApi.EditRequest).GetProperties(), p => p.Name == "Stage");
    }

    [Fact]
    public async Task Documents_are_told_by_their_content_and_read_only_inside_the_projects_region()
    {
        var village = await Host.SignInAsync("village");
        var id = await ProposeAsync(village);
        static MultipartFormDataContent File(string name, byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return new MultipartFormDataContent { { content, "file", name } };
        }
        // A program renamed to look like a PDF is refused; nothing is stored.
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        new Random(7).NextBytes(exe.AsSpan(2));
        var refused = await village.PostAsync($"/api/funds/projects/{id}/documents", File("会议纪要.pdf", exe, "application/pdf"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var png = Images.Png(60, 40);
        var taken = await village.PostAsync($"/api/funds/projects/{id}/documents", File("现场照片.png", png, "application/octet-stream"), Ct);
        Assert.True(taken.StatusCode == HttpStatusCode.Created, await taken.Content.ReadAsStringAsync(Ct));
        var doc = JsonNode.Parse(await taken.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("image/png", (string)doc["contentType"]!);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), (string)doc["sha256"]!);
        await using (var db = Host.OpenDatabase())
            Assert.Equal(1, await db.ProjectDocuments.CountAsync(d => d.ProjectId == id, Ct));

        var url = (string)doc["url"]!;
        var back = await village.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(png, await back.Content.ReadAsByteArrayAsync(Ct));
        var pageBack = await village.GetAsync($"/funds/projects/detail/{id}?handler=Document&documentId={(long)doc["id"]!}", Ct);
        Assert.Equal(png, await pageBack.Content.ReadAsByteArrayAsync(Ct));

        // Another township finds neither the document nor the project; the auditor reads but may not upload.
        var other = await TeamsPageTests.OtherTownshipAsync(Host);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/funds/projects/detail/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/funds/projects/detail/{id}?handler=Document&documentId={(long)doc["id"]!}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/funds/projects/{id}/documents", File("x.png", png, "image/png"), Ct)).StatusCode);
        var auditor = await Host.SignInAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync($"/api/funds/projects/{id}/documents", File("x.png", png, "image/png"), Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
            Assert.Equal(1, await db.ProjectDocuments.CountAsync(d => d.ProjectId == id, Ct));
    }
}

public sealed class SqliteProjectPageTests(SqliteHost fixture) : ProjectPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresProjectPageTests(PostgresHost fixture) : ProjectPageTests(fixture), IClassFixture<PostgresHost>;
