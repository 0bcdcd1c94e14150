using System.Net;
using System.Net.Http.Json;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jingzhun.Web.Tests.Api;

/// <summary>
/// Walks the application's routing table: every page and endpoint that takes a household or
/// member id is called by a village clerk with another village's ids, and must answer 403 or 404 (405 for a method the page lacks)
/// with that village's data unchanged. A new route with an id is covered without editing this test;
/// a route parameter the test does not know makes it fail, so the matrix cannot silently fall behind.
/// </summary>
public abstract class ScopeMatrixTests(HostFixture fixture)
{
    private const string OtherVillage = "990121001002";
    private static readonly HashSet<string> IdParameters = ["id", "memberId"];
    private ApiHost Host => fixture.Host;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_village_clerk_is_refused_another_villages_household_on_every_route_that_takes_an_id()
    {
        var target = await TargetAsync();
        var before = await FingerprintAsync();
        var clerk = await Host.SignInAsync("village");
        var token = ApiHost.AntiforgeryToken(await clerk.GetStringAsync("/account/login", Ct));

        var calls = 0;
        var leaks = new List<string>();
        foreach (var (pattern, methods) in RoutesTakingAnId())
        {
            var url = Fill(pattern, target);
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET")
                    request.Content = url.StartsWith("/api/", StringComparison.Ordinal)
                        ? JsonContent.Create(target.Body(pattern), options: RegistryApiTests.Json)
                        : new FormUrlEncodedContent(target.FormFields(token));
                var response = await clerk.SendAsync(request, Ct);
                calls++;
                // 405: a page with no handler for the method, which refuses before looking at any data.
                if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
                    leaks.Add($"{method} {url} → {(int)response.StatusCode}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"scope matrix: {calls} calls over {RoutesTakingAnId().Count} routes taking an id");
        Assert.True(calls >= 8, $"only {calls} calls: the routing table was not read");
        Assert.Empty(leaks);
        Assert.Equal(before, await FingerprintAsync());
    }

    /// <summary>Route patterns with a household or member id, and the HTTP methods each answers (pages: GET and POST).</summary>
    private List<(string Pattern, string[] Methods)> RoutesTakingAnId()
    {
        var endpoints = Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        var routes = new List<(string, string[])>();
        foreach (var endpoint in endpoints)
        {
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            if (!parameters.Any(IdParameters.Contains)) continue;
            var unknown = parameters.Where(p => !IdParameters.Contains(p) && p != "year").ToList();
            Assert.True(unknown.Count == 0, $"{endpoint.RoutePattern.RawText}: the scope matrix does not know how to fill {string.Join(", ", unknown)}");
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET", "POST"];
            routes.Add((endpoint.RoutePattern.RawText!, methods));
        }
        return routes.Distinct().ToList();
    }

    private static string Fill(string pattern, Target t)
    {
        var url = "/" + pattern.TrimStart('/');
        foreach (var (name, value) in new[] { ("id", t.HouseholdId.ToString()), ("memberId", t.MemberId.ToString()), ("year", "2025") })
            url = System.Text.RegularExpressions.Regex.Replace(url, "\\{" + name + "(:[^}]*)?\\}", value);
        return url;
    }

    private sealed record Target(long HouseholdId, long MemberId, HouseholdForm Household, MemberForm Member)
    {
        public object Body(string pattern) => pattern switch
        {
            _ when pattern.Contains("members", StringComparison.Ordinal) => Member,
            _ when pattern.Contains("incomes", StringComparison.Ordinal) => new IncomeForm { Year = 2025, MembersCounted = 3, Wages = 99_999m },
            _ => new { household = Household, members = new[] { Member }, reason = "scope test" },
        };

        /// <summary>Plausible form fields for any page's POST, with a valid anti-forgery token so that only scope can refuse it.</summary>
        public Dictionary<string, string> FormFields(string token) => new()
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Phone"] = "13911112222", ["Input.Version"] = Household.Version.ToString(), ["Input.Name"] = "越权",
            ["Input.ResidentId"] = Member.ResidentId, ["Input.Wages"] = "99999", ["Input.Year"] = "2025", ["Reason"] = "scope test",
            ["Household.Phone"] = "13911112222", ["Member.Name"] = "越权", ["Income.Wages"] = "99999",
        };
    }

    private async Task<Target> TargetAsync()
    {
        await using var db = Host.OpenDatabase();
        var household = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == OtherVillage).OrderBy(h => h.Id).FirstAsync(Ct);
        var member = household.Members.First();
        var form = HouseholdForm.From(household);
        form.Phone = "13911112222";
        var memberForm = MemberForm.From(member);
        memberForm.Name = "越权";
        return new Target(household.Id, member.Id, form, memberForm);
    }

    /// <summary>Everything a refused call could have changed in the other village.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var db = Host.OpenDatabase();
        var households = await db.Households.Where(h => h.VillageCode == OtherVillage)
            .Select(h => new { h.Id, h.Version, h.Phone, h.UpdatedAt, Members = h.Members.Count, Incomes = h.Incomes.Count }).OrderBy(h => h.Id).ToListAsync(Ct);
        var members = await db.Members.Where(m => m.Household!.VillageCode == OtherVillage).SumAsync(m => m.Version, Ct);
        var wages = await db.Incomes.Where(i => i.Household!.VillageCode == OtherVillage).Select(i => i.Wages).ToListAsync(Ct);
        var audit = await db.AuditEntries.CountAsync(a => a.RegionCode == OtherVillage && a.Action != AuditAction.Refused, Ct);
        return $"{string.Join(";", households)}|{members}|{wages.Sum(w => w.Fen)}|{audit}";
    }
}

public sealed class ScopeMatrixOnSqlite(SqliteHost host) : ScopeMatrixTests(host), IClassFixture<SqliteHost>;

public sealed class ScopeMatrixOnPostgres(PostgresHost host) : ScopeMatrixTests(host), IClassFixture<PostgresHost>;
