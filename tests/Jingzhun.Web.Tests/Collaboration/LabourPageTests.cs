using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Collaboration;

/// <summary>
/// Labour cooperation through the pages and the API, on both engines: a village clerk enters a member into the pool on the
/// household's form and records the job by the API; the household page lists the path, the area page and its xlsx count the
/// worker by origin and destination; a missing field is refused at its place; an auditor is refused with nothing changed.
/// </summary>
public abstract class LabourPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";
    private const string County = "990121000000";

    /// <summary>A household of the village registered poor (as a county's initial load would) with a present member not yet a worker.</summary>
    private async Task<(long Household, long Member)> HouseholdAsync(int skip)
    {
        await using var db = Host.OpenDatabase();
        var workers = await db.LabourWorkers.Select(w => w.MemberId).ToListAsync(Ct);
        var h = await db.Households.Include(x => x.Members).Where(x => x.VillageCode == Village)
            .OrderByDescending(x => x.Id).Skip(skip).FirstAsync(Ct);
        if (!LabourRules.IsEligible(h.Status))
        {
            if (h.PrimaryCause == PovertyCause.None) h.PrimaryCause = PovertyCause.Illness;
            h.ChangeStatus(HouseholdStatus.Poor, Host.Clock.GetUtcNow().Year - 1, "labour test fixture", "test", DateTime.UtcNow).Source = StatusChangeSource.InitialLoad;
            await db.SaveChangesAsync(Ct);
        }
        return (h.Id, h.Members.First(m => m.State == MemberState.Present && !workers.Contains(m.Id)).Id);
    }

    private async Task<int> RowsAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.LabourWorkers.CountAsync(Ct) * 1000 + await db.LabourPlacements.CountAsync(Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    [Fact]
    public async Task A_worker_entered_on_the_form_and_placed_by_the_api_shows_on_the_household_and_in_the_area_figures()
    {
        var (h, member) = await HouseholdAsync(3);
        var year = Host.Clock.GetUtcNow().Year;
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        var village = await Host.SignInAsync("village");

        var form = await village.GetFormAsync($"/households/{h}/labour", "labour-pool-form");
        form["Pool.MemberId"] = member.ToString();
        var (response, _) = await village.PostFormAsync($"/households/{h}/labour?handler=Pool", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var workers = await JsonAsync(await village.GetAsync($"/api/households/{h}/labour", Ct));
        var worker = workers.AsArray().Single(w => (long)w!["memberId"]! == member)!;
        var workerId = (long)worker["id"]!;
        Assert.Equal("Pool", (string)worker["stage"]!);

        // A job without its employer is refused at the field (API 400, page 422), nothing stored.
        var before = await RowsAsync();
        var noEmployer = await village.PostAsJsonAsync($"/api/households/{h}/labour/{workerId}/steps",
            new { stage = "Placed", on = today, destination = "广东省深圳市龙岗区", mode = "PointToPoint", monthlyIncome = 4_200m }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noEmployer.StatusCode);
        Assert.NotNull((await JsonAsync(noEmployer))["errors"]!["Employer"]);
        var stepForm = await village.GetFormAsync($"/households/{h}/labour", $"labour-step-form-{workerId}");
        stepForm["Step.Stage"] = "Placed"; stepForm["Step.Destination"] = "广东省深圳市龙岗区"; stepForm["Step.Mode"] = "PointToPoint";
        stepForm["Step.MonthlyIncome"] = "4200";
        var (refused, refusedHtml) = await village.PostFormAsync($"/households/{h}/labour?handler=Step", stepForm);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("请填写用工单位", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());

        var placed = await village.PostAsJsonAsync($"/api/households/{h}/labour/{workerId}/steps",
            new { stage = "Placed", on = today, destination = "广东省深圳市龙岗区", employer = "深圳某电子有限公司", mode = "PointToPoint", monthlyIncome = 4_200m }, Ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal("广东省", (string)(await JsonAsync(placed))["destinationProvince"]!);

        var (status, page) = await village.GetPageAsync($"/households/{h}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"labour\"", page, StringComparison.Ordinal);
        Assert.Contains("深圳某电子有限公司", page, StringComparison.Ordinal);
        Assert.Contains("点对点输送", page, StringComparison.Ordinal);

        var county = await Host.SignInAsync("county");
        var (areaStatus, area) = await county.GetPageAsync($"/collaboration/labour/{County}?year={year}");
        Assert.Equal(HttpStatusCode.OK, areaStatus);
        Assert.Contains("labour-by-province", area, StringComparison.Ordinal);
        Assert.Contains("广东省", area, StringComparison.Ordinal);
        Assert.Empty(PlainWords.Findings(PlainWords.VisibleText(area), chinesePage: true));
        var figures = await JsonAsync(await county.GetAsync($"/api/collaboration/labour/{County}?year={year}&destination=广东省", Ct));
        Assert.True((int)figures["total"]!["working"]! >= 1);
        Assert.Contains(figures["byDestinationPlace"]!.AsArray(), r => (string)r!["key"]! == "广东省深圳市龙岗区");
        var xlsx = await county.GetAsync($"/collaboration/labour/{County}/export?year={year}", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        // /collaboration/labour opens the reader's own region.
        var own = await village.GetAsync("/collaboration/labour", Ct);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.EndsWith($"/collaboration/labour/{Village}", own.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_reads_but_may_not_record_and_nothing_changes()
    {
        var (h, member) = await HouseholdAsync(5);
        var auditor = await Host.SignInAsync("auditor");
        var before = await RowsAsync();
        var refused = await auditor.PostAsJsonAsync($"/api/households/{h}/labour", new { memberId = member }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await RowsAsync());
        var (status, page) = await auditor.GetPageAsync($"/households/{h}/labour");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("labour-readonly", page, StringComparison.Ordinal);
        Assert.DoesNotContain("labour-pool-form", page, StringComparison.Ordinal);
    }
}

public sealed class SqliteLabourPageTests(SqliteHost fixture) : LabourPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresLabourPageTests(PostgresHost fixture) : LabourPageTests(fixture), IClassFixture<PostgresHost>;
