using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// No state change from another site: every state-changing route of the routing table (API and pages), called with a
/// signed-in officer's session cookie and <c>Origin: https://evil.example</c>, is refused (403 problem+json for the API,
/// the anti-forgery refusal for pages) and nothing changes; the same call from the site itself still works; and the
/// language switch never sends the reader to another site, whatever its returnUrl.
/// </summary>
public abstract class CrossOriginWriteTests(HostFixture fixture)
{
    private const string Evil = "https://evil.example";
    private static readonly string[] Unsafe = ["POST", "PUT", "PATCH", "DELETE"];
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Route(string Pattern, string Method);

    /// <summary>Every POST, PUT, PATCH and DELETE route endpoint (a page without method metadata takes POST).</summary>
    private List<Route> StateChangingRoutes()
    {
        var endpoints = Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        var routes = new HashSet<Route>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["POST"];
            foreach (var method in methods.Where(m => Unsafe.Contains(m, StringComparer.OrdinalIgnoreCase)))
                routes.Add(new Route(pattern, method.ToUpperInvariant()));
        }
        return [.. routes.OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    private async Task<Dictionary<string, string>> ParametersAsync()
    {
        await using var db = Host.OpenDatabase();
        var household = await db.Households.OrderBy(h => h.Id).FirstAsync(Ct);
        var member = await db.Members.Where(m => m.HouseholdId == household.Id).OrderBy(m => m.Id).FirstAsync(Ct);
        var account = await db.Accounts.SingleAsync(a => a.UserName == "village2", Ct);
        return new()
        {
            ["id"] = account.Id.ToString(), ["memberId"] = member.Id.ToString(), ["year"] = "2025", ["code"] = "en",
            ["documentName"] = "v1", ["rest"] = "", ["noticeId"] = (await db.Notices.Select(n => (long?)n.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["ruleSetId"] = (await db.RuleSets.Select(r => (int?)r.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["caseId"] = (await db.Cases.Select(c => (long?)c.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["batchId"] = (await db.Batches.Select(b => (long?)b.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["regionCode"] = household.VillageCode,
            ["household"] = household.Id.ToString(),
            ["householdId"] = household.Id.ToString(),
            ["signalId"] = (await db.RiskSignals.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["objectId"] = (await db.MonitoredObjects.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Assistance: teams
            ["teamId"] = (await db.WorkTeams.Select(x => (int?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Assistance: plans
            ["measureId"] = (await db.Measures.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Funds: payments
            ["paymentId"] = (await db.Payments.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Assistance: roster
            ["cadreId"] = (await db.Cadres.Select(x => (int?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["pairingId"] = (await db.CadrePairings.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Assistance: credit
            ["loanId"] = (await db.Loans.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["relocationId"] = (await db.Relocations.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Collaboration: labour
            ["workerId"] = (await db.LabourWorkers.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Funds: ledger
            ["allocationId"] = (await db.Allocations.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["accountId"] = (await db.FundAccounts.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Funds: disclosure
            ["disclosureId"] = (await db.Disclosures.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["objectionId"] = (await db.DisclosureObjections.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Funds: assets
            ["assetId"] = (await db.Assets.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["shareId"] = (await db.AssetShares.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["incomeId"] = (await db.AssetIncomes.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Funds: projects
            ["projectId"] = (await db.Projects.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["beneficiaryId"] = (await db.ProjectBeneficiaries.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["documentId"] = (await db.ProjectDocuments.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Assessment: sampling
            ["assessmentId"] = (await db.AssessmentProjects.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Registry: export jobs (POST /exports starts one; an id that is no job is not found)
            ["jobId"] = "",
            // Collaboration
            ["collaborationPairingId"] = (await db.CollaborationPairings.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["inputId"] = (await db.CollaborationInputs.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            // Census
            ["censusRoundId"] = (await db.CensusRounds.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
            ["censusRecordId"] = (await db.CensusRecords.Select(x => (long?)x.Id).MaxAsync(Ct) ?? 1).ToString(),
        };
    }

    private static string Fill(string pattern, Dictionary<string, string> values)
    {
        var url = pattern;
        foreach (var (name, value) in values)
        {
            // Household routes take the household's id; account routes take the account's.
            var v = name == "id" && pattern.StartsWith("/api/households", StringComparison.Ordinal) || name == "id" && pattern.StartsWith("/households", StringComparison.Ordinal)
                ? values["household"] : value;
            url = Regex.Replace(url, "\\{\\**" + name + "(:[^}]*)?\\??\\}", v);
        }
        Assert.DoesNotContain("{", url);
        return url;
    }

    /// <summary>What a refused call could have changed: accounts, registry, workflow and rules rows, and change audit entries.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var db = Host.OpenDatabase();
        var accounts = await db.Accounts.OrderBy(a => a.Id).Select(a => new { a.Id, a.UserName, a.Role, a.RegionCode, a.IsDisabled, a.PasswordHash, a.MustChangePassword }).ToListAsync(Ct);
        var households = await db.Households.OrderBy(h => h.Id).Select(h => new { h.Id, h.Version, h.Status }).ToListAsync(Ct);
        var members = await db.Members.OrderBy(m => m.Id).Select(m => new { m.Id, m.Version }).ToListAsync(Ct);
        var rules = await db.RuleSets.OrderBy(r => r.Id).Select(r => new { r.Id, r.IsDraft, r.Version }).ToListAsync(Ct);
        var cases = await db.Cases.OrderBy(c => c.Id).Select(c => new { c.Id, c.Stage, c.Version, c.ClosedAt }).ToListAsync(Ct);
        var counts = new[]
        {
            await db.Incomes.CountAsync(Ct), await db.StatusChanges.CountAsync(Ct), await db.Assignments.CountAsync(Ct),
            await db.CaseSteps.CountAsync(Ct), await db.Batches.CountAsync(Ct), await db.Notices.CountAsync(Ct),
            await db.Objections.CountAsync(Ct), await db.ExitPlans.CountAsync(Ct), await db.Measures.CountAsync(Ct),
            await db.AuditEntries.CountAsync(a => a.Action != AuditAction.Refused, Ct),
            await db.RiskSignals.CountAsync(Ct), await db.MonitoredObjects.CountAsync(Ct), await db.ScreeningVisits.CountAsync(Ct),
            await db.DataConsents.CountAsync(Ct), await db.HomeVisits.CountAsync(Ct), await db.RiskAssessments.CountAsync(Ct),
            await db.DepartmentFeeds.CountAsync(Ct),
            // Assistance: teams
            await db.WorkTeams.CountAsync(Ct), await db.WorkTeamMembers.CountAsync(a => a.LeftOn == null, Ct), await db.WorkTeamAssessments.CountAsync(Ct),
            // Funds: ledger
            await db.Allocations.CountAsync(Ct), await db.FundAccounts.CountAsync(a => a.ClosedOn == null, Ct),
            // Funds: disclosure
            await db.Disclosures.CountAsync(Ct), await db.DisclosureObjections.CountAsync(Ct), await db.DisclosureObjections.CountAsync(o => o.Status != Domain.Workflows.ObjectionStatus.Open, Ct),
        };
        return string.Join("|", string.Join(";", accounts), string.Join(";", households), string.Join(";", members),
            string.Join(";", rules), string.Join(";", cases), string.Join(";", counts));
    }

    private async Task<int> RefusalsAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Refused, Ct);
    }

    [Theory]
    [InlineData("county")]
    [InlineData("admin")]
    public async Task Every_state_changing_route_called_from_another_site_is_refused_and_nothing_changes(string officer)
    {
        var routes = StateChangingRoutes();
        Assert.Contains(new Route("/api/accounts/{id:int}/disable", "POST"), routes);
        Assert.Contains(new Route("/api/rules/{ruleSetId:int}/publish", "POST"), routes);
        // Assistance: visits — the visit upload (multipart or JSON) and its page form are in the sweep.
        Assert.Contains(new Route("/api/households/{id:long}/visits", "POST"), routes);
        Assert.Contains(new Route("/households/{id:long}/visits/new", "POST"), routes);
        Assert.Contains(routes, r => !r.Pattern.StartsWith("/api/", StringComparison.Ordinal)); // pages are in the sweep too
        var values = await ParametersAsync();
        var client = await Host.SignInAsync(officer);
        await client.GetStringAsync("/account/login", Ct); // the anti-forgery cookie, as a browser would hold it
        var before = await FingerprintAsync();
        var refusalsBefore = await RefusalsAsync();
        var failures = new List<string>();
        var apiCalls = 0;

        foreach (var route in routes)
        {
            var url = Fill(route.Pattern, values);
            var api = url.StartsWith("/api/", StringComparison.Ordinal);
            // The API is called with a JSON body and with none (a body-less publish or disable); pages with a form lacking the token.
            foreach (var withBody in api ? new[] { true, false } : [true])
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
                request.Headers.Add("Origin", Evil);
                request.Headers.Referrer = new Uri(Evil + "/attack.html");
                if (withBody)
                    request.Content = api
                        ? JsonContent.Create(new { reason = "cross-origin", userName = "evil-made", displayName = "x", role = "VillageClerk", regionCode = values["regionCode"], password = "Intrude2026x", year = 2025 })
                        : new FormUrlEncodedContent(new Dictionary<string, string> { ["Reason"] = "cross-origin", ["Input.UserName"] = "evil-made" });
                var response = await client.SendAsync(request, Ct);
                var status = (int)response.StatusCode;
                if (api)
                {
                    apiCalls++;
                    if (status != 403) failures.Add($"{route.Method} {url} (body: {withBody}) → {status}, expected 403");
                    else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{route.Method} {url} → 403 as {response.Content.Headers.ContentType}, expected problem+json");
                    else
                    {
                        var body = await response.Content.ReadAsStringAsync(Ct);
                        if (!body.Contains("其他网站", StringComparison.Ordinal) || !body.Contains("another site", StringComparison.Ordinal))
                            failures.Add($"{route.Method} {url} → 403 without the bilingual title: {body}");
                    }
                }
                else if (status is not (400 or 403 or 405))
                    failures.Add($"{route.Method} {url} → {status}, expected the anti-forgery refusal (400/403) or 405");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Count} routes accepted a cross-origin write:\n{string.Join("\n", failures)}");
        Assert.Equal(before, await FingerprintAsync());
        Assert.Equal(refusalsBefore + apiCalls, await RefusalsAsync()); // each API refusal is audited
        // The session is intact: the officer is still signed in (nothing signed it out from another site).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/households?pageSize=1", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_same_call_from_the_site_itself_works()
    {
        var client = await Host.SignInAsync("admin");
        int id;
        await using (var db = Host.OpenDatabase())
            id = (await db.Accounts.SingleAsync(a => a.UserName == "workteam", Ct)).Id;
        try
        {
            // A browser's fetch from our own page sends Origin; the test server is http://localhost.
            using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/disable");
            own.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
            Assert.True((await client.SendAsync(own, Ct)).IsSuccessStatusCode);
            await using (var db = Host.OpenDatabase())
                Assert.True((await db.Accounts.SingleAsync(a => a.Id == id, Ct)).IsDisabled);

            // A same-origin fetch that says so only in Sec-Fetch-Site, and a script that sends no Origin at all.
            using var fetch = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/enable");
            fetch.Headers.Add("Sec-Fetch-Site", "same-origin");
            Assert.True((await client.SendAsync(fetch, Ct)).IsSuccessStatusCode);
            Assert.True((await client.PostAsync($"/api/accounts/{id}/disable", null, Ct)).IsSuccessStatusCode);

            // Without Origin, a cross-site Sec-Fetch-Site or a Referer of another site is refused too; so is Origin: null.
            foreach (var (header, value) in new[] { ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site"), ("Referer", Evil + "/x"), ("Origin", "null"), ("Origin", "http://localhost.evil.example") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/enable");
                request.Headers.TryAddWithoutValidation(header, value);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request, Ct)).StatusCode);
            }
            await using (var db = Host.OpenDatabase())
                Assert.True((await db.Accounts.SingleAsync(a => a.Id == id, Ct)).IsDisabled);
        }
        finally
        {
            Assert.True((await client.PostAsync($"/api/accounts/{id}/enable", null, Ct)).IsSuccessStatusCode);
        }
    }

    [Fact]
    public async Task Reads_from_another_site_are_unaffected()
    {
        var client = await Host.SignInAsync("county");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/households?pageSize=1");
        read.Headers.Add("Origin", Evil);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read, Ct)).StatusCode);
    }

    /// <summary>Known open-redirect payloads, and their encoded forms.</summary>
    private static readonly string[] Hostile =
    [
        "//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "\\/evil.example", "\\\\evil.example",
        "http://evil.example", "https://evil.example/", "HTTPS://evil.example", "//evil.example/%2F..", "/%09/evil.example",
        "/\t/evil.example", "/\n/evil.example", "/\r\nLocation: https://evil.example", " //evil.example", "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "evil.example", "@evil.example", "/.\\evil.example", "/\\/evil.example",
        "%2F%2Fevil.example", "%2F%5Cevil.example", "%5C%5Cevil.example", "/%5Cevil.example", "https:evil.example", "//evil%E3%80%82example",
        "\u3000//evil.example", "//evil.example\\@localhost", "/ /evil.example", "~//evil.example", "~/\\evil.example",
    ];

    public static IEnumerable<string> HostileValues()
    {
        foreach (var value in Hostile) yield return value;
        var random = new Random(2026);
        const string alphabet = "/\\:%.@ \t\n\r?#~2F5C09evilhtps";
        for (var i = 0; i < 300; i++)
        {
            var chars = new char[random.Next(1, 16)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            yield return new string(chars);
        }
    }

    [Fact]
    public async Task The_language_switch_never_redirects_off_site()
    {
        var client = Host.CreateClient(new() { AllowAutoRedirect = false });
        var site = new Uri("http://localhost/households?x=1");
        var failures = new List<string>();
        foreach (var value in HostileValues())
            foreach (var query in new[] { Uri.EscapeDataString(value), Uri.EscapeDataString(Uri.EscapeDataString(value)) })
            {
                var response = await client.GetAsync("/lang/en?returnUrl=" + query, Ct);
                var location = response.Headers.Location?.OriginalString ?? "";
                // Where a browser would go from the page it is on.
                var resolved = Uri.TryCreate(site, location.Replace('\\', '/'), out var target) ? target : null;
                if (response.StatusCode != HttpStatusCode.Redirect || !location.StartsWith('/') || location.StartsWith("//", StringComparison.Ordinal)
                    || location.Contains('\\') || location.Any(char.IsControl) || resolved is null || resolved.Host != "localhost")
                    failures.Add($"{value.ReplaceLineEndings("⏎")} → {(int)response.StatusCode} {location}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // A local path is kept.
        var ok = await client.GetAsync("/lang/en?returnUrl=" + Uri.EscapeDataString("/households?page=2"), Ct);
        Assert.Equal("/households?page=2", ok.Headers.Location?.OriginalString);
    }
}

public sealed class CrossOriginWritesOnSqlite(SqliteHost host) : CrossOriginWriteTests(host), IClassFixture<SqliteHost>;

public sealed class CrossOriginWritesOnPostgres(PostgresHost host) : CrossOriginWriteTests(host), IClassFixture<PostgresHost>;
