using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// The reading columns of the household sheet (户主姓名, 所在乡镇, 所在村): written from the members and the region tree,
/// ignored on import, so a new export, an edited one and an old file without them all import.
/// </summary>
public sealed class ReadingColumnsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_export_names_each_households_head_township_and_village_beside_the_codes()
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.Sqlite(folder, "a").WithDemoAsync(60);
        var file = folder.File("registry.xlsx");
        await using var db = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        await RegistryExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, ct: Ct);

        var rows = Workbook.Read(file)["户"];
        var households = await db.Households.AsNoTracking().Include(h => h.Members).ToDictionaryAsync(h => h.Number, Ct);
        var names = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null).ToDictionaryAsync(r => r.Code, r => r.Name, Ct);
        Assert.Equal(households.Count, rows.Count);
        foreach (var row in rows)
        {
            var h = households[(string)row["户编号"]!];
            Assert.Equal(h.Head?.Name ?? "", row["户主姓名"]?.ToString() ?? "");
            Assert.Equal(names[h.VillageCode], row["所在村"]);
            Assert.Equal(names[h.VillageCode[..9] + "000"], row["所在乡镇"]);
        }
        Assert.Equal(["户编号", "户主姓名", "村代码", "所在乡镇", "所在村"], rows[0].Keys.Take(5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_with_edited_reading_columns_or_without_them_imports_and_changes_nothing(bool without)
    {
        using var folder = new TestFolder();
        await using var a = await TestDatabase.Sqlite(folder, "a").WithDemoAsync(30);
        var file = folder.File("registry.xlsx");
        await using (var db = JingzhunDb.Create(a.Target, AccessScope.System("test")))
            await RegistryExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, ct: Ct);
        var book = Workbook.Read(file);
        foreach (var row in book["户"])
        {
            if (without)
                foreach (var (header, _) in RegistryTables.ReadingColumns) row.Remove(header);
            else
            {
                row["户主姓名"] = "改过的名字";
                row["所在村"] = "别的村";
            }
        }
        book.Save(file);
        var before = await RegistryDump.ChecksumAsync(a.Target);

        await using var import = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(import, file, ct: Ct);

        Assert.Empty(report.Errors);
        Assert.Equal((0, 0, 30), (report.HouseholdsCreated, report.HouseholdsUpdated, report.HouseholdsUnchanged));
        Assert.Equal(before, await RegistryDump.ChecksumAsync(a.Target));
    }
}
