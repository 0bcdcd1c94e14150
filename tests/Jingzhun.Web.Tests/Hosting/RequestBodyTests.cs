using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// The API refuses what the model cannot hold, named by field and in the reader's language, the same on
/// SQLite and PostgreSQL; and the save refuses it too, whichever door it came through.
/// </summary>
public abstract class RequestBodyTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_status_outside_its_set_is_refused_with_the_field_named()
    {
        var clerk = await Host.SignInAsync("village");
        var id = await NewHouseholdAsync(clerk);
        var body = new JsonObject { ["household"] = await FormAsync(id), ["reason"] = "改状态" };
        body["household"]!["status"] = 999;

        var (status, problem) = await SendAsync(clerk, HttpMethod.Put, $"/api/households/{id}?lang=en", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("Not one of the choices (Not poor / Poor", Errors(problem, "household.status")[0], StringComparison.Ordinal);
        await using var db = Host.OpenDatabase();
        Assert.Equal(HouseholdStatus.NotPoor, (await db.Households.SingleAsync(h => h.Id == id, Ct)).Status);
    }

    [Fact]
    public async Task A_null_household_is_refused_not_a_server_error()
    {
        var clerk = await Host.SignInAsync("village");

        var (status, problem) = await SendAsync(clerk, HttpMethod.Post, "/api/households", new JsonObject { ["household"] = null, ["members"] = new JsonArray() });
        var (nullAddress, addressProblem) = await SendAsync(clerk, HttpMethod.Post, "/api/households", NewBody(address: null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["必须填写"], Errors(problem, "household"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nullAddress);
        Assert.Equal(["必须填写"], Errors(addressProblem, "household.address"));
    }

    [Fact]
    public async Task A_10000_character_address_is_refused_by_the_api_and_by_the_save()
    {
        var clerk = await Host.SignInAsync("village");
        var address = new string('路', 10_000);

        var (status, problem) = await SendAsync(clerk, HttpMethod.Post, "/api/households?lang=en", NewBody(address: address));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["At most 200 characters (not 10000)"], Errors(problem, "household.address"));
        // Below every door: a save that was handed such a value refuses it before the database sees it.
        await using var db = Host.OpenDatabase();
        var household = await db.Households.OrderBy(h => h.Id).FirstAsync(h => h.VillageCode == WriteRoutes.NewForm().VillageCode, Ct);
        household.Address = address;
        var refused = await Assert.ThrowsAsync<StoredValueRefusedException>(() => db.SaveChangesAsync(Ct));
        Assert.Equal("Household.Address", refused.Error.Field);
    }

    [Fact]
    public async Task A_nul_character_is_refused_by_the_api_and_by_the_save()
    {
        var clerk = await Host.SignInAsync("village");
        var body = NewBody();
        body["members"]![0]!["name"] = "张\0三";

        var (status, problem) = await SendAsync(clerk, HttpMethod.Post, "/api/households", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["含不可见的控制字符（第2个字符）"], Errors(problem, "members[0].name"));
        await using var db = Host.OpenDatabase();
        var member = await db.Members.OrderBy(m => m.Id).FirstAsync(Ct);
        member.MigrantWorkPlace = "广东\0东莞";
        Assert.Equal("Member.MigrantWorkPlace", (await Assert.ThrowsAsync<StoredValueRefusedException>(() => db.SaveChangesAsync(Ct))).Error.Field);
    }

    [Fact]
    public async Task An_amount_finer_than_a_fen_is_refused()
    {
        var clerk = await Host.SignInAsync("village");
        var id = await NewHouseholdAsync(clerk);

        var (status, problem) = await SendAsync(clerk, HttpMethod.Put, $"/api/households/{id}/incomes/2025?lang=en",
            new JsonObject { ["wages"] = 1.234m, ["membersCounted"] = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["Wages is exact to the fen (two decimals at most)"], Errors(problem, "Wages"));
        await using var db = Host.OpenDatabase();
        Assert.False(await db.Incomes.AnyAsync(i => i.HouseholdId == id, Ct));
    }

    [Fact]
    public async Task A_household_with_no_members_is_refused()
    {
        var clerk = await Host.SignInAsync("village");
        var body = NewBody();
        body["members"] = new JsonArray();
        await using (var db = Host.OpenDatabase())
        {
            var before = await db.Households.CountAsync(Ct);
            var (status, problem) = await SendAsync(clerk, HttpMethod.Post, "/api/households?lang=en", body);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(["A new household needs at least one member, its head"], Errors(problem, "Members"));
            Assert.Equal(before, await db.Households.CountAsync(Ct));
        }
        body.Remove("members");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(clerk, HttpMethod.Post, "/api/households", body)).Status);
    }

    [Fact]
    public async Task Refusals_of_other_request_types_name_their_fields()
    {
        var county = await Host.SignInAsync("county");
        var admin = await Host.SignInAsync("admin");

        var (planStatus, plan) = await SendAsync(county, HttpMethod.Put, "/api/stats/990121000000/plans/2026",
            new JsonObject { ["plannedHouseholds"] = 1, ["plannedPeople"] = 3, ["note"] = new string('x', 501) });
        var (accountStatus, account) = await SendAsync(admin, HttpMethod.Post, "/api/accounts", new JsonObject
        {
            ["userName"] = "nobody1", ["displayName"] = "某", ["role"] = 99, ["regionCode"] = "990121001001", ["password"] = "Temporary-2025",
        });
        var (caseStatus, opened) = await SendAsync(county, HttpMethod.Post, "/api/cases", new JsonObject { ["kind"] = 0, ["householdId"] = 1, ["year"] = 99999 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, planStatus);
        Assert.Single(Errors(plan, "note"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, accountStatus);
        Assert.Single(Errors(account, "role"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, caseStatus);
        Assert.Single(Errors(opened, "kind"));
        Assert.Equal(["应在2010至2100之间"], Errors(opened, "year"));
    }

    [Fact]
    public async Task A_value_of_the_wrong_json_type_is_refused_naming_its_field()
    {
        var clerk = await Host.SignInAsync("village");
        var body = NewBody();
        body["household"]!["housingAreaM2"] = "八十";

        var (status, problem) = await SendAsync(clerk, HttpMethod.Post, "/api/households?lang=en", body);
        var (broken, _) = await SendAsync(clerk, HttpMethod.Post, "/api/households", "{\"household\":");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("household.housingAreaM2: not a valid value", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, broken);
    }

    private static JsonObject NewBody(string? address = "高峰村三组12号")
    {
        var body = JsonSerializer.SerializeToNode(new
        {
            household = WriteRoutes.NewForm(), members = new[] { WriteRoutes.NewMember(Relation.Head) }, reason = "新增",
        }, WriteRoutes.Json)!.AsObject();
        body["household"]!["address"] = address;
        return body;
    }

    private async Task<long> NewHouseholdAsync(HttpClient clerk)
    {
        var (status, created) = await SendAsync(clerk, HttpMethod.Post, "/api/households", NewBody());
        Assert.Equal(HttpStatusCode.Created, status);
        return created.GetProperty("id").GetInt64();
    }

    private async Task<JsonNode> FormAsync(long id)
    {
        await using var db = Host.OpenDatabase();
        return JsonSerializer.SerializeToNode(HouseholdForm.From(await db.Households.AsNoTracking().SingleAsync(h => h.Id == id, Ct)), WriteRoutes.Json)!;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode body) =>
        SendAsync(client, method, path, body.ToJsonString());

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string json)
    {
        var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = WriteRoutes.Content(json) }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if ((int)response.StatusCode >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToArray()
            : throw new Xunit.Sdk.XunitException($"no error for {field} in {problem}");
}

public sealed class RequestBodyOnSqlite(SqliteHost host) : RequestBodyTests(host), IClassFixture<SqliteHost>;

public sealed class RequestBodyOnPostgres(PostgresHost host) : RequestBodyTests(host), IClassFixture<PostgresHost>;
