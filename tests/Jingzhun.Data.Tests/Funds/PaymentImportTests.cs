using System.Text;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Jingzhun.Data.Tests.Funds.PaymentTestData;
using HouseholdInfo = Jingzhun.Data.Tests.Funds.PaymentTestData.HouseholdInfo;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// A county's payment records in and out as a file: a file with a bad row writes nothing and names each row and column in
/// both languages, skip-invalid writes the good rows, a repeat is refused, the export masks resident IDs for readers who may
/// not see them, and damaged or random files are answered with errors, never an exception.
/// </summary>
public sealed class PaymentImportTests
{
    internal static Dictionary<string, object> Row(string date, string amount, string kind, string document, string project, string household,
        string residentId, string payee, string purpose, string type, string voucher) => new()
    {
        ["支付日期"] = date, ["金额"] = amount, ["类型"] = kind, ["资金下达文号"] = document, ["项目编号"] = project, ["户编号"] = household,
        ["收款人身份证号"] = residentId, ["收款人"] = payee, ["用途"] = purpose, ["用途类别"] = type, ["凭证号"] = voucher,
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
    public async Task A_payment_file_with_bad_rows_writes_nothing_and_names_each_row_and_column_and_skip_invalid_writes_the_good_rows(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "payimport");
        await AllocationAsync(database, 10_000m, "示财扶〔2026〕7号");
        var project = await ProjectAsync(database, ProjectStage.Started, "XM20269901210911");
        var hs = await HouseholdsAsync(database, 2);
        var (a, b) = (hs[0], hs[1]);
        const string doc = "示财扶〔2026〕7号";
        var path = await XlsxAsync(folder, "支付.xlsx",
            Row("2026-02-01", "1000", "到户补助", doc, "", a.Number, "", "", "产业奖补", "产业发展", "P1"),                        // 2 good: the head
            Row("2026-02-01", "800.50", "到户补助", doc, project.Number, b.Number, b.OtherResidentId, b.OtherName, "务工补助", "就业扶贫", "P2"), // 3 good: a member
            Row("2026-02-02", "5000", "项目支出", doc, project.Number, "", "", "", "工程款", "基础设施", "P3"),                    // 4 good: the project
            Row("2099-01-01", "10", "到户补助", doc, "", a.Number, "", "", "产业奖补", "产业发展", "P4"),                         // 5 date in the future
            Row("2026-02-01", "abc", "到户补助", doc, "", a.Number, "", "", "产业奖补", "产业发展", "P5"),                        // 6 amount
            Row("2026-02-01", "10", "到户补助", doc, "", "9901210019999999", "", "", "产业奖补", "产业发展", "P6"),               // 7 no such household
            Row("2026-02-01", "10", "到户补助", doc, "", a.Number, b.OtherResidentId, "", "产业奖补", "产业发展", "P7"),           // 8 another household's member
            Row("2026-02-01", "4000", "到户补助", doc, "", a.Number, "", "", "产业奖补", "产业发展", "P8"),                       // 9 over the balance after rows 2-4
            Row("2026-02-01", "10", "到户补助", "没有的文号", "", a.Number, "", "", "产业奖补", "产业发展", "P9"),                  // 10 no such allocation
            Row("2026-02-01", "10", "分红", doc, "", a.Number, "", "", "产业奖补", "火箭", "P10"));                              // 11 kind and type
        var before = await LedgerAsync(database);

        FundImportReport report;
        await using (var db = As(database, "county"))
            report = await PaymentImport.ImportAsync(db, path, new FundImportOptions(), Today, Ct);
        Assert.True(report.Rejected);
        Assert.Equal((10, 0, 7), (report.Rows, report.Added, report.Skipped));
        Assert.Equal(
            [(5, "支付日期"), (6, "金额"), (7, "户编号"), (8, "收款人身份证号"), (9, "金额"), (10, "资金下达文号"), (11, "类型"), (11, "用途类别")],
            report.Errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.All(report.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Chinese) || string.IsNullOrWhiteSpace(e.English)));
        Assert.Contains("3199.50", report.Errors.Single(e => e.Row == 9).English);
        Assert.DoesNotContain(b.OtherResidentId, report.Errors.Single(e => e.Row == 8).Chinese);
        Assert.Equal(before, await LedgerAsync(database));

