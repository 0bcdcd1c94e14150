using System.Net;
using System.Text.Json.Nodes;
using Jingzhun.Data.Statistics;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// The assistance section of /stats (id="assistance"): on the dashboard and the printable report, in the xlsx (one row per
/// area, its children adding up to it) and in /api/stats, each the figures AssistanceFigures computes for the same date.
/// </summary>
public abstract class AssistanceStatsTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";

    private async Task<AssistanceTally> ExpectedAsync(string code)
    {
        await using var db = Host.OpenDatabase();
        return (await AssistanceFigures.ForAsync(db, code, AssistanceDate.Live(Host.Clock.GetUtcNow().UtcDateTime), Ct))!.Area.Tally;
    }

    [Fact]
    public async Task The_dashboard_and_the_report_show_the_assistance_section()
    {
        var expected = await ExpectedAsync(County);
        Assert.True(expected.PoorHouseholds > 0 && expected.PairedHouseholds > 0 && expected.Measures > 0);
        var county = await Host.SignInAsync("county");
        foreach (var url in new[] { $"/stats/{County}", $"/stats/{County}/report" })
        {
            var (status, html) = await county.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("id=\"assistance\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-assistance-coverage\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-assistance-types\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-assistance-credit\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"stats-assistance-children\"", html, StringComparison.Ordinal);
            var paired = Row(html, "data-figure=\"paired\"");
            Assert.Contains($">{expected.PairedHouseholds:N0}<", paired, StringComparison.Ordinal);
            Assert.DoesNotContain("True", html[html.IndexOf("id=\"assistance\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }
        // A village clerk sees its own village's section.
        var clerk = await Host.SignInAsync("village");
        var (villageStatus, village) = await clerk.GetPageAsync("/stats/990121001001");
        Assert.Equal(HttpStatusCode.OK, villageStatus);
        Assert.Contains("id=\"stats-assistance-coverage\"", village, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_xlsx_and_the_api_carry_the_assistance_figures()
    {
        var expected = await ExpectedAsync(County);
        var county = await Host.SignInAsync("county");
        var xlsx = await county.GetByteArrayAsync($"/stats/{County}?asOf=live&handler=Xlsx", Ct);
        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(xlsx));
        Assert.Contains("帮扶", sheets);
        Assert.Contains("帮扶措施", sheets);
        Assert.Contains("帮扶资金来源", sheets);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "帮扶").Cast<IDictionary<string, object?>>().ToList();
        int Int(IDictionary<string, object?> row, string column) => Convert.ToInt32(row[column], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(County, rows[0]["代码"]);
        Assert.Equal(expected.PairedHouseholds, Int(rows[0], "有帮扶责任人户"));
        Assert.Equal(expected.Measures, Int(rows[0], "措施数"));
        // The townships below add up to the county.
        foreach (var column in new[] { "贫困户和返贫户", "有帮扶责任人户", "有帮扶计划户", "措施数", "受益人数", "评级户" })
            Assert.Equal(Int(rows[0], column), rows.Skip(1).Sum(r => Int(r, column)));
        var funds = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "帮扶资金来源").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(expected.Funds.Yuan, funds.Sum(r => Convert.ToDecimal(r["资金(元)"], System.Globalization.CultureInfo.InvariantCulture)));

        var json = JsonNode.Parse(await county.GetStringAsync($"/api/stats/{County}", Ct))!;
        var tally = json["assistance"]!["area"]!["tally"]!;
        Assert.Equal(expected.PairedHouseholds, (int)tally["pairedHouseholds"]!);
        Assert.Equal(expected.Measures, (int)tally["measures"]!);
        Assert.Equal(expected.RatedHouseholds, (int)tally["ratedHouseholds"]!);
        Assert.Equal(expected.ByType.Count, tally["byType"]!.AsArray().Count);
        Assert.Null(json["assistance"]!["date"]!["year"]?.GetValue<int?>());
    }

    private static string Row(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row {marker}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}

public sealed class SqliteAssistanceStatsTests(SqliteHost fixture) : AssistanceStatsTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresAssistanceStatsTests(PostgresHost fixture) : AssistanceStatsTests(fixture), IClassFixture<PostgresHost>;
