using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.SampleChecks;

/// <summary>
/// The sample check through the real host: the township draws a sample of a village's list through the API, the list's
/// case cannot pass the township through the cases API while it is open (409), and passes once the finding is recorded and
/// the check closed; the pages show the lists, the check and the transition report in both languages' words.
/// </summary>
public abstract class SampleCheckWebTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private const string County = "990121000000";
    private const int Year = 2034; // a year of its own, so no other test's list is held on the shared host
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long> CaseAtTownshipReviewAsync()
    {
        await using var db = Host.OpenDatabase();
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var created = await RegistryEditing.CreateAsync(db, WriteRoutes.NewForm(), [WriteRoutes.NewMember(Relation.Head)], "fixture", now, Ct);
        var caseId = (await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, created.Value!.Id, Year, "村民申请", now, ct: Ct)).Id;
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("提交评议"), now, Ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("评议通过", VotesFor: 12, VotesAgainst: 1), now, Ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("入户核实"), now, Ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("公示无异议"), now.AddDays(30), Ct);
        return caseId;
    }

    [Fact]
    public async Task The_api_holds_a_list_at_the_township_while_its_check_is_open_and_the_pages_show_it()
    {
        var caseId = await CaseAtTownshipReviewAsync();
        var township = await Host.SignInAsync("township");
        var village = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await village.PostAsJsonAsync("/api/sample-checks", new { level = "Township", regionCode = Village, year = Year, seed = 5 }, Ct)).StatusCode);

        var opened = await township.PostAsJsonAsync("/api/sample-checks", new { level = "Township", regionCode = Village, year = Year, seed = 5 }, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var view = (await opened.Content.ReadFromJsonAsync<JsonObject>(RegistryApiTests.Json, Ct))!;
        var checkId = (long)view["check"]!["id"]!;
        var itemId = (long)view["items"]![0]!["id"]!;
        Assert.Equal(caseId, (long)view["items"]![0]!["caseId"]!);

        Assert.Equal(HttpStatusCode.Conflict, (await township.PostAsJsonAsync($"/api/cases/{caseId}/advance", new { comment = "同意" }, Ct)).StatusCode);
        var page = await township.GetStringAsync($"/samplechecks/{checkId}", Ct);
        Assert.Contains("抽检中：名单不能通过本级", page);
        Assert.Contains("识别抽检核查", await township.GetStringAsync($"/samplechecks?year={Year}", Ct));

        Assert.Equal(HttpStatusCode.OK, (await township.PostAsJsonAsync($"/api/sample-checks/items/{itemId}/finding", new { finding = "Confirmed", note = "属实" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await township.PostAsJsonAsync($"/api/sample-checks/{checkId}/close", new { conclusion = "抽检1户，属实" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await township.PostAsJsonAsync($"/api/cases/{caseId}/advance", new { comment = "同意" }, Ct)).StatusCode);
        var lists = (await township.GetFromJsonAsync<JsonObject>($"/api/sample-checks?year={Year}", RegistryApiTests.Json, Ct))!;
        Assert.Contains(lists["lists"]!.AsArray(), l => (string?)l!["regionCode"] == Village && (int)l["closedChecks"]! == 1);
    }

    [Fact]
    public async Task The_transition_report_and_its_download_are_there_for_the_county()
    {
        var county = await Host.SignInAsync("county");
        var page = await county.GetStringAsync($"/transition/{County}", Ct);
        Assert.Contains("过渡期", page);
        Assert.Contains("transition-households", page);
        var xlsx = await county.GetAsync($"/api/transition/{County}.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var report = (await county.GetFromJsonAsync<JsonObject>($"/api/transition/{County}", RegistryApiTests.Json, Ct))!;
        Assert.True((int)report["exitedHouseholds"]! > 0);
        // The demo county's exit is still under review: no transition yet.
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/transition/county/{County}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/transition/980121000000", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_exited_county_shows_its_transition_end_date_on_the_region_and_area_exit_pages_and_in_the_api()
    {
        const string Exited = "990188000000";
        await using (var db = Host.OpenDatabase())
        {
            db.Regions.Add(new Domain.Regions.Region
            {
                Code = Exited, Name = "过渡县", Level = Domain.Regions.RegionLevel.County, ParentCode = Domain.Demo.DemoGenerator.CityCode,
                IsPoorCounty = true, IsWestern = true, ExitedYear = 2020,
            });
            db.Cases.Add(new WorkflowCase
            {
                Kind = CaseKind.CountyExit, Stage = Stage.CountyExited, Year = 2020, RegionCode = Exited, CountyCode = Exited[..6],
                OpenedAt = new DateTime(2020, 3, 1, 2, 0, 0, DateTimeKind.Utc), OpenedBy = "test", Reason = "摘帽",
                ClosedAt = new DateTime(2020, 11, 23, 2, 0, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync(Ct);
        }
        var nation = await Host.SignInAsync("nation");
        var region = await nation.GetStringAsync($"/regions/{Exited}", Ct);
        Assert.Contains("region-transition", region);
        Assert.Contains("2025-11-23", region);
        Assert.Contains("过渡期至2025-11-23", await nation.GetStringAsync("/areas?year=2020", Ct));
        var period = (await nation.GetFromJsonAsync<JsonObject>($"/api/transition/county/{Exited}", RegistryApiTests.Json, Ct))!;
        Assert.Equal("2025-11-23", (string?)period["endsOn"]);
        Assert.Equal("2020-11-23", (string?)period["exitedOn"]);
    }
}

public sealed class SampleCheckWebOnSqlite(SqliteHost host) : SampleCheckWebTests(host), IClassFixture<SqliteHost>;

public sealed class SampleCheckWebOnPostgres(PostgresHost host) : SampleCheckWebTests(host), IClassFixture<PostgresHost>;