        // Others may not import at all.
        foreach (var user in new[] { "auditor", "township", "village", "city" })
        {
            await using var db = As(database, user);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => PaymentImport.ImportAsync(db, path, new FundImportOptions("990121", true), Today, Ct));
        }
        Assert.Equal(before, await LedgerAsync(database));

        // The demo county has a ledger of its own: ours are the rows written after it.
        long lastId;
        await using (var db = As(database, "county"))
            lastId = await db.Payments.MaxAsync(p => (long?)p.Id, Ct) ?? 0;
        await using (var db = As(database, "county"))
            report = await PaymentImport.ImportAsync(db, path, new FundImportOptions(SkipInvalid: true), Today, Ct);
        Assert.False(report.Rejected);
        Assert.Equal((10, 3, 7, 6800.50m), (report.Rows, report.Added, report.Skipped, report.Amount));
        await using (var db = As(database, "county"))
        {
            var rows = await db.Payments.Where(p => p.Id > lastId).OrderBy(p => p.Id).ToListAsync(Ct);
            Assert.Equal([(a.HeadId, a.HeadName), (b.OtherId, b.OtherName), ((long?)null, "青山建设公司")], rows.Select(r => (r.MemberId, r.Payee)));
            Assert.Equal([a.VillageCode, b.VillageCode, project.RegionCode], rows.Select(r => r.RegionCode));
            Assert.Equal(project.Id, rows[1].ProjectId);
        }

        // The same file again: its rows are repeats now.
        await using (var db = As(database, "county"))
            report = await PaymentImport.ImportAsync(db, path, new FundImportOptions(SkipInvalid: true), Today, Ct);
        Assert.Equal(0, report.Added);
        Assert.Equal(3, report.Errors.Count(e => e.Column == "凭证号"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_export_writes_the_import_columns_and_masks_resident_ids_for_a_reader_who_may_not_see_them(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "payexport");
        var allocation = await AllocationAsync(database, 10_000m, "示财扶〔2026〕8号");
        var h = (await HouseholdsAsync(database, 1))[0];
        long paid;
        await using (var db = As(database, "county"))
        {
            paid = (await Payments.RecordAsync(db, Household(h, allocation.Id, 1_234.5m).Form(memberId: h.OtherId), Today, Ct)).Id;
            await Payments.ReverseAsync(db, paid, "重复登记", Today, Ct);
        }

        var full = folder.File("full.xlsx");
        await using (var db = As(database, "county"))
            Assert.Equal(await db.Payments.CountAsync(p => p.CountyCode == "990121", Ct), await PaymentImport.ExportAsync(db, "990121", full, ExchangeFormat.Xlsx, Now, ct: Ct));
        // The demo county's own payments are in the file too; ours are those on our allocation.
        var rows = MiniExcel.Query(full, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Where(r => $"{r["资金下达文号"]}" == "示财扶〔2026〕8号").ToList();
        Assert.Equal(["支付日期", "金额", "类型", "资金下达文号", "资金编号", "项目编号", "户编号", "收款人身份证号", "收款人", "用途", "用途类别", "凭证号"],
            rows[0].Keys.Take(12));
        Assert.Equal([h.OtherResidentId, h.OtherResidentId], rows.Select(r => $"{r["收款人身份证号"]}"));
        Assert.Equal(["1234.5", "-1234.5"], rows.Select(r => $"{r["金额"]}"));
        Assert.Equal(["", paid.ToString()], rows.Select(r => $"{r["冲正支付编号"]}"));
        Assert.Equal("到户补助", $"{rows[0]["类型"]}");

        // The village's assistance cadre reads the village's payments, with the resident ID masked as the registry export masks it.
        var masked = folder.File("masked.csv");
        // (an assistance cadre of the household's village, paired with none of its households).
        var cadre = new Domain.Access.Account { UserName = "cadre9", DisplayName = "帮扶责任人", Role = Domain.Access.Role.AssistanceCadre, RegionCode = h.VillageCode };
        await using (var db = JingzhunDb.Create(database.Target, Domain.Access.AccessScope.For(cadre)))
            Assert.True(await PaymentImport.ExportAsync(db, "990121", masked, ExchangeFormat.Csv, Now, ct: Ct) >= 2);
        var text = await File.ReadAllTextAsync(masked, Ct);
        Assert.DoesNotContain(h.OtherResidentId, text);
        Assert.Contains(Masking.ResidentId(h.OtherResidentId), text);
        await using (var db = As(database, "county"))
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "FundPayment" && e.Action == Domain.Audit.AuditAction.Export, Ct));
    }

    private static readonly string[] Pieces =
        ["2026-02-01", "2099-01-01", "1000", "-5", "abc", "到户补助", "项目支出", "示财扶〔2026〕9号", "9901210010010001", "110101199003077777", "产业发展", "P1", "", "、", "\"", "1.1E+17"];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 60)]
    [InlineData(DatabaseProvider.Postgres, 25)]
    public async Task Random_and_damaged_payment_files_are_answered_with_errors_and_never_throw(DatabaseProvider provider, int cases)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "payfuzz", 20);
        await AllocationAsync(database, 1_000_000m, "示财扶〔2026〕9号");
        var header = "支付日期,金额,类型,资金下达文号,项目编号,户编号,收款人身份证号,收款人,用途,用途类别,凭证号";
        var cell = Gen.OneOf(Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]), Gen.String[Gen.Char.AlphaNumeric, 0, 12], Gen.String);
        var line = cell.Array[0, 12].Select(cells => string.Join(",", cells));
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
                    await MiniExcel.SaveAsAsync(xlsx, f.Lines.Select(l => l.Split(',')).Select(c => Row(C(c, 0), C(c, 1), C(c, 2), C(c, 3), C(c, 4), C(c, 5), C(c, 6),
                        C(c, 7), C(c, 8), C(c, 9), C(c, 10))).ToArray() is { Length: > 0 } rows ? rows : [Row("", "", "", "", "", "", "", "", "", "", "")], cancellationToken: Ct);
                    var bytes = await File.ReadAllBytesAsync(xlsx, Ct);
                    // Mutate the valid workbook: cut it, or flip bytes in its middle.
                    if (f.Bytes.Length % 3 == 0) bytes = bytes[..(bytes.Length * 2 / 3)];
                    else if (f.Bytes.Length % 3 == 1) foreach (var (x, i) in f.Bytes.Select((x, i) => (x, i))) bytes[(bytes.Length / 3 + i * 7) % bytes.Length] ^= x;
                    await File.WriteAllBytesAsync(path, bytes, Ct);
                    break;
            }
            var before = await LedgerAsync(database);
            await using var db = As(database, "county");
            var report = await PaymentImport.ImportAsync(db, path, new FundImportOptions(SkipInvalid: f.Skip), Today, Ct);
            if (report.Rejected || report.Added == 0) Assert.Equal(before, await LedgerAsync(database));
            else Assert.Equal(report.Rows - report.Skipped, report.Added);
            Assert.True(report.Rejected || report.Errors.Count == 0 || f.Skip);
            Assert.All(report.Errors, e => Assert.True(e.Chinese.Length > 0 && e.English.Length > 0));
        }, iter: cases, threads: 1);
    }
}
