using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assistance;

/// <summary>
/// Work teams on the web: a county officer stations a team with the page's form, adds a first secretary through the API
/// and rotates the team with the form — the page and the API keep the old team, its members gone with it, as history;
/// roles outside the team table are refused (403) on the API and the page with nothing changed; a township officer of
/// another township finds none of these teams.
/// </summary>
public abstract class TeamsPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Password = "Duiwu2026mima";

    private string Today => DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    /// <summary>A township officer of the demo county's second township, signed in.</summary>
    public static async Task<HttpClient> OtherTownshipAsync(ApiHost host)
    {
        var user = $"town2-{Guid.NewGuid():N}"[..14];
        await using (var db = host.OpenDatabase())
        {
            var account = new Account { UserName = user, DisplayName = "二镇扶贫站", Role = Role.TownshipOfficer, RegionCode = "990121002000" };
            Passwords.Set(account, Password);
            db.Accounts.Add(account);
            await db.SaveChangesAsync(Ct);
        }
        return await host.SignInAsync(user, Password);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page, Ct);
        fields["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html);
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields), Ct);
    }

    [Fact]
    public async Task A_team_is_stationed_staffed_and_rotated_and_the_old_team_stays_as_history()
    {
        const string village = "990121003001";
        var county = await Host.SignInAsync("county");
        var page = $"/assistance/teams/{village}";
        var (status, html) = await county.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"station-form\"", html, StringComparison.Ordinal);

        var stationed = await PostFormAsync(county, page, "Station", new() { ["villageCode"] = village, ["sendingUnit"] = "市财政局", ["termStart"] = "2024-05-01", ["termEnd"] = "2026-05-01" });
        Assert.Equal(HttpStatusCode.Redirect, stationed.StatusCode);
        var teams = JsonNode.Parse(await county.GetStringAsync($"/api/assistance/teams/{village}", Ct))!;
        var teamId = (int)teams["villages"]![0]!["stationedTeamId"]!;

        var added = await county.PostAsJsonAsync($"/api/assistance/teams/{teamId}/members",
            new { name = "王书记", unit = "市财政局", phone = "13912345678", teamRole = "FirstSecretary", joinedOn = "2024-05-01" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var memberId = (long)JsonNode.Parse(await added.Content.ReadAsStringAsync(Ct))!["id"]!;
        var assessed = await county.PostAsJsonAsync($"/api/assistance/team-members/{memberId}/assessments", new { year = 2025, grade = "Competent", comment = "称职" }, Ct);
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        var twice = await county.PostAsJsonAsync($"/api/assistance/teams/{teamId}/members", new { name = "赵书记", teamRole = "FirstSecretary", joinedOn = "2024-06-01" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);

        var rotated = await PostFormAsync(county, page, "Rotate", new() { ["teamId"] = teamId.ToString(), ["on"] = Today, ["reason"] = "任期届满", ["nextSendingUnit"] = "省交通厅" });
        Assert.Equal(HttpStatusCode.Redirect, rotated.StatusCode);

        var after = JsonNode.Parse(await county.GetStringAsync($"/api/assistance/teams/{village}", Ct))!["villages"]![0]!;
        var all = after["teams"]!.AsArray();
        Assert.Equal(2, all.Count);
        Assert.NotEqual(teamId, (int)after["stationedTeamId"]!);
        Assert.Null(after["firstSecretary"]);
        var old = all.Single(t => (int)t!["id"]! == teamId)!;
        Assert.Equal("Rotated", (string)old["state"]!);
        Assert.Equal(Today, (string)old["members"]![0]!["leftOn"]!);
        Assert.Equal("Competent", (string)old["members"]![0]!["assessments"]![0]!["grade"]!);

        var (_, shown) = await county.GetPageAsync(page);
        Assert.Contains($"id=\"team-{teamId}\" data-state=\"Rotated\"", shown, StringComparison.Ordinal);
        Assert.Contains("王书记", shown, StringComparison.Ordinal);
        Assert.Contains("data-missing=\"first-secretary\"", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_outside_the_team_table_is_refused_with_nothing_changed()
    {
        const string village = "990121001001"; // the village of the clerk, the work-team member and the cadre
        await using (var db = Host.OpenDatabase())
            if (!await db.WorkTeams.AnyAsync(t => t.VillageCode == village && t.State == Jingzhun.Domain.Assistance.WorkTeamState.Stationed, Ct))
            {
                var county = await Host.SignInAsync("county");
                var made = await county.PostAsJsonAsync("/api/assistance/teams", new { villageCode = village, sendingUnit = "县卫健局", termStart = "2025-01-01" }, Ct);
                Assert.Equal(HttpStatusCode.Created, made.StatusCode);
                var id = (int)JsonNode.Parse(await made.Content.ReadAsStringAsync(Ct))!["id"]!;
                Assert.Equal(HttpStatusCode.Created, (await county.PostAsJsonAsync($"/api/assistance/teams/{id}/members",
                    new { name = "钱队员", teamRole = "Member", joinedOn = "2025-01-01" }, Ct)).StatusCode);
            }
        int teamId;
        long memberId;
        await using (var db = Host.OpenDatabase())
        {
            teamId = await db.WorkTeams.Where(t => t.VillageCode == village && t.State == Jingzhun.Domain.Assistance.WorkTeamState.Stationed).Select(t => t.Id).FirstAsync(Ct);
            memberId = await db.WorkTeamMembers.Where(m => m.TeamId == teamId && m.LeftOn == null).Select(m => m.Id).FirstAsync(Ct);
        }
        async Task<string> FingerprintAsync()
        {
            await using var db = Host.OpenDatabase();
            return string.Join(";", await db.WorkTeams.OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.Version}:{t.State}").ToListAsync(Ct))
                + "|" + string.Join(";", await db.WorkTeamMembers.OrderBy(m => m.Id).Select(m => $"{m.Id}:{m.Version}").ToListAsync(Ct))
                + "|" + await db.WorkTeamAssessments.CountAsync(Ct);
        }
        var before = await FingerprintAsync();
        foreach (var user in new[] { "village", "workteam", "cadre", "auditor", "city" })
        {
            var client = await Host.SignInAsync(user);
            foreach (var (url, body) in new (string, object)[]
                     {
                         ("/api/assistance/teams", new { villageCode = "990121001006", sendingUnit = "越权", termStart = "2025-01-01" }),
                         ($"/api/assistance/teams/{teamId}/members", new { name = "越权", teamRole = "Member", joinedOn = "2025-01-01" }),
                         ($"/api/assistance/teams/{teamId}/rotate", new { on = Today, nextSendingUnit = "越权" }),
                         ($"/api/assistance/team-members/{memberId}/leave", new { on = Today, reason = "越权" }),
                         ($"/api/assistance/team-members/{memberId}/assessments", new { year = 2025, grade = "Incompetent" }),
                     })
            {
                var response = await client.PostAsJsonAsync(url, body, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user} POST {url} → {(int)response.StatusCode}");
            }
            var page = $"/assistance/teams/{village}";
            var (status, html) = await client.GetPageAsync(page);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("<form method=\"post\" action=\"/assistance/teams/", html, StringComparison.Ordinal);
            var posted = await PostFormAsync(client, page, "Leave", new() { ["memberId"] = memberId.ToString(), ["on"] = Today, ["reason"] = "越权" });
            Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        }
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task A_township_officer_of_another_township_finds_none_of_these_teams()
    {
        const string village = "990121001007";
        var county = await Host.SignInAsync("county");
        await county.PostAsJsonAsync("/api/assistance/teams", new { villageCode = village, sendingUnit = "县教育局", termStart = "2025-01-01" }, Ct);
        int teamId;
        await using (var db = Host.OpenDatabase()) teamId = await db.WorkTeams.Where(t => t.VillageCode == village).Select(t => t.Id).FirstAsync(Ct);

        var other = await OtherTownshipAsync(Host);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/assistance/teams/{village}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/assistance/teams/990121001000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/assistance/teams/{teamId}/members",
            new { name = "越权", teamRole = "Member", joinedOn = "2025-01-01" }, Ct)).StatusCode);
        var own = JsonNode.Parse(await other.GetStringAsync("/api/assistance/teams/990121002000", Ct))!;
        Assert.All(own["villages"]!.AsArray(), v => Assert.StartsWith("990121002", (string)v!["code"]!, StringComparison.Ordinal));
        var (status, html) = await other.GetPageAsync("/assistance/teams/990121002000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(village, html, StringComparison.Ordinal);
    }
}

public sealed class SqliteTeamsPageTests(SqliteHost fixture) : TeamsPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresTeamsPageTests(PostgresHost fixture) : TeamsPageTests(fixture), IClassFixture<PostgresHost>;
