using System.Text;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Funds;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Jingzhun.Data.Tests.Funds.PaymentTestData;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// A county's project list in and out as a file: each good row a project at the stage Proposed, numbered as the library numbers
/// them, with its Propose step, funding lines and beneficiaries; a bad file writes nothing; skip-invalid writes the good rows;
/// damaged and random files never throw; the export carries the stage and budget.
/// </summary>
public sealed class ProjectImportTests
{
    internal static Dictionary<string, object> Row(string name, string type, string year, string region, string source, string amount, string households = "",
        string start = "2026-04-01", string end = "2026-10-31") => new()
    {
        ["项目名称"] = name, ["类型"] = type, ["年度"] = year, ["所在村(区划代码)"] = region, ["建设内容"] = "新建" + name, ["实施单位"] = "青山镇人民政府",
        ["负责人"] = "王主任", ["计划开工"] = start, ["计划完工"] = end, ["受益人口"] = "120", ["带贫机制"] = "务工与分红", ["资金来源"] = source, ["金额"] = amount,
        ["受益户"] = households,
    };

    private static async Task<string> XlsxAsync(TestFolder folder, string name, params Dictionary<string, object>[] rows)
    {
        var path = folder.File(name);
        await MiniExcel.SaveAsAsync(path, rows, cancellationToken: Ct);
        return path;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_project_list_with_bad_rows_writes_nothing_and_skip_invalid_proposes_the_good_projects_with_their_lines_and_households(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "projimport");
        var hs = await HouseholdsAsync(database, 2);
        // A project already numbered in 2026: the import continues its sequence.
        await ProjectAsync(database, ProjectStage.Proposed, ProjectImport.NumberPrefix(2026, County) + "0007");
        var path = await XlsxAsync(folder, "项目.xlsx",
            Row("高峰村蔬菜大棚", "产业发展", "2026", Village, "中央财政专项扶贫资金、省级财政资金", "300000;120000.5", $"{hs[0].Number}、{hs[1].Number}"), // 2 good
            Row("塘湾村道路硬化", "基础设施", "2026", "990121001002", "统筹整合涉农资金", "800000"),                                          // 3 good
            Row("", "产业发展", "2026", Village, "中央财政专项扶贫资金", "1000"),                                                             // 4 no name
            Row("邻县项目", "产业发展", "2026", "990122001001", "中央财政专项扶贫资金", "1000"),                                              // 5 another county
            Row("火箭基地", "航天", "2026", Village, "中央财政专项扶贫资金", "1000"),                                                         // 6 type
            Row("水窖", "安全饮水", "2026", Village, "中央财政专项扶贫资金、省级财政资金", "1000"),                                            // 7 amounts don't match sources
            Row("养殖场", "产业发展", "2026", Village, "中央财政专项扶贫资金", "1000", "9901210019999999"),                                   // 8 no such household
            Row("培训", "就业扶贫", "二〇二六", Village, "中央财政专项扶贫资金", "1000", "", "2026-05-01", "2026-04-01"));                      // 9 year, end before start
        var before = await LibraryAsync(database);

        FundImportReport report;
        await using (var db = As(database, "county"))
            report = await ProjectImport.ImportAsync(db, path, new FundImportOptions(), Now, Ct);
        Assert.True(report.Rejected);
        Assert.Equal((8, 0, 6), (report.Rows, report.Added, report.Skipped));
        Assert.Equal([(4, "项目名称"), (5, "所在村"), (6, "类型"), (7, "金额"), (8, "受益户"), (9, "年度"), (9, "计划完工")],
            report.Errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.All(report.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Chinese) || string.IsNullOrWhiteSpace(e.English)));
        Assert.Equal(before, await LibraryAsync(database));

