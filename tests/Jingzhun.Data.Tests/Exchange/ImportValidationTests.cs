using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>A small exported registry that each test changes the way a user would in Excel.</summary>
public sealed class SmallRegistry : IAsyncLifetime
{
    public TestFolder Folder { get; } = new();
    public string File => Folder.File("small.xlsx");

    public async ValueTask InitializeAsync()
    {
        await using var a = await TestDatabase.Sqlite(Folder, "source").WithDemoAsync(30);
        await using var db = JingzhunDb.Create(a.Target, AccessScope.System("test"));
        await RegistryExporter.ExportAsync(db, File, ExchangeFormat.Xlsx);
    }

    public ValueTask DisposeAsync()
    {
        Folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class ImportValidationTests(SmallRegistry registry) : IClassFixture<SmallRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each test imports into an empty registry: a county's first load.</summary>
    private static readonly ImportOptions InitialLoad = new() { InitialLoad = true };

    [Fact]
    public async Task Bad_enumeration_label_is_reported_at_its_row_and_column()
    {
        var book = Workbook.Read(registry.File);
        book["户"][2]["贫困户属性"] = "很穷";

        var errors = await RejectedAsync(book);

        var error = Assert.Single(errors);
        Assert.Equal(("户", 4, "贫困户属性"), (error.Table, error.Row, error.Column));
        Assert.Contains("很穷", error.Chinese);
    }

    [Fact]
    public async Task Bad_number_is_reported_at_its_row_and_column()
    {
        var book = Workbook.Read(registry.File);
        book["户"][5]["住房面积"] = "一百";

        var error = Assert.Single(await RejectedAsync(book));

        Assert.Equal(("户", 7, "住房面积"), (error.Table, error.Row, error.Column));
        Assert.Contains("数字", error.Chinese);
        Assert.Contains("number", error.English);
    }

    [Fact]
    public async Task Unknown_village_code_is_reported_at_its_row()
    {
        var book = Workbook.Read(registry.File);
        book["户"][0]["村代码"] = "990121009099";

        var error = Assert.Single(await RejectedAsync(book));

        Assert.Equal(("户", 2, "村代码"), (error.Table, error.Row, error.Column));
        Assert.Contains("990121009099", error.Chinese);
    }

    [Fact]
    public async Task Member_of_a_household_neither_in_the_file_nor_in_the_database_is_reported()
    {
        var book = Workbook.Read(registry.File);
        var index = book["成员"].FindIndex(m => (string?)m["与户主关系"] != "户主");
        book["成员"][index]["户编号"] = "9901210010019999";

        var errors = await RejectedAsync(book);

        Assert.Contains(errors, e => (e.Table, e.Row, e.Column) == ("成员", Workbook.ExcelRow(index), "户编号") && e.Chinese.Contains("9901210010019999"));
    }

    [Fact]
    public async Task Two_heads_in_one_household_are_reported_on_both_head_rows()
    {
        var book = Workbook.Read(registry.File);
        var spouse = book["成员"].FindIndex(m => (string?)m["与户主关系"] == "配偶");
        var number = (string)book["成员"][spouse]["户编号"]!;
        var head = book["成员"].FindIndex(m => (string?)m["户编号"] == number && (string?)m["与户主关系"] == "户主");
        book["成员"][spouse]["与户主关系"] = "户主";

        var errors = await RejectedAsync(book);

        Assert.Equal(new[] { Workbook.ExcelRow(Math.Min(head, spouse)), Workbook.ExcelRow(Math.Max(head, spouse)) },
            errors.Select(e => e.Row).Order());
        Assert.All(errors, e => Assert.Equal(("成员", "与户主关系", number), (e.Table, e.Column, e.HouseholdNumber)));
    }

    [Fact]
    public async Task Household_number_twice_in_the_file_is_reported_on_the_second_row()
    {
        var book = Workbook.Read(registry.File);
        book["户"][4]["户编号"] = book["户"][1]["户编号"];

        var errors = await RejectedAsync(book);

        Assert.Contains(errors, e => (e.Table, e.Row, e.Column) == ("户", 6, "户编号") && e.Chinese.Contains("第3行"));
    }

    [Fact]
    public async Task Import_accepts_the_english_property_names_as_headers()
    {
        var book = Workbook.Read(registry.File);
        var english = RegistryTables.HouseholdColumns.ToDictionary(c => c.Header, c => c.Property);
        for (var i = 0; i < book["户"].Count; i++)
            book["户"][i] = book["户"][i].ToDictionary(c => english.GetValueOrDefault(c.Key, c.Key), c => c.Value); // reading columns (户主姓名…) stay as written
        book["户"][0]["Attribute"] = "Dibao";
        var file = registry.Folder.File($"english-{Guid.NewGuid():N}.xlsx");
        book.Save(file);
        await using var target = await TestDatabase.Sqlite(registry.Folder, Guid.NewGuid().ToString("N")).WithRegionsAsync();
        await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));

        var report = await RegistryImporter.ImportAsync(db, file, InitialLoad, ct: Ct);

