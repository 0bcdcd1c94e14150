using System.Globalization;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using MiniExcelLibs;

namespace Jingzhun.Data.Monitoring;

/// <summary>One good row of a department file: where it is, whom it names and what it says.</summary>
public sealed record FeedRow(int Row, string ResidentId, RiskKind Kind, Money? Amount, DateOnly EventDate, string Evidence);

/// <summary>
/// A department file (部门预警数据) read into rows: one table (the first sheet of a workbook, or a CSV file) with the
/// columns 身份证号, 事项, 金额 (optional), 发生日期 and 说明 (optional); other columns (a name, a department's own
/// numbers) are ignored. Each row is checked on its own; every problem points at its row and column in both languages.
/// Resident IDs appear in messages only masked.
/// </summary>
internal sealed class FeedFile
{
    public const string IdHeader = "身份证号";
    public const string KindHeader = "事项";
    public const string AmountHeader = "金额";
    public const string DateHeader = "发生日期";
    public const string EvidenceHeader = "说明";

    /// <summary>Each column and the names it goes by (Chinese, English, and a few spellings departments use).</summary>
    private static readonly (string Header, bool Required, string[] Names)[] Columns =
    [
        (IdHeader, true, ["身份证号", "身份证号码", "公民身份号码", "ResidentId", "Resident ID", "ID"]),
        (KindHeader, true, ["事项", "风险事项", "预警事项", "Kind", "Item", "Risk"]),
        (AmountHeader, false, ["金额", "金额（元）", "金额(元)", "Amount"]),
        (DateHeader, true, ["发生日期", "日期", "Date", "EventDate", "Event date"]),
        (EvidenceHeader, false, ["说明", "情况说明", "Evidence", "Note", "Description"]),
    ];

    public List<FeedRow> Rows { get; } = [];
    public List<ImportError> Errors { get; } = [];
    /// <summary>Rows read (good and bad), the header not counted.</summary>
    public int RowCount { get; private set; }
    /// <summary>Rows with at least one error.</summary>
    public HashSet<int> BadRows { get; } = [];
    /// <summary>The file cannot be read safely at all (unreadable, header damaged, identifiers stored as numbers): refused even with skip-invalid.</summary>
    public bool RefusedWhole { get; private set; }

    public static FeedFile Read(string path, string? displayName, DateOnly today, CancellationToken ct)
    {
        var file = new FeedFile();
        var name = displayName ?? Path.GetFileName(path);
        if (ExchangeFiles.Refusal(path) is { } refusal)
        {
            file.Whole(refusal with { Table = name });
            return file;
        }
        try
        {
            file.ReadRows(path, name, today, ct);
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A workbook damaged inside (a broken sheet, a cut file) fails in the reader: one error, nothing imported.
            file.Rows.Clear();
            file.Whole(new ImportError(name, 0, "", "文件已损坏或无法读取：请用Excel打开后重新保存为.xlsx或UTF-8编码的CSV再导入",
                "the file is damaged or cannot be read: open it in Excel, save it again as .xlsx or UTF-8 CSV and import that"));
        }
        return file;
    }

    private void Whole(ImportError error)
    {
        RefusedWhole = true;
        Errors.Add(error);
    }

    private void ReadRows(string path, string name, DateOnly today, CancellationToken ct)
    {
        var format = ExchangeFiles.FormatOf(path) ?? ExchangeFormat.Csv;
        var sheet = format == ExchangeFormat.Xlsx ? MiniExcel.GetSheetNames(path).FirstOrDefault() : "";
        if (sheet is null)
        {
            Whole(new ImportError(name, 0, "", "工作簿中没有工作表", "the workbook has no sheet"));
            return;
        }
        Dictionary<string, string>? headers = null; // column → the file's header
        var damagedIds = (Row: 0, Example: "", Count: 0);
        foreach (var row in TableReader.Rows(path, format, sheet))
        {
            ct.ThrowIfCancellationRequested();
            headers ??= MatchHeaders(name, row.Header);
            if (headers is null) return;
            RowCount++;
            var idText = (row.Cells.GetValueOrDefault(headers[IdHeader]) ?? "").Trim();
            if (IdentifierCells.Damaged(nameof(Jingzhun.Domain.Registry.Member.ResidentId), idText, row.IsNumberCell(headers[IdHeader])))
            {
                damagedIds = damagedIds.Count == 0 ? (row.Number, Masking.ResidentId(idText), 1) : damagedIds with { Count = damagedIds.Count + 1 };
                continue;
            }
            if (Parse(name, row, headers, today) is { } good) Rows.Add(good);
            else BadRows.Add(row.Number);
        }
        if (headers is null && RowCount == 0)
            Whole(new ImportError(name, 0, "", "文件中没有数据行", "the file holds no data rows"));
        if (damagedIds.Count > 0)
        {
            Rows.Clear();
            Whole(IdentifierCells.Error(name, headers![IdHeader], damagedIds.Row, damagedIds.Example, damagedIds.Count));
        }
    }

