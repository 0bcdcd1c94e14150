using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.AssistanceRelocation;

/// <summary>
/// Relocation through the API and pages, on both engines: over 25 m² per person refused naming the rule with nothing stored
/// (API and page), a household that is not poor refused, move-in with three years of follow-up, follow-up by the village,
/// cancellation with its reason, the area's figures; wrong roles 403 with nothing changed; bad bodies 4xx.
/// </summary>
public abstract class RelocationTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";

    /// <summary>
    /// Households of the village for one test: ones not poor (exited, never poor) from the start of the village's list; poor ones from its end,
    /// registered poor here as a county's initial load would (status only ever changes through a case or that load).
    /// </summary>
    private async Task<List<long>> HouseholdsAsync(bool poor, int skip, int take)
    {
        await using var db = Host.OpenDatabase();
        if (!poor)
            return await db.Households.Where(h => h.VillageCode == Village && h.Status != HouseholdStatus.Poor && h.Status != HouseholdStatus.Returned)
                .OrderBy(h => h.Id).Skip(skip).Take(take).Select(h => h.Id).ToListAsync(Ct);
        var households = await db.Households.Where(h => h.VillageCode == Village).OrderByDescending(h => h.Id).Skip(skip).Take(take).ToListAsync(Ct);
        foreach (var h in households.Where(h => !RelocationRules.IsEligibleStatus(h.Status)))
        {
            if (h.PrimaryCause == PovertyCause.None) h.PrimaryCause = PovertyCause.Illness;
            h.ChangeStatus(HouseholdStatus.Poor, Year - 1, "relocation test fixture", "test", DateTime.UtcNow).Source = StatusChangeSource.InitialLoad;
        }
        await db.SaveChangesAsync(Ct);
        return households.Select(h => h.Id).ToList();
    }

    private async Task<int> RelocationRowsAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.Relocations.CountAsync(Ct) * 1000 + await db.RelocationFollowUps.CountAsync(Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    private int Year => Host.Clock.GetUtcNow().Year;

    [Fact]
    public async Task A_relocation_over_25_square_metres_per_person_is_refused_naming_the_rule_and_nothing_is_stored()
    {
        var h = (await HouseholdsAsync(true, 0, 1)).Single();
        var county = await Host.SignInAsync("county");
        var before = await RelocationRowsAsync();
        var body = new { reason = "GeologicalHazard", mode = "Concentrated", site = "幸福家园安置点", people = 4, housingArea = 100.5m, housingSubsidy = 80_000m, year = Year };
        var refused = await county.PostAsJsonAsync($"/api/households/{h}/relocation", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (string)(await JsonAsync(refused))["errors"]!["HousingArea"]![0]!;
        Assert.Contains("25平方米", message, StringComparison.Ordinal);
        Assert.Contains("来源：国家易地扶贫搬迁政策", message, StringComparison.Ordinal);
        Assert.Equal(before, await RelocationRowsAsync());

        // The page: the same refusal at the field, 422, nothing stored.
        var url = $"/households/{h}/relocation";
        var form = await county.GetFormAsync(url, "relocation-form");
        form["Record.Reason"] = "GeologicalHazard"; form["Record.Mode"] = "Concentrated"; form["Record.Site"] = "幸福家园安置点";
        form["Record.People"] = "3"; form["Record.HousingArea"] = "75.01"; form["Record.Year"] = Year.ToString();
        var (response, html) = await county.PostFormAsync(url + "?handler=Record", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("id=\"relocation-area\"[^>]*/>\\s*<span[^>]*>[^<]*25平方米的红线", html);
        Assert.Equal(before, await RelocationRowsAsync());

        // Within the line it is recorded.
        form["Record.HousingArea"] = "75";
        (response, _) = await county.PostFormAsync(url + "?handler=Record", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = Host.OpenDatabase();
        var stored = await db.Relocations.SingleAsync(r => r.HouseholdId == h, Ct);
        Assert.Equal(25m, stored.AreaPerPerson);
        Assert.Equal(RelocationState.Planned, stored.State);
    }

    [Fact]
    public async Task A_household_that_is_not_poor_is_refused_and_a_relocation_moves_in_with_three_years_of_follow_up()
    {
        var notPoor = (await HouseholdsAsync(false, 0, 1)).Single();
        var h = await HouseholdsAsync(true, 1, 2);
        var county = await Host.SignInAsync("county");
        var body = new { reason = "HarshConditions", mode = "Concentrated", site = "河谷新村", people = 3, housingArea = 60m, housingSubsidy = 60_000m,
            otherSubsidy = 2_000.5m, year = Year };
        var refused = await county.PostAsJsonAsync($"/api/households/{notPoor}/relocation", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("贫困户", (string)(await JsonAsync(refused))["errors"]!["Reason"]![0]!, StringComparison.Ordinal);
        // No reason: refused at the field.
        var noReason = await county.PostAsJsonAsync($"/api/households/{h[0]}/relocation",
            new { mode = "Concentrated", site = "河谷新村", people = 3, housingArea = 60m, year = Year }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull((await JsonAsync(noReason))["errors"]!["Reason"]);

        var created = await county.PostAsJsonAsync($"/api/households/{h[1]}/relocation", body, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (long)(await JsonAsync(created))["id"]!;
        // A second one while the first stands is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h[1]}/relocation", body, Ct)).StatusCode);
        // Follow-up only after moving in.
        var village = await Host.SignInAsync("village");
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
        var followUp = new { on = today.ToString("yyyy-MM-dd"), kind = "Employment", description = "介绍到扶贫车间务工" };
        Assert.Equal(HttpStatusCode.BadRequest, (await village.PostAsJsonAsync($"/api/households/{h[1]}/relocation/{id}/follow-ups", followUp, Ct)).StatusCode);
        var moved = await county.PostAsJsonAsync($"/api/households/{h[1]}/relocation/{id}/move-in", new { movedOn = today.AddDays(-100).ToString("yyyy-MM-dd") }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var movedJson = await JsonAsync(moved);
        Assert.Equal("MovedIn", (string)movedJson["state"]!);
        Assert.Equal(today.AddDays(-100).AddYears(3).ToString("yyyy-MM-dd"), (string)movedJson["followUpUntil"]!);

        // In follow-up, and due: 100 days without a visit.
        var area = (await county.GetFromJsonAsync<JsonNode>($"/api/assistance/relocation/{Village}", Ct))!;
        Assert.Contains(area["followUpsDue"]!.AsArray(), r => (long)r!["relocationId"]! == id);
        Assert.Contains(area["inFollowUp"]!.AsArray(), r => (long)r!["relocationId"]! == id);
        Assert.Equal(HttpStatusCode.Created, (await village.PostAsJsonAsync($"/api/households/{h[1]}/relocation/{id}/follow-ups", followUp, Ct)).StatusCode);
        area = (await county.GetFromJsonAsync<JsonNode>($"/api/assistance/relocation/{Village}?year={Year}", Ct))!;
        Assert.DoesNotContain(area["followUpsDue"]!.AsArray(), r => (long)r!["relocationId"]! == id);
        Assert.True((int)area["peopleMoved"]! >= 3);
        Assert.Contains(area["bySite"]!.AsArray(), r => (string)r!["site"]! == "河谷新村" && (decimal)r["areaPerPerson"]! == 20m);

        // The pages.
        var (status, html) = await county.GetPageAsync($"/assistance/relocation/{Village}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("河谷新村", html, StringComparison.Ordinal);
        var (_, household) = await village.GetPageAsync($"/households/{h[1]}");
        Assert.Contains("介绍到扶贫车间务工", household, StringComparison.Ordinal);
        Assert.Contains("id=\"relocation-edit\"", household, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_planned_relocation_is_cancelled_with_its_reason_and_wrong_roles_change_nothing()
    {
        var h = (await HouseholdsAsync(true, 3, 1)).Single();
        var county = await Host.SignInAsync("county");
        var body = new { reason = "FragileEcology", mode = "Scattered", site = "县城安置区", people = 2, housingArea = 50m, year = Year };
        var before = await RelocationRowsAsync();
        foreach (var user in new[] { "village", "workteam", "cadre", "auditor", "city" })
        {
            var client = await Host.SignInAsync(user);
            var response = await client.PostAsJsonAsync($"/api/households/{h}/relocation", body, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user}: {(int)response.StatusCode}");
        }
        var village2 = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await village2.PostAsJsonAsync($"/api/households/{h}/relocation", body, Ct)).StatusCode);
        Assert.Equal(before, await RelocationRowsAsync());

        var id = (long)(await JsonAsync(await county.PostAsJsonAsync($"/api/households/{h}/relocation", body, Ct)))["id"]!;
        var village = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.Forbidden, (await village.PostAsJsonAsync($"/api/households/{h}/relocation/{id}/move-in", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await village.PostAsJsonAsync($"/api/households/{h}/relocation/{id}/cancel", new { reason = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h}/relocation/{id}/cancel", new { reason = " " }, Ct)).StatusCode);
        var cancelled = await county.PostAsJsonAsync($"/api/households/{h}/relocation/{id}/cancel", new { reason = "本人自愿放弃搬迁" }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var json = await JsonAsync(cancelled);
        Assert.Equal("Cancelled", (string)json["state"]!);
        Assert.Equal("本人自愿放弃搬迁", (string)json["stateReason"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h}/relocation/{id}/move-in", new { }, Ct)).StatusCode);
        // The assessor reads no area lists.
        var assessor = await Host.SignInAsync("assessor");
        Assert.Equal(HttpStatusCode.Forbidden, (await assessor.GetAsync($"/api/assistance/relocation/{Village}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_relocation_bodies_answer_4xx_and_never_500()
    {
        var h = (await HouseholdsAsync(true, 4, 1)).Single();
        var county = await Host.SignInAsync("county");
        var id = (long)(await JsonAsync(await county.PostAsJsonAsync($"/api/households/{h}/relocation",
            new { reason = "FragileEcology", mode = "Scattered", site = "县城安置区", people = 2, housingArea = 50m, year = Year }, Ct)))["id"]!;
        string[] routes =
        [
            $"/api/households/{h}/relocation", $"/api/households/{h}/relocation/{id}/move-in", $"/api/households/{h}/relocation/{id}/follow-ups",
            $"/api/households/{h}/relocation/{id}/cancel",
        ];
        string[] bodies =
        [
            "", "{", "[]", "null", "{\"people\": 99999999999}", "{\"housingArea\": 1e400}", "{\"housingArea\": -1, \"people\": -3}",
            "{\"reason\": \"Nope\"}", "{\"reason\": 99}", "{\"mode\": \"Concentrated\", \"site\": \"x\", \"people\": 1000, \"housingArea\": 100000, \"year\": 2999}",
            "{\"movedOn\": \"9999-12-31\"}", "{\"movedOn\": \"0001-01-01\"}", "{\"movedOn\": \"2025-02-30\"}", "{\"on\": \"9999-12-31\", \"kind\": \"Visit\", \"description\": \"x\"}",
            "{\"kind\": 0}", "{\"description\": \"" + new string('长', 600) + "\"}", "{\"site\": \"a\\u0000b\"}", "{\"year\": -2147483648}",
            "{\"housingSubsidy\": 79228162514264337593543950335}", "{\"siteVillageCode\": \"9901210010019999\"}",
        ];
        var failures = new List<string>();
        foreach (var route in routes)
        foreach (var body in bodies)
        {
            var response = await county.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            if ((int)response.StatusCode >= 500) failures.Add($"{route} {body} → {(int)response.StatusCode}");
        }
        Assert.Empty(failures);
    }
}

public sealed class SqliteRelocationTests(SqliteHost fixture) : RelocationTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresRelocationTests(PostgresHost fixture) : RelocationTests(fixture), IClassFixture<PostgresHost>;
