using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// The public disclosure of funds and projects (公告公示) through the real host, without sign-in: the county's page lists the
/// funds it received and its projects in the library with their disclosures, masked (no full resident ID, phone or bank
/// account anywhere, page or JSON; the masked ID is shown); a proposed project is not listed; an anonymous visitor objects
/// through the page (anti-forgery) or the API and gets a receipt number; an ended disclosure refuses (409).
/// </summary>
public abstract class PublicFundsTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task The_public_disclosure_page_of_a_county_lists_its_projects_and_funds_with_masked_personal_data_and_takes_an_objection_without_sign_in()
    {
        var allocation = await PublicFundsFixture.AllocationAsync(Host, 987_654.32m, Ct);
        var project = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct, allocationId: allocation.Id);
        var proposed = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Proposed, Now, Ct, kind: null);
        var anonymous = Anonymous();

        var (chooserStatus, chooser) = await GetAsync(anonymous, "/public/funds");
        var (status, county) = await GetAsync(anonymous, $"/public/funds/{PublicFundsFixture.County}");
        var (villageStatus, village) = await GetAsync(anonymous, $"/public/funds/{PublicFundsFixture.Village}");
        var (detailStatus, detail) = await GetAsync(anonymous, $"/public/funds/disclosures/{project.DisclosureId}");
        var json = await anonymous.GetStringAsync($"/api/public/funds/{PublicFundsFixture.County}", Ct);

        Assert.Equal(HttpStatusCode.OK, chooserStatus);
        Assert.Contains($"/public/funds/{PublicFundsFixture.County}\"", chooser);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("987,654.32", county); // the funds received, by year and source, with two decimals
        Assert.Contains(project.Name, county);
        Assert.Contains("125,000.50", county); // the budget, all funding lines
        Assert.Contains("30,000.00", county); // paid
        Assert.Contains($"/public/funds/disclosures/{project.DisclosureId}\"", county);
        Assert.DoesNotContain(proposed.Name, county);
        Assert.Equal(HttpStatusCode.OK, villageStatus);
        Assert.Contains(project.Name, village);
        Assert.DoesNotContain(proposed.Name, village);
        Assert.Equal(HttpStatusCode.OK, detailStatus);
        foreach (var h in project.Households)
        {
            var head = h.Members.Single(m => m.Relation == Relation.Head);
            Assert.Contains(h.Number, detail);
            Assert.Contains(head.Name, detail);
            Assert.Contains(Masking.ResidentId(head.ResidentId), detail);
        }
        Assert.Contains("objection-form", detail);
        var page = JsonDocument.Parse(json).RootElement;
        Assert.Contains(page.GetProperty("projects").EnumerateArray(), p => p.GetProperty("id").GetInt64() == project.ProjectId);
        Assert.DoesNotContain(page.GetProperty("projects").EnumerateArray(), p => p.GetProperty("id").GetInt64() == proposed.ProjectId);
        Assert.Contains(page.GetProperty("received").EnumerateArray(), r => r.GetProperty("amount").GetDecimal() >= 987_654.32m);
        foreach (var text in new[] { chooser, county, village, detail, json })
            PublicFundsFixture.AssertNoPersonalData(text, [.. project.Households, .. proposed.Households]);

        // An objection without sign-in: the page form (anti-forgery) answers the receipt number.
        var posted = await anonymous.PostAsync($"/public/funds/disclosures/{project.DisclosureId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "受益户名单中有一户已外出务工多年", ["contact"] = "13800001111", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(detail),
        }), Ct);
        var receiptPage = await posted.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var objection = await db.DisclosureObjections.SingleAsync(o => o.DisclosureId == project.DisclosureId, Ct);
            Assert.Equal("public", objection.SubmittedBy);
            Assert.Equal(ObjectionStatus.Open, objection.Status);
            Assert.Contains($">{objection.Id}<", receiptPage);
            Assert.Contains("receipt-number", receiptPage);
            // The objector's words and contact stay off the public page and out of the audit log.
            var again = (await GetAsync(anonymous, $"/public/funds/disclosures/{project.DisclosureId}")).Html;
            Assert.DoesNotContain("外出务工多年", again);
            Assert.DoesNotContain("13800001111", again);
            Assert.Contains("objection-outcomes", again);
            Assert.False(await db.AuditEntries.AnyAsync(a => (a.NewValue ?? "").Contains("外出务工多年") || (a.NewValue ?? "").Contains("13800001111"), Ct));
        }

        // And through the API, anonymous.
        var api = await anonymous.PostAsJsonAsync($"/api/public/funds/disclosures/{project.DisclosureId}/objections", new { text = "项目预算偏高" }, Ct);
        Assert.Equal(HttpStatusCode.Created, api.StatusCode);
        var receipt = (await api.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("receipt").GetInt64();
        await using (var db = Host.OpenDatabase())
            Assert.Equal("public", (await db.DisclosureObjections.SingleAsync(o => o.Id == receipt, Ct)).SubmittedBy);
    }

    [Fact]
    public async Task An_ended_disclosure_is_still_readable_for_a_while_but_refuses_objections_with_409()
    {
        var ended = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now.AddDays(-20), Ct);
        var anonymous = Anonymous();

        var (status, html) = await GetAsync(anonymous, $"/public/funds/disclosures/{ended.DisclosureId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("objections-closed", html);
        Assert.DoesNotContain("objection-form", html);

        var page = await anonymous.PostAsync($"/public/funds/disclosures/{ended.DisclosureId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "逾期异议", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(await FormPageAsync(anonymous)),
        }), Ct);
        var api = await anonymous.PostAsJsonAsync($"/api/public/funds/disclosures/{ended.DisclosureId}/objections", new { text = "逾期异议" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("公示已结束", await page.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.DisclosureObjections.AnyAsync(o => o.DisclosureId == ended.DisclosureId, Ct));
    }

    [Fact]
    public async Task Disclosures_long_ended_and_projects_not_in_the_library_are_not_public()
    {
        var old = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now.AddDays(-60), Ct);
        var proposed = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Proposed, Now, Ct);
        var rejected = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Rejected, Now, Ct);
        var anonymous = Anonymous();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/funds/disclosures/{old.DisclosureId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/funds/disclosures/{proposed.DisclosureId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/funds/disclosures/{rejected.DisclosureId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await anonymous.PostAsJsonAsync($"/api/public/funds/disclosures/{proposed.DisclosureId}/objections", new { text = "x" }, Ct)).StatusCode);
        var county = (await GetAsync(anonymous, $"/public/funds/{PublicFundsFixture.County}")).Html;
        Assert.Contains(old.Name, county); // the project is in the library; its long-ended disclosure is no longer linked
        Assert.DoesNotContain($"/public/funds/disclosures/{old.DisclosureId}\"", county);
        Assert.DoesNotContain(proposed.Name, county);
        Assert.DoesNotContain(rejected.Name, county);
        // Above the county, and codes that are not regions, there is no page.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/public/funds/990100000000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/public/funds/abc", Ct)).StatusCode);
    }

    [Fact]
    public async Task Public_objections_need_a_text_within_the_limits_and_the_page_form_needs_its_token()
    {
        var project = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct);
        var anonymous = Anonymous();
        var url = $"/api/public/funds/disclosures/{project.DisclosureId}/objections";

        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync(url, new { text = "   " }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.PostAsJsonAsync(url, new { text = new string('异', 2001) }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.PostAsJsonAsync(url, new { text = "异议", contact = new string('1', 101) }, Ct)).StatusCode);
        var noToken = await anonymous.PostAsync($"/public/funds/disclosures/{project.DisclosureId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = "没有令牌" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var detail = (await GetAsync(anonymous, $"/public/funds/disclosures/{project.DisclosureId}")).Html;
        var empty = await anonymous.PostAsync($"/public/funds/disclosures/{project.DisclosureId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = " ", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(detail),
        }), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.DisclosureObjections.AnyAsync(o => o.DisclosureId == project.DisclosureId, Ct));
    }

    /// <summary>A public page with an anti-forgery token in it (any public form carries the same cookie-bound token).</summary>
    private async Task<string> FormPageAsync(HttpClient client)
    {
        var open = await PublicFundsFixture.ProjectAsync(Host, ProjectStage.Approved, Now, Ct);
        return (await GetAsync(client, $"/public/funds/disclosures/{open.DisclosureId}")).Html;
    }

    private HttpClient Anonymous() => Host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class PublicFundsOnSqlite(SqliteHost host) : PublicFundsTests(host), IClassFixture<SqliteHost>;

public sealed class PublicFundsOnPostgres(PostgresHost host) : PublicFundsTests(host), IClassFixture<PostgresHost>;
