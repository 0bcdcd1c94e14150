using System.Net;
using System.Net.Http.Headers;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;

namespace Jingzhun.Web.Tests.Registry;

/// <summary>Importing a workbook through the web host, with the signed-in clerk's scope.</summary>
public abstract class ImportPageTests(HostFixture fixture)
{
    private const string OwnVillage = "990121001001";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_workbook_with_a_bad_resident_id_is_rejected_naming_its_row_and_nothing_changes()
    {
        var path = await ExportVillageAsync(OwnVillage);
        var book = Read(path);
        var members = book["成员"];
        members[3]["身份证号"] = Break((string)members[3]["身份证号"]!);
        members[0]["姓名"] = "改过的名字"; // a good change that must not be written either
        Save(book, path);
        var before = await FingerprintAsync();

        var clerk = await Host.SignInAsync("village");
        var (status, html) = await UploadAsync(clerk, path, skipInvalid: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("import-rejected", html);
        Assert.Matches("<td>成员</td><td class=\"num\">5</td><td>身份证号</td>", html); // data row 4 is Excel row 5
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task Rows_of_another_village_are_reported_not_written_even_when_skipping_invalid_rows()
    {
        var path = await ExportVillageAsync("990121001002");
        var book = Read(path);
        book["户"][0]["联系电话"] = "13100000000";
        Save(book, path);
        var before = await FingerprintAsync();

        var clerk = await Host.SignInAsync("village");
        var (status, html) = await UploadAsync(clerk, path, skipInvalid: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("不在您的辖区内或尚未登记", html); // an out-of-region number reads like an unregistered one
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task A_good_workbook_updates_the_changed_household()
    {
        var path = await ExportVillageAsync(OwnVillage);
        var book = Read(path);
        var number = book["户"][1]["户编号"]!.ToString()!;
        book["户"][1]["联系电话"] = "13222223333";
        Save(book, path);

        var clerk = await Host.SignInAsync("village");
        var (status, html) = await UploadAsync(clerk, path, skipInvalid: false);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("import-done", html);
        await using var db = Host.OpenDatabase();
        Assert.Equal("13222223333", (await db.Households.SingleAsync(h => h.Number == number, Ct)).Phone);
    }

    [Theory]
    [InlineData("registry.ods", "LibreOffice")]
    [InlineData("registry.xls", "97-2003")]
    [InlineData("registry.csv", ".xlsx")]
    [InlineData("registry.xlsx", "空的")]
    public async Task A_file_of_the_wrong_kind_is_refused_with_what_to_do_and_nothing_is_written(string name, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-import-test-{Guid.NewGuid():N}");
        // An .ods file is a zip package whose first entry names its kind; an .xls starts with the OLE2 signature.
        byte[] bytes = name switch
        {
            "registry.ods" => await OdsAsync(),
            "registry.xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]],
            "registry.csv" => "户编号,村代码\n1,990121001001\n"u8.ToArray(),
            _ => [],
        };
        await File.WriteAllBytesAsync(path, bytes, Ct);
        var before = await FingerprintAsync();

        var (status, html) = await UploadAsync(await Host.SignInAsync("village"), path, skipInvalid: true, name);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"<p class=\"error\" id=\"import-problem\">[^<]*{System.Text.RegularExpressions.Regex.Escape(expected)}", html);
        Assert.DoesNotContain("Exception", html);
        Assert.Equal(before, await FingerprintAsync());
    }

    private static async Task<byte[]> OdsAsync()
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create))
        await using (var w = new StreamWriter(zip.CreateEntry("mimetype").Open()))
            await w.WriteAsync("application/vnd.oasis.opendocument.spreadsheet");
        return memory.ToArray();
    }

    [Fact]
    public async Task An_auditor_may_not_import()
    {
        var auditor = await Host.SignInAsync("auditor");
        var response = await auditor.GetAsync("/households/import", Ct);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> ExportVillageAsync(string village)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-import-test-{Guid.NewGuid():N}.xlsx");
        await using var db = Data.Database.JingzhunDb.Create(Data.Database.DatabaseTarget.Parse(Host.Database), new AccessScope(village, true, true, "test"));
        await RegistryExporter.ExportAsync(db, path, ExchangeFormat.Xlsx, ct: Ct);
        return path;
    }

    private async Task<(HttpStatusCode, string)> UploadAsync(HttpClient client, string path, bool skipInvalid, string name = "registry.xlsx")
    {
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/households/import", Ct));
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path, Ct));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", name);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        if (skipInvalid) content.Add(new StringContent("true"), "skipInvalid");
        var response = await client.PostAsync("/households/import", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static Dictionary<string, List<Dictionary<string, object?>>> Read(string path) =>
        MiniExcel.GetSheetNames(path).ToDictionary(s => s, s => MiniExcel.Query(path, useHeaderRow: true, sheetName: s)
            .Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList());

    private static void Save(Dictionary<string, List<Dictionary<string, object?>>> book, string path) =>
        MiniExcel.SaveAs(path, book.ToDictionary(s => s.Key, object (s) => s.Value), overwriteFile: true);

    /// <summary>Changes the check character so that only the checksum is wrong.</summary>
    private static string Break(string id) => id[..17] + (id[17] == '0' ? '1' : '0');

    private async Task<string> FingerprintAsync()
    {
        await using var db = Host.OpenDatabase();
        var households = await db.Households.SumAsync(h => h.Version, Ct);
        var members = await db.Members.CountAsync(Ct) + ":" + await db.Members.SumAsync(m => m.Version, Ct);
        var names = string.Join(",", await db.Members.OrderBy(m => m.Id).Take(50).Select(m => m.Name).ToListAsync(Ct));
        return $"{await db.Households.CountAsync(Ct)}|{households}|{members}|{await db.Incomes.CountAsync(Ct)}|{names}";
    }
}

public sealed class ImportPageOnSqlite(SqliteHost host) : ImportPageTests(host), IClassFixture<SqliteHost>;

public sealed class ImportPageOnPostgres(PostgresHost host) : ImportPageTests(host), IClassFixture<PostgresHost>;