        foreach (var user in new[] { "auditor", "township", "village", "city", "cadre" })
        {
            await using var db = As(database, user);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectImport.ImportAsync(db, path, new FundImportOptions("990121", true), Now, Ct));
        }
        Assert.Equal(before, await LibraryAsync(database));

        await using (var db = As(database, "county"))
            report = await ProjectImport.ImportAsync(db, path, new FundImportOptions(SkipInvalid: true), Now, Ct);
        Assert.False(report.Rejected);
        Assert.Equal((8, 2, 6, 1_220_000.5m), (report.Rows, report.Added, report.Skipped, report.Amount));
        await using (var db = As(database, "county"))
        {
            var projects = await db.Projects.Include(p => p.Funding).Include(p => p.Beneficiaries).Include(p => p.Steps)
                .Where(p => p.Name == "高峰村蔬菜大棚" || p.Name == "塘湾村道路硬化").OrderBy(p => p.Number).AsSplitQuery().ToListAsync(Ct);
            Assert.Equal(["XM20269901210008", "XM20269901210009"], projects.Select(p => p.Number));
            var first = projects[0];
            Assert.Equal((ProjectStage.Proposed, ProjectType.Industry, Village, County, 2026, 120, new DateOnly(2026, 4, 1)),
                (first.Stage, first.Type, first.RegionCode, first.CountyCode, first.Year, first.BeneficiaryPeople, first.PlannedStart!.Value));
            Assert.Equal([(FundSource.CentralFiscal, 300_000m), (FundSource.ProvinceFiscal, 120_000.5m)], first.Funding.OrderBy(f => f.Id).Select(f => (f.Source, f.Amount.Yuan)));
            Assert.Equal(hs.Select(h => h.Id).Order(), first.Beneficiaries.Select(b => b.HouseholdId).Order());
            Assert.All(first.Beneficiaries, b => Assert.True(b.People > 0));
            var step = Assert.Single(first.Steps);
            Assert.Equal((ProjectAction.Propose, ProjectStage.Proposed, ProjectImport.StepComment, "county"), (step.Action, step.To, step.Comment, step.Actor));
        }

        // The export: the import's columns, then number, stage and budget.
        var export = folder.File("export.xlsx");
        int exported;
        await using (var db = As(database, "auditor"))
        {
            // Every project of the county (the demo county has a library of its own), ours among them.
            exported = await ProjectImport.ExportAsync(db, "990121", export, ExchangeFormat.Xlsx, Now, ct: Ct);
            Assert.Equal(await db.Projects.CountAsync(p => p.CountyCode == "990121", Ct), exported);
            Assert.True(exported >= 3);
        }
        var rows = MiniExcel.Query(export, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = rows.Single(r => $"{r["项目名称"]}" == "高峰村蔬菜大棚");
        Assert.Equal(("XM20269901210008", "村级申报", "420000.5", "中央财政专项扶贫资金、省级财政资金", "300000.00、120000.50"),
            ($"{row["项目编号"]}", $"{row["阶段"]}", $"{row["预算"]}", $"{row["资金来源"]}", $"{row["金额"]}"));
        Assert.Equal(string.Join("、", hs.Select(h => h.Number).Order()), $"{row["受益户"]}");

        // The exported file reads back as a list (a second county's copy of the library, say): no row errors.
        await using (var db = As(database, "county"))
        {
            var again = await ProjectImport.ImportAsync(db, export, new FundImportOptions(), Now, Ct);
            Assert.True(again.Errors.Count == 0, string.Join("\n", again.Errors.Take(5).Select(e => $"{e.Row} {e.Column} {e.Chinese}")));
            Assert.Equal(exported, again.Added);
        }
    }

    private static readonly string[] Pieces =
        ["高峰村大棚", "产业发展", "2026", Village, "990122001001", "中央财政专项扶贫资金", "300000", "-1", "9901210010010001", "2026-04-01", "", "、", "\"", "1.1E+17"];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 60)]
    [InlineData(DatabaseProvider.Postgres, 25)]
    public async Task Random_and_damaged_project_lists_are_answered_with_errors_and_never_throw(DatabaseProvider provider, int cases)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "projfuzz", 20);
        var header = "项目名称,类型,年度,所在村,建设内容,实施单位,负责人,计划开工,计划完工,受益人口,带贫机制,资金来源,金额,受益户";
        var cell = Gen.OneOf(Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]), Gen.String[Gen.Char.AlphaNumeric, 0, 12], Gen.String);
        var line = cell.Array[0, 15].Select(cells => string.Join(",", cells));
        var file = Gen.Select(Gen.Int[0, 3], line.Array[0, 10], Gen.Byte.Array[0, 300], Gen.Bool)
            .Select((kind, lines, bytes, skip) => (Kind: kind, Lines: lines, Bytes: bytes, Skip: skip));
        var count = 0;
        await file.SampleAsync(async f =>
        {
            var path = folder.File($"fuzz{++count}." + (f.Kind == 3 ? "xlsx" : "csv"));
            switch (f.Kind)
            {
                case 0: File.WriteAllText(path, string.Join("\n", [header, .. f.Lines]), Encoding.UTF8); break;
                case 1: File.WriteAllText(path, string.Join("\r\n", f.Lines), Encoding.UTF8); break;
                case 2: File.WriteAllBytes(path, f.Bytes); break;
                default:
                    var xlsx = folder.File($"ok{count}.xlsx");
                    string C(string[] c, int i) => c.ElementAtOrDefault(i) ?? "";
                    await MiniExcel.SaveAsAsync(xlsx, f.Lines.Select(l => l.Split(',')).Select(c => Row(C(c, 0), C(c, 1), C(c, 2), C(c, 3), C(c, 4), C(c, 5), C(c, 6)))
                        .ToArray() is { Length: > 0 } rows ? rows : [Row("", "", "", "", "", "")], cancellationToken: Ct);
                    var bytes = await File.ReadAllBytesAsync(xlsx, Ct);
                    if (f.Bytes.Length % 3 == 0) bytes = bytes[..(bytes.Length * 2 / 3)];
                    else if (f.Bytes.Length % 3 == 1) foreach (var (x, i) in f.Bytes.Select((x, i) => (x, i))) bytes[(bytes.Length / 3 + i * 7) % bytes.Length] ^= x;
                    await File.WriteAllBytesAsync(path, bytes, Ct);
                    break;
            }
            var before = await LibraryAsync(database);
            await using var db = As(database, "county");
            var report = await ProjectImport.ImportAsync(db, path, new FundImportOptions(SkipInvalid: f.Skip), Now, Ct);
            if (report.Rejected || report.Added == 0) Assert.Equal(before, await LibraryAsync(database));
            else Assert.Equal(report.Rows - report.Skipped, report.Added);
            Assert.True(report.Rejected || report.Errors.Count == 0 || f.Skip);
            Assert.All(report.Errors, e => Assert.True(e.Chinese.Length > 0 && e.English.Length > 0));
        }, iter: cases, threads: 1);
    }
}
