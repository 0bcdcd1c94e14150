using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Collaboration;

/// <summary>
/// Collaboration through the pages and the API on both engines, on the demo: the demo enterprise's own account enters an
/// input and sees only its own pairing and entries (API and pages) and nothing of the registry; the work team checks it on
/// the inputs page, the county confirms it through the API and it is counted; a rejected one is listed and not counted.
/// </summary>
public abstract class CollaborationPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page, Ct);
        fields["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html);
        return await client.PostAsync($"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(fields), Ct);
    }

    private async Task<(long Firm, long FirmPairing, long EastPairing)> DemoAsync()
    {
        await using var db = Host.OpenDatabase();
        var firm = await db.Partners.Where(p => p.Name == DemoCollaborationGenerator.EnterpriseName).Select(p => p.Id).SingleAsync(Ct);
        var firmPairing = await db.CollaborationPairings.Where(p => p.PartnerId == firm).Select(p => p.Id).SingleAsync(Ct);
        var eastPairing = await db.CollaborationPairings.Where(p => p.Partner!.Name == DemoCollaborationGenerator.EasternCountyName).Select(p => p.Id).SingleAsync(Ct);
        return (firm, firmPairing, eastPairing);
    }

    [Fact]
    public async Task The_enterprise_account_sees_only_its_own_entries_and_nothing_of_the_registry()
    {
        var (firm, firmPairing, eastPairing) = await DemoAsync();
        var partner = await Host.SignInAsync("partner");
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

        var created = await partner.PostAsJsonAsync("/api/collaboration/inputs", new
        {
            pairingId = firmPairing, regionCode = Village, kind = "Purchases", on = today, amount = 6_000m, householdsReached = 3, peopleReached = 9, description = "采购土鸡蛋",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Another partner's pairing does not exist for it.
        var refused = await partner.PostAsJsonAsync("/api/collaboration/inputs", new { pairingId = eastPairing, regionCode = Village, kind = "Funds", on = today, amount = 1m }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var inputs = JsonNode.Parse(await partner.GetStringAsync("/api/collaboration/inputs", Ct))!.AsArray();
        Assert.NotEmpty(inputs);
        Assert.All(inputs, i => Assert.Equal(firm, (long)i!["partnerId"]!));
        var pairings = JsonNode.Parse(await partner.GetStringAsync("/api/collaboration/pairings", Ct))!.AsArray();
        Assert.Equal([firmPairing], pairings.Select(p => (long)p!["id"]!));

        // Pages: its own pairing, none of the eastern county's; no household anywhere.
        var (status, html) = await partner.GetPageAsync("/collaboration");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(DemoCollaborationGenerator.EnterpriseName, html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCollaborationGenerator.EasternCountyName, html, StringComparison.Ordinal);
        (status, html) = await partner.GetPageAsync("/collaboration/inputs");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("采购土鸡蛋", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCollaborationGenerator.EasternCountyName, html, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await partner.GetAsync($"/collaboration/pairings/{eastPairing}", Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var numbers = await db.Households.Where(h => h.VillageCode == Village).OrderBy(h => h.Id).Take(3).Select(h => h.Number).ToListAsync(Ct);
            var households = await partner.GetAsync("/api/households?region=" + Village, Ct);
            var body = await households.Content.ReadAsStringAsync(Ct);
            Assert.All(numbers, n => Assert.DoesNotContain(n, body, StringComparison.Ordinal));
            var page = await partner.GetAsync("/households?region=" + Village, Ct);
            var pageBody = await page.Content.ReadAsStringAsync(Ct);
            Assert.All(numbers, n => Assert.DoesNotContain(n, pageBody, StringComparison.Ordinal));
        }
        // It cannot check its own entry.
        var id = (long)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostAsync($"/api/collaboration/inputs/{id}/check", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_administrator_creates_a_partner_account_for_a_partner_and_only_a_partner_account_names_one()
    {
        var (firm, _, _) = await DemoAsync();
        var admin = await Host.SignInAsync("admin");
        var name = $"firm{Guid.NewGuid().ToString("N")[..8]}";
        var missing = await admin.PostAsJsonAsync("/api/accounts", new { userName = name, displayName = "企业账户", role = "Partner", regionCode = "990121000000", password = "Temporary-2025" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var wrong = await admin.PostAsJsonAsync("/api/accounts", new { userName = name, displayName = "村", role = "VillageClerk", regionCode = Village, password = "Temporary-2025", partnerId = firm }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var created = await admin.PostAsJsonAsync("/api/accounts", new { userName = name, displayName = "企业账户", role = "Partner", regionCode = "990121000000", password = "Temporary-2025", partnerId = firm }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        await using var db = Host.OpenDatabase();
        Assert.Equal(firm, await db.Accounts.Where(a => a.UserName == name).Select(a => a.PartnerId).SingleAsync(Ct));
    }

    /// <summary>This year's confirmed donations in money, as the collaboration section of a statistics page shows them.</summary>
    private static async Task<decimal> StatsDonationsAsync(HttpClient client, string page)
    {
        var (_, html) = await client.GetPageAsync(page);
        Assert.Contains("id=\"stats-collaboration\"", html, StringComparison.Ordinal);
        var row = System.Text.RegularExpressions.Regex.Match(html,
            $"<tr data-kind=\"{(int)InputKind.DonationMoney}\"><td>[^<]*</td><td class=\"num\">[^<]*</td><td class=\"num\">([0-9,.]+)</td>");
        return row.Success ? decimal.Parse(row.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) : 0m;
    }

    [Fact]
    public async Task The_work_team_checks_on_the_page_and_the_county_confirms_and_only_then_it_is_counted()
    {
        var (_, firmPairing, _) = await DemoAsync();
        var county = await Host.SignInAsync("county");
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        async Task<long> EnterAsync(decimal amount)
        {
            var created = await county.PostAsJsonAsync("/api/collaboration/inputs", new
            {
                pairingId = firmPairing, regionCode = Village, kind = "DonationMoney", on = today, amount, householdsReached = 1, peopleReached = 4,
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (long)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        }
        async Task<decimal> CountedAsync()
        {
            var figures = JsonNode.Parse(await county.GetStringAsync("/api/collaboration/figures?region=990121000000", Ct))!;
            return figures["figures"]!.AsArray().Where(f => (long)f!["pairingId"]! == firmPairing && (string)f["kind"]! == "DonationMoney")
                .Sum(f => (decimal)f!["amount"]!);
        }
        var before = await CountedAsync();
        var dashboardBefore = await StatsDonationsAsync(county, "/stats/990121000000");
        var kept = await EnterAsync(777.77m);
        var dropped = await EnterAsync(333.33m);

        var team = await Host.SignInAsync("workteam");
        var (_, html) = await team.GetPageAsync("/collaboration/inputs");
        Assert.Contains($"id=\"move-{kept}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(team, "/collaboration/inputs", "Check", new() { ["Step.InputId"] = kept.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostFormAsync(team, "/collaboration/inputs", "Reject", new() { ["Step.InputId"] = dropped.ToString(), ["Step.Reason"] = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(team, "/collaboration/inputs", "Reject",
            new() { ["Step.InputId"] = dropped.ToString(), ["Step.Reason"] = "未见捐款凭证" })).StatusCode);
        Assert.Equal(before, await CountedAsync());
        // The work team may not confirm; the county does.
        Assert.Equal(HttpStatusCode.Forbidden, (await team.PostAsJsonAsync($"/api/collaboration/inputs/{kept}/confirm", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsJsonAsync($"/api/collaboration/inputs/{kept}/confirm", new { peopleReached = 4 }, Ct)).StatusCode);
        Assert.Equal(before + 777.77m, await CountedAsync());
        // The county's dashboard and its printable report count it in this year's inputs, and only the confirmed one.
        Assert.Equal(dashboardBefore + 777.77m, await StatsDonationsAsync(county, "/stats/990121000000"));
        Assert.Equal(dashboardBefore + 777.77m, await StatsDonationsAsync(county, "/stats/990121000000/report"));
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostAsJsonAsync($"/api/collaboration/inputs/{dropped}/confirm", new { }, Ct)).StatusCode);

        (_, html) = await county.GetPageAsync("/collaboration");
        Assert.Contains("id=\"figure-list\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"assessment-list\"", html, StringComparison.Ordinal);
        var xlsx = await county.GetAsync("/api/collaboration/figures.xlsx?region=990121000000", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.True((await xlsx.Content.ReadAsByteArrayAsync(Ct)).Length > 1000);
    }
}

public sealed class SqliteCollaborationPageTests(SqliteHost fixture) : CollaborationPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresCollaborationPageTests(PostgresHost fixture) : CollaborationPageTests(fixture), IClassFixture<PostgresHost>;
