using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// Objections to fund and project disclosures on the staff side: the roles of FundRoles.HandleObjections in the disclosure's
/// region record and resolve them, any other role is refused (403) and another village's clerk does not find the disclosure
/// (404); an upheld objection to a project's disclosure is followed by posting the corrected project again, which holds the
/// project until the new posting has run clean; auditors read objections and change nothing.
/// </summary>
public abstract class DisclosureObjectionTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Resolving_by_a_role_that_does_not_handle_objections_is_refused_and_the_village_resolves()
    {
        var project = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct);
        var objectionId = await PublicObjectionAsync(project.DisclosureId, "受益户名单不实");
        var url = $"/api/funds/disclosures/{project.DisclosureId}/objections/{objectionId}/resolve";

        foreach (var user in new[] { "city", "auditor" })
        {
            var refused = await (await Host.SignInAsync(user)).PostAsJsonAsync(url, new { upheld = true, outcome = "越权处理" }, Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{user}: {(int)refused.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await Host.SignInAsync("village2")).PostAsJsonAsync(url, new { upheld = true, outcome = "别村" }, Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
            Assert.Equal(ObjectionStatus.Open, (await db.DisclosureObjections.SingleAsync(o => o.Id == objectionId, Ct)).Status);

        var village = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.BadRequest, (await village.PostAsJsonAsync(url, new { upheld = false, outcome = " " }, Ct)).StatusCode);
        var resolved = await village.PostAsJsonAsync(url, new { upheld = false, outcome = "经核实，该户仍在村居住，异议不成立" }, Ct);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await village.PostAsJsonAsync(url, new { upheld = true, outcome = "再次处理" }, Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var objection = await db.DisclosureObjections.SingleAsync(o => o.Id == objectionId, Ct);
            Assert.Equal(ObjectionStatus.Dismissed, objection.Status);
            Assert.Equal("village", objection.ResolvedBy);
        }
        // The outcome is published; the objector's words are not.
        var publicPage = await Host.CreateClient().GetStringAsync($"/public/funds/disclosures/{project.DisclosureId}", Ct);
        Assert.Contains("该户仍在村居住", publicPage);
        Assert.DoesNotContain("受益户名单不实", publicPage);
    }

    [Fact]
    public async Task An_upheld_objection_is_followed_by_a_repost_that_holds_the_project_until_the_new_posting_runs_clean()
    {
        var project = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct);
        var objectionId = await PublicObjectionAsync(project.DisclosureId, "受益户中有一户是村干部亲属");
        var village = await Host.SignInAsync("village");
        var repostUrl = $"/api/funds/disclosures/{project.DisclosureId}/repost";

        // Nothing to post again while the objection is open.
        Assert.Equal(HttpStatusCode.Conflict, (await village.PostAsync(repostUrl, null, Ct)).StatusCode);
        var upheld = await village.PostAsJsonAsync($"/api/funds/disclosures/{project.DisclosureId}/objections/{objectionId}/resolve",
            new { upheld = true, outcome = "异议成立，调整受益户后重新公示" }, Ct);
        Assert.Equal(HttpStatusCode.OK, upheld.StatusCode);
        var detail = await village.GetFromJsonAsync<JsonElement>($"/api/funds/disclosures/{project.DisclosureId}", Ct);
        Assert.True(detail.GetProperty("mayRepost").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Host.SignInAsync("auditor")).PostAsync(repostUrl, null, Ct)).StatusCode);

        var reposted = await village.PostAsync(repostUrl, null, Ct);
        Assert.Equal(HttpStatusCode.Created, reposted.StatusCode);
        var newId = (await reposted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await village.PostAsync(repostUrl, null, Ct)).StatusCode); // once only
        await using (var db = Host.OpenDatabase())
        {
            var first = await db.Disclosures.SingleAsync(d => d.Id == project.DisclosureId, Ct);
            var second = await db.Disclosures.SingleAsync(d => d.Id == newId, Ct);
            Assert.NotNull(first.ClosedAt);
            Assert.Equal(project.ProjectId, second.ProjectId);
            Assert.Equal(DisclosureKind.ProjectPlan, second.Kind);
            Assert.True(second.IsOpen(Now));
            Assert.True(second.EndsAt >= first.EndsAt && second.Id > first.Id);
            // The project is held: the new posting has not run.
            var p = await db.Projects.SingleAsync(x => x.Id == project.ProjectId, Ct);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Disclosures.RequireClearAsync(db, p, DisclosureKind.ProjectPlan, Now.AddDays(5), Ct));
        }
        // A further objection on the new posting holds it past its period too; resolved, the project may go.
        var second2 = await PublicObjectionAsync(newId, "仍有问题");
        await using (var db = Host.OpenDatabase())
        {
            var p = await db.Projects.SingleAsync(x => x.Id == project.ProjectId, Ct);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Disclosures.RequireClearAsync(db, p, DisclosureKind.ProjectPlan, Now.AddDays(30), Ct));
        }
        Assert.Equal(HttpStatusCode.OK, (await village.PostAsJsonAsync($"/api/funds/disclosures/{newId}/objections/{second2}/resolve",
            new { upheld = false, outcome = "已调整，不成立" }, Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var p = await db.Projects.SingleAsync(x => x.Id == project.ProjectId, Ct);
            await Disclosures.RequireClearAsync(db, p, DisclosureKind.ProjectPlan, Now.AddDays(30), Ct);
        }
        // The public sees the new posting from the county page.
        var county = await Host.CreateClient().GetStringAsync($"/public/funds/{PublicFundsFixture.County}", Ct);
        Assert.Contains($"/public/funds/disclosures/{newId}\"", county);
    }

    [Fact]
    public async Task Auditors_read_disclosures_and_objections_and_change_nothing()
    {
        var project = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct);
        var objectionId = await PublicObjectionAsync(project.DisclosureId, "资金用途不清楚", "王某 13900002222");
        var auditor = await Host.SignInAsync("auditor");

        var list = await auditor.GetFromJsonAsync<JsonElement>($"/api/funds/disclosures?region={PublicFundsFixture.County}", Ct);
        var page = await auditor.GetStringAsync($"/funds/disclosures/detail/{project.DisclosureId}", Ct);
        var area = await auditor.GetStringAsync($"/funds/disclosures/{PublicFundsFixture.County}", Ct);

        // Those with open objections come first.
        Assert.True(list.GetProperty("rows")[0].GetProperty("openObjections").GetInt32() > 0);
        Assert.Contains(list.GetProperty("rows").EnumerateArray(), r => r.GetProperty("id").GetInt64() == project.DisclosureId);
        Assert.Contains("资金用途不清楚", page);
        Assert.Contains("13900002222", page);
        Assert.DoesNotContain($"resolve-{objectionId}", page);
        Assert.DoesNotContain("object-form", page);
        Assert.Contains($"/funds/disclosures/detail/{project.DisclosureId}\"", area);
        var token = ApiHost.AntiforgeryToken(page);
        var resolve = await auditor.PostAsync($"/funds/disclosures/detail/{project.DisclosureId}?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["objectionId"] = objectionId.ToString(), ["upheld"] = "true", ["outcome"] = "审计处理", ["__RequestVerificationToken"] = token,
        }), Ct);
        var record = await auditor.PostAsJsonAsync($"/api/funds/disclosures/{project.DisclosureId}/objections", new { text = "审计登记" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, resolve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, record.StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.Equal(ObjectionStatus.Open, (await db.DisclosureObjections.SingleAsync(o => o.Id == objectionId, Ct)).Status);
        Assert.Equal(1, await db.DisclosureObjections.CountAsync(o => o.DisclosureId == project.DisclosureId, Ct));
    }

    [Fact]
    public async Task The_village_records_and_resolves_an_objection_on_the_staff_page()
    {
        var project = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct);
        var village = await Host.SignInAsync("village");
        var page = await village.GetStringAsync($"/funds/disclosures/detail/{project.DisclosureId}", Ct);
        Assert.Contains("object-form", page);

        var recorded = await village.PostAsync($"/funds/disclosures/detail/{project.DisclosureId}?handler=Object", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "村民来电：大棚选址占用耕地", ["contact"] = "李某", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        long objectionId;
        await using (var db = Host.OpenDatabase())
        {
            var o = await db.DisclosureObjections.SingleAsync(x => x.DisclosureId == project.DisclosureId, Ct);
            Assert.Equal("village", o.SubmittedBy);
            objectionId = o.Id;
        }
        page = await village.GetStringAsync($"/funds/disclosures/detail/{project.DisclosureId}", Ct);
        Assert.Contains("大棚选址占用耕地", page);
        Assert.Contains($"resolve-{objectionId}", page);
        var resolved = await village.PostAsync($"/funds/disclosures/detail/{project.DisclosureId}?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["objectionId"] = objectionId.ToString(), ["upheld"] = "true", ["outcome"] = "选址调整", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        page = await village.GetStringAsync($"/funds/disclosures/detail/{project.DisclosureId}", Ct);
        Assert.Contains("repost-form", page);
        var reposted = await village.PostAsync($"/funds/disclosures/detail/{project.DisclosureId}?handler=Repost", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, reposted.StatusCode);
        Assert.Contains("/funds/disclosures/detail/", reposted.Headers.Location!.OriginalString);
        // Another village's clerk does not find it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Host.SignInAsync("village2")).GetAsync($"/funds/disclosures/detail/{project.DisclosureId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await Host.SignInAsync("village2")).GetAsync($"/funds/disclosures/{PublicFundsFixture.Village}", Ct)).StatusCode);
    }

    private async Task<long> PublicObjectionAsync(long disclosureId, string text, string contact = "")
    {
        var response = await Host.CreateClient().PostAsJsonAsync($"/api/public/funds/disclosures/{disclosureId}/objections", new { text, contact }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("receipt").GetInt64();
    }
}

public sealed class DisclosureObjectionsOnSqlite(SqliteHost host) : DisclosureObjectionTests(host), IClassFixture<SqliteHost>;

public sealed class DisclosureObjectionsOnPostgres(PostgresHost host) : DisclosureObjectionTests(host), IClassFixture<PostgresHost>;
