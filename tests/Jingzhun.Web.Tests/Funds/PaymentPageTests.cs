using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// Payments through the real host: recorded and reversed by the county officer (both entries kept), refused to the auditor
/// and the village clerk with nothing changed, over the balance answered 409; real xlsx payment and project files with a bad
/// row refused with their row errors and nothing written, skip-invalid writing the good rows; the page's list, form and
/// reverse button, and the downloads.
/// </summary>
public abstract class PaymentPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static int _next;
    private const string CountyCode = "990121000000";

    private string Today => Jingzhun.Domain.Common.LocalTime.DateOf(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    private async Task<(long Id, string Document)> AllocationAsync(decimal amount)
    {
        var document = $"网页〔2026〕{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}"[..30];
        await using var db = Host.OpenDatabase();
        var allocation = new FundAllocation
        {
            Year = 2026, Source = FundSource.CentralFiscal, FromCode = "990100000000", ToCode = CountyCode, Amount = new Money(amount), DocumentNumber = document,
            IssuedOn = new DateOnly(2026, 1, 2), Purpose = "到户补助",
        };
        db.Allocations.Add(allocation);
        await db.SaveChangesAsync(Ct);
        return (allocation.Id, document);
    }

    private async Task<(long Id, string Number)> HouseholdAsync(int skip = 0)
    {
        await using var db = Host.OpenDatabase();
        var h = await db.Households.Where(h => h.VillageCode == "990121001001" && h.Status != HouseholdStatus.Removed
                && h.Members.Any(m => m.Relation == Relation.Head && m.State == MemberState.Present))
            .OrderBy(h => h.Id).Skip(skip).Select(h => new { h.Id, h.Number }).FirstAsync(Ct);
        return (h.Id, h.Number);
    }

    private async Task<string> LedgerAsync(long allocationId)
    {
        await using var db = Host.OpenDatabase();
        return string.Join(";", await db.Payments.Where(p => p.AllocationId == allocationId).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(Ct));
    }

    private static object Body(long allocation, long household, decimal amount) => new
    {
        kind = "Household", paidOn = "2026-01-15", amount, allocationId = allocation, householdId = household, purpose = "产业奖补", purposeType = "Industry",
        voucher = $"W{Interlocked.Increment(ref _next)}",
    };

    private static byte[] Xlsx(params Dictionary<string, object>[] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] file, string name, bool skipInvalid, string? token = null)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", name);
        content.Add(new StringContent("990121"), "county");
        if (token is not null) content.Add(new StringContent(token), "__RequestVerificationToken");
        if (skipInvalid) content.Add(new StringContent("true"), "skipInvalid");
        return content;
    }

    [Fact]
    public async Task The_api_records_and_reverses_payments_keeping_both_entries_and_refuses_others_and_over_the_balance()
    {
        var (allocation, _) = await AllocationAsync(1_000m);
        var (household, number) = await HouseholdAsync();
        var county = await Host.SignInAsync("county");

        var created = await county.PostAsJsonAsync("/api/funds/payments", Body(allocation, household, 600m), RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var payment = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var id = (long)payment["id"]!;
        Assert.Equal(number, (string)payment["householdNumber"]!);
        var before = await LedgerAsync(allocation);

        foreach (var user in new[] { "auditor", "village" })
        {
            var other = await Host.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/funds/payments", Body(allocation, household, 1m), RegistryApiTests.Json, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/funds/payments/{id}/reverse", new { reason = "无权" }, RegistryApiTests.Json, Ct)).StatusCode);
        }
        var over = await county.PostAsJsonAsync("/api/funds/payments", Body(allocation, household, 400.01m), RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        Assert.Contains("400.00", await over.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/funds/payments/{id}/reverse", new { reason = "" }, RegistryApiTests.Json, Ct)).StatusCode);
        Assert.Equal(before, await LedgerAsync(allocation));

        var reversed = await county.PostAsJsonAsync($"/api/funds/payments/{id}/reverse", new { reason = "重复发放" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, reversed.StatusCode);
        var reversal = (await reversed.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((-600m, id), ((decimal)reversal["amount"]!, (long)reversal["reversesId"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostAsJsonAsync($"/api/funds/payments/{id}/reverse", new { reason = "又一次" }, RegistryApiTests.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.PostAsJsonAsync("/api/funds/payments/987654321/reverse", new { reason = "无此笔" }, RegistryApiTests.Json, Ct)).StatusCode);

        var list = (await county.GetFromJsonAsync<JsonObject>($"/api/funds/payments?region={CountyCode}&household={number}&pageSize=500", Ct))!;
        var rows = list["payments"]!.AsArray().Where(p => (long?)p!["allocationId"] == allocation).ToList();
        Assert.Equal([600m, -600m], rows.Select(r => (decimal)r!["amount"]!).Order().Reverse());

        // The auditor reads the county's file; the outside county's is not found.
        var auditor = await Host.SignInAsync("auditor");
        var file = await auditor.GetAsync($"/api/funds/payments/export/{CountyCode}", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using (var stream = new MemoryStream(await file.Content.ReadAsByteArrayAsync(Ct)))
        {
            var exported = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Where(r => $"{r["资金编号"]}" == allocation.ToString()).ToList();
            Assert.Equal(2, exported.Count);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/api/funds/payments/export/980121000000", Ct)).StatusCode);
    }

    [Fact]
    public async Task Real_payment_and_project_workbooks_with_a_bad_row_write_nothing_and_skip_invalid_writes_the_good_rows()
    {
        var (allocation, document) = await AllocationAsync(5_000m);
        var (_, number) = await HouseholdAsync(1);
        var county = await Host.SignInAsync("county");
        Dictionary<string, object> PaymentRow(string amount, string household) => new()
        {
            ["支付日期"] = "2026-01-20", ["金额"] = amount, ["类型"] = "到户补助", ["资金下达文号"] = document, ["户编号"] = household, ["用途"] = "产业奖补",
            ["用途类别"] = "产业发展", ["凭证号"] = $"X{Interlocked.Increment(ref _next)}",
        };
        var workbook = Xlsx(PaymentRow("300", number), PaymentRow("abc", number));
        using (var content = Upload(workbook, "支付.xlsx", false))
        {
            var refused = await county.PostAsync("/api/funds/payments/import", content, Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var report = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["report"]!;
            Assert.Equal((3, "金额"), ((int)report["errors"]![0]!["row"]!, (string)report["errors"]![0]!["column"]!));
        }
        Assert.Equal("", await LedgerAsync(allocation));
        using (var content = Upload(workbook, "支付.xlsx", true))
        {
            var done = await county.PostAsync("/api/funds/payments/import", content, Ct);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Equal(1, (int)(await done.Content.ReadFromJsonAsync<JsonObject>(Ct))!["added"]!);
        }
        Assert.Single((await LedgerAsync(allocation)).Split(';'));

        // The project list on the page: row errors shown, nothing written; then the good row with skip-invalid.
        var name = $"网页导入项目{Interlocked.Increment(ref _next)}";
        Dictionary<string, object> ProjectRow(string project, string region) => new()
        {
            ["项目名称"] = project, ["类型"] = "产业发展", ["年度"] = "2026", ["所在村"] = region, ["资金来源"] = "中央财政专项扶贫资金", ["金额"] = "80000", ["受益户"] = number,
        };
        var list = Xlsx(ProjectRow(name, "990121001001"), ProjectRow(name + "乙", "990122001001"));
        var page = $"/funds/payments/{CountyCode}";
        var token = ApiHost.AntiforgeryToken(await county.GetStringAsync(page, Ct));
        using (var content = Upload(list, "项目.xlsx", false, token))
        {
            var refused = await county.PostAsync($"{page}?handler=ImportProjects", content, Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("import-errors", html);
            Assert.Contains("990122001001", html);
        }
        await using (var db = Host.OpenDatabase())
            Assert.False(await db.Projects.AnyAsync(p => p.Name.StartsWith(name), Ct));
        using (var content = Upload(list, "项目.xlsx", true, token))
            Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"{page}?handler=ImportProjects", content, Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var project = await db.Projects.Include(p => p.Steps).SingleAsync(p => p.Name == name, Ct);
            Assert.Equal(ProjectStage.Proposed, project.Stage);
            Assert.StartsWith("XM2026990121", project.Number);
        }
        // The village clerk may not import through the page.
        var village = await Host.SignInAsync("village");
        var villageToken = ApiHost.AntiforgeryToken(await village.GetStringAsync("/funds/payments/990121001001", Ct));
        using (var content = Upload(list, "项目.xlsx", true, villageToken))
            Assert.Equal(HttpStatusCode.Forbidden, (await village.PostAsync("/funds/payments/990121001001?handler=ImportProjects", content, Ct)).StatusCode);

        var download = await county.GetAsync($"{page}?handler=ProjectsXlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using var stream = new MemoryStream(await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains(stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>(), r => $"{r["项目名称"]}" == name && $"{r["阶段"]}" == "村级申报");
    }

    [Fact]
    public async Task The_page_lists_payments_offers_the_form_to_the_county_only_and_reverses_with_a_reason()
    {
        var (allocation, _) = await AllocationAsync(2_000m);
        var (household, _) = await HouseholdAsync(2);
        var county = await Host.SignInAsync("county");
        var created = await county.PostAsJsonAsync("/api/funds/payments", Body(allocation, household, 250m), RegistryApiTests.Json, Ct);
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        var page = $"/funds/payments/{CountyCode}";
        var html = await county.GetStringAsync(page, Ct);
        Assert.Contains($"data-payment=\"{id}\"", html);
        Assert.Contains("record-form", html);
        Assert.Contains("250.00", html);

        var auditor = await Host.SignInAsync("auditor");
        var read = await auditor.GetStringAsync(page, Ct);
        Assert.Contains($"data-payment=\"{id}\"", read);
        Assert.DoesNotContain("record-form", read);
        Assert.DoesNotContain("reverse-form", read);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/funds/payments/980121000000", Ct)).StatusCode);

        var token = ApiHost.AntiforgeryToken(html);
        var empty = await county.PostAsync($"{page}?handler=Reverse", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["paymentId"] = id.ToString(), ["reason"] = "", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var done = await county.PostAsync($"{page}?handler=Reverse", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["paymentId"] = id.ToString(), ["reason"] = "户主已故，改发", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Found, done.StatusCode);
        var after = await county.GetStringAsync(done.Headers.Location!.OriginalString, Ct);
        Assert.Contains("户主已故，改发", after);
        Assert.Equal(2, (await LedgerAsync(allocation)).Split(';').Length);
    }
}

public sealed class PaymentPageOnSqlite(SqliteHost host) : PaymentPageTests(host), IClassFixture<SqliteHost>;

public sealed class PaymentPageOnPostgres(PostgresHost host) : PaymentPageTests(host), IClassFixture<PostgresHost>;
