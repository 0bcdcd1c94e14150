using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;

namespace Jingzhun.Web.Tests.Registry;

/// <summary>
/// Precise identification and exit: a household's status changes only as the outcome of its case. Every
/// route and page of the host that saves a household (read from its routing table) is asked, as the
/// village clerk, to change a poor household's status (and its number and years), and every import mode of
/// the web page too; each is refused or ignores it, and the household's status and the status history
/// stay exactly as they were in the database. The command line's import modes are in the CLI tests, the
/// importers' on both engines in the data tests; the positive case (an exit run to the end) is in the case
/// scenarios and the live-figures test.
/// </summary>
public abstract class StatusOnlyThroughCasesTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private const string Refused = "户状态只能通过识别、退出或回头看程序改变";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every route under the registry that accepts a write: a new one must be added here, and so be tried below.</summary>
    private static readonly string[] Known =
    [
        "POST /api/households", "PUT /api/households/{id:long}", "POST /api/households/{id:long}/members",
        "PUT /api/households/{id:long}/members/{memberId:long}", "PUT /api/households/{id:long}/incomes/{year:int}",
        "POST /households", "POST /households/new", "POST /households/import", "POST /households/{id:long}", "POST /households/{id:long}/edit",
        "POST /households/{id:long}/incomes/{year:int}", "POST /households/{id:long}/members/new", "POST /households/{id:long}/members/{memberId:long}/edit",
        // Labour cooperation (Collaboration) keeps its own rows under a household's address.
        "POST /api/households/{id:long}/labour", "POST /api/households/{id:long}/labour/{workerId:long}/steps", "POST /households/{id:long}/labour",
    ];

    private static bool IsAssistance(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()?.RelativePath.StartsWith("/Assistance/", StringComparison.Ordinal) == true
        || endpoint.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.DeclaringType?.Namespace?.StartsWith("Jingzhun.Web.Assistance", StringComparison.Ordinal) == true;

    private List<string> WritingRoutes()
    {
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            // Assistance writes its own rows under a household's address; its code never touches the status (StatusDoorTests).
            if (IsAssistance(endpoint)) continue;
            if (!pattern.StartsWith("/api/households", StringComparison.Ordinal) && !pattern.StartsWith("/households", StringComparison.Ordinal)) continue;
            // Pages take GET and POST; endpoints name their methods.
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["POST"];
            foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")) routes.Add($"{method} {pattern}");
        }
        return [.. routes];
    }

    /// <summary>The household's number, status and years, the whole status history, and how many households there are of each status.</summary>
    private async Task<string> StateAsync(long id)
    {
        await using var db = Host.OpenDatabase();
        var h = await db.Households.AsNoTracking().SingleAsync(h => h.Id == id, Ct);
        var history = await db.StatusChanges.AsNoTracking().OrderBy(s => s.Id).Select(s => $"{s.Id}:{s.HouseholdId}:{s.To}:{s.Year}").ToListAsync(Ct);
        var byStatus = await db.Households.GroupBy(x => x.Status).Select(g => $"{g.Key}={g.Count()}").ToListAsync(Ct);
        return $"{h.Number}|{h.Status}|{h.StatusYear}|{h.IdentifiedYear}|{string.Join(",", byStatus.Order())}|{string.Join(",", history)}";
    }

    /// <summary>An exited household, not monitored, with members: the demo's history has exited nearly every poor household by 2020.</summary>
    private async Task<(long Id, long MemberId)> RegisteredHouseholdAsync()
    {
        await using var db = Host.OpenDatabase();
        var h = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == Village && h.Status == HouseholdStatus.Exited && h.Monitoring == MonitoringCategory.None && h.Members.Count > 0)
            .OrderBy(h => h.Number).FirstAsync(Ct);
        return (h.Id, h.Members[0].Id);
    }

    [Fact]
    public async Task Every_route_that_saves_a_household_leaves_its_status_and_history_as_they_were()
    {
        Assert.Equal(Known.Order(StringComparer.Ordinal), WritingRoutes());
        var (id, memberId) = await RegisteredHouseholdAsync();
        var clerk = await Host.SignInAsync("village");
        var detail = (await clerk.GetFromJsonAsync<JsonObject>($"/api/households/{id}", RegistryApiTests.Json, Ct))!;
        var token = ApiHost.AntiforgeryToken(await clerk.GetStringAsync($"/households/{id}/edit", Ct));

        JsonObject Form(Action<JsonObject> change)
        {
            var form = RegistryApiTests.EditableForm(detail);
            change(form);
            return form;
        }

        var tried = new HashSet<string>();
        async Task Try(string route, string url, HttpContent content, HttpStatusCode? expect = null, string? message = null)
        {
            tried.Add(route);
            var before = await StateAsync(id);
            using var request = new HttpRequestMessage(new HttpMethod(route.Split(' ')[0]), url) { Content = content };
            var response = await clerk.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode < 500, $"{route} → {(int)response.StatusCode}");
            if (expect is { } code) Assert.True(code == response.StatusCode, $"{route}: {(int)response.StatusCode}, expected {(int)code}: {body}");
            if (message is not null) Assert.Contains(message, body);
            Assert.Equal(before, await StateAsync(id));
        }
        HttpContent Json(object body) => JsonContent.Create(body, options: RegistryApiTests.Json);
        HttpContent Page(params (string Name, string Value)[] fields) => new FormUrlEncodedContent(
            fields.Append(("__RequestVerificationToken", token)).Append(("Household.Status", "Returned")).Append(("Household.StatusYear", "2030"))
                .Append(("Household.Number", Village + "9999")).Append(("Status", "Returned")).Append(("Reason", "直接改状态"))
                .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));

        // The JSON API: a household's status, years and number are refused, field by field, in Chinese or English.
        await Try("PUT /api/households/{id:long}", $"/api/households/{id}", Json(new { household = Form(f => f["status"] = "Returned"), reason = "返贫" }),
            HttpStatusCode.BadRequest, Refused);
        await Try("PUT /api/households/{id:long}", $"/api/households/{id}", Json(new { household = Form(f => f["statusYear"] = 2030) }),
            HttpStatusCode.BadRequest, "状态年度");
        await Try("PUT /api/households/{id:long}", $"/api/households/{id}", Json(new { household = Form(f => f["identifiedYear"] = 2030) }),
            HttpStatusCode.BadRequest, "识别年度");
        await Try("PUT /api/households/{id:long}", $"/api/households/{id}", Json(new { household = Form(f => f["number"] = Village + "9999") }),
            HttpStatusCode.BadRequest, "户编号一经编排不能修改");
        var english = await clerk.PutAsJsonAsync($"/api/households/{id}?lang=en", new { household = Form(f => f["status"] = "Removed") }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        var newcomer = RegistryApiTests.NewHousehold(Village, ResidentId.Create("990121", new DateOnly(1981, 4, 4), 931).Value);
        var withStatus = JsonSerializerNode(newcomer);
        withStatus["household"]!["status"] = "Poor";
        await Try("POST /api/households", "/api/households", Json(withStatus), HttpStatusCode.BadRequest, Refused);
        var withYear = JsonSerializerNode(newcomer);
        withYear["household"]!["identifiedYear"] = 2020;
        await Try("POST /api/households", "/api/households", Json(withYear), HttpStatusCode.BadRequest, "识别年度");
        var withNumber = JsonSerializerNode(newcomer);
        withNumber["household"]!["number"] = Village + "9999";
        await Try("POST /api/households", "/api/households", Json(withNumber), HttpStatusCode.BadRequest, "户编号由系统编排");
        // Members and incomes have no status: a status sent with them changes nothing.
        await Try("POST /api/households/{id:long}/members", $"/api/households/{id}/members",
            Json(new { name = "状态测试", residentId = ResidentId.Create("990121", new DateOnly(2001, 2, 3), 933).Value, relation = "Son", status = "Returned", statusYear = 2030 }));
        await Try("PUT /api/households/{id:long}/members/{memberId:long}", $"/api/households/{id}/members/{memberId}",
            Json(new { name = "状态测试", status = "Returned", version = 0 }));
        await Try("PUT /api/households/{id:long}/incomes/{year:int}", $"/api/households/{id}/incomes/2030",
            Json(new { membersCounted = 1, wages = 99_999m, status = "Returned", statusYear = 2030 }));

        // Labour cooperation: a member enters the labour pool and takes a step; a status sent with them changes nothing.
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        await Try("POST /api/households/{id:long}/labour", $"/api/households/{id}/labour", Json(new { memberId, on = today, status = "Returned", statusYear = 2030 }));
        async Task<long?> WorkerAsync()
        {
            await using var db = Host.OpenDatabase();
            return await db.LabourWorkers.Where(w => w.MemberId == memberId).Select(w => (long?)w.Id).SingleOrDefaultAsync(Ct);
        }
        if (await WorkerAsync() is null) // the body with a status was refused whole: enter the pool without it
            Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync($"/api/households/{id}/labour", new { memberId, on = today }, RegistryApiTests.Json, Ct)).StatusCode);
        var workerId = (await WorkerAsync())!.Value;
        await Try("POST /api/households/{id:long}/labour/{workerId:long}/steps", $"/api/households/{id}/labour/{workerId}/steps",
            Json(new { stage = "Training", on = today, course = "状态测试", status = "Returned", statusYear = 2030 }));
        await Try("POST /households/{id:long}/labour", $"/households/{id}/labour?handler=Step", Page(("Step.WorkerId", workerId.ToString()),
            ("Step.Stage", "Training"), ("Step.On", today), ("Step.Course", "状态测试")));

        // The pages: the forms have no status input, and a forged one is refused at its field.
        await Try("POST /households/{id:long}/edit", $"/households/{id}/edit", Page(("Household.VillageCode", Village), ("Household.PrimaryCause", "Illness"),
            ("Household.Version", ((int)detail["version"]!).ToString())), HttpStatusCode.UnprocessableEntity, Refused);
        await Try("POST /households/new", "/households/new", Page(("Household.VillageCode", Village), ("Household.PrimaryCause", "Illness"),
            ("Head.Name", "状态测试"), ("Head.ResidentId", ResidentId.Create("990121", new DateOnly(1983, 5, 6), 935).Value)), HttpStatusCode.UnprocessableEntity, Refused);
        await Try("POST /households/{id:long}/members/new", $"/households/{id}/members/new", Page(("Member.Name", "状态测试")));
        await Try("POST /households/{id:long}/members/{memberId:long}/edit", $"/households/{id}/members/{memberId}/edit", Page(("Member.Name", "状态测试")));
        await Try("POST /households/{id:long}/incomes/{year:int}", $"/households/{id}/incomes/2031", Page(("Income.Wages", "1")));
        await Try("POST /households/{id:long}", $"/households/{id}?handler=Pair", Page(("accountId", "1")));
        await Try("POST /households", "/households", Page());

        // The import page, every mode: a row that changes the status is refused with its message, with or without skipping;
        // an initial load by a township officer is refused; a row of an unknown number is refused.
        var path = await ExportWithAsync(id, "返贫");
        await Try("POST /households/import", "/households/import", await UploadAsync(clerk, path), HttpStatusCode.UnprocessableEntity, Refused);
        await Try("POST /households/import", "/households/import", await UploadAsync(clerk, path, ("skipInvalid", "true")), HttpStatusCode.OK, Refused);
        var township = await Host.SignInAsync("township");
        var (_, importPage) = (0, await township.GetStringAsync("/households/import", Ct));
        Assert.DoesNotContain("id=\"initial-load\"", importPage); // the box is for county officers and above
        tried.Remove("POST /households/import");
        var before = await StateAsync(id);
        var refusedLoad = await township.PostAsync("/households/import", await UploadAsync(township, path, ("initialLoad", "true"), ("skipInvalid", "true")), Ct);
        Assert.Contains("首次导入只能由县级及以上扶贫干部或系统管理员执行", await refusedLoad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await StateAsync(id));
        var county = await Host.SignInAsync("county");
        Assert.Contains("id=\"initial-load\"", await county.GetStringAsync("/households/import", Ct));
        var unknown = await ExportWithAsync(id, null, newNumber: Village + "9876");
        await Try("POST /households/import", "/households/import", await UploadAsync(clerk, unknown), HttpStatusCode.UnprocessableEntity, "新户请在“新增建档立卡户”页面登记");

        Assert.Equal(Known.Order(StringComparer.Ordinal), tried.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_monitoring_type_changes_only_through_monitoring_recognition()
    {
        const string refused = "监测类型只能通过监测认定程序改变";
        var (id, _) = await RegisteredHouseholdAsync();
        async Task<string> MonitoringAsync()
        {
            await using var db = Host.OpenDatabase();
            var types = await db.Households.AsNoTracking().GroupBy(h => h.Monitoring).Select(g => $"{g.Key}={g.Count()}").ToListAsync(Ct);
            return string.Join(",", types.Order()) + "|" + await StateAsync(id);
        }
        var before = await MonitoringAsync();
        var clerk = await Host.SignInAsync("village");
        var detail = (await clerk.GetFromJsonAsync<JsonObject>($"/api/households/{id}", RegistryApiTests.Json, Ct))!;
        Assert.Equal("None", (string?)detail["monitoring"]);

        // The JSON API: repeating the type is fine, changing it is refused at its field, in both languages.
        var form = RegistryApiTests.EditableForm(detail);
        var same = await clerk.PutAsJsonAsync($"/api/households/{id}", new { household = form.DeepClone(), reason = "核对" }, RegistryApiTests.Json, Ct);
        Assert.True(same.IsSuccessStatusCode, await same.Content.ReadAsStringAsync(Ct));
        form["monitoring"] = "Marginal";
        var put = await clerk.PutAsJsonAsync($"/api/households/{id}", new { household = form, reason = "纳入监测" }, RegistryApiTests.Json, Ct);
        var body = await put.Content.ReadAsStringAsync(Ct);
        Assert.True(put.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(refused, body);
        var english = await clerk.PutAsJsonAsync($"/api/households/{id}?lang=en", new { household = form }, RegistryApiTests.Json, Ct);
        Assert.Contains("the monitoring type changes only through monitoring recognition", await english.Content.ReadAsStringAsync(Ct));
        var newcomer = JsonSerializerNode(RegistryApiTests.NewHousehold(Village, ResidentId.Create("990121", new DateOnly(1982, 6, 7), 937).Value));
        newcomer["household"]!["monitoring"] = "SuddenHardship";
        var created = await clerk.PostAsJsonAsync("/api/households", newcomer, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains(refused, await created.Content.ReadAsStringAsync(Ct));

        // The pages: the form has no input for it, and a forged one is refused at its field.
        var edit = await clerk.GetStringAsync($"/households/{id}/edit", Ct);
        Assert.DoesNotContain("name=\"Household.Monitoring\"", edit);
        var token = ApiHost.AntiforgeryToken(edit);
        var page = await clerk.PostAsync($"/households/{id}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Household.VillageCode"] = Village, ["Household.PrimaryCause"] = "Illness",
            ["Household.Version"] = ((int)detail["version"]!).ToString(), ["Household.Monitoring"] = "UnstableExited", ["Reason"] = "纳入监测",
        }), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains(refused, await page.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await MonitoringAsync());
    }

    [Fact]
    public async Task The_unchanged_export_of_a_village_imports_back_on_the_page_changing_nothing()
    {
        var (id, _) = await RegisteredHouseholdAsync();
        var before = await StateAsync(id);
        var clerk = await Host.SignInAsync("village");
        var path = await ExportWithAsync(id, null);
        var response = await clerk.PostAsync("/households/import", await UploadAsync(clerk, path), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("import-done", html);
        Assert.Equal(before, await StateAsync(id));
    }

    private static JsonObject JsonSerializerNode(object value) =>
        System.Text.Json.JsonSerializer.SerializeToNode(value, RegistryApiTests.Json)!.AsObject();

    /// <summary>The village's export, with the household's status changed (or not), and optionally one more household of a new number.</summary>
    private async Task<string> ExportWithAsync(long id, string? status, string? newNumber = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-status-{Guid.NewGuid():N}.xlsx");
        await using (var db = Data.Database.JingzhunDb.Create(Data.Database.DatabaseTarget.Parse(Host.Database), new AccessScope(Village, true, true, "test")))
            await RegistryExporter.ExportAsync(db, path, ExchangeFormat.Xlsx, ct: Ct);
        string number;
        await using (var db = Host.OpenDatabase())
            number = await db.Households.Where(h => h.Id == id).Select(h => h.Number).SingleAsync(Ct);
        var book = MiniExcel.GetSheetNames(path).ToDictionary(s => s, s => MiniExcel.Query(path, useHeaderRow: true, sheetName: s)
            .Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList());
        var row = book["户"].Single(h => (string)h["户编号"]! == number);
        if (status is not null) row["户状态"] = status;
        if (newNumber is not null) book["户"].Add(new Dictionary<string, object?>(row) { ["户编号"] = newNumber });
        MiniExcel.SaveAs(path, book.ToDictionary(s => s.Key, object (s) => s.Value), overwriteFile: true);
        return path;
    }

    private async Task<HttpContent> UploadAsync(HttpClient client, string path, params (string Name, string Value)[] fields)
    {
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/households/import", Ct));
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path, Ct));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", "registry.xlsx");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        return content;
    }
}

public sealed class StatusOnlyThroughCasesOnSqlite(SqliteHost host) : StatusOnlyThroughCasesTests(host), IClassFixture<SqliteHost>;

public sealed class StatusOnlyThroughCasesOnPostgres(PostgresHost host) : StatusOnlyThroughCasesTests(host), IClassFixture<PostgresHost>;
