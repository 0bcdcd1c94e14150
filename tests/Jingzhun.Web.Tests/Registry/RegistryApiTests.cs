using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;

namespace Jingzhun.Web.Tests.Registry;

/// <summary>The registry API through the real host, signed in as the demo accounts.</summary>
public abstract class RegistryApiTests(HostFixture fixture)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private const string OwnVillage = "990121001001";
    private const string OtherVillage = "990121001002";

    private ApiHost Host => fixture.Host;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_answers_without_sign_in()
    {
        var health = await Host.CreateClient().GetFromJsonAsync<JsonObject>("/health", Ct);
        Assert.Equal("ok", (string?)health!["status"]);
        Assert.Equal(Host.Engine.ToString(), (string?)health["database"]);
    }

    [Fact]
    public async Task Api_answers_401_without_sign_in_and_pages_redirect_to_sign_in()
    {
        var client = Host.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/households", Ct)).StatusCode);
        var page = await client.GetAsync("/households", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lookup_and_the_household_page_each_run_their_statements_over_one_connection()
    {
        await using var db = Host.OpenDatabase();
        var countyAccount = await db.Accounts.Where(a => a.UserName == "county").Select(a => a.Id).SingleAsync(Ct);
        var id = await db.Households.Where(h => h.Members.Count > 1 && h.Incomes.Any()).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        var county = await Host.SignInAsync("county");
        await db.Database.OpenConnectionAsync(Ct); // an open connection names its database as the host's do (SQLite: the full path)
        foreach (var path in new[] { $"/api/households/{id}", $"/households/{id}" })
        {
            using var opens = await ConnectionOpens.ListenAsync(db, countyAccount, Ct);
            var response = await county.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The request's context ran several statements (the household, its members, incomes and history at least), and
            // opened its connection for the first of them only; so did any other context working for the request.
            Assert.NotEmpty(opens.PerContext);
            Assert.All(opens.PerContext, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_the_attempt_is_audited()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.SignInAsync("county", "not-the-password"));
        await using var db = Host.OpenDatabase();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.SignInFailed && a.Actor == "county", Ct));
    }

    [Fact]
    public async Task A_village_clerk_searches_only_its_own_village()
    {
        var clerk = await Host.SignInAsync("village");
        var page = await clerk.GetFromJsonAsync<JsonObject>("/api/households?pageSize=200", Json, Ct);
        var villages = page!["items"]!.AsArray().Select(i => (string?)i!["villageCode"]).Distinct().ToList();
        Assert.Equal([OwnVillage], villages);
        await using var db = Host.OpenDatabase();
        Assert.Equal(await db.Households.CountAsync(h => h.VillageCode == OwnVillage, Ct), (int)page["total"]!);

        // Asking for another village by filter gives nothing rather than that village's rows.
        var other = await clerk.GetFromJsonAsync<JsonObject>($"/api/households?region={OtherVillage}", Json, Ct);
        Assert.Equal(0, (int)other!["total"]!);
    }

    [Fact]
    public async Task County_search_filters_by_name_resident_id_status_and_cause()
    {
        await using var db = Host.OpenDatabase();
        var member = await db.Members.Include(m => m.Household).OrderBy(m => m.Id).Skip(17).FirstAsync(Ct);
        var county = await Host.SignInAsync("county");

        var byId = await county.GetFromJsonAsync<JsonObject>($"/api/households?residentId={member.ResidentId}", Json, Ct);
        Assert.Contains(member.Household!.Number, byId!["items"]!.AsArray().Select(i => (string?)i!["number"]));

        var byName = await county.GetFromJsonAsync<JsonObject>($"/api/households?name={Uri.EscapeDataString(member.Name)}&pageSize=200", Json, Ct);
        var expectedByName = await db.Households.CountAsync(h => h.Members.Any(m => m.State == MemberState.Present && m.Name.StartsWith(member.Name)), Ct);
        Assert.Equal(expectedByName, (int)byName!["total"]!);

        var byStatusAndCause = await county.GetFromJsonAsync<JsonObject>("/api/households?status=Exited&cause=Illness&pageSize=200", Json, Ct);
        var expected = await db.Households.CountAsync(h => h.Status == HouseholdStatus.Exited
            && (h.PrimaryCause == PovertyCause.Illness || (h.OtherCauses & PovertyCause.Illness) != 0), Ct);
        Assert.True(expected > 0);
        Assert.Equal(expected, (int)byStatusAndCause!["total"]!);
        Assert.All(byStatusAndCause["items"]!.AsArray(), i => Assert.Equal("Exited", (string?)i!["status"]));
    }

    [Fact]
    public async Task Created_household_reads_back_with_members_income_and_history()
    {
        var clerk = await Host.SignInAsync("village");
        var response = await clerk.PostAsJsonAsync("/api/households", NewHousehold(OwnVillage, ResidentId.Create("990121", new DateOnly(1970, 5, 1), 901).Value), Json, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(Json, Ct);
        var id = (long)created!["id"]!;
        // The system gives the number: the village code and the next free 4-digit sequence.
        var number = (string)created["number"]!;
        Assert.Matches($"^{OwnVillage}[0-9]{{4}}$", number);
        await using (var db = Host.OpenDatabase())
        {
            var sequences = await db.Households.IgnoreQueryFilters().Where(h => h.VillageCode == OwnVillage && h.Id != id).Select(h => h.Number).ToListAsync(Ct);
            Assert.Equal(sequences.Where(n => n.Length == 16).Select(n => int.Parse(n[12..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() + 1,
                int.Parse(number[12..], System.Globalization.CultureInfo.InvariantCulture));
        }

        var income = await clerk.PutAsJsonAsync($"/api/households/{id}/incomes/2025",
            new { membersCounted = 2, wages = 6_000m, productionIncome = 2_000m, productionCosts = 500m, pension = 100m }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, income.StatusCode);

        var detail = await clerk.GetFromJsonAsync<JsonObject>($"/api/households/{id}", Json, Ct);
        Assert.Equal(number, (string?)detail!["number"]);
        Assert.Equal(2, detail["members"]!.AsArray().Count);
        Assert.Equal(3_800m, (decimal)detail["incomes"]![0]!["perCapitaNetIncome"]!);
        // Registered as not poor: only an identification case makes it poor.
        Assert.Equal("NotPoor", (string?)detail["status"]);
        Assert.Empty(detail["statusHistory"]!.AsArray());

        var history = await clerk.GetFromJsonAsync<JsonArray>($"/api/households/{id}/history", Json, Ct);
        Assert.Contains(history!, h => (string?)h!["action"] == "Create" && (string?)h["actor"] == "village");
    }

    [Fact]
    public async Task Household_with_a_bad_resident_id_is_refused_naming_the_field_and_nothing_is_written()
    {
        var clerk = await Host.SignInAsync("village");
        await using var db = Host.OpenDatabase();
        var before = await db.Households.IgnoreQueryFilters().CountAsync(Ct);
        var response = await clerk.PostAsJsonAsync("/api/households", NewHousehold(OwnVillage, "110105194912310021"), Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json, Ct);
        var message = (string?)problem!["errors"]!["Members[0].ResidentId"]![0];
        Assert.Contains("校验位", message);
        Assert.Equal(before, await db.Households.IgnoreQueryFilters().CountAsync(Ct));
    }

    [Fact]
    public async Task Edit_changes_the_household_and_history_keeps_old_and_new_values()
    {
        var (id, version) = await FirstHouseholdAsync(OwnVillage, skip: 3);
        var clerk = await Host.SignInAsync("village");
        var form = await FormOfAsync(clerk, id);
        form["phone"] = "13900001111";
        form["version"] = version;
        var response = await clerk.PutAsJsonAsync($"/api/households/{id}", new { household = form, reason = "电话更新" }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The answer to a save is the household as a read gives it, region path and all.
        var answered = await response.Content.ReadFromJsonAsync<JsonObject>(Json, Ct);
        var read = await clerk.GetFromJsonAsync<JsonObject>($"/api/households/{id}", Json, Ct);
        Assert.Equal(read!.ToJsonString(), answered!.ToJsonString());
        Assert.Contains("高峰村", (string?)answered["regionPath"]);

        await using var db = Host.OpenDatabase();
        var saved = await db.Households.SingleAsync(h => h.Id == id, Ct);
        Assert.Equal("13900001111", saved.Phone);
        Assert.Equal(version + 1, saved.Version);
        var change = await db.AuditEntries.SingleAsync(a => a.HouseholdId == id && a.Field == "Phone", Ct);
        Assert.Equal("139****1111", change.NewValue); // the log keeps phone numbers masked
        Assert.NotEqual(change.NewValue, change.OldValue);
        Assert.Equal("village", change.Actor);
    }

    [Fact]
    public async Task A_concurrent_edit_from_a_stale_version_conflicts_and_the_first_edit_stays()
    {
        var (id, version) = await FirstHouseholdAsync(OwnVillage, skip: 5);
        var clerk = await Host.SignInAsync("village");
        var workTeam = await Host.SignInAsync("workteam");
        var first = await FormOfAsync(clerk, id);
        var second = await FormOfAsync(workTeam, id);
        first["villagerGroup"] = "一组"; first["version"] = version;
        second["villagerGroup"] = "二组"; second["version"] = version;

        var ok = await clerk.PutAsJsonAsync($"/api/households/{id}", new { household = first }, Json, Ct);
        var conflict = await workTeam.PutAsJsonAsync($"/api/households/{id}", new { household = second }, Json, Ct);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await using var db = Host.OpenDatabase();
        var saved = await db.Households.SingleAsync(h => h.Id == id, Ct);
        Assert.Equal("一组", saved.VillagerGroup);
        Assert.Equal(version + 1, saved.Version);
    }

    [Fact]
    public async Task A_village_clerk_cannot_register_a_household_in_another_village()
    {
        var clerk = await Host.SignInAsync("village");
        var response = await clerk.PostAsJsonAsync("/api/households",
            NewHousehold(OtherVillage, ResidentId.Create("990121", new DateOnly(1971, 6, 2), 903).Value), Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.Members.IgnoreQueryFilters().AnyAsync(m => m.Name == "测试户主" && m.Household!.VillageCode == OtherVillage, Ct));
    }

    [Fact]
    public async Task An_auditor_reads_the_county_but_changes_nothing()
    {
        var (id, version) = await FirstHouseholdAsync(OtherVillage, skip: 1);
        var auditor = await Host.SignInAsync("auditor");
        var form = await FormOfAsync(auditor, id);
        form["phone"] = "13700000000"; form["version"] = version;
        var response = await auditor.PutAsJsonAsync($"/api/households/{id}", new { household = form }, Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.Equal(version, (await db.Households.SingleAsync(h => h.Id == id, Ct)).Version);
    }

    [Fact]
    public async Task Region_tree_counts_equal_a_direct_count_of_the_registry()
    {
        var township = await Host.SignInAsync("township");
        var tree = await township.GetFromJsonAsync<JsonArray>("/api/regions/tree", Json, Ct);
        JsonNode? Find(JsonNode? node, string code) => (string?)node!["code"] == code ? node
            : node["children"]!.AsArray().Select(c => Find(c, code)).FirstOrDefault(n => n is not null);
        var townshipNode = Find(tree![0], "990121001000")!;
        await using var db = Host.OpenDatabase();
        Assert.Equal(await db.Households.CountAsync(h => h.VillageCode.StartsWith("990121001"), Ct), (int)townshipNode["households"]!);
        Assert.Null(Find(tree[0], "990121002000")); // another township is outside the tree
    }

    [Fact]
    public async Task OpenApi_document_describes_the_registry_endpoints_and_the_browser_ui_loads()
    {
        var client = Host.CreateClient();
        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Ct);
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/households/{id}", paths);
        Assert.Contains("/api/households/{id}/members/{memberId}", paths);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1", Ct)).StatusCode);
    }

    [Fact]
    public async Task Phone_numbers_as_typed_are_stored_in_their_normal_form_and_others_are_refused_at_the_field()
    {
        var (id, _) = await FirstHouseholdAsync(OwnVillage, skip: 7);
        var clerk = await Host.SignInAsync("village");
        var random = new Random(11);
        var typedMobiles = Enumerable.Range(0, 8).Select(_ =>
        {
            var digits = $"1{random.Next(3, 10)}{random.Next(0, 1_000_000_000):000000000}";
            var typed = string.Concat(digits.Select((c, i) => (i > 0 ? random.Next(4) switch { 0 => " ", 1 => "-", _ => "" } : "") + c));
            return (random.Next(3) == 0 ? "+86 " + typed : typed, digits);
        });
        foreach (var (typed, stored) in typedMobiles.Concat([("(0851)8123456转12", "0851-8123456转12"), ("010-88888888", "010-88888888"), ("", "")]))
        {
            var form = await FormOfAsync(clerk, id);
            form["phone"] = typed;
            var response = await clerk.PutAsJsonAsync($"/api/households/{id}", new { household = form, reason = "电话" }, Json, Ct);
            Assert.True(HttpStatusCode.OK == response.StatusCode, $"{typed}: {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal(stored, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["phone"]);
        }
        foreach (var typed in new[] { "12800138000", "1380013800", "138001380001", "12345678", "0371-0234567", "371-65123456" })
        {
            var form = await FormOfAsync(clerk, id);
            form["phone"] = typed;
            var response = await clerk.PutAsJsonAsync($"/api/households/{id}", new { household = form, reason = "电话" }, Json, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json, Ct);
            Assert.Contains("11位手机号", (string?)problem!["errors"]!["Phone"]![0]);
        }
    }

    [Fact]
    public async Task A_relation_that_names_a_sex_must_match_the_resident_id()
    {
        var clerk = await Host.SignInAsync("village");
        var head = ResidentId.Create("990121", new DateOnly(1968, 2, 3), 911).Value;
        var son = ResidentId.Create("990121", new DateOnly(1995, 4, 5), 913).Value; // odd sequence: male
        var daughter = ResidentId.Create("990121", new DateOnly(1997, 6, 7), 914).Value; // even: female
        var refused = await clerk.PostAsJsonAsync("/api/households", WithMembers(head,
            new { name = "测试之女", residentId = son, relation = "Daughter" }), Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["errors"]!["Members[1].Relation"]![0];
        Assert.Contains("之女", message);
        Assert.Contains("女性", message);

        var created = await clerk.PostAsJsonAsync("/api/households", WithMembers(head,
            new { name = "测试之子", residentId = son, relation = "Son" }, new { name = "测试之女", residentId = daughter, relation = "Daughter" },
            new { name = "测试父母", residentId = ResidentId.Create("990121", new DateOnly(1940, 1, 2), 916).Value, relation = "Parent", labour = "None" }), Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Adding a member on its own is checked the same way.
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["id"]!;
        var added = await clerk.PostAsJsonAsync($"/api/households/{id}/members",
            new { name = "测试儿媳", residentId = ResidentId.Create("990121", new DateOnly(1996, 8, 9), 917).Value, relation = "DaughterInLaw" }, Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, added.StatusCode);
        Assert.Contains("之儿媳", (string?)(await added.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["errors"]!["Relation"]![0]);
    }

    [Fact]
    public async Task A_young_child_cannot_be_at_school_educated_or_working_and_the_message_says_the_age()
    {
        var clerk = await Host.SignInAsync("village");
        var head = ResidentId.Create("990121", new DateOnly(1990, 2, 3), 921).Value;
        var child = ResidentId.Create("990121", DateOnly.FromDateTime(DateTime.Today).AddYears(-2).AddDays(-10), 923).Value;
        var refused = await clerk.PostAsJsonAsync("/api/households", WithMembers(head,
            new { name = "测试幼儿", residentId = child, relation = "Son", schooling = "Compulsory" }), Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["errors"]!.AsObject();
        Assert.Equal(["Members[1].Education", "Members[1].Labour", "Members[1].Schooling"], errors.Select(e => e.Key).Order().ToList());
        Assert.Contains("2岁", (string?)errors["Members[1].Schooling"]![0]);
        Assert.Contains("无劳动力", (string?)errors["Members[1].Labour"]![0]);

        var created = await clerk.PostAsJsonAsync("/api/households", WithMembers(head,
            new { name = "测试幼儿", residentId = child, relation = "Son", schooling = "NotStudent", education = "Preschool", labour = "None" }), Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Members_counted_other_than_the_present_members_is_asked_with_both_numbers_and_saved_once_confirmed()
    {
        var clerk = await Host.SignInAsync("village");
        var created = await clerk.PostAsJsonAsync("/api/households",
            NewHousehold(OwnVillage, ResidentId.Create("990121", new DateOnly(1966, 5, 1), 931).Value), Json, Ct);
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["id"]!;

        var asked = await clerk.PutAsJsonAsync($"/api/households/{id}/incomes/2025", new { membersCounted = 5, wages = 9_000m }, Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var message = (string?)(await asked.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["errors"]!["MembersCounted"]![0];
        Assert.Contains("计算人数为5人", message);
        Assert.Contains("在户成员为2人", message);
        await using (var db = Host.OpenDatabase())
            Assert.False(await db.Incomes.AnyAsync(i => i.HouseholdId == id, Ct));

        var confirmed = await clerk.PutAsJsonAsync($"/api/households/{id}/incomes/2025", new { membersCounted = 5, wages = 9_000m, confirmMembersCounted = true }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(1_800m, (decimal)(await confirmed.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["perCapitaNetIncome"]!);
        // The saved number stands: changing another figure does not ask again.
        var again = await clerk.PutAsJsonAsync($"/api/households/{id}/incomes/2025", new { membersCounted = 5, wages = 10_000m }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // Left empty (0), the present members are counted.
        var empty = await clerk.PutAsJsonAsync($"/api/households/{id}/incomes/2024", new { wages = 6_000m }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(2, (int)(await empty.Content.ReadFromJsonAsync<JsonObject>(Json, Ct))!["membersCounted"]!);
    }

    /// <summary>A household to register (the system gives its number; it starts as not poor) with a head and other members.</summary>
    private static object WithMembers(string headId, params object[] others) => new
    {
        household = new { villageCode = OwnVillage, primaryCause = "Illness" },
        members = new object[] { new { name = "测试户主", residentId = headId, relation = "Head" } }.Concat(others).ToArray(),
        reason = "测试字段规则",
    };

    private async Task<(long Id, int Version)> FirstHouseholdAsync(string village, int skip)
    {
        await using var db = Host.OpenDatabase();
        var h = await db.Households.Where(h => h.VillageCode == village).OrderBy(h => h.Number).Skip(skip).FirstAsync(Ct);
        return (h.Id, h.Version);
    }

    /// <summary>The household's editable fields as the API gives them, ready to change and send back.</summary>
    private Task<JsonObject> FormOfAsync(HttpClient client, long id) => EditableFormAsync(client, id, Ct);

    internal static async Task<JsonObject> EditableFormAsync(HttpClient client, long id, CancellationToken ct) =>
        EditableForm((await client.GetFromJsonAsync<JsonObject>($"/api/households/{id}", Json, ct))!);

    /// <summary>
    /// The API's household form filled from a household's detail as a GET answered it: every field the form has (the
    /// settable properties of <see cref="HouseholdForm"/>, named as the API's JSON names them).
    /// </summary>
    internal static JsonObject EditableForm(JsonObject detail)
    {
        var form = new JsonObject();
        foreach (var property in typeof(HouseholdForm).GetProperties().Where(p => p.CanWrite))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!detail.ContainsKey(name)) throw new InvalidOperationException($"the household's detail has no \"{name}\" for the form");
            form[name] = detail[name]?.DeepClone();
        }
        return form;
    }

    /// <summary>A household to register: no number (the system gives it) and no status (it starts as not poor).</summary>
    internal static object NewHousehold(string village, string headId) => new
    {
        household = new
        {
            villageCode = village, villagerGroup = "3组", phone = "13800001234", attribute = "Ordinary", primaryCause = "Illness", otherCauses = "LackOfCapital, LackOfSkills",
            housingAreaM2 = 80.5, housingSafety = "B", drinkingWater = "Safe", cultivatedLandMu = 3.5, irrigatedLandMu = 1,
        },
        members = new object[]
        {
            new { name = "测试户主", residentId = headId, relation = "Head", labour = "Ordinary" },
            new { name = "测试配偶", residentId = ResidentId.Create(DemoGenerator.CountyPrefix, new DateOnly(1972, 8, 9), 902).Value, relation = "Spouse", health = "ChronicIllness" },
        },
        reason = "测试新增",
    };
}

public sealed class RegistryApiOnSqlite(SqliteHost host) : RegistryApiTests(host), IClassFixture<SqliteHost>;

public sealed class RegistryApiOnPostgres(PostgresHost host) : RegistryApiTests(host), IClassFixture<PostgresHost>;
