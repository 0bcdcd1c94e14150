using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Web.Tests.Assistance;

/// <summary>
/// The roster of assistance cadres through the real host: import with row errors and nothing written on a bad file,
/// a handover that keeps the history (API and household page), and the roles that may not change the roster or the
/// pairings (403 and nothing changed, or 404 for another county's cadre).
/// </summary>
public abstract class RosterPageTests(HostFixture fixture)
{
    private const string County = "990121";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static int _next;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref _next)}";

    private static string Phone() => $"1390000{Random.Shared.Next(1000, 9999)}";

    /// <summary>A cadre added by the county officer through the API.</summary>
    private async Task<int> AddCadreAsync(HttpClient county, string name)
    {
        var response = await county.PostAsJsonAsync("/api/assistance/cadres", new { name, unit = "县农业农村局", position = "科员", phone = Phone(), level = "County" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (int)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    /// <summary>A household of the demo village with no active pairing.</summary>
    private async Task<long> UnpairedHouseholdAsync(string village = "990121001002")
    {
        await using var db = Host.OpenDatabase();
        return await db.Households.Where(h => h.VillageCode == village && !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null))
            .OrderByDescending(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
    }

    private async Task<string> RosterChecksumAsync()
    {
        await using var db = Host.OpenDatabase();
        var cadres = await db.Cadres.OrderBy(c => c.Id).Select(c => new { c.Id, c.Version, c.Name, c.Unit, c.AccountId, c.State }).ToListAsync(Ct);
        var pairings = await db.CadrePairings.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version, p.CadreId, p.EndedOn }).ToListAsync(Ct);
        return $"{string.Join(";", cadres)}|{string.Join(";", pairings)}";
    }

    private async Task<(HttpStatusCode, string)> UploadAsync(HttpClient client, byte[] file, string name, bool skipInvalid)
    {
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync($"/assistance/cadres?county={County}", Ct));
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", name);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        if (skipInvalid) content.Add(new StringContent("true"), "skipInvalid");
        var response = await client.PostAsync($"/assistance/cadres?handler=Import&county={County}", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    [Fact]
    public async Task A_roster_workbook_with_a_bad_row_is_refused_with_its_row_and_column_and_skip_invalid_writes_the_good_row()
    {
        var county = await Host.SignInAsync("county");
        var good = Unique("导入甲");
        var path = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.xlsx");
        await MiniExcel.SaveAsAsync(path, new[]
        {
            new Dictionary<string, object> { ["姓名"] = good, ["工作单位"] = "县人社局", ["职务"] = "科员", ["联系电话"] = Phone(), ["层级"] = "县级" },
            new Dictionary<string, object> { ["姓名"] = Unique("导入乙"), ["工作单位"] = "县人社局", ["职务"] = "科员", ["联系电话"] = "不是电话", ["层级"] = "县级" },
        }, cancellationToken: Ct);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        File.Delete(path);
        var before = await RosterChecksumAsync();

        var (status, html) = await UploadAsync(county, bytes, "花名册.xlsx", skipInvalid: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("import-rejected", html);
        Assert.Matches("<td class=\"num\">3</td><td>联系电话</td>", html);
        Assert.Equal(before, await RosterChecksumAsync());

        // The API answers the same file with 422 and the report.
        var api = await county.PostAsJsonAsync("/api/assistance/cadres/import",
            new { county = County, fileName = "花名册.xlsx", content = Convert.ToBase64String(bytes) }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        var problem = (await api.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((3, "联系电话"), ((int)problem["report"]!["errors"]![0]!["row"]!, (string)problem["report"]!["errors"]![0]!["column"]!));
        Assert.Equal(before, await RosterChecksumAsync());

        (status, html) = await UploadAsync(county, bytes, "花名册.xlsx", skipInvalid: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("import-done", html);
        Assert.Contains(good, html); // the roster below the report lists the new cadre
        await using var db = Host.OpenDatabase();
        Assert.Single(await db.Cadres.Where(c => c.Name == good).ToListAsync(Ct));
        Assert.False(await db.Cadres.AnyAsync(c => c.Name.StartsWith("导入乙"), Ct));
    }

    [Fact]
    public async Task A_pairing_handed_over_through_the_api_keeps_its_history()
    {
        var county = await Host.SignInAsync("county");
        var (from, to) = (await AddCadreAsync(county, Unique("原干部")), await AddCadreAsync(county, Unique("新干部")));
        var householdId = await UnpairedHouseholdAsync();
        var clerk = await Host.SignInAsync("village2");

        var paired = await clerk.PostAsJsonAsync($"/api/households/{householdId}/pairings", new { cadreId = from, reason = "新识别结对" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, paired.StatusCode);
        var pairingId = (long)(await paired.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var handed = await clerk.PostAsJsonAsync($"/api/households/{householdId}/pairings/{pairingId}/handover",
            new { toCadreId = to, reason = "原帮扶责任人调离" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, handed.StatusCode);
        var nextId = (long)(await handed.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        var history = (await clerk.GetFromJsonAsync<JsonArray>($"/api/households/{householdId}/pairings", RegistryApiTests.Json, Ct))!;
        Assert.Equal(2, history.Count);
        var old = history.Single(p => (long)p!["id"]! == pairingId)!;
        var next = history.Single(p => (long)p!["id"]! == nextId)!;
        Assert.Equal(("原帮扶责任人调离", nextId, false, "village2"), ((string)old["endReason"]!, (long)old["handedOverToId"]!, (bool)old["active"]!, (string)old["endedBy"]!));
        Assert.NotNull((string?)old["endedOn"]);
        Assert.Equal((to, "原帮扶责任人调离", true), ((int)next["cadreId"]!, (string)next["startReason"]!, (bool)next["active"]!));

        // The roster's view of both cadres: the history on the old one's page, the household on the new one's.
        var oldPage = await county.GetStringAsync($"/assistance/cadres/{from}", Ct);
        Assert.Contains("id=\"history\"", oldPage);
        Assert.Contains("原帮扶责任人调离", oldPage);
        var detail = (await county.GetFromJsonAsync<JsonObject>($"/api/assistance/cadres/{to}", RegistryApiTests.Json, Ct))!;
        Assert.Equal(1, (int)detail["cadre"]!["caseload"]!);
        Assert.Contains(detail["households"]!.AsArray(), h => (long)h!["householdId"]! == householdId);
    }

    [Fact]
    public async Task A_pairing_handed_over_on_the_household_page_keeps_its_history()
    {
        var county = await Host.SignInAsync("county");
        var (from, to) = (await AddCadreAsync(county, Unique("页面原")), await AddCadreAsync(county, Unique("页面新")));
        var householdId = await UnpairedHouseholdAsync();
        var clerk = await Host.SignInAsync("village2");
        var page = await clerk.GetStringAsync($"/households/{householdId}", Ct);
        var token = ApiHost.AntiforgeryToken(page);
        Assert.Equal(HttpStatusCode.Redirect,
            (await clerk.PostAsync($"/households/{householdId}?handler=Pair", Form(token, ("cadreId", from.ToString()), ("reason", "新识别结对")), Ct)).StatusCode);
        long pairingId;
        await using (var db = Host.OpenDatabase())
            pairingId = await db.CadrePairings.Where(p => p.HouseholdId == householdId && p.CadreId == from && p.EndedOn == null).Select(p => p.Id).SingleAsync(Ct);
        page = await clerk.GetStringAsync($"/households/{householdId}", Ct);
        Assert.Contains("handover-form", page);

        var handed = await clerk.PostAsync($"/households/{householdId}?handler=HandOver",
            Form(token, ("pairingId", pairingId.ToString()), ("toCadreId", to.ToString()), ("reason", "工作调整")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, handed.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var old = await db.CadrePairings.AsNoTracking().SingleAsync(p => p.Id == pairingId, Ct);
            var next = await db.CadrePairings.AsNoTracking().SingleAsync(p => p.HouseholdId == householdId && p.CadreId == to && p.EndedOn == null, Ct);
            Assert.Equal(("工作调整", "village2", (long?)next.Id), (old.EndReason, old.EndedBy, old.HandedOverToId));
            Assert.NotNull(old.EndedOn);
        }
        page = await clerk.GetStringAsync($"/households/{householdId}", Ct);
        Assert.Contains("pairing-history", page);
        Assert.Contains($"data-handed-to=\"", page);
        Assert.Contains("工作调整", page);
        // A handover without a reason is refused and changes nothing.
        long nextId;
        await using (var db = Host.OpenDatabase())
            nextId = await db.CadrePairings.Where(p => p.HouseholdId == householdId && p.EndedOn == null && p.CadreId == to).Select(p => p.Id).SingleAsync(Ct);
        var refused = await clerk.PostAsync($"/households/{householdId}?handler=HandOver", Form(token, ("pairingId", nextId.ToString()), ("toCadreId", from.ToString()), ("reason", "")), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task An_assistance_cadre_changes_neither_the_roster_nor_pairings_and_nothing_changes()
    {
        var county = await Host.SignInAsync("county");
        var (a, b) = (await AddCadreAsync(county, Unique("丙")), await AddCadreAsync(county, Unique("丁")));
        var householdId = await UnpairedHouseholdAsync("990121001001");
        var clerk = await Host.SignInAsync("village");
        var paired = await clerk.PostAsJsonAsync($"/api/households/{householdId}/pairings", new { cadreId = a, reason = "结对" }, RegistryApiTests.Json, Ct);
        var pairingId = (long)(await paired.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var before = await RosterChecksumAsync();
        var cadre = await Host.SignInAsync("cadre");
        var csv = Convert.ToBase64String(Encoding.UTF8.GetBytes("姓名,工作单位,职务,联系电话,层级\n越权,县局,科员,13800001234,县级\n"));

        var calls = new (string Method, string Url, object Body)[]
        {
            ("POST", "/api/assistance/cadres", new { name = "越权", unit = "县局", phone = "13800001234", level = "County" }),
            ("PUT", $"/api/assistance/cadres/{a}", new { name = "越权", unit = "县局", phone = "13800001234", level = "County" }),
            ("POST", $"/api/assistance/cadres/{a}/leave", new { leftOn = "2026-01-01", reason = "越权" }),
            ("POST", "/api/assistance/cadres/import", new { county = County, fileName = "r.csv", content = csv }),
            ("POST", $"/api/households/{householdId}/pairings", new { cadreId = b, reason = "越权" }),
            ("POST", $"/api/households/{householdId}/pairings/{pairingId}/handover", new { toCadreId = b, reason = "越权" }),
            ("POST", $"/api/households/{householdId}/pairings/{pairingId}/end", new { reason = "越权" }),
        };
        foreach (var (method, url, body) in calls)
        {
            var response = await cadre.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(body, options: RegistryApiTests.Json) }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} → {(int)response.StatusCode}");
        }
        var page = await cadre.GetStringAsync($"/assistance/cadres/{a}", Ct);
        Assert.DoesNotContain("edit-form", page);
        Assert.DoesNotContain("add-form", await cadre.GetStringAsync("/assistance/cadres", Ct));
        var token = ApiHost.AntiforgeryToken(page);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsync($"/assistance/cadres/{a}?handler=Leave", Form(token, ("LeftOn", "2026-01-01"), ("Reason", "越权")), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsync($"/households/{householdId}?handler=HandOver",
            Form(token, ("pairingId", pairingId.ToString()), ("toCadreId", b.ToString()), ("reason", "越权")), Ct)).StatusCode);
        Assert.Equal(before, await RosterChecksumAsync());
    }

    [Fact]
    public async Task A_village_clerk_reads_the_roster_but_cannot_edit_it()
    {
        var county = await Host.SignInAsync("county");
        var id = await AddCadreAsync(county, Unique("戊"));
        var before = await RosterChecksumAsync();
        var clerk = await Host.SignInAsync("village");

        var list = await clerk.GetStringAsync("/assistance/cadres", Ct);
        Assert.Contains($"data-cadre=\"{id}\"", list);
        Assert.DoesNotContain("add-form", list);
        Assert.DoesNotContain("import-form", list);
        var page = await clerk.GetStringAsync($"/assistance/cadres/{id}", Ct);
        Assert.DoesNotContain("edit-form", page);
        var put = await clerk.PutAsJsonAsync($"/api/assistance/cadres/{id}", new { name = "改名", unit = "县局", phone = "13800001234", level = "County" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        var post = await clerk.PostAsync($"/assistance/cadres/{id}?handler=Edit",
            Form(ApiHost.AntiforgeryToken(page), ("Edit.Name", "改名"), ("Edit.Unit", "县局"), ("Edit.Phone", "13800001234"), ("Edit.Level", "County")), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, await RosterChecksumAsync());
    }

    [Fact]
    public async Task A_county_officer_of_another_county_neither_sees_nor_changes_this_rosters_cadres()
    {
        var county = await Host.SignInAsync("county");
        var id = await AddCadreAsync(county, Unique("己"));
        await using (var db = Host.OpenDatabase())
            if (!await db.Accounts.AnyAsync(a => a.UserName == "county-other", Ct))
            {
                var account = new Account { UserName = "county-other", DisplayName = "邻县扶贫办", Role = Role.CountyOfficer, RegionCode = "990122000000", CreatedAt = DateTime.UtcNow, PasswordChangedAt = DateTime.UtcNow };
                Passwords.Set(account, DemoAccounts.Password);
                db.Accounts.Add(account);
                await db.SaveChangesAsync(Ct);
            }
        var before = await RosterChecksumAsync();
        var other = await Host.SignInAsync("county-other");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/assistance/cadres/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/assistance/cadres/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/assistance/cadres?county={County}", Ct)).StatusCode);
        Assert.DoesNotContain($"data-cadre=\"{id}\"", await other.GetStringAsync($"/assistance/cadres?county={County}", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/assistance/cadres/{id}",
            new { name = "改名", unit = "县局", phone = "13800001234", level = "County" }, RegistryApiTests.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/assistance/cadres/{id}/leave", new { leftOn = "2026-01-01", reason = "越权" }, RegistryApiTests.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/assistance/cadres",
            new { countyCode = County, name = "越权", unit = "县局", phone = "13800001234", level = "County" }, RegistryApiTests.Json, Ct)).StatusCode);
        Assert.Equal(before, await RosterChecksumAsync());
    }

    [Fact]
    public async Task The_roster_marks_cadres_over_the_caseload_limit_and_downloads_as_xlsx()
    {
        var county = await Host.SignInAsync("county");
        var busy = Unique("忙");
        var id = await AddCadreAsync(county, busy);
        await using (var db = Host.OpenDatabase())
        {
            var ids = await db.Households.Where(h => h.CountyCode == County).OrderBy(h => h.Id).Select(h => h.Id).Take(6).ToListAsync(Ct);
            foreach (var h in ids) await Data.Registry.Pairings.PairAsync(db, h, id, "结对", new DateOnly(2026, 1, 1), Ct);
        }
        var page = await county.GetStringAsync("/assistance/cadres?overLimit=true", Ct);
        Assert.Matches($"<tr data-cadre=\"{id}\" class=\"warn over-limit\">", page);
        var api = (await county.GetFromJsonAsync<JsonObject>("/api/assistance/cadres?overLimit=true", RegistryApiTests.Json, Ct))!;
        var row = api["cadres"]!.AsArray().Single(c => (int)c!["id"]! == id)!;
        Assert.Equal((6, true), ((int)row["caseload"]!, (bool)row["overLimit"]!));
        Assert.All(api["cadres"]!.AsArray(), c => Assert.True((bool)c!["overLimit"]!));

        var xlsx = await county.GetAsync($"/assistance/cadres?county={County}&handler=Xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct));
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => (string?)r["姓名"] == busy && Convert.ToInt32(r["结对户数"]) == 6);
    }
}

public sealed class RosterPageOnSqlite(SqliteHost host) : RosterPageTests(host), IClassFixture<SqliteHost>;

public sealed class RosterPageOnPostgres(PostgresHost host) : RosterPageTests(host), IClassFixture<PostgresHost>;
