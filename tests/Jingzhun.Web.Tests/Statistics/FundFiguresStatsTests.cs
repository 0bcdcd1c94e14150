using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// The funds section of /stats (id="funds"): on the dashboard and the printable report, in the xlsx (one row per area, its
/// children adding up to it, and a detail sheet) and in /api/stats, each the figures FundFigures computes for the same date.
/// A crafted allocation and a project of the county (plan year 2034) make the figures non-zero whatever the demo holds.
/// </summary>
public abstract class FundFiguresStatsTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<string> Crafted = [];

    private JingzhunDbContext As(string user) =>
        JingzhunDb.Create(DatabaseTarget.Parse(Host.Database), AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), Host.Clock);

    private async Task CraftAsync()
    {
        await Once.WaitAsync(Ct);
        try
        {
            if (!Crafted.Add(Host.Database)) return;
            var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
            var allocation = new FundAllocation
            {
                Year = 2034, Source = FundSource.ProvinceFiscal, FromCode = "990100000000", ToCode = County, Amount = new Money(12_345.67m), IssuedOn = today.AddDays(-10),
            };
            await using (var city = As("city"))
            {
                city.Allocations.Add(allocation);
                await city.SaveChangesAsync(Ct);
            }
            await using var county = As("county");
            var project = new Project { Number = "XM-STATS-1", Name = "统计测试项目", RegionCode = "990121001001", Type = ProjectType.Water, Year = 2034, Stage = ProjectStage.Approved };
            project.Steps.Add(new ProjectStep { From = ProjectStage.Reviewed, To = ProjectStage.Approved, Action = ProjectAction.Advance, RegionCode = "990121001001", Actor = "county", At = Host.Clock.GetUtcNow().UtcDateTime });
            project.Funding.Add(new ProjectFunding { Source = FundSource.ProvinceFiscal, AllocationId = allocation.Id, Amount = new Money(10_000), RegionCode = "990121001001" });
            county.Projects.Add(project);
            await county.SaveChangesAsync(Ct);
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<FundTally> ExpectedAsync(string code)
    {
        await using var db = Host.OpenDatabase();
        return (await FundFigures.ForAsync(db, code, null, Host.Clock.GetUtcNow().UtcDateTime, Ct))!.Tally;
    }

    [Fact]
    public async Task The_dashboard_and_the_report_show_the_funds_section()
    {
        await CraftAsync();
        var expected = await ExpectedAsync(County);
        Assert.True(expected.Control.AllocatedFen >= 1_234_567 && expected.Control.Projects >= 1);
        var county = await Host.SignInAsync("county");
        foreach (var url in new[] { $"/stats/{County}", $"/stats/{County}/report" })
        {
            var (status, html) = await county.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            foreach (var id in new[] { "funds", "stats-funds-figures", "stats-funds-stages", "stats-funds-types", "stats-funds-sources", "stats-funds-children" })
                Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
            var allocated = Row(html, "id=\"stats-funds-figures\"", "data-figure=\"allocated\"");
            Assert.Contains($">{expected.Control.Allocated.Yuan.ToString("N2", CultureInfo.InvariantCulture)}<", allocated, StringComparison.Ordinal);
            var section = html[html.IndexOf("id=\"funds\"", StringComparison.Ordinal)..];
            Assert.DoesNotContain("True", section[..section.IndexOf("</section>", StringComparison.Ordinal)], StringComparison.Ordinal);
        }
        var auditor = await Host.SignInAsync("auditor");
        var (auditStatus, audit) = await auditor.GetPageAsync($"/stats/{County}");
        Assert.Equal(HttpStatusCode.OK, auditStatus);
        Assert.Contains($"href=\"/funds/control/{County}\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_xlsx_and_the_api_carry_the_funds_figures()
    {
        await CraftAsync();
        var expected = await ExpectedAsync(County);
        var county = await Host.SignInAsync("county");
        var xlsx = await county.GetByteArrayAsync($"/stats/{County}?asOf=live&handler=Xlsx", Ct);
        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(xlsx));
        Assert.Contains("资金", sheets);
        Assert.Contains("资金明细", sheets);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "资金").Cast<IDictionary<string, object?>>().ToList();
        decimal Dec(IDictionary<string, object?> row, string column) => Convert.ToDecimal(row[column] ?? 0m, CultureInfo.InvariantCulture);
        Assert.Equal(County, rows[0]["代码"]);
        Assert.Equal(expected.Control.Allocated.Yuan, Dec(rows[0], "下达资金(元)"));
        Assert.Equal(expected.Control.Projects, (int)Dec(rows[0], "入库项目"));
        // The areas below (the county's own level first) add up to the county.
        foreach (var column in new[] { "下达资金(元)", "已拨付(元)", "入库项目预算(元)", "入库项目", "已开工", "疑点支付" })
            Assert.Equal(Dec(rows[0], column), rows.Skip(1).Sum(r => Dec(r, column)));
        var detail = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "资金明细").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(expected.Control.Allocated.Yuan, detail.Where(r => (string?)r["分类"] == "资金来源").Sum(r => Dec(r, "金额(元)")));

        var json = JsonNode.Parse(await county.GetStringAsync($"/api/stats/{County}", Ct))!;
        var funds = json["funds"]!;
        Assert.Equal(expected.Control.AllocatedFen, (long)funds["tally"]!["control"]!["allocatedFen"]!);
        Assert.Equal(expected.Control.Projects, (int)funds["tally"]!["control"]!["projects"]!);
        Assert.Equal(expected.ByStage.Count, funds["tally"]!["byStage"]!.AsArray().Count);
        Assert.Null(funds["year"]?.GetValue<int?>());
    }

    private static string Row(string html, string table, string marker)
    {
        var from = html.IndexOf(table, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no {table}");
        var start = html.IndexOf(marker, from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row {marker}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}

public sealed class SqliteFundFiguresStatsTests(SqliteHost fixture) : FundFiguresStatsTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresFundFiguresStatsTests(PostgresHost fixture) : FundFiguresStatsTests(fixture), IClassFixture<PostgresHost>;
