using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// The rates on the web: the results page and both rate routes show the computed rates with their intervals per county and
/// township; the assessed county sees a project's results only once its visits have started, nothing while the sample is
/// still drawn (hidden); a county outside the project and an assessor get 404.
/// </summary>
public abstract class RatesPageTests(HostFixture fixture)
{
    private const string County = "990121000000";
    private const string Outside = "990122000000";
    private static readonly string[] Villages = ["990121001001", "990121001002", "990121002001", "990121002002"];
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<string, (long Closed, long Drawn)> Projects = [];

    /// <summary>A closed project (1 wrong exit in 20) and one still drawn, of the demo county; an officer of another county.</summary>
    private async Task<(long Closed, long Drawn)> ProjectsAsync()
    {
        await Once.WaitAsync(Ct);
        try
        {
            if (Projects.TryGetValue(Host.Database, out var known)) return known;
            await using var db = Host.OpenDatabase();
            var now = Host.Clock.GetUtcNow().UtcDateTime;
            var closed = await AssessmentRows.AddAsync(db, County, Villages, wrongExits: 1, AssessmentState.Closed, now, name: "示例县摘帽评估", ct: Ct);
            var drawn = await AssessmentRows.AddAsync(db, County, Villages, wrongExits: 0, AssessmentState.Sampled, now, name: "示例县复查", ct: Ct);
            if (!await db.Regions.AnyAsync(r => r.Code == Outside, Ct))
                db.Regions.Add(new Region { Code = Outside, Name = "示例二县", Level = RegionLevel.County, ParentCode = "990100000000", IsWestern = true });
            var officer = new Account { UserName = "county-x", DisplayName = "二县干部", Role = Role.CountyOfficer, RegionCode = Outside, CreatedAt = now, PasswordChangedAt = now };
            Passwords.Set(officer, "demo2025");
            db.Accounts.Add(officer);
            await db.SaveChangesAsync(Ct);
            return Projects[Host.Database] = (closed, drawn);
        }
        finally { Once.Release(); }
    }

    [Fact]
    public async Task The_page_and_the_api_show_the_rates_with_their_intervals_per_county_and_township()
    {
        var (closed, _) = await ProjectsAsync();
        var nation = await Host.SignInAsync("nation");
        var project = (await nation.GetFromJsonAsync<JsonObject>($"/api/assessment/projects/{closed}/rates", RegistryApiTests.Json, Ct))!;
        var county = project["counties"]!.AsArray().Single()!;
        var wrongExit = county["county"]!["wrongExit"]!;
        Assert.Equal(0.05m, (decimal)wrongExit["rate"]!);                  // 1 of 20 exited households, equal weights
        Assert.Equal(20, (int)wrongExit["households"]!);
        Assert.Equal(4, (int)wrongExit["clusters"]!);                      // villages are the clusters
        Assert.True((decimal)wrongExit["low"]! <= 0.05m && (decimal)wrongExit["high"]! > 0.05m);
        Assert.Equal(0m, (decimal)county["county"]!["missed"]!["rate"]!);
        Assert.Equal(1m, (decimal)county["county"]!["recognition"]!["rate"]!);
        Assert.Equal(0.02m, (decimal)county["thresholds"]!["maxWrongExitRate"]!);
        Assert.False((bool)county["passed"]!);                             // 5% wrong exits is above 2%
        Assert.Equal(["990121001000", "990121002000"], county["townships"]!.AsArray().Select(t => (string?)t!["code"]));

        var (status, html) = await nation.GetPageAsync($"/assessment/projects/results/{closed}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"rates-{County}\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"rate-{County}-wrong-exit\"", html, StringComparison.Ordinal);
        Assert.Contains("5.00%", html, StringComparison.Ordinal);
        Assert.Contains("id=\"township-990121001000\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"results-note\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"verdict-{County}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<input", html.Split("<main", 2).Last(), StringComparison.Ordinal); // nothing to type

        var countyRates = (await nation.GetFromJsonAsync<JsonObject>($"/api/assessment/counties/{County}/rates", RegistryApiTests.Json, Ct))!;
        Assert.Equal(closed, (long)countyRates["projectId"]!);
        Assert.Equal(0.05m, (decimal)countyRates["county"]!["wrongExit"]!["rate"]!);
    }

    [Fact]
    public async Task The_assessed_county_sees_the_results_only_once_the_visits_have_started()
    {
        var (closed, drawn) = await ProjectsAsync();
        var county = await Host.SignInAsync("county");
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/assessment/projects/{closed}/rates", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/assessment/projects/results/{closed}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/assessment/counties/{County}/rates", Ct)).StatusCode);
        // The drawn sample is the organiser's secret: no results for the county, while the nation sees its (empty) table.
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/assessment/projects/{drawn}/rates", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/assessment/projects/results/{drawn}", Ct)).StatusCode);
        var nation = await Host.SignInAsync("nation");
        Assert.Equal(HttpStatusCode.OK, (await nation.GetAsync($"/api/assessment/projects/{drawn}/rates", Ct)).StatusCode);
    }

    [Fact]
    public async Task Another_county_and_an_assessor_get_nothing()
    {
        var (closed, _) = await ProjectsAsync();
        foreach (var user in new[] { "county-x", "assessor" })
        {
            var client = await Host.SignInAsync(user);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/assessment/projects/{closed}/rates", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/assessment/counties/{County}/rates", Ct)).StatusCode);
            var page = await client.GetAsync($"/assessment/projects/results/{closed}", Ct);
            Assert.True(page.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{user}: {page.StatusCode}");
        }
        var nation = await Host.SignInAsync("nation");
        Assert.Equal(HttpStatusCode.NotFound, (await nation.GetAsync("/api/assessment/projects/987654/rates", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nation.GetAsync("/api/assessment/counties/12345/rates", Ct)).StatusCode);
    }
}

public sealed class RatesPageOnSqlite(SqliteHost host) : RatesPageTests(host), IClassFixture<SqliteHost>;

public sealed class RatesPageOnPostgres(PostgresHost host) : RatesPageTests(host), IClassFixture<PostgresHost>;
