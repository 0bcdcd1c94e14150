using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;

namespace Jingzhun.Web.Tests.Registry;

/// <summary>
/// Assignments through the real host: an assistance cadre sees and changes its paired households
/// in full and its village's other households masked; an assessor sees only its sample; exports
/// follow the same rules; masked files are not imported; pairings are made and ended on the household page.
/// </summary>
public abstract class AssignmentAccessTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cadre_sees_full_personal_data_of_its_paired_household_and_masked_data_of_another_in_its_village_on_the_page()
    {
        var (paired, unpaired) = (await PairedAsync(), await UnpairedAsync());
        var cadre = await Host.SignInAsync("cadre");

        var own = await cadre.GetStringAsync($"/households/{paired.Id}", Ct);
        var other = await cadre.GetStringAsync($"/households/{unpaired.Id}", Ct);

        foreach (var m in paired.Members) Assert.Contains(m.ResidentId, own);
        Assert.Contains(paired.Phone, own);
        Assert.DoesNotContain("masked-note", own);
        foreach (var m in unpaired.Members)
        {
            Assert.DoesNotContain(m.ResidentId, other);
            Assert.Contains(Masking.ResidentId(m.ResidentId), other);
        }
        Assert.Contains($">{Masking.Phone(unpaired.Phone)}<", other);
        Assert.Contains($">{Masking.BankAccount(unpaired.BankAccount)}<", other);
        Assert.Contains("masked-note", other);
    }

    [Fact]
    public async Task A_cadre_gets_full_personal_data_of_its_paired_household_and_masked_data_of_another_from_the_api()
    {
        var (paired, unpaired) = (await PairedAsync(), await UnpairedAsync());
        var cadre = await Host.SignInAsync("cadre");

        var own = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households/{paired.Id}", RegistryApiTests.Json, Ct))!;
        var other = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households/{unpaired.Id}", RegistryApiTests.Json, Ct))!;

        Assert.False((bool)own["personalDataMasked"]!);
        Assert.Equal(paired.Phone, (string?)own["phone"]);
        Assert.Equal(paired.Members.Select(m => m.ResidentId).Order(), own["members"]!.AsArray().Select(m => (string)m!["residentId"]!).Order());
        Assert.True((bool)other["personalDataMasked"]!);
        Assert.Equal(Masking.Phone(unpaired.Phone), (string?)other["phone"]);
        Assert.Equal(Masking.BankAccount(unpaired.BankAccount), (string?)other["bankAccount"]);
        foreach (var m in other["members"]!.AsArray())
        {
            var stored = unpaired.Members.Single(x => x.Id == (long)m!["id"]!);
            Assert.Equal(Masking.ResidentId(stored.ResidentId), (string?)m!["residentId"]);
            Assert.Null(m["birthDate"]);
            Assert.Null(m["health"]);
            Assert.Null(m["disabilityGrade"]);
            Assert.Equal(Masking.Health(stored.Health, english: false), (string?)m["healthNote"]);
        }
    }

    [Fact]
    public async Task A_cadre_cannot_find_an_unpaired_household_by_resident_id_digits()
    {
        var (paired, unpaired) = (await PairedAsync(), await UnpairedAsync());
        var cadre = await Host.SignInAsync("cadre");

        var other = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households?residentId={unpaired.Members[0].ResidentId}", RegistryApiTests.Json, Ct))!;
        var own = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households?residentId={paired.Members[0].ResidentId}", RegistryApiTests.Json, Ct))!;

        Assert.Equal(0, (int)other["total"]!);
        Assert.Contains(own["items"]!.AsArray(), i => (long)i!["id"]! == paired.Id);
        var clerk = await Host.SignInAsync("village");
        var found = (await clerk.GetFromJsonAsync<JsonObject>($"/api/households?residentId={unpaired.Members[0].ResidentId}", RegistryApiTests.Json, Ct))!;
        Assert.Contains(found["items"]!.AsArray(), i => (long)i!["id"]! == unpaired.Id);
    }

    [Fact]
    public async Task A_village_clerk_sees_full_personal_data_of_every_household_of_its_village()
    {
        var unpaired = await UnpairedAsync();
        var clerk = await Host.SignInAsync("village");
        var detail = (await clerk.GetFromJsonAsync<JsonObject>($"/api/households/{unpaired.Id}", RegistryApiTests.Json, Ct))!;
        Assert.False((bool)detail["personalDataMasked"]!);
        Assert.Equal(unpaired.Phone, (string?)detail["phone"]);
    }

    [Fact]
    public async Task A_cadre_may_change_its_paired_household_and_is_refused_403_on_another_with_nothing_changed()
    {
        var (paired, unpaired) = (await PairedAsync(), await UnpairedAsync());
        var cadre = await Host.SignInAsync("cadre");

        var own = HouseholdForm.From(paired);
        own.Address = $"帮扶回访 {Guid.NewGuid():N}"[..16];
        var ok = await cadre.PutAsJsonAsync($"/api/households/{paired.Id}", new { household = own, reason = "回访" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var other = HouseholdForm.From(unpaired);
        other.Address = "越权修改";
        var refused = await cadre.PutAsJsonAsync($"/api/households/{unpaired.Id}", new { household = other, reason = "越权" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await using var db = Host.OpenDatabase();
        Assert.Equal(own.Address, (await db.Households.SingleAsync(h => h.Id == paired.Id, Ct)).Address);
        var after = await db.Households.SingleAsync(h => h.Id == unpaired.Id, Ct);
        Assert.Equal((unpaired.Address, unpaired.Version), (after.Address, after.Version));
        // The edit form, which would show the personal data in full, is not served either.
        Assert.NotEqual(HttpStatusCode.OK, (await cadre.GetAsync($"/households/{unpaired.Id}/edit", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_assessor_searches_exactly_its_sample_and_gets_404_outside_it()
    {
        var assessor = await Host.SignInAsync("assessor");
        await using var db = Host.OpenDatabase();
        var account = await db.Accounts.SingleAsync(a => a.UserName == "assessor", Ct);
        // Its sample: the households of the demo's county-exit assessment under way (last year's closed survey's assignments ended).
        var sample = await db.Assignments.Where(a => a.AccountId == account.Id && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)
            .Select(a => a.HouseholdId).ToListAsync(Ct);
        Assert.InRange(sample.Count, 5, 200);
        var ended = await db.Assignments.Where(a => a.AccountId == account.Id && a.EndedAt != null && !sample.Contains(a.HouseholdId))
            .Select(a => a.HouseholdId).FirstOrDefaultAsync(Ct);
        var outside = await db.Households.Where(h => !sample.Contains(h.Id)).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);

        var found = (await assessor.GetFromJsonAsync<JsonObject>("/api/households?pageSize=200", RegistryApiTests.Json, Ct))!;
        Assert.Equal(sample.Count, (int)found["total"]!);
        Assert.Equal(sample.Order(), found["items"]!.AsArray().Select(i => (long)i!["id"]!).Order());
        var page = await assessor.GetStringAsync("/households", Ct);
        Assert.Contains($"id=\"total-count\">{sample.Count}<", page);
        Assert.Contains("sample-note", page);

        // A household of a closed project's sample is no longer its to read.
        if (ended != 0) Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/api/households/{ended}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/api/households/{outside}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/households/{outside}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_cadres_search_stars_its_paired_households_and_can_show_only_them()
    {
        var paired = await PairedIdsAsync();
        var cadre = await Host.SignInAsync("cadre");

        var mine = (await cadre.GetFromJsonAsync<JsonObject>("/api/households?mine=true&pageSize=200", RegistryApiTests.Json, Ct))!;
        Assert.Equal(paired.Order(), mine["items"]!.AsArray().Select(i => (long)i!["id"]!).Order());
        Assert.All(mine["items"]!.AsArray(), i => Assert.True((bool)i!["paired"]!));
        var page = await cadre.GetStringAsync("/households?mine=true", Ct);
        Assert.Contains($"id=\"total-count\">{paired.Count}<", page);
        Assert.Equal(Math.Min(paired.Count, 20), page.Split("class=\"paired\"").Length - 1);
        Assert.Contains("export-xlsx", page);
        // The export job form carries the search, "only mine" included (Registry/ExportJobs).
        Assert.Contains("<input type=\"hidden\" name=\"mine\" value=\"true\" />", page);
    }

    [Fact]
    public async Task Web_export_by_a_village_clerk_holds_only_its_village_in_full_and_is_audited()
    {
        var clerk = await Host.SignInAsync("village");

        var response = await clerk.GetAsync("/households/export?format=xlsx", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!;
        Assert.Matches($"^registry-{Village}-\\d{{8}}\\.xlsx$", name.Trim('"'));
        var book = await SaveAsync(response);
        await using var db = Host.OpenDatabase();
        var village = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == Village).ToListAsync(Ct);
        var households = Sheet(book, "户");
        Assert.Equal(village.Count, households.Count);
        Assert.All(households, h => Assert.Equal(Village, Text(h["村代码"])));
        Assert.Equal(village.SelectMany(h => h.Members).Select(m => m.ResidentId).Order(), Sheet(book, "成员").Select(m => Text(m["身份证号"])).Order());
        Assert.DoesNotContain("说明", MiniExcel.GetSheetNames(book));
        var audit = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Actor == "village").OrderByDescending(a => a.Id).FirstAsync(Ct);
        Assert.Contains(name.Trim('"'), audit.Reason);
        Assert.Contains($"导出{village.Count}户", audit.Reason);
        Assert.Contains("完整数据", audit.Reason);
        File.Delete(book);
    }

    [Fact]
    public async Task Web_export_follows_the_search_filters()
    {
        var clerk = await Host.SignInAsync("village");
        var book = await SaveAsync(await clerk.GetAsync($"/households/export?format=xlsx&status={HouseholdStatus.Exited}", Ct));
        await using var db = Host.OpenDatabase();
        var expected = await db.Households.Where(h => h.VillageCode == Village && h.Status == HouseholdStatus.Exited).Select(h => h.Number).ToListAsync(Ct);
        Assert.Equal(expected.Order(), Sheet(book, "户").Select(h => Text(h["户编号"])).Order());
        File.Delete(book);
    }

    [Fact]
    public async Task Web_export_by_a_cadre_masks_unpaired_households_and_not_its_paired_ones()
    {
        var paired = await PairedIdsAsync();
        var cadre = await Host.SignInAsync("cadre");

        var response = await cadre.GetAsync("/households/export?format=xlsx", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var book = await SaveAsync(response);
        await using var db = Host.OpenDatabase();
        var village = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == Village).ToDictionaryAsync(h => h.Number, Ct);
        var households = Sheet(book, "户");
        Assert.Equal(village.Count, households.Count);
        foreach (var row in households)
        {
            var h = village[Text(row["户编号"])];
            Assert.Equal(paired.Contains(h.Id) ? h.Phone : Masking.Phone(h.Phone), Text(row["联系电话"]));
        }
        foreach (var row in Sheet(book, "成员"))
        {
            var h = village[Text(row["户编号"])];
            var expected = h.Members.Select(m => paired.Contains(h.Id) ? m.ResidentId : Masking.ResidentId(m.ResidentId));
            Assert.Contains(Text(row["身份证号"]), expected);
        }
        Assert.Contains("说明", MiniExcel.GetSheetNames(book));
        var audit = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Actor == "cadre").OrderByDescending(a => a.Id).FirstAsync(Ct);
        Assert.Contains($"已脱敏：{village.Count - paired.Count}户", audit.Reason);
        File.Delete(book);
    }

    [Fact]
    public async Task A_masked_export_is_refused_on_import_with_an_error_saying_it_is_masked()
    {
        var cadre = await Host.SignInAsync("cadre");
        var book = await SaveAsync(await cadre.GetAsync("/households/export?format=xlsx", Ct));
        await using (var db = Host.OpenDatabase())
        {
            var before = await db.Households.Where(h => h.VillageCode == Village).SumAsync(h => h.Version, Ct);
            var clerk = await Host.SignInAsync("village");

            var (status, html) = await UploadAsync(clerk, book);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains("import-masked", html);
            Assert.Contains("此文件是脱敏导出", html);
            Assert.Equal(before, await db.Households.Where(h => h.VillageCode == Village).SumAsync(h => h.Version, Ct));
        }
        File.Delete(book);
    }

    [Fact]
    public async Task Pairing_a_cadre_on_the_household_page_creates_a_pairing_and_ending_it_keeps_the_row()
    {
        var household = await UnpairedAsync(last: true);
        await using var db = Host.OpenDatabase();
        var cadreId = await CadreIdAsync(db);
        var clerk = await Host.SignInAsync("village");
        var page = await clerk.GetStringAsync($"/households/{household.Id}", Ct);
        Assert.Contains("pair-form", page);
        var token = ApiHost.AntiforgeryToken(page);

        var paired = await clerk.PostAsync($"/households/{household.Id}?handler=Pair", Form(token, ("cadreId", cadreId.ToString()), ("reason", "新识别结对")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, paired.StatusCode);
        var assignment = await db.CadrePairings.AsNoTracking()
            .SingleAsync(a => a.HouseholdId == household.Id && a.CadreId == cadreId && a.EndedOn == null, Ct);
        Assert.Equal(("village", Village), (assignment.StartedBy, assignment.VillageCode));
        Assert.Contains("帮扶责任人", await clerk.GetStringAsync($"/households/{household.Id}", Ct));
        // Now paired, the cadre sees the household in full.
        var cadre = await Host.SignInAsync("cadre");
        Assert.False((bool)(await cadre.GetFromJsonAsync<JsonObject>($"/api/households/{household.Id}", RegistryApiTests.Json, Ct))!["personalDataMasked"]!);

        var ended = await clerk.PostAsync($"/households/{household.Id}?handler=EndPairing", Form(token, ("pairingId", assignment.Id.ToString()), ("reason", "户已退出")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var kept = await db.CadrePairings.AsNoTracking().SingleAsync(a => a.Id == assignment.Id, Ct);
        Assert.NotNull(kept.EndedOn);
        Assert.Equal(("village", "户已退出"), (kept.EndedBy, kept.EndReason));
        Assert.True((bool)(await cadre.GetFromJsonAsync<JsonObject>($"/api/households/{household.Id}", RegistryApiTests.Json, Ct))!["personalDataMasked"]!);
    }

    [Fact]
    public async Task A_cadre_may_not_pair_itself_with_a_household()
    {
        var household = await UnpairedAsync();
        await using var db = Host.OpenDatabase();
        var cadreId = await CadreIdAsync(db);
        var cadre = await Host.SignInAsync("cadre");
        var page = await cadre.GetStringAsync($"/households/{household.Id}", Ct);
        Assert.DoesNotContain("pair-form", page);

        var response = await cadre.PostAsync($"/households/{household.Id}?handler=Pair", Form(ApiHost.AntiforgeryToken(page), ("cadreId", cadreId.ToString()), ("reason", "自己结对")), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await db.CadrePairings.AnyAsync(a => a.HouseholdId == household.Id && a.CadreId == cadreId && a.EndedOn == null, Ct));
    }

    /// <summary>The demo cadre's roster entry (the account <c>cadre</c> is linked to it).</summary>
    private static Task<int> CadreIdAsync(Data.Database.JingzhunDbContext db) =>
        db.Cadres.Where(c => db.Accounts.Any(a => a.Id == c.AccountId && a.UserName == "cadre")).Select(c => c.Id).SingleAsync(Ct);

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    /// <summary>
    /// The demo pairs the cadre with every household of a small village; end all but its first four
    /// pairings (rows kept) so that the village has unpaired households too. Idempotent.
    /// </summary>
    private async Task EnsureUnpairedAsync()
    {
        await using var db = Host.OpenDatabase();
        var cadre = await CadreIdAsync(db);
        var active = await db.CadrePairings.Include(a => a.Household)
            .Where(a => a.CadreId == cadre && a.EndedOn == null && a.StartedBy == "demo")
            .ToListAsync(Ct);
        foreach (var a in active.OrderBy(a => a.Household!.Number).Skip(4)) { a.EndedOn = DateOnly.FromDateTime(DateTime.UtcNow); a.EndedBy = "test"; a.EndReason = "测试"; }
        await db.SaveChangesAsync(Ct);
    }

    private async Task<HashSet<long>> PairedIdsAsync()
    {
        await EnsureUnpairedAsync();
        await using var db = Host.OpenDatabase();
        var cadre = await CadreIdAsync(db);
        return (await db.CadrePairings.Where(a => a.CadreId == cadre && a.EndedOn == null)
            .Select(a => a.HouseholdId).ToListAsync(Ct)).ToHashSet();
    }

    private async Task<Household> PairedAsync()
    {
        var paired = await PairedIdsAsync();
        await using var db = Host.OpenDatabase();
        return await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => paired.Contains(h.Id) && h.Phone != "").OrderBy(h => h.Number).FirstAsync(Ct);
    }

    /// <summary>A household of the cadre's village with no cadre paired, members, a phone and a bank account.</summary>
    private async Task<Household> UnpairedAsync(bool last = false)
    {
        await EnsureUnpairedAsync();
        await using var db = Host.OpenDatabase();
        var query = db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => h.VillageCode == Village && h.Phone != "" && h.BankAccount != "" && h.Members.Any()
                        && !db.CadrePairings.Any(a => a.HouseholdId == h.Id && a.EndedOn == null));
        return await (last ? query.OrderByDescending(h => h.Number) : query.OrderBy(h => h.Number)).FirstAsync(Ct);
    }

    private static async Task<string> SaveAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-export-test-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
        return path;
    }

    private async Task<(HttpStatusCode, string)> UploadAsync(HttpClient client, string path)
    {
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/households/import", Ct));
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path, Ct));
        content.Add(file, "file", "registry.xlsx");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await client.PostAsync("/households/import", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static List<Dictionary<string, object?>> Sheet(string path, string sheet) =>
        MiniExcel.Query(path, useHeaderRow: true, sheetName: sheet).Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

public sealed class AssignmentAccessOnSqlite(SqliteHost host) : AssignmentAccessTests(host), IClassFixture<SqliteHost>;

public sealed class AssignmentAccessOnPostgres(PostgresHost host) : AssignmentAccessTests(host), IClassFixture<PostgresHost>;
