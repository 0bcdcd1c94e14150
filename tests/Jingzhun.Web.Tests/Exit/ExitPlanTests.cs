using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;
using Jingzhun.Web.Tests.Statistics;

namespace Jingzhun.Web.Tests.Exit;

/// <summary>
/// Annual exit plans through the real host: set by county-level officers and above inside their region,
/// each setting a new version with the earlier ones kept and audited, and shown against the exits.
/// </summary>
public abstract class ExitPlanTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";
    private const string Township = "990121001000";

    [Fact]
    public async Task The_demo_county_and_its_townships_have_plans_for_the_years_with_exits()
    {
        await using var db = Host.OpenDatabase();
        var areas = await db.ExitPlans.Select(p => p.RegionCode).Distinct().ToListAsync(Ct);

        Assert.Contains(County, areas);
        Assert.Equal(8, areas.Count(a => a.EndsWith("000", StringComparison.Ordinal) && a != County));
        Assert.All(await db.ExitPlans.ToListAsync(Ct), p => Assert.True(p.PlannedPeople >= p.PlannedHouseholds && p.PlannedHouseholds > 0));
    }

    [Fact]
    public async Task A_county_officer_sets_a_plan_twice_and_both_versions_are_kept_and_audited()
    {
        var county = await Host.SignInAsync("county");

        var first = await county.PutAsJsonAsync($"/api/stats/{Township}/plans/2031", new { plannedHouseholds = 40, plannedPeople = 130, note = "初定" }, Ct);
        var second = await county.PutAsJsonAsync($"/api/stats/{Township}/plans/2031", new { plannedHouseholds = 45, plannedPeople = 150, note = "调整" }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var plans = (await county.GetFromJsonAsync<JsonObject>($"/api/stats/{Township}/plans", Ct))!;
        var versions = plans["versions"]!.AsArray().Where(v => (int)v!["year"]! == 2031).ToList();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        Assert.Equal([150, 130], versions.Select(v => (int)v!["plannedPeople"]!));
        Assert.Equal(150, plans["progress"]!.AsArray().Single(p => (int)p!["year"]! == 2031)!["plannedPeople"]!.GetValue<int>());
        await using var db = Host.OpenDatabase();
        var audit = await db.AuditEntries.Where(a => a.EntityType == "ExitPlan" && a.RegionCode == Township && a.Actor == "county").ToListAsync(Ct);
        Assert.Equal(2, audit.Count(a => a.EntityId.StartsWith($"{Township}:2031", StringComparison.Ordinal)));
        Assert.All(audit, a => Assert.Equal(AuditAction.Create, a.Action));
    }

    [Fact]
    public async Task Officers_below_county_level_and_outside_the_region_cannot_set_a_plan()
    {
        var township = await Host.SignInAsync("township");
        var village = await Host.SignInAsync("village");
        var county = await Host.SignInAsync("county");
        var auditor = await Host.SignInAsync("auditor");
        await using var before = Host.OpenDatabase();
        var plans = await before.ExitPlans.CountAsync(Ct);
        var body = new { plannedHouseholds = 1, plannedPeople = 3 };

        Assert.Equal(HttpStatusCode.Forbidden, (await township.PutAsJsonAsync($"/api/stats/{Township}/plans/2032", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PutAsJsonAsync($"/api/stats/{County}/plans/2032", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await village.PutAsJsonAsync($"/api/stats/{Township}/plans/2032", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.PutAsJsonAsync("/api/stats/990100000000/plans/2032", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/stats/990100000000/plan", Ct)).StatusCode);
        // The page form is refused the same way.
        var form = await township.GetStringAsync($"/stats/{Township}/plan", Ct);
        Assert.DoesNotContain("id=\"plan-form\"", form);
        var post = await township.PostAsync($"/stats/{Township}/plan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Year"] = "2032", ["Input.PlannedHouseholds"] = "1", ["Input.PlannedPeople"] = "3", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form),
        }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        await using var after = Host.OpenDatabase();
        Assert.Equal(plans, await after.ExitPlans.CountAsync(Ct));
        Assert.True(await after.AuditEntries.AnyAsync(a => a.Action == AuditAction.Refused && a.Actor == "township", Ct));
    }

    [Fact]
    public async Task Invalid_figures_are_refused_with_bilingual_messages()
    {
        var county = await Host.SignInAsync("county");

        var response = await county.PutAsJsonAsync($"/api/stats/{County}/plans/2033", new { plannedHouseholds = 10, plannedPeople = 4 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("计划脱贫人数不应少于户数", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_plan_page_sets_a_plan_and_the_dashboard_shows_planned_against_exited()
    {
        var county = await Host.SignInAsync("county");
        var year = Host.Clock.GetUtcNow().Year;
        var page = await county.GetStringAsync($"/stats/{County}/plan", Ct);
        Assert.Contains("id=\"plan-form\"", page);

        await using var db = Host.OpenDatabase();
        var exited = await db.Aggregates.Where(a => a.Year == 0 && a.RegionCode == County).Select(a => a.ExitedInYearPeople).SingleAsync(Ct);
        var planned = Math.Max(10, exited * 2);
        var post = await county.PostAsync($"/stats/{County}/plan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Year"] = year.ToString(), ["Input.PlannedHouseholds"] = "5", ["Input.PlannedPeople"] = planned.ToString(),
            ["Input.Note"] = "页面设定", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);

        var dashboard = await county.GetStringAsync($"/stats/{County}?asOf=live", Ct);
        Assert.Contains("id=\"stats-plan-percent\"", dashboard);
        Assert.Contains($">{Math.Round(100.0 * exited / planned, 1):0.0}%<", dashboard);
        Assert.Contains("页面设定", await county.GetStringAsync($"/stats/{County}/plan", Ct));
    }
}

public sealed class SqliteExitPlanTests(SqliteHost fixture) : ExitPlanTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresExitPlanTests(PostgresHost fixture) : ExitPlanTests(fixture), IClassFixture<PostgresHost>;
