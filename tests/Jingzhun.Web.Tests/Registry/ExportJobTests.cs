using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Microsoft.Extensions.DependencyInjection;

namespace Jingzhun.Web.Tests.Registry;

/// <summary>
/// Registry exports as background jobs on the real host: the search page's export starts a job and answers with its page
/// at once, the status moves to ready, the file holds exactly what the account may see (with the head's, township's and
/// village's names on the household sheet), masked as before, audited; another account finds neither the job nor its
/// file. And the search by any part (≥ 4 characters) of a household number or resident ID.
/// </summary>
public abstract class ExportJobTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private const string County = "990121";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_county_export_starts_a_job_whose_file_has_every_county_household_with_its_heads_and_villages_names()
    {
        var county = await Host.SignInAsync("county");

        var (jobId, page) = await StartAsync(county, "xlsx");

        Assert.Contains("id=\"job-progress\"", page);
        Assert.Contains("<progress", page);
        Assert.Contains("/js/export-job.js", page);
        var status = await WaitAsync(county, jobId);
        Assert.Equal((long)status["total"]!, (long)status["written"]!);
        Assert.Equal(100, (int)status["percent"]!);
        Assert.Contains("id=\"job-download\"", await county.GetStringAsync($"/exports/{jobId}", Ct));
        var book = await DownloadAsync(county, (string)status["download"]!);
        await using var db = Host.OpenDatabase();
        var households = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => h.VillageCode.StartsWith(County)).ToDictionaryAsync(h => h.Number, Ct);
        var names = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Code.StartsWith(County)).ToDictionaryAsync(r => r.Code, r => r.Name, Ct);
        var rows = Sheet(book, "户");
        Assert.Equal(households.Count, rows.Count);
        Assert.Equal(households.Values.Sum(h => h.Members.Count) + households.Count + await db.Incomes.CountAsync(i => i.Household!.VillageCode.StartsWith(County), Ct),
            (long)status["total"]!);
        var headers = MiniExcel.GetColumns(book, useHeaderRow: true, sheetName: "户").ToList();
        Assert.Equal(headers.IndexOf("户编号") + 1, headers.IndexOf("户主姓名"));
        Assert.Equal(headers.IndexOf("村代码") + 2, headers.IndexOf("所在村"));
        foreach (var row in rows.Where((_, i) => i % 37 == 0).Append(rows[^1]))
        {
            var h = households[Text(row["户编号"])];
            Assert.Equal(h.Head?.Name ?? "", Text(row["户主姓名"]));
            Assert.Equal(names[h.VillageCode], Text(row["所在村"]));
            Assert.Equal(names[h.VillageCode[..9] + "000"], Text(row["所在乡镇"]));
        }
        var audit = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Actor == "county").OrderByDescending(a => a.Id).FirstAsync(Ct);
        Assert.Contains($"导出{households.Count}户", audit.Reason);
        Assert.Contains("完整数据", audit.Reason);
        File.Delete(book);
    }

    [Fact]
    public async Task Another_account_gets_404_for_the_job_its_status_and_its_file()
    {
        var clerk = await Host.SignInAsync("village");
        var (jobId, _) = await StartAsync(clerk, "csv");
        var status = await WaitAsync(clerk, jobId);

        foreach (var other in new[] { "village2", "county", "admin" })
        {
            var intruder = await Host.SignInAsync(other);
            foreach (var path in new[] { $"/exports/{jobId}", $"/exports/{jobId}/status", $"/exports/{jobId}/file" })
                Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(path, Ct)).StatusCode);
            Assert.DoesNotContain(jobId, await intruder.GetStringAsync("/exports", Ct));
        }
        var anonymous = Host.CreateClient(new() { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/exports/{jobId}/file", Ct)).StatusCode);
        // The owner still gets it, as a zip of the CSV tables.
        var zip = await clerk.GetAsync((string)status["download"]!, Ct);
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        Assert.Contains(jobId, await clerk.GetStringAsync("/exports", Ct));
    }

    [Fact]
    public async Task A_finished_file_is_kept_for_a_day_then_the_job_is_not_found_and_its_file_is_deleted()
    {
        var clerk = await Host.SignInAsync("village2");
        var (jobId, _) = await StartAsync(clerk, "xlsx");
        await WaitAsync(clerk, jobId);
        var folder = Host.Services.GetRequiredService<Jingzhun.Web.Registry.ExportJobs>().Folder;
        Assert.True(File.Exists(Path.Combine(folder, jobId + ".xlsx")));

        Host.Clock.Advance(Jingzhun.Web.Registry.ExportJobs.Lifetime + TimeSpan.FromMinutes(1));
        clerk = await Host.SignInAsync("village2"); // the idle session ended with the day

        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/exports/{jobId}/file", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/exports/{jobId}", Ct)).StatusCode);
        var (next, _) = await StartAsync(clerk, "csv"); // starting one sweeps the expired
        Assert.False(File.Exists(Path.Combine(folder, jobId + ".xlsx")));
        await WaitAsync(clerk, next);
    }

    [Fact]
    public async Task A_village_clerks_export_job_holds_its_village_only_and_a_filtered_search_its_matches_only()
    {
        var clerk = await Host.SignInAsync("village");

        var (jobId, _) = await StartAsync(clerk, "xlsx");
        var (exitedJob, _) = await StartAsync(clerk, "xlsx", ("status", nameof(HouseholdStatus.Exited)));

        await using var db = Host.OpenDatabase();
        var village = await db.Households.Where(h => h.VillageCode == Village).Select(h => h.Number).ToListAsync(Ct);
        var book = await DownloadAsync(clerk, (string)(await WaitAsync(clerk, jobId))["download"]!);
        Assert.Equal(village.Order(), Sheet(book, "户").Select(r => Text(r["户编号"])).Order());
        Assert.All(Sheet(book, "户"), r => Assert.Equal(Village, Text(r["村代码"])));
        var exited = await db.Households.Where(h => h.VillageCode == Village && h.Status == HouseholdStatus.Exited).Select(h => h.Number).ToListAsync(Ct);
        var exitedBook = await DownloadAsync(clerk, (string)(await WaitAsync(clerk, exitedJob))["download"]!);
        Assert.Equal(exited.Order(), Sheet(exitedBook, "户").Select(r => Text(r["户编号"])).Order());
        File.Delete(book);
        File.Delete(exitedBook);
    }

    [Fact]
    public async Task A_cadres_export_job_is_masked_for_unpaired_households_as_the_direct_export_was()
    {
        var paired = await EndOnePairingAsync();
        var cadre = await Host.SignInAsync("cadre");

        var (jobId, _) = await StartAsync(cadre, "xlsx");

        var book = await DownloadAsync(cadre, (string)(await WaitAsync(cadre, jobId))["download"]!);
        await using var db = Host.OpenDatabase();
        var village = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == Village).ToDictionaryAsync(h => h.Number, Ct);
        var rows = Sheet(book, "户");
        Assert.Equal(village.Count, rows.Count);
        foreach (var row in rows)
        {
            var h = village[Text(row["户编号"])];
            Assert.Equal(paired.Contains(h.Id) ? h.Phone : Masking.Phone(h.Phone), Text(row["联系电话"]));
            Assert.Equal(h.Head?.Name ?? "", Text(row["户主姓名"])); // names are not masked, as on the members sheet
        }
        foreach (var row in Sheet(book, "成员"))
        {
            var h = village[Text(row["户编号"])];
            Assert.Contains(Text(row["身份证号"]), h.Members.Select(m => paired.Contains(h.Id) ? m.ResidentId : Masking.ResidentId(m.ResidentId)));
        }
        Assert.Contains("说明", MiniExcel.GetSheetNames(book));
        var audit = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Actor == "cadre").OrderByDescending(a => a.Id).FirstAsync(Ct);
        Assert.Contains($"已脱敏：{village.Count - village.Values.Count(h => paired.Contains(h.Id))}户", audit.Reason);
        File.Delete(book);
    }

    [Fact]
    public async Task An_auditors_export_job_is_one_read_entry_naming_every_household_in_it()
    {
        var auditor = await Host.SignInAsync("auditor");
        long before;
        await using (var db = Host.OpenDatabase())
            before = await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Read, Ct);

        var (jobId, _) = await StartAsync(auditor, "xlsx");
        await WaitAsync(auditor, jobId);

        await using var check = Host.OpenDatabase();
        var reads = await check.AuditEntries.Where(a => a.Action == AuditAction.Read && a.Actor == "auditor").OrderBy(a => a.Id).ToListAsync(Ct);
        var entry = reads.Last(r => r.Reason!.Contains("/exports", StringComparison.Ordinal));
        var county = await check.Households.Where(h => h.VillageCode.StartsWith(County)).Select(h => h.Id).OrderBy(id => id).ToListAsync(Ct);
        Assert.Equal(county, entry.NewValue!.Split(',').Select(long.Parse).ToList());
        Assert.True(await check.AuditEntries.CountAsync(a => a.Action == AuditAction.Read, Ct) > before);
    }

    [Fact]
    public async Task A_too_short_number_or_id_is_a_message_on_the_page_the_api_and_the_export_not_a_search()
    {
        var county = await Host.SignInAsync("county");

        var page = await county.GetAsync("/households?number=123", Ct);
        var api = await county.GetAsync("/api/households?residentId=12X", Ct);
        var token = ApiHost.AntiforgeryToken(await county.GetStringAsync("/households", Ct));
        var export = await county.PostAsync("/exports", Form(token, ("format", "xlsx"), ("number", "12")), Ct);

        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"search-problem\"", html);
        Assert.Contains("户编号请至少输入4位", html);
        Assert.DoesNotContain("id=\"search-results\"", html);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("身份证号请至少输入4位", await api.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Contains("id=\"export-problem\"", await export.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_tail_or_the_middle_of_a_household_number_or_resident_id_finds_the_household_on_the_page_and_the_api()
    {
        await using var db = Host.OpenDatabase();
        var household = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => h.VillageCode == Village && h.Members.Any())
            .OrderBy(h => h.Number).Skip(5).FirstAsync(Ct);
        var id = household.Members.OrderBy(m => m.Id).First().ResidentId;
        var county = await Host.SignInAsync("county");

        foreach (var query in new[]
                 {
                     $"number={household.Number[^4..]}", $"number={household.Number[^7..^2]}",
                     $"residentId={id[^4..]}", $"residentId={id[6..14]}", $"residentId={id[^6..].ToLowerInvariant()}",
                 })
        {
            var found = (await county.GetFromJsonAsync<JsonObject>($"/api/households?{query}&pageSize=200", RegistryApiTests.Json, Ct))!;
            var total = (int)found["total"]!;
            // Enough results to be on the first page, or the search narrowed by village shows it.
            var narrowed = total <= 200 ? found : (await county.GetFromJsonAsync<JsonObject>($"/api/households?{query}&region={Village}&pageSize=200", RegistryApiTests.Json, Ct))!;
            Assert.Contains(household.Number, narrowed["items"]!.AsArray().Select(i => (string)i!["number"]!));
        }
        var pageHtml = await county.GetStringAsync($"/households?number={household.Number[^5..]}&region={Village}", Ct);
        Assert.Contains(household.Number, pageHtml);
    }

    [Fact]
    public async Task A_cadre_cannot_find_an_unpaired_household_by_a_fragment_of_a_masked_id_but_finds_its_own()
    {
        var paired = await EndOnePairingAsync();
        await using var db = Host.OpenDatabase();
        var village = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => h.VillageCode == Village && h.Members.Any()).ToListAsync(Ct);
        var own = village.First(h => paired.Contains(h.Id));
        var other = village.First(h => !paired.Contains(h.Id));
        var cadre = await Host.SignInAsync("cadre");

        var otherFound = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households?residentId={other.Members[0].ResidentId[^6..]}&pageSize=200", RegistryApiTests.Json, Ct))!;
        var ownFound = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households?residentId={own.Members[0].ResidentId[^6..]}&pageSize=200", RegistryApiTests.Json, Ct))!;

        Assert.DoesNotContain(other.Number, otherFound["items"]!.AsArray().Select(i => (string)i!["number"]!));
        Assert.Contains(own.Number, ownFound["items"]!.AsArray().Select(i => (string)i!["number"]!));
        // By number (not personal data) the unpaired household is found as before.
        var byNumber = (await cadre.GetFromJsonAsync<JsonObject>($"/api/households?number={other.Number[^5..]}&pageSize=200", RegistryApiTests.Json, Ct))!;
        Assert.Contains(other.Number, byNumber["items"]!.AsArray().Select(i => (string)i!["number"]!));
    }

    [Fact]
    public async Task Any_part_of_four_or_more_characters_of_a_household_number_finds_it()
    {
        List<(long Id, string Number)> households;
        await using (var db = Host.OpenDatabase())
            households = (await db.Households.OrderBy(h => h.Id).Select(h => new { h.Id, h.Number }).ToListAsync(Ct)).Select(h => (h.Id, h.Number)).ToList();
        var gen = from i in Gen.Int[0, households.Count - 1]
                  let number = households[i].Number
                  from length in Gen.Int[RegistrySearch.MinFragment, number.Length]
                  from start in Gen.Int[0, number.Length - length]
                  select (households[i].Id, Fragment: number.Substring(start, length));

        await gen.SampleAsync(async sample =>
        {
            await using var db = Host.OpenDatabase();
            var found = await RegistrySearch.Filter(db, new RegistryCriteria { Number = sample.Fragment }).AnyAsync(h => h.Id == sample.Id, Ct);
            Assert.True(found, $"{sample.Fragment} does not find household {sample.Id}");
        }, iter: 60);
    }

    /// <summary>Starts an export from the search page's export form; returns the job id and the job page it led to.</summary>
    private async Task<(string JobId, string Page)> StartAsync(HttpClient client, string format, params (string Key, string Value)[] search)
    {
        var searchPage = await client.GetStringAsync("/households", Ct);
        Assert.Contains("id=\"export-form\"", searchPage);
        var token = ApiHost.AntiforgeryToken(searchPage);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var started = await client.PostAsync("/exports", Form(token, [("format", format), .. search]), Ct);
        // Answered at once with the way to the job page, not after the export.
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"starting the export took {watch.Elapsed}");
        var location = started.Headers.Location!.OriginalString;
        Assert.Matches("^/exports/[0-9a-f]{32}$", location);
        var page = await client.GetAsync(location, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (location["/exports/".Length..], await page.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Polls the job's status until it is ready (or fails the test when it failed or took over a minute).</summary>
    private static async Task<JsonObject> WaitAsync(HttpClient client, string jobId)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = (await client.GetFromJsonAsync<JsonObject>($"/exports/{jobId}/status", RegistryApiTests.Json, Ct))!;
            var state = (string)status["state"]!;
            Assert.NotEqual("Failed", state);
            if (state == "Done") return status;
            Assert.True(DateTime.UtcNow < until, $"export job {jobId} still {state} after a minute");
            await Task.Delay(200, Ct);
        }
    }

    private static async Task<string> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-export-job-test-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
        return path;
    }

    /// <summary>Ends the demo cadre's pairing with the last household of its village (row kept), so one household is unpaired; returns the paired ids.</summary>
    private async Task<HashSet<long>> EndOnePairingAsync()
    {
        await using var db = Host.OpenDatabase();
        var cadre = await db.Cadres.Where(c => db.Accounts.Any(a => a.Id == c.AccountId && a.UserName == "cadre")).Select(c => c.Id).SingleAsync(Ct);
        var active = await db.CadrePairings.Include(p => p.Household).Where(p => p.CadreId == cadre && p.EndedOn == null && p.Household!.VillageCode == Village).ToListAsync(Ct);
        if (active.Count > 1 && !await db.Households.AnyAsync(h => h.VillageCode == Village && !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null), Ct))
        {
            var last = active.OrderBy(p => p.Household!.Number).Last();
            last.EndedOn = DateOnly.FromDateTime(DateTime.UtcNow);
            last.EndedBy = "test";
            last.EndReason = "测试";
            await db.SaveChangesAsync(Ct);
        }
        return (await db.CadrePairings.Where(p => p.CadreId == cadre && p.EndedOn == null).Select(p => p.HouseholdId).ToListAsync(Ct)).ToHashSet();
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    private static List<Dictionary<string, object?>> Sheet(string path, string sheet) =>
        MiniExcel.Query(path, useHeaderRow: true, sheetName: sheet).Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

public sealed class ExportJobsOnSqlite(SqliteHost host) : ExportJobTests(host), IClassFixture<SqliteHost>;

public sealed class ExportJobsOnPostgres(PostgresHost host) : ExportJobTests(host), IClassFixture<PostgresHost>;
