using Jingzhun.Domain.Registry;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// Exports by an assistance cadre: households not paired with it are written with masked
/// personal data, the file says it is masked, and such a file is never imported.
/// </summary>
public sealed class MaskedExportTests
{
    private const string CadreVillage = "990121001001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ExchangeFormat.Xlsx)]
    [InlineData(ExchangeFormat.Csv)]
    public async Task A_cadres_export_masks_unpaired_households_and_keeps_its_paired_ones_in_full(ExchangeFormat format)
    {
        using var folder = new TestFolder();
        await using var source = await DemoWithAccountsAsync(folder);
        // A CSV export reads its members and incomes on contexts of their own: they must carry the cadre's scope too.
        var file = folder.File(format == ExchangeFormat.Xlsx ? "cadre.xlsx" : "cadre.csv");

        var (result, paired) = await ExportAsCadreAsync(source, file, format);

        await using var db = JingzhunDb.Create(source.Target, AccessScope.System("test"));
        var village = await db.Households.Include(h => h.Members).Where(h => h.VillageCode == CadreVillage).ToListAsync(Ct);
        Assert.Equal(village.Count, result.Households);
        Assert.Equal(village.Count - paired.Count, result.MaskedHouseholds);
        var rows = Sheet(file, RegistryTables.HouseholdsSheet).ToDictionary(r => (string)r["户编号"]!);
        var members = Sheet(file, RegistryTables.MembersSheet).ToLookup(r => (string)r["户编号"]!);
        // Members and incomes of the village's households only, every one of them: nothing from outside the cadre's scope.
        var incomes = await db.Incomes.CountAsync(i => i.Household!.VillageCode == CadreVillage, Ct);
        Assert.Equal(village.Select(h => h.Number).Order(), rows.Keys.Order());
        Assert.Equal(village.Sum(h => h.Members.Count), members.Sum(g => g.Count()));
        Assert.All(members, g => Assert.Contains(g.Key, rows.Keys));
        var incomeRows = Sheet(file, RegistryTables.IncomesSheet).ToList();
        Assert.Equal(incomes, incomeRows.Count);
        Assert.All(incomeRows, r => Assert.Contains((string)r["户编号"]!, rows.Keys));
        foreach (var h in village)
        {
            var isPaired = paired.Contains(h.Id);
            Assert.Equal(isPaired ? h.Phone : Masking.Phone(h.Phone), Text(rows[h.Number]["联系电话"]));
            Assert.Equal(isPaired ? h.BankAccount : Masking.BankAccount(h.BankAccount), Text(rows[h.Number]["银行账号"]));
            foreach (var m in h.Members)
            {
                var row = members[h.Number].Single(r => Text(r["姓名"]) == m.Name && Text(r["身份证号"]) == (isPaired ? m.ResidentId : Masking.ResidentId(m.ResidentId)));
                if (!isPaired)
                {
                    Assert.Equal(Masking.Health(m.Health, english: false), Text(row["健康状况"]));
                    Assert.Equal("", Text(row["残疾等级"]));
                }
            }
        }
        Assert.True(format == ExchangeFormat.Xlsx
            ? MiniExcel.GetSheetNames(file).Contains(RegistryTables.NotesSheet)
            : File.Exists(ExchangeFiles.CsvPath(file, RegistryTables.NotesSheet)));
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.Export && a.Actor == "cadre", Ct);
        Assert.Contains(Path.GetFileName(file), audit.Reason);
        Assert.Contains($"已脱敏：{result.MaskedHouseholds}户", audit.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_masked_workbook_is_refused_on_import_with_an_error_saying_it_is_masked(bool skipInvalid)
    {
        using var folder = new TestFolder();
        await using var source = await DemoWithAccountsAsync(folder);
        var file = folder.File("cadre.xlsx");
        await ExportAsCadreAsync(source, file, ExchangeFormat.Xlsx);

        await using var db = JingzhunDb.Create(source.Target, AccessScope.System("test"));
        var before = await db.Households.SumAsync(h => h.Version, Ct);
        var report = await RegistryImporter.ImportAsync(db, file, new ImportOptions { SkipInvalid = skipInvalid }, ct: Ct);

        Assert.True(report.Rejected);
        Assert.True(report.Masked);
        var error = Assert.Single(report.Errors);
        Assert.Equal(RegistryTables.NotesSheet, error.Table);
        Assert.Contains("脱敏", error.Chinese);
        Assert.Contains("masked", error.English);
        Assert.Equal(before, await db.Households.SumAsync(h => h.Version, Ct));
    }

    [Fact]
    public async Task Masked_values_copied_into_a_workbook_without_its_notes_are_refused_as_masked()
    {
        using var folder = new TestFolder();
        await using var source = await DemoWithAccountsAsync(folder);
        var file = folder.File("cadre.xlsx");
        await ExportAsCadreAsync(source, file, ExchangeFormat.Xlsx);
        var copy = folder.File("copy.xlsx");
        var sheets = new[] { RegistryTables.HouseholdsSheet, RegistryTables.MembersSheet, RegistryTables.IncomesSheet }
            .ToDictionary(s => s, object (s) => Sheet(file, s));
        await MiniExcel.SaveAsAsync(copy, sheets, cancellationToken: Ct);

        await using var db = JingzhunDb.Create(source.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(db, copy, new ImportOptions { SkipInvalid = true }, ct: Ct);

        Assert.True(report.Rejected);
        Assert.True(report.Masked);
        Assert.Contains(report.Errors, e => e.Column == "身份证号" && e.Chinese.Contains("已脱敏") && e.English.Contains("masked"));
        Assert.Equal(0, report.HouseholdsUpdated + report.HouseholdsCreated);
    }

    [Fact]
    public async Task A_masked_csv_export_has_a_notes_file_and_is_refused_on_import()
    {
        using var folder = new TestFolder();
        await using var source = await DemoWithAccountsAsync(folder);
        var file = folder.File("cadre.csv");
        await ExportAsCadreAsync(source, file, ExchangeFormat.Csv);

        Assert.True(File.Exists(folder.File("cadre.notes.csv")));
        await using var db = JingzhunDb.Create(source.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(db, file, ct: Ct);
        Assert.True(report.Masked);
        Assert.Contains("脱敏", Assert.Single(report.Errors).Chinese);
    }

    [Fact]
    public async Task System_export_writes_full_data_without_notes_and_says_so_in_the_audit()
    {
        using var folder = new TestFolder();
        await using var source = await DemoWithAccountsAsync(folder);
        var file = folder.File("all.xlsx");
        await using var db = JingzhunDb.Create(source.Target, AccessScope.System("test"));

        var result = await RegistryExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, new ExportOptions(), ct: Ct);

        Assert.Equal(0, result.MaskedHouseholds);
        Assert.DoesNotContain(RegistryTables.NotesSheet, MiniExcel.GetSheetNames(file));
        Assert.DoesNotContain(Sheet(file, RegistryTables.MembersSheet), r => Text(r["身份证号"]).Contains('*'));
        Assert.Contains("完整数据", (await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.Export, Ct)).Reason);
    }

    /// <summary>A demo county with the demo accounts, the cadre keeping only its first pairing so that its village has unpaired households.</summary>
    private static async Task<TestDatabase> DemoWithAccountsAsync(TestFolder folder)
    {
        var source = await TestDatabase.Sqlite(folder, "source").WithDemoAsync(300);
        await using var db = JingzhunDb.Create(source.Target, AccessScope.System("test"));
        await DemoAccounts.EnsureAsync(db, DateTime.UtcNow, Ct);
        // The demo cadre keeps one of its households; the demo roster's other cadres are not this test's business.
        var cadreAccount = await db.Accounts.Where(a => a.UserName == "cadre").Select(a => a.Id).SingleAsync(Ct);
        var pairings = await db.CadrePairings.Where(p => p.Cadre!.AccountId == cadreAccount && p.EndedOn == null).OrderBy(p => p.Id).ToListAsync(Ct);
        foreach (var p in pairings.Skip(1)) { p.EndedOn = DateOnly.FromDateTime(DateTime.UtcNow); p.EndedBy = "test"; p.EndReason = "测试"; }
        await db.SaveChangesAsync(Ct);
        Assert.True(await db.Households.CountAsync(h => h.VillageCode == CadreVillage, Ct) >= 2);
        return source;
    }

    /// <summary>Exports with the demo cadre's scope; returns the result and the ids of its paired households.</summary>
    private static async Task<(ExportResult, HashSet<long>)> ExportAsCadreAsync(TestDatabase source, string file, ExchangeFormat format)
    {
        Account cadre;
        HashSet<long> paired;
        await using (var system = JingzhunDb.Create(source.Target, AccessScope.System("test")))
        {
            cadre = await system.Accounts.SingleAsync(a => a.UserName == "cadre", Ct);
            paired = (await system.CadrePairings.Where(p => p.Cadre!.AccountId == cadre.Id && p.EndedOn == null)
                .Select(p => p.HouseholdId).ToListAsync(Ct)).ToHashSet();
        }
        Assert.NotEmpty(paired);
        await using var db = JingzhunDb.Create(source.Target, AccessScope.For(cadre));
        var result = await RegistryExporter.ExportAsync(db, file, format, new ExportOptions(), ct: Ct);
        return (result, paired);
    }

    /// <summary>A table of a workbook, or the CSV file of that table beside the households' file.</summary>
    private static List<Dictionary<string, object?>> Sheet(string path, string sheet) =>
        (path.EndsWith(".csv", StringComparison.Ordinal)
            ? MiniExcel.Query(ExchangeFiles.CsvPath(path, sheet), useHeaderRow: true, excelType: ExcelType.CSV)
            : MiniExcel.Query(path, useHeaderRow: true, sheetName: sheet))
        .Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
