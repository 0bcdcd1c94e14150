using System.IO.Compression;
using System.Text;
using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Exchange;

public enum ExchangeFormat
{
    Csv,
    Xlsx,
}

/// <summary>Where the three tables of an interchange file live.</summary>
public static class ExchangeFiles
{
    /// <summary>The format a file name implies: .xlsx is a workbook, .csv the households file of a CSV set.</summary>
    public static ExchangeFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".xlsx" => ExchangeFormat.Xlsx,
        ".csv" => ExchangeFormat.Csv,
        _ => null,
    };

    public static ExchangeFormat Parse(string format) => format.Trim().ToLowerInvariant() switch
    {
        "xlsx" or "excel" => ExchangeFormat.Xlsx,
        "csv" => ExchangeFormat.Csv,
        _ => throw new ArgumentException($"不支持的格式：{format}（可选 csv、xlsx） / unsupported format: {format} (csv or xlsx)"),
    };

    /// <summary>The CSV file of a table: households in the file itself, members, incomes (and the notes of a masked export) beside it.</summary>
    public static string CsvPath(string householdsPath, string sheet) => sheet switch
    {
        RegistryTables.MembersSheet => Sibling(householdsPath, ".members.csv"),
        RegistryTables.IncomesSheet => Sibling(householdsPath, ".incomes.csv"),
        RegistryTables.NotesSheet => Sibling(householdsPath, ".notes.csv"),
        _ => householdsPath,
    };

    /// <summary>The file name a user sees a table as, for error reports: the sheet name, or the CSV file name.</summary>
    public static string TableName(string path, ExchangeFormat format, string sheet) =>
        format == ExchangeFormat.Xlsx ? sheet : Path.GetFileName(CsvPath(path, sheet));

    /// <summary>
    /// Why a file cannot be imported at all, as one error that says what to do (in Chinese and English); null when it
    /// looks like an .xlsx workbook or a UTF-8 CSV file. Catches the files people pick by mistake: LibreOffice .ods,
    /// old Excel .xls, Numbers, WPS .et, an empty file, a file renamed to .xlsx that is not a workbook, a CSV saved in
    /// GBK. <paramref name="xlsxOnly"/>: only a workbook will do (the web page, which takes one file).
    /// </summary>
    public static ImportError? Refusal(string path, bool xlsxOnly = false)
    {
        var name = Path.GetFileName(path);
        var problem = Unreadable(path, Path.GetExtension(path).ToLowerInvariant(), xlsxOnly);
        return problem is { } text ? new ImportError(name, 0, "", text) : null;
    }

    private const string SaveAsChinese = "另存为Excel工作簿（.xlsx）后再导入";
    private const string SaveAsEnglish = "save it as an Excel workbook (.xlsx) and import that";

    private static Bilingual? Unreadable(string path, string extension, bool xlsxOnly)
    {
        switch (extension)
        {
            case ".ods" or ".ots" or ".fods":
                return new("这是LibreOffice/OpenOffice的.ods表格，不能直接导入：请在LibreOffice中选择“文件→另存为”，文件类型选“Excel 2007-365 (.xlsx)”，" + SaveAsChinese,
                    "this is a LibreOffice/OpenOffice .ods spreadsheet, which cannot be imported: in LibreOffice choose File → Save As, type 'Excel 2007-365 (.xlsx)', and import that file");
            case ".xls":
                return new("这是旧版Excel 97-2003的.xls文件，不能直接导入：请在Excel中选择“文件→另存为”，文件类型选“Excel工作簿（*.xlsx）”，" + SaveAsChinese,
                    "this is an old Excel 97-2003 .xls file, which cannot be imported: in Excel choose File → Save As, type 'Excel Workbook (*.xlsx)', and import that file");
            case ".numbers":
                return new("这是苹果Numbers表格，不能直接导入：请在Numbers中选择“文件→导出为→Excel”，" + SaveAsChinese,
                    "this is an Apple Numbers spreadsheet, which cannot be imported: in Numbers choose File → Export To → Excel, and import that file");
            case ".et" or ".ett":
                return new("这是WPS表格的.et文件，不能直接导入：请在WPS中选择“文件→另存为”，文件类型选“Excel文件（*.xlsx）”，" + SaveAsChinese,
                    "this is a WPS Spreadsheets .et file, which cannot be imported: in WPS choose File → Save As, type 'Excel file (*.xlsx)', and import that file");
            case ".xlsm" or ".xlsb" or ".xltx":
                return new($"不能导入{extension}文件：请在Excel中" + SaveAsChinese, $"{extension} files cannot be imported: in Excel, {SaveAsEnglish}");
            case ".csv" when xlsxOnly:
                return new("网页导入只接受一个.xlsx工作簿（户、成员、收入三张工作表）：CSV文件请在Excel中" + SaveAsChinese + "，或用命令行导入",
                    "the web import takes one .xlsx workbook (sheets 户, 成员, 收入): open the CSV in Excel and " + SaveAsEnglish + ", or import the CSV files from the command line");
            case ".xlsx" or ".csv":
                break;
            default:
                return new(xlsxOnly ? "只能导入Excel工作簿（.xlsx）" : "只能导入Excel工作簿（.xlsx）或UTF-8编码的CSV文件（.csv）",
                    xlsxOnly ? "only an Excel workbook (.xlsx) can be imported" : "only an Excel workbook (.xlsx) or UTF-8 CSV files (.csv) can be imported");
        }
        if (!File.Exists(path)) return new("找不到文件", "the file does not exist");
        if (new FileInfo(path).Length == 0) return new("文件是空的（0字节）：请重新保存或上传", "the file is empty (0 bytes): save or upload it again");
        var head = new byte[65536];
        int length;
        using (var stream = File.OpenRead(path)) length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var zip = length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        var ole = length >= 4 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0;
        if (extension == ".csv")
        {
            if (zip || ole)
                return new("此文件是表格软件的工作簿，只是扩展名为.csv：请在Excel中另存为“CSV UTF-8（逗号分隔）”，或把它作为.xlsx导入",
                    "this file is a spreadsheet workbook named .csv: save it from Excel as 'CSV UTF-8 (Comma delimited)', or import it as .xlsx");
            return Utf8(head, length) ? null
                : new Bilingual("CSV文件不是UTF-8编码（可能是GBK/ANSI）：请在Excel中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”；WPS中另存时选择UTF-8编码",
                    "the CSV file is not UTF-8 (perhaps GBK/ANSI): in Excel use Save As with type 'CSV UTF-8 (Comma delimited)'; in WPS choose UTF-8 when saving");
        }
        if (ole)
            return new("此文件实际是旧版Excel 97-2003的.xls文件，或设了打开密码的工作簿：请在Excel中取消密码，" + SaveAsChinese,
                "this file is really an old Excel 97-2003 .xls file, or a workbook with a password to open: remove the password in Excel and " + SaveAsEnglish);
        if (!zip)
            return new("此文件不是Excel工作簿（可能是改了扩展名的其他文件，如CSV或网页）：请用Excel打开后" + SaveAsChinese,
                "this file is not an Excel workbook (perhaps another kind of file renamed to .xlsx, such as CSV or a web page): open it in Excel and " + SaveAsEnglish);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            if (archive.GetEntry("mimetype") is { } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open());
                if (reader.ReadToEnd().Contains("opendocument", StringComparison.Ordinal))
                    return Unreadable(path, ".ods", xlsxOnly);
            }
            if (archive.GetEntry("xl/workbook.xml") is null)
                return new("此文件不是Excel工作簿（压缩包里没有工作簿，可能是Word文档或其他文件改了扩展名）：请用Excel打开后" + SaveAsChinese,
                    "this file is not an Excel workbook (the package holds no workbook; perhaps a Word document or another file renamed): open it in Excel and " + SaveAsEnglish);
        }
        catch (InvalidDataException)
        {
            return new("文件已损坏或不完整（可能上传或复制时中断）：请重新保存或上传", "the file is damaged or incomplete (perhaps an interrupted upload or copy): save or upload it again");
        }
        return null;
    }

    /// <summary>Whether the start of a file is UTF-8 (or carries a UTF-16 byte-order mark, which the reader follows); a character cut at the end is fine.</summary>
    private static bool Utf8(byte[] head, int length)
    {
        if (length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) return true;
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (var cut = 0; cut < (length == head.Length ? 4 : 1) && cut <= length; cut++)
        {
            try { strict.GetCharCount(head, 0, length - cut); return true; }
            catch (DecoderFallbackException) { }
        }
        return false;
    }

    private static string Sibling(string path, string suffix) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? path[..^4] + suffix : path + suffix;
}
