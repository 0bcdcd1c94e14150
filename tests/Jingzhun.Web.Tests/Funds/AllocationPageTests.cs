using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// Allocations on the web: the province allocates to the county through the API, the county opens a dedicated account with
/// the page's form; the area page, the trace page and the household's funds section render for the county, the province
/// and the auditor; the auditor sees no form, the account number masked, and its posts (page and API) are refused 403 with
/// nothing changed; the trace and the household's funds round-trip through the API, a reversal keeps the original row.
/// </summary>
public abstract class AllocationPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";
    private const string Province = "990000000000";

    private int Year => Host.Clock.GetUtcNow().UtcDateTime.Year;

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page, Ct);
        fields["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html);
        return await client.PostAsync($"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(fields), Ct);
    }

    private async Task<long> AllocateToCountyAsync(HttpClient province, decimal amount, string document)
    {
        var created = await province.PostAsJsonAsync("/api/funds/allocations", new
        {
            fromCode = Province, toCode = County, year = Year, source = "ProvinceFiscal", amount, purpose = "产业发展", documentNumber = document, integrated = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (long)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
    }

    [Fact]
    public async Task The_pages_render_for_county_province_and_auditor_and_the_auditor_changes_nothing()
    {
        var province = await Host.SignInAsync("province");
        var county = await Host.SignInAsync("county");
        var auditor = await Host.SignInAsync("auditor");
        var id = await AllocateToCountyAsync(province, 88_000m, "示例财〔1〕号");
        var number = $"62284800{Random.Shared.Next(10_000_000, 99_999_999)}";
        var page = $"/funds/allocations/{County}?year={Year}";

        var opened = await PostFormAsync(county, page, "OpenAccount", new() { ["name"] = "示例县扶贫资金专户", ["bank"] = "农业银行", ["number"] = number });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var (status, html) = await county.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"allocation-{id}\"", html, StringComparison.Ordinal);
        Assert.Contains(number, html, StringComparison.Ordinal);
        Assert.Contains("id=\"open-account-form\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"integrated-sources\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"allocate-form\"", html, StringComparison.Ordinal); // allocations stop at the county

        var (provinceStatus, provincePage) = await province.GetPageAsync($"/funds/allocations/{Province}?year={Year}");
        Assert.Equal(HttpStatusCode.OK, provinceStatus);
        Assert.Contains("id=\"allocate-form\"", provincePage, StringComparison.Ordinal);
        Assert.Contains($"id=\"allocation-{id}\"", provincePage, StringComparison.Ordinal);
        var (_, provinceTrace) = await province.GetPageAsync($"/funds/allocations/detail/{id}");
        Assert.Contains("id=\"reverse-form\"", provinceTrace, StringComparison.Ordinal);

        async Task<string> FingerprintAsync()
        {
            await using var db = Host.OpenDatabase();
            return string.Join(";", await db.Allocations.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(Ct))
                + "|" + string.Join(";", await db.FundAccounts.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.ClosedOn}").ToListAsync(Ct));
        }
        var before = await FingerprintAsync();
        long accountId;
        await using (var db = Host.OpenDatabase()) accountId = await db.FundAccounts.Where(a => a.Number == number).Select(a => a.Id).SingleAsync(Ct);
        foreach (var (user, client) in new[] { ("auditor", auditor) })
        {
            var (s, shown) = await client.GetPageAsync(page);
            Assert.Equal(HttpStatusCode.OK, s);
            Assert.DoesNotContain("<form method=\"post\" action=\"/funds/", shown, StringComparison.Ordinal);
            Assert.Contains($"id=\"allocation-{id}\"", shown, StringComparison.Ordinal);
            Assert.DoesNotContain(number, shown, StringComparison.Ordinal);
            Assert.Contains(number[^4..], shown, StringComparison.Ordinal);
            var (traceStatus, trace) = await client.GetPageAsync($"/funds/allocations/detail/{id}");
            Assert.Equal(HttpStatusCode.OK, traceStatus);
            Assert.DoesNotContain("<form method=\"post\" action=\"/funds/", trace, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(client, page, "OpenAccount", new() { ["name"] = "越权", ["number"] = "6228480000000001" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(client, page, "CloseAccount", new() { ["accountId"] = $"{accountId}", ["reason"] = "越权" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(client, $"/funds/allocations/detail/{id}", "Reverse", new() { ["reason"] = "越权" })).StatusCode);
            foreach (var (url, body) in new (string, object)[]
                     {
                         ("/api/funds/allocations", new { fromCode = County, toCode = County, year = Year, source = "ProvinceFiscal", amount = 1m }),
                         ("/api/funds/allocations", new { fromCode = Province, toCode = County, year = Year, source = "ProvinceFiscal", amount = 1m, received = true }),
                         ($"/api/funds/allocations/{id}/reverse", new { reason = "越权" }),
                         ("/api/funds/accounts", new { countyCode = County, name = "越权", number = "6228480000000002" }),
                         ($"/api/funds/accounts/{accountId}/close", new { reason = "越权" }),
                     })
            {
                var response = await client.PostAsJsonAsync(url, body, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user} POST {url} → {(int)response.StatusCode}");
            }
            var accounts = JsonNode.Parse(await client.GetStringAsync($"/api/funds/accounts?county={County}", Ct))!.AsArray();
            Assert.Equal(number[^4..], ((string)accounts.Single(a => (long)a!["id"]! == accountId)!["number"]!)[^4..]);
            Assert.DoesNotContain(accounts, a => (string)a!["number"]! == number);
        }
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task The_trace_and_the_households_funds_round_trip_through_the_api_and_a_reversal_keeps_the_original()
    {
        var province = await Host.SignInAsync("province");
        var county = await Host.SignInAsync("county");
        var id = await AllocateToCountyAsync(province, 50_000m, "示例财〔2〕号");
        long householdId;
        await using (var db = Host.OpenDatabase())
        {
            var household = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == "990121001001").OrderBy(h => h.Id).FirstAsync(Ct);
            householdId = household.Id;
            var member = household.Members.OrderBy(m => m.Id).First();
            db.Payments.Add(new FundPayment
            {
                CountyCode = "990121", RegionCode = household.VillageCode, Year = Year, Kind = PaymentKind.Household, PaidOn = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime),
                Amount = new Money(1_234.5m), Source = Domain.Assistance.FundSource.ProvinceFiscal, AllocationId = id, HouseholdId = household.Id, MemberId = member.Id,
                Payee = member.Name, Purpose = "产业奖补（测试）", PurposeType = ProjectType.Industry,
            });
            await db.SaveChangesAsync(Ct);
        }

        var trace = JsonNode.Parse(await county.GetStringAsync($"/api/funds/allocations/{id}/trace", Ct))!;
        Assert.Equal(50_000m, (decimal)trace["allocation"]!["allocated"]!);
        Assert.Equal(1_234.5m, (decimal)trace["allocation"]!["paid"]!);
        Assert.Equal(48_765.5m, (decimal)trace["allocation"]!["unpaid"]!);
        Assert.Equal(householdId, (long)trace["households"]![0]!["householdId"]!);

        var funds = JsonNode.Parse(await county.GetStringAsync($"/api/households/{householdId}/funds", Ct))!;
        var line = funds["received"]!.AsArray().Single(l => (long?)l!["allocationId"] == id)!;
        Assert.Equal(1_234.5m, (decimal)line["net"]!);
        Assert.Equal(id, (long)line["chain"]!.AsArray().Last()!["id"]!);
        var (status, householdPage) = await county.GetPageAsync($"/households/{householdId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"funds-received\"", householdPage, StringComparison.Ordinal);
        Assert.Contains("产业奖补（测试）", householdPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/households/{long.MaxValue}/funds", Ct)).StatusCode);

        // Something was paid from it: the province's reversal is refused (409) until that payment is reversed.
        Assert.Equal(HttpStatusCode.Conflict, (await province.PostAsJsonAsync($"/api/funds/allocations/{id}/reverse", new { reason = "文号错误" }, Ct)).StatusCode);
        var other = await AllocateToCountyAsync(province, 10_000m, "示例财〔3〕号");
        Assert.Equal(HttpStatusCode.BadRequest, (await province.PostAsJsonAsync($"/api/funds/allocations/{other}/reverse", new { reason = "" }, Ct)).StatusCode);
        var reversed = await province.PostAsJsonAsync($"/api/funds/allocations/{other}/reverse", new { reason = "重复下达" }, Ct);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Equal(-10_000m, (decimal)JsonNode.Parse(await reversed.Content.ReadAsStringAsync(Ct))!["amount"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await province.PostAsJsonAsync($"/api/funds/allocations/{other}/reverse", new { reason = "再次" }, Ct)).StatusCode);
        var area = JsonNode.Parse(await county.GetStringAsync($"/api/funds/allocations?region={County}&year={Year}", Ct))!;
        var received = area["received"]!.AsArray();
        Assert.True((bool)received.Single(r => (long)r!["id"]! == other)!["reversed"]!);
        Assert.Equal(other, (long)received.Single(r => (long?)r!["reversesId"] == other)!["reversesId"]!);
        var (_, detail) = await province.GetPageAsync($"/funds/allocations/detail/{other}");
        Assert.Contains("id=\"trace-reversed\"", detail, StringComparison.Ordinal);
        // The county does not find the province's own rows above it.
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/funds/allocations?region={Province}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/funds/allocations/{Province}", Ct)).StatusCode);
    }
}

public sealed class SqliteAllocationPageTests(SqliteHost fixture) : AllocationPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresAllocationPageTests(PostgresHost fixture) : AllocationPageTests(fixture), IClassFixture<PostgresHost>;
