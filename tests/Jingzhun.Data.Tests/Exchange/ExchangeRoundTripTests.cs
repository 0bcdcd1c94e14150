using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

public sealed class ExchangeRoundTripTests
{
    private const int Households = 300;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Xlsx_export_imported_into_an_empty_database_keeps_every_field(DatabaseProvider provider)
    {
        await RoundTripAsync(provider, "registry.xlsx", ExchangeFormat.Xlsx);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Csv_export_imported_into_an_empty_database_keeps_every_field(DatabaseProvider provider)
    {
        await RoundTripAsync(provider, "registry.csv", ExchangeFormat.Csv);
    }

    [Fact]
    public async Task Reimporting_the_same_file_creates_nothing_and_changes_nothing()
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.Sqlite(folder, "a").WithDemoAsync(120);
        var file = folder.File("registry.xlsx");
        await using (var db = JingzhunDb.Create(a.Target, AccessScope.System("test")))
            await RegistryExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, ct: Ct);
        var before = await RegistryDump.ChecksumAsync(a.Target);

        await using var import = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(import, file, ct: Ct);

        Assert.Empty(report.Errors);
        Assert.Equal((0, 0, 120), (report.HouseholdsCreated, report.HouseholdsUpdated, report.HouseholdsUnchanged));
        Assert.Equal((0, 0, 0, 0), (report.MembersCreated, report.MembersUpdated, report.IncomesCreated, report.IncomesUpdated));
        Assert.Equal(before, await RegistryDump.ChecksumAsync(a.Target));
    }

    [Fact]
    public async Task Import_updates_changed_fields_adds_new_members_and_incomes_and_keeps_members_missing_from_the_file()
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.Sqlite(folder, "a").WithDemoAsync(20);
        var file = folder.File("registry.xlsx");
        await using (var db = JingzhunDb.Create(a.Target, AccessScope.System("test")))
            await RegistryExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, ct: Ct);
        var book = Workbook.Read(file);
        var household = book["户"][0];
        var number = (string)household["户编号"]!;
        household["住房面积"] = 99.5;
        var members = book["成员"].Where(m => (string)m["户编号"]! == number).ToList();
        var dropped = (string)members[^1]["身份证号"]!;
        book["成员"].Remove(members[^1]);
        var newcomer = new Dictionary<string, object?>(members[0]) { ["姓名"] = "新成员", ["与户主关系"] = "其他", ["身份证号"] = ResidentId.Create("990121", new DateOnly(2020, 5, 1), 777).Value,
            ["劳动技能"] = "无劳动力", ["文化程度"] = "小学", ["在校生状况"] = "义务教育在校" /* a child: the age rules */ };
        book["成员"].Add(newcomer);
        // The new year counts the present members after the import: the dropped member stays (missing from the file), the newcomer joins.
        book["收入"].Add(new Dictionary<string, object?>(book["收入"].First(i => (string)i["户编号"]! == number))
            { ["年度"] = 2026, ["人口数"] = members.Count(m => (string)m["成员状态"]! == "在户") + 1 });
        book.Save(file);
        HouseholdStatus status;
        await using (var db = JingzhunDb.Create(a.Target, AccessScope.System("test")))
            status = await db.Households.Where(h => h.Number == number).Select(h => h.Status).SingleAsync(Ct);
        var history = await CountHistoryAsync(a.Target);

        await using var import = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(import, file, ct: Ct);

        Assert.Empty(report.Errors);
        Assert.Equal((0, 1, 19), (report.HouseholdsCreated, report.HouseholdsUpdated, report.HouseholdsUnchanged));
        await using var check = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        var stored = await check.Households.Include(h => h.Members).Include(h => h.Incomes).Include(h => h.StatusHistory)
            .SingleAsync(h => h.Number == number, Ct);
        Assert.Equal(99.5, stored.HousingAreaM2);
        Assert.Equal(status, stored.Status);
        Assert.Equal(history, await CountHistoryAsync(a.Target));
        Assert.Contains(stored.Members, m => m.ResidentId == dropped);
        Assert.Contains(stored.Members, m => m.Name == "新成员" && m.BirthDate == new DateOnly(2020, 5, 1));
        Assert.Contains(stored.Incomes, i => i.Year == 2026);
        Assert.True(stored.Version > 0);
    }

    [Fact]
    public async Task Export_writes_one_audit_entry_with_the_count_and_file_name()
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.Sqlite(folder, "a").WithDemoAsync(15);
        await using var db = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        var progress = new List<long>();

        var written = await RegistryExporter.ExportAsync(db, folder.File("out.csv"), ExchangeFormat.Csv, new Inline<long>(progress.Add), Ct);

        Assert.Equal(15, written);
        Assert.Equal(15, progress.Last());
        var audit = await db.AuditEntries.Where(e => e.Action == AuditAction.Export).SingleAsync(Ct);
        Assert.Contains("15", audit.Reason);
        Assert.Contains("out.csv", audit.Reason);
        Assert.True(File.Exists(folder.File("out.members.csv")) && File.Exists(folder.File("out.incomes.csv")));
    }

    [Fact]
    public async Task A_csv_export_that_cannot_write_its_files_fails_with_the_reason_and_is_not_audited()
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.Sqlite(folder, "a").WithDemoAsync(15);
        await using var db = JingzhunDb.Create(a.Target, AccessScope.System("test"));

        // The three tables are written side by side: the error of the first to fail is the one thrown, not a cancellation.
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            RegistryExporter.ExportAsync(db, folder.File(Path.Combine("missing", "out.csv")), ExchangeFormat.Csv, ct: Ct));

        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Export, Ct));
    }

    private static async Task<int> CountHistoryAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        return await db.StatusChanges.CountAsync(Ct);
    }

    private static async Task RoundTripAsync(DatabaseProvider provider, string fileName, ExchangeFormat format)
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.CreateAsync(provider, folder, "a");
        await a.WithDemoAsync(Households, seed: 11);
        await using var b = await TestDatabase.CreateAsync(provider, folder, "b");
        await b.WithRegionsAsync();
        var file = folder.File(fileName);

        await using (var db = JingzhunDb.Create(a.Target, AccessScope.System("test")))
            Assert.Equal(Households, await RegistryExporter.ExportAsync(db, file, format, ct: Ct));
        ImportReport report;
        await using (var db = JingzhunDb.Create(b.Target, AccessScope.System("test")))
            report = await RegistryImporter.ImportAsync(db, file, new ImportOptions { InitialLoad = true }, ct: Ct);

        Assert.Empty(report.Errors);
        Assert.Equal(Households, report.HouseholdsCreated);
        var expected = await RegistryDump.OfAsync(a.Target);
        var actual = await RegistryDump.OfAsync(b.Target);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
        await using var check = JingzhunDb.Create(b.Target, AccessScope.System("test"));
        // Every new household has a status history, so that its status can be traced: one entry, marked as the initial load.
        Assert.Equal(await check.Households.CountAsync(h => h.Status != HouseholdStatus.NotPoor, Ct),
            await check.StatusChanges.Select(s => s.HouseholdId).Distinct().CountAsync(Ct));
        Assert.False(await check.StatusChanges.AnyAsync(s => s.Source != StatusChangeSource.InitialLoad, Ct));
    }
}

internal sealed class Inline<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