        Assert.Empty(report.Errors);
        Assert.Equal(30, report.HouseholdsCreated);
        var number = (string)book["户"][0]["Number"]!;
        Assert.Equal(Domain.Registry.HouseholdAttribute.Dibao, (await db.Households.SingleAsync(h => h.Number == number, Ct)).Attribute);
    }

    /// <summary>Imports the changed workbook into an empty database; it must be rejected with nothing written.</summary>
    private async Task<List<ImportError>> RejectedAsync(Workbook book)
    {
        var file = registry.Folder.File($"changed-{Guid.NewGuid():N}.xlsx");
        book.Save(file);
        await using var target = await TestDatabase.Sqlite(registry.Folder, Guid.NewGuid().ToString("N")).WithRegionsAsync();
        await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(db, file, InitialLoad, ct: Ct);
        Assert.True(report.Rejected);
        Assert.Equal(0, await db.Households.CountAsync(Ct));
        // The bulk importer checks by the same rules and reports the same errors, at the same cells.
        var bulk = await Data.Exchange.Bulk.RegistryBulkImporter.ImportAsync(target.Target, AccessScope.System("test"), file, InitialLoad, ct: Ct);
        Assert.True(bulk.Rejected);
        Assert.Equal(report.Errors, bulk.Errors);
        Assert.Equal(0, await db.Households.CountAsync(Ct));
        return report.Errors;
    }
}

/// <summary>A registry of about 10,000 members, exported once; the slow tests share it.</summary>
public sealed class LargeRegistry : IAsyncLifetime
{
    public TestFolder Folder { get; } = new();
    public string File => Folder.File("large.xlsx");
    public DatabaseTarget Source { get; private set; } = null!;
    public TimeSpan ExportTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        // The demo county alone: the regions-only databases it is imported into have no exited county beside it.
        var source = await TestDatabase.Sqlite(Folder, "source").WithDemoAsync(new DemoOptions(3_000, 5) { ExitedCountyHouseholds = 0 });
        Source = source.Target;
        await using var db = JingzhunDb.Create(Source, AccessScope.System("test"));
        var clock = Stopwatch.StartNew();
        await RegistryExporter.ExportAsync(db, File, ExchangeFormat.Xlsx);
        ExportTime = clock.Elapsed;
    }

    public ValueTask DisposeAsync()
    {
        Folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class LargeImportTests(LargeRegistry registry) : IClassFixture<LargeRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly ImportOptions InitialLoad = new() { InitialLoad = true };

    [Fact]
    public async Task Import_rejects_file_with_one_bad_resident_id_and_names_its_row()
    {
        var (file, row, _) = WithOneBadCheckDigit();
        await using var target = await TestDatabase.Sqlite(registry.Folder, "reject").WithRegionsAsync();
        var before = await RegistryDump.ChecksumAsync(target.Target);
        await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));

        var clock = Stopwatch.StartNew();
        var report = await RegistryImporter.ImportAsync(db, file, InitialLoad, ct: Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"checking 10k members took {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(report.Rejected);
        var error = Assert.Single(report.Errors);
        Assert.Equal(("成员", row, "身份证号"), (error.Table, error.Row, error.Column));
        Assert.Contains("校验位", error.Chinese);
        Assert.Contains("check character", error.English);
        Assert.Equal(before, await RegistryDump.ChecksumAsync(target.Target));
        Assert.Equal(0, await db.Members.CountAsync(Ct));
    }

    [Fact]
    public async Task Skip_invalid_writes_exactly_the_good_households_and_reports_the_bad()
    {
        var (file, row, number) = WithOneBadCheckDigit();
        await using var target = await TestDatabase.Sqlite(registry.Folder, "skip").WithRegionsAsync();
        await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));

        var clock = Stopwatch.StartNew();
        var report = await RegistryImporter.ImportAsync(db, file, new ImportOptions { SkipInvalid = true, InitialLoad = true }, ct: Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10k-member xlsx: export {registry.ExportTime.TotalSeconds:0.0} s, import {clock.Elapsed.TotalSeconds:0.0} s ({report.MembersCreated} members)");

        Assert.False(report.Rejected);
        Assert.Equal([number], report.SkippedHouseholds);
        Assert.Equal(row, Assert.Single(report.Errors).Row);
        Assert.Equal(2_999, report.HouseholdsCreated);
        Assert.True(report.MembersCreated >= 9_900, $"{report.MembersCreated} members");
        var expected = (await RegistryDump.OfAsync(registry.Source)).Where(l => !l.StartsWith($"H {number}|", StringComparison.Ordinal) && !l.Contains($" {number} ", StringComparison.Ordinal) && !l.Contains($"Number={number}|", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, await RegistryDump.OfAsync(target.Target));
    }

    /// <summary>The exported workbook with the check character of one resident ID in the members sheet changed.</summary>
    private (string File, int Row, string HouseholdNumber) WithOneBadCheckDigit()
    {
        var book = Workbook.Read(registry.File);
        Assert.True(book["成员"].Count >= 10_000, $"{book["成员"].Count} member rows");
        const int index = 4_321;
        var member = book["成员"][index];
        var id = (string)member["身份证号"]!;
        member["身份证号"] = id[..17] + (id[17] == '0' ? '1' : '0');
        var file = registry.Folder.File($"bad-{Guid.NewGuid():N}.xlsx");
        book.Save(file);
        return (file, Workbook.ExcelRow(index), (string)member["户编号"]!);
    }
}
