using System.Globalization;
using System.IO.Compression;
using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// The field rules users expect, through both importers (the web page's and the command line's bulk one), on
/// SQLite and PostgreSQL: phones, relation against sex, age rules, members counted, identifier columns a
/// spreadsheet turned into numbers, and files of the wrong kind. The files are real: workbooks with number
/// cells written by MiniExcel, CSV files as Excel saves them, an .ods package, an old .xls header.
/// </summary>
public sealed class FieldRuleImportTests(SmallRegistry registry) : IClassFixture<SmallRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.Today);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_bad_phone_is_refused_at_its_cell_and_a_spaced_mobile_is_stored_as_11_digits(DatabaseProvider provider)
    {
        var book = Workbook.Read(registry.File);
        book["户"][3]["联系电话"] = "1380013800";
        var error = Assert.Single((await BothRejectAsync(provider, Save(book))).Errors);
        Assert.Equal(("户", 5, "联系电话"), (error.Table, error.Row, error.Column));
        Assert.Contains("11位手机号", error.Chinese);

        book["户"][3]["联系电话"] = "138 0013-8000";
        book["户"][4]["联系电话"] = "（0371）6512 3456";
        var file = Save(book);
        foreach (var stored in await BothAcceptAsync(provider, file))
        {
            Assert.Equal("13800138000", stored.Single(h => h.Number == (string)book["户"][3]["户编号"]!).Phone);
            Assert.Equal("0371-65123456", stored.Single(h => h.Number == (string)book["户"][4]["户编号"]!).Phone);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_daughter_with_a_male_resident_id_is_refused_at_the_relation(DatabaseProvider provider)
    {
        var book = Workbook.Read(registry.File);
        var members = book["成员"];
        var man = members.FindIndex(m => (string)m["与户主关系"]! != "户主" && ResidentId.Parse((string)m["身份证号"]!).Sex == Sex.Male);
        members[man]["与户主关系"] = "之女";

        var error = Assert.Single((await BothRejectAsync(provider, Save(book))).Errors);

        Assert.Equal(("成员", Workbook.ExcelRow(man), "与户主关系"), (error.Table, error.Row, error.Column));
        Assert.Contains("之女", error.Chinese);
        Assert.Contains("女性", error.Chinese);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_child_in_college_with_ordinary_labour_is_refused_at_both_cells(DatabaseProvider provider)
    {
        var book = Workbook.Read(registry.File);
        var members = book["成员"];
        var child = members.FindIndex(m => MemberRules.AgeOn(ResidentId.Parse((string)m["身份证号"]!).BirthDate, Today) < 12);
        Assert.True(child >= 0, "the demo registry has children");
        members[child]["劳动技能"] = "普通劳动力";
        members[child]["在校生状况"] = "高等教育在校";

        var errors = (await BothRejectAsync(provider, Save(book))).Errors;

        Assert.Equal(["在校生状况", "劳动技能"], errors.Select(e => e.Column).Order().Reverse().ToList());
        Assert.All(errors, e => Assert.Equal(Workbook.ExcelRow(child), e.Row));
        Assert.Contains(errors, e => e.Chinese.Contains("无劳动力") && e.English.Contains("under 16"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Members_counted_must_be_the_present_members_unless_it_is_the_number_already_saved(DatabaseProvider provider)
    {
        var book = Workbook.Read(registry.File);
        var row = book["收入"][2];
        var number = (string)row["户编号"]!;
        var year = Convert.ToInt32(row["年度"], CultureInfo.InvariantCulture);
        var present = book["成员"].Count(m => (string)m["户编号"]! == number && (string)m["成员状态"]! == "在户");
        row["人口数"] = present + 2;
        var changed = Save(book);

        var error = Assert.Single((await BothRejectAsync(provider, changed)).Errors);
        Assert.Equal(("收入", 4, "人口数"), (error.Table, error.Row, error.Column));
        Assert.Contains($"人口数为{present + 2}人", error.Chinese);
        Assert.Contains($"在户成员为{present}人", error.Chinese);

        // Once that number is saved for the year (confirmed on the income page), the same file imports.
        await using var target = await (await TestDatabase.CreateAsync(provider, registry.Folder, Guid.NewGuid().ToString("N"))).WithRegionsAsync();
        await using (var db = JingzhunDb.Create(target.Target, AccessScope.System("test")))
        {
            Assert.False((await RegistryImporter.ImportAsync(db, registry.File, new ImportOptions { InitialLoad = true }, ct: Ct)).Rejected);
            var income = await db.Incomes.SingleAsync(i => i.Household!.Number == number && i.Year == year, Ct);
            income.MembersCounted = present + 2;
            await db.SaveChangesAsync(Ct);
            Assert.Empty((await RegistryImporter.ImportAsync(db, changed, ct: Ct)).Errors);
        }
        Assert.Empty((await RegistryBulkImporter.ImportAsync(target.Target, AccessScope.System("test"), changed, ct: Ct)).Errors);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Resident_ids_and_bank_accounts_stored_as_number_cells_are_one_error_per_column_and_nothing_is_written_even_when_skipping(DatabaseProvider provider)
    {
        var book = Workbook.Read(registry.File);
        // What Excel keeps of an 18-digit ID or a 19-digit account typed into a number cell: 15 significant digits, as a number.
        static double Excel(string digits) => double.Parse(digits[..15] + new string('0', digits.Length - 15), CultureInfo.InvariantCulture);
        var first = book["成员"].FindIndex(m => !((string)m["身份证号"]!).EndsWith('X'));
        for (var i = first; i < first + 5; i++)
            book["成员"][i]["身份证号"] = Excel((string)book["成员"][i]["身份证号"]!);
        for (var i = 0; i < 3; i++)
            book["户"][i]["银行账号"] = Excel((string)book["户"][i]["银行账号"]!);
        var file = Save(book);

        var report = await BothRejectAsync(provider, file, skipInvalid: true);

        Assert.Equal([("户", 2, "银行账号"), ("成员", Workbook.ExcelRow(first), "身份证号")], report.Errors.Select(e => (e.Table, e.Row, e.Column)).ToList());
        Assert.All(report.Errors, e => Assert.Contains("设置单元格格式→文本", e.Chinese));
        Assert.All(report.Errors, e => Assert.Contains("Format Cells → Text", e.English));
        Assert.Contains("5个单元格", report.Errors[1].Chinese);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Csv_with_scientific_notation_and_trailing_point_zero_is_one_error_per_column(DatabaseProvider provider)
    {
        var book = Workbook.Read(registry.File);
        var ids = book["成员"].Select(m => (string)m["身份证号"]!).ToList();
        book["成员"][0]["身份证号"] = "1.10105E+17";                  // Excel's General format, saved as CSV
        book["成员"][1]["身份证号"] = ids[1][..15] + "000";           // a number cell formatted without decimals
        book["成员"][2]["身份证号"] = ids[2] + ".0";                  // a round trip through another tool
        book["户"][0]["银行账号"] = "6.22E+18";
        book["户"][1]["村代码"] = book["户"][1]["村代码"] + ".0";
        var file = SaveCsv(book);

        var report = await BothRejectAsync(provider, file);

        Assert.Equal([("registry.csv", 2, "银行账号"), ("registry.csv", 3, "村代码"), ("registry.members.csv", 2, "身份证号")],
            report.Errors.Select(e => (Path.GetFileName(e.Table), e.Row, e.Column)).OrderBy(e => e.Item1).ThenBy(e => e.Column == "身份证号").ToList());
        Assert.Contains("3个单元格", report.Errors.Single(e => e.Column == "身份证号").Chinese);
    }

    public static TheoryData<DatabaseProvider, string, string> WrongFiles()
    {
        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
            foreach (var (kind, expected) in new[]
                     {
                         ("ods", "LibreOffice"), ("ods-renamed.xlsx", "LibreOffice"), ("xls", "97-2003"), ("xls-renamed.xlsx", "97-2003"),
                         ("numbers", "Numbers"), ("empty.xlsx", "空的"), ("csv-renamed.xlsx", "不是Excel工作簿"), ("docx-renamed.xlsx", "不是Excel工作簿"),
                         ("truncated.xlsx", "损坏"), ("gbk.csv", "UTF-8"), ("txt", ".xlsx"),
                     })
                data.Add(provider, kind, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongFiles))]
    public async Task A_file_of_the_wrong_kind_is_refused_with_one_message_that_says_what_to_do(DatabaseProvider provider, string kind, string expected)
    {
        var file = WrongFile(kind);

        var report = await BothRejectAsync(provider, file);

        var error = Assert.Single(report.Errors);
        Assert.Contains(expected, error.Chinese + error.English);
        Assert.DoesNotContain("Exception", error.English);
        Assert.True(error.English.Length > 20);
    }

    /// <summary>Real files of the kinds people pick by mistake.</summary>
    private string WrongFile(string kind)
    {
        var folder = registry.Folder.File($"wrong-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string Named(string name) => Path.Combine(folder, name);
        byte[] Ods()
        {
            using var memory = new MemoryStream();
            using (var zip = new ZipArchive(memory, ZipArchiveMode.Create))
            {
                using (var w = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open())) w.Write("application/vnd.oasis.opendocument.spreadsheet");
                using (var w = new StreamWriter(zip.CreateEntry("content.xml").Open()))
                    w.Write("""<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:spreadsheet/></office:body></office:document-content>""");
            }
            return memory.ToArray();
        }
        byte[] Docx()
        {
            using var memory = new MemoryStream();
            using (var zip = new ZipArchive(memory, ZipArchiveMode.Create))
                using (var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open())) w.Write("<w:document/>");
            return memory.ToArray();
        }
        byte[] Ole() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4088]];
        var csv = File.ReadAllText(SaveCsv(Workbook.Read(registry.File)));
        var (name, bytes) = kind switch
        {
            "ods" => ("registry.ods", Ods()),
            "ods-renamed.xlsx" => ("registry.xlsx", Ods()),
            "xls" => ("registry.xls", Ole()),
            "xls-renamed.xlsx" => ("registry.xlsx", Ole()),
            "numbers" => ("registry.numbers", Docx()),
            "empty.xlsx" => ("registry.xlsx", []),
            "csv-renamed.xlsx" => ("registry.xlsx", Encoding.UTF8.GetBytes(csv)),
            "docx-renamed.xlsx" => ("registry.xlsx", Docx()),
            "truncated.xlsx" => ("registry.xlsx", File.ReadAllBytes(registry.File)[..2000]),
            "gbk.csv" => ("registry.csv", Gbk(csv)),
            _ => ("registry.txt", Encoding.UTF8.GetBytes(csv)),
        };
        File.WriteAllBytes(Named(name), bytes);
        return Named(name);
    }

    /// <summary>The text as Excel's plain "CSV (逗号分隔)" saves it on a Chinese Windows: GBK, two bytes per Chinese character.</summary>
    private static byte[] Gbk(string text)
    {
        // GB 2312 without a code page provider: any two bytes in 0xB0–0xF7 / 0xA1–0xFE, which are never valid UTF-8.
        var bytes = new List<byte>();
        foreach (var c in text)
        {
            if (c < 0x80) bytes.Add((byte)c);
            else { bytes.Add((byte)(0xB0 + c % 0x47)); bytes.Add((byte)(0xA1 + c % 0x5D)); }
        }
        return [.. bytes];
    }

    private string Save(Workbook book)
    {
        var file = registry.Folder.File($"changed-{Guid.NewGuid():N}.xlsx");
        book.Save(file);
        return file;
    }

    /// <summary>The workbook as the three CSV files, every cell as its text, as Excel saves "CSV UTF-8".</summary>
    private string SaveCsv(Workbook book)
    {
        var folder = registry.Folder.File($"csv-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "registry.csv");
        foreach (var (sheet, path) in new[] { ("户", file), ("成员", Path.Combine(folder, "registry.members.csv")), ("收入", Path.Combine(folder, "registry.incomes.csv")) })
        {
            var rows = book[sheet];
            var headers = rows[0].Keys.ToList();
            var text = new StringBuilder();
            text.AppendLine(string.Join(',', headers.Select(Quote)));
            foreach (var row in rows)
                text.AppendLine(string.Join(',', headers.Select(h => Quote(Convert.ToString(row.GetValueOrDefault(h), CultureInfo.InvariantCulture) ?? ""))));
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
        }
        return file;
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    /// <summary>Both importers refuse the file with the same errors, and nothing is written.</summary>
    private async Task<ImportReport> BothRejectAsync(DatabaseProvider provider, string file, bool skipInvalid = false)
    {
        await using var target = await (await TestDatabase.CreateAsync(provider, registry.Folder, Guid.NewGuid().ToString("N"))).WithRegionsAsync();
        await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));
        var report = await RegistryImporter.ImportAsync(db, file, new ImportOptions { SkipInvalid = skipInvalid, InitialLoad = true }, ct: Ct);
        Assert.True(report.Rejected);
        Assert.Equal(0, await db.Households.CountAsync(Ct));
        var bulk = await RegistryBulkImporter.ImportAsync(target.Target, AccessScope.System("test"), file,
            new ImportOptions { SkipInvalid = skipInvalid, BatchSize = 50_000, InitialLoad = true }, ct: Ct);
        Assert.True(bulk.Rejected);
        Assert.Equal(report.Errors, bulk.Errors);
        Assert.Equal(0, await db.Households.CountAsync(Ct));
        return report;
    }

    /// <summary>Each importer writes the file into its own empty database; returns the households each stored.</summary>
    private async Task<List<List<Household>>> BothAcceptAsync(DatabaseProvider provider, string file)
    {
        var stored = new List<List<Household>>();
        await using (var a = await (await TestDatabase.CreateAsync(provider, registry.Folder, Guid.NewGuid().ToString("N"))).WithRegionsAsync())
        await using (var db = JingzhunDb.Create(a.Target, AccessScope.System("test")))
        {
            Assert.Empty((await RegistryImporter.ImportAsync(db, file, new ImportOptions { InitialLoad = true }, ct: Ct)).Errors);
            stored.Add(await db.Households.AsNoTracking().ToListAsync(Ct));
        }
        await using (var b = await (await TestDatabase.CreateAsync(provider, registry.Folder, Guid.NewGuid().ToString("N"))).WithRegionsAsync())
        {
            Assert.Empty((await RegistryBulkImporter.ImportAsync(b.Target, AccessScope.System("test"), file, new ImportOptions { InitialLoad = true }, ct: Ct)).Errors);
            await using var db = JingzhunDb.Create(b.Target, AccessScope.System("test"));
            stored.Add(await db.Households.AsNoTracking().ToListAsync(Ct));
        }
        return stored;
    }
}
