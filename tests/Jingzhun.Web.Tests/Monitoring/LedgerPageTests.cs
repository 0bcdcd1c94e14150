using System.Net;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Monitoring;

/// <summary>
/// The monitoring ledger on the web: the page's figures and rows, the xlsx opened with the Excel library, the JSON, the
/// what-if page, scope (another village's clerk gets 404), and the monitoring section of /stats and its report.
/// </summary>
public abstract class LedgerPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";
    private const string Village = "990121001001";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<ApiHost> Seeded = [];

    /// <summary>Five objects in one village: three still monitored (two marginal, one sudden), two unstable eliminated last year.</summary>
    private async Task SeedAsync()
    {
        await Once.WaitAsync(Ct);
        try
        {
            if (!Seeded.Add(Host)) return;
            var now = Host.Clock.GetUtcNow().UtcDateTime;
            var lastYear = now.Year - 1;
            await using var db = Host.OpenDatabase();
            var households = await db.Households.AsNoTracking().Where(h => h.VillageCode == Village).OrderBy(h => h.Id).Take(5).ToListAsync(Ct);
            var plan = new (MonitoringCategory Type, bool Eliminated, int People)[]
            {
                (MonitoringCategory.Marginal, false, 4), (MonitoringCategory.Marginal, false, 3), (MonitoringCategory.SuddenHardship, false, 2),
                (MonitoringCategory.UnstableExited, true, 5), (MonitoringCategory.UnstableExited, true, 1),
            };
            for (var i = 0; i < plan.Length; i++)
            {
                var recognised = new DateTime(lastYear, 3, 1 + i, 0, 0, 0, DateTimeKind.Utc);
                db.MonitoredObjects.Add(new MonitoredObject
                {
                    HouseholdId = households[i].Id, VillageCode = Village, Type = plan[i].Type, RiskClass = MonitoringRules.RiskClassOf(plan[i].Type),
                    People = plan[i].People, Causes = PovertyCause.Illness, FoundAt = recognised.AddDays(-9), Channel = DiscoveryChannel.Screening,
                    RecognisedAt = recognised, RecognisedYear = lastYear, State = plan[i].Eliminated ? RiskState.Eliminated : RiskState.Monitoring,
                    EliminatedAt = plan[i].Eliminated ? new DateTime(lastYear, 11, 20, 0, 0, 0, DateTimeKind.Utc) : null,
                });
            }
            await db.SaveChangesAsync(Ct);
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task The_county_ledger_shows_the_figures_by_type_and_class_with_its_townships_and_rows()
    {
        await SeedAsync();
        var county = await Host.SignInAsync("county");
        var (status, html) = await county.GetPageAsync("/monitoring/ledger");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"ledger-by-type\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"ledger-by-class\"", html, StringComparison.Ordinal);
        Assert.Contains("边缘易致贫户", html, StringComparison.Ordinal);
        Assert.Contains("/monitoring/ledger/990121001000?year=live", html, StringComparison.Ordinal);
        // Total: 5 households 15 people; 2 / 6 eliminated; 3 / 9 continuing.
        var total = Row(html, "ledger-total");
        Assert.Equal(["5", "15", "2", "6", "3", "9"], Cells(total));
        Assert.Contains("<strong id=\"ledger-rows\">5</strong>", html, StringComparison.Ordinal);

        // At the end of the year before last nothing was monitored yet.
        var (_, before) = await county.GetPageAsync($"/monitoring/ledger/{County}?year={Host.Clock.GetUtcNow().Year - 2}");
        Assert.Equal(["0", "0", "0", "0", "0", "0"], Cells(Row(before, "ledger-total")));

        // The township drills down to the village.
        var (_, township) = await county.GetPageAsync("/monitoring/ledger/990121001000?year=live");
        Assert.Contains($"/monitoring/ledger/{Village}?year=live", township, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ledger_downloads_as_xlsx_with_Chinese_headers_and_one_row_per_object()
    {
        await SeedAsync();
        var county = await Host.SignInAsync("county");
        var response = await county.GetAsync($"/monitoring/ledger/{County}?year=live&handler=Xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(["户编号", "户主姓名", "监测对象类型", "风险类别", "人口数", "发现方式", "帮扶措施", "风险状态", "风险消除时间"], h => Assert.True(rows[0].ContainsKey(h), h));
        Assert.Equal(2, rows.Count(r => (string?)r["风险状态"] == "风险已消除"));
        Assert.Equal(15, rows.Sum(r => Convert.ToInt32(r["人口数"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.StartsWith(Village, (string)r["户编号"]!, StringComparison.Ordinal));
        await using var db = Host.OpenDatabase();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "MonitoringLedger", Ct));
    }

    [Fact]
    public async Task The_ledger_api_answers_the_figures_and_another_village_gets_nothing()
    {
        await SeedAsync();
        var county = await Host.SignInAsync("county");
        var json = JsonNode.Parse(await county.GetStringAsync($"/api/monitoring/ledger/{County}?asOf=live&pageSize=2", Ct))!;
        Assert.Equal(5, (int)json["area"]!["monitored"]!["households"]!);
        Assert.Equal(9, (int)json["area"]!["continuing"]!["people"]!);
        Assert.Equal(5, (int)json["totalRows"]!);
        Assert.Equal(2, json["rows"]!.AsArray().Count);
        Assert.Equal(5, json["children"]!.AsArray().Sum(c => (int)c!["monitored"]!["households"]!));

        var other = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/monitoring/ledger/{Village}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/monitoring/ledger/{Village}", Ct)).StatusCode);
        var (status, own) = await other.GetPageAsync("/monitoring/ledger");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["0", "0", "0", "0", "0", "0"], Cells(Row(own, "ledger-total")));
        Assert.Equal(HttpStatusCode.BadRequest, (await county.GetAsync($"/api/monitoring/ledger/{County}?asOf=soon", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_what_if_page_counts_households_below_a_proposed_line()
    {
        var county = await Host.SignInAsync("county");
        var (status, html) = await county.GetPageAsync($"/monitoring/whatif/{County}?year={Host.Clock.GetUtcNow().Year - 1}&factor=3");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"whatif-areas\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"proposed-line\"", html, StringComparison.Ordinal);
        var json = JsonNode.Parse(await county.GetStringAsync($"/api/monitoring/whatif/{County}?year={Host.Clock.GetUtcNow().Year - 1}&factor=3", Ct))!;
        Assert.Equal((int)json["total"]!["below"]!, json["children"]!.AsArray().Sum(c => (int)c!["below"]!));
        Assert.True((int)json["total"]!["below"]! >= (int)json["total"]!["belowCurrent"]!);
    }

    [Fact]
    public async Task The_statistics_page_and_its_report_show_the_monitoring_register()
    {
        await SeedAsync();
        var county = await Host.SignInAsync("county");
        foreach (var url in new[] { $"/stats/{County}", $"/stats/{County}/report" })
        {
            var (status, html) = await county.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("id=\"stats-monitoring\"", html, StringComparison.Ordinal);
            Assert.Equal(["5/15", "2/6", "3/9"], Cells(Row(html, "stats-monitoring-total")));
            Assert.Contains($"/monitoring/ledger/{County}?year=live", html, StringComparison.Ordinal);
        }
        var xlsx = new MemoryStream(await county.GetByteArrayAsync($"/stats/{County}?asOf=live&handler=Xlsx", Ct));
        var monitoring = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "防返贫监测").Cast<IDictionary<string, object?>>()
            .Where(r => (string?)r["时点"] == "实时").ToList();
        Assert.Equal(3, monitoring.Count);
        Assert.Equal(5, monitoring.Sum(r => Convert.ToInt32(r["监测户数"], System.Globalization.CultureInfo.InvariantCulture)));
        var json = JsonNode.Parse(await county.GetStringAsync($"/api/stats/{County}", Ct))!;
        Assert.Equal(5, (int)json["monitoring"]!["monitored"]!["households"]!);
    }

    private static string Row(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row {id}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static string[] Cells(string row) =>
        [.. System.Text.RegularExpressions.Regex.Matches(row, "<td class=\"num\">([^<]*)</td>").Select(m => m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal).Trim())];
}

public sealed class SqliteLedgerPageTests(SqliteHost fixture) : LedgerPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresLedgerPageTests(PostgresHost fixture) : LedgerPageTests(fixture), IClassFixture<PostgresHost>;