    private Dictionary<string, string>? MatchHeaders(string table, IReadOnlyList<string> header)
    {
        var found = new Dictionary<string, string>();
        foreach (var cell in header)
        {
            var t = cell.Trim();
            if (t.Length == 0) continue;
            foreach (var (column, _, names) in Columns)
            {
                if (!names.Any(n => string.Equals(n, t, StringComparison.OrdinalIgnoreCase))) continue;
                if (!found.TryAdd(column, cell))
                {
                    Whole(new ImportError(table, 1, t, $"列“{column}”重复", $"the column {column} appears twice"));
                    return null;
                }
            }
        }
        var missing = Columns.Where(c => c.Required && !found.ContainsKey(c.Header)).Select(c => c.Header).ToList();
        if (missing.Count == 0) return found;
        foreach (var column in missing)
            Whole(new ImportError(table, 1, column,
                $"缺少列“{column}”（部门数据须有列：身份证号、事项、发生日期，可选金额、说明）",
                $"the column {column} is missing (a department file needs 身份证号 (resident ID), 事项 (item), 发生日期 (date); 金额 (amount) and 说明 (evidence) are optional)"));
        return null;
    }

    private FeedRow? Parse(string table, SheetRow row, Dictionary<string, string> headers, DateOnly today)
    {
        var before = Errors.Count;
        string Cell(string column) => headers.TryGetValue(column, out var h) ? (row.Cells.GetValueOrDefault(h) ?? "").Trim() : "";
        void Fail(string column, string chinese, string english) => Errors.Add(new ImportError(table, row.Number, column, chinese, english));

        var idText = Cell(IdHeader);
        var id = "";
        if (idText.Length == 0) Fail(IdHeader, "身份证号不能为空", "the resident ID is empty");
        else if (idText.Contains('*')) Fail(IdHeader, $"身份证号“{Masking.ResidentId(idText)}”已脱敏，无法比对", $"the resident ID '{Masking.ResidentId(idText)}' is masked and cannot be matched");
        else if (!ResidentId.TryParse(idText, out var parsed, out var why))
        {
            var (zh, en) = Halves(why);
            Fail(IdHeader, $"身份证号“{Masking.ResidentId(idText)}”无效：{zh}", $"the resident ID '{Masking.ResidentId(idText)}' is not valid: {en}");
        }
        else id = parsed.Value;

        var kindText = Cell(KindHeader);
        var kind = KindOf(kindText);
        if (kind is null)
            Fail(KindHeader, kindText.Length == 0 ? "事项不能为空" : $"事项“{Shorten(kindText)}”不是可识别的预警事项（可用：{string.Join("、", Kinds.Select(k => k.Chinese()))}）",
                kindText.Length == 0 ? "the item is empty" : $"'{Shorten(kindText)}' is not a known item (known: {string.Join(", ", Kinds.Select(k => k.English()))})");

        Money? amount = null;
        var amountText = Cell(AmountHeader);
        if (amountText.Length > 0)
        {
            if (!Money.TryParse(amountText, out var money) || money.Yuan < 0 || money.Yuan > 100_000_000m)
                Fail(AmountHeader, $"金额“{Shorten(amountText)}”不是有效的元数（非负，最多两位小数）", $"the amount '{Shorten(amountText)}' is not a valid sum in yuan (not negative, at most two decimals)");
            else amount = money;
        }

        var dateText = Cell(DateHeader);
        var date = DateOf(dateText, row.IsNumberCell(headers[DateHeader]));
        if (date is null)
            Fail(DateHeader, dateText.Length == 0 ? "发生日期不能为空" : $"发生日期“{Shorten(dateText)}”无效（格式如2026-03-01）",
                dateText.Length == 0 ? "the date is empty" : $"the date '{Shorten(dateText)}' is not valid (e.g. 2026-03-01)");
        else if (date > today) Fail(DateHeader, $"发生日期{date:yyyy-MM-dd}晚于今天", $"the date {date:yyyy-MM-dd} is in the future");
        else if (date < new DateOnly(2000, 1, 1)) Fail(DateHeader, $"发生日期{date:yyyy-MM-dd}早于2000年", $"the date {date:yyyy-MM-dd} is before 2000");

        var evidence = MaskIds(Cell(EvidenceHeader));
        if (evidence.Length > 500) Fail(EvidenceHeader, "说明不能超过500字", "the evidence may not exceed 500 characters");

        if (Errors.Count > before) return null;
        return new FeedRow(row.Number, id, kind!.Value, amount, date!.Value, evidence);
    }

    /// <summary>The items a department file may name.</summary>
    public static readonly RiskKind[] Kinds = Enum.GetValues<RiskKind>();

    public static RiskKind? KindOf(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        foreach (var kind in Kinds)
            if (t == kind.Chinese() || string.Equals(t, kind.English(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, kind.ToString(), StringComparison.OrdinalIgnoreCase))
                return kind;
        return null;
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyyMMdd", "yyyy.M.d", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    public static DateOnly? DateOf(string text, bool numberCell)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return DateOnly.FromDateTime(d);
        // A date cell a workbook kept as its serial number (days since 1899-12-30).
        if (numberCell && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 30000 and <= 80000 && serial == Math.Floor(serial))
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        return null;
    }

    /// <summary>Any resident ID in a free text, masked (evidence is stored and audited).</summary>
    public static string MaskIds(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", m => Masking.ResidentId(m.Value));

    private static (string Chinese, string English) Halves(string both)
    {
        var at = both.IndexOf(" / ", StringComparison.Ordinal);
        return at < 0 ? (both, both) : (both[..at], both[(at + 3)..]);
    }

    private static string Shorten(string text)
    {
        var t = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        t = MaskIds(t);
        return t.Length <= 20 ? t : t[..20] + "…";
    }
}
