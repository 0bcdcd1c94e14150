using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using MiniExcelLibs;

namespace Jingzhun.Data.Assistance;

/// <summary>One good row of a roster file: where it is, the cadre it describes, the account to link and the households to pair.</summary>
public sealed record RosterRow(int Row, CadreForm Cadre, string UserName, IReadOnlyList<string> HouseholdNumbers);

/// <summary>
/// A roster file (帮扶责任人花名册) read into rows: one table (the first sheet of a workbook, or a CSV file) with the columns
/// 姓名, 工作单位, 职务, 联系电话, 层级 and, optionally, 账号 (a sign-in account's user name) and 结对户编号 (household numbers
/// separated by 、 or ;). Each row is checked on its own; every problem points at its row and column in both languages.
/// Read as <see cref="Monitoring.FeedFile"/> reads a department file: a damaged file is one error, never an exception.
/// </summary>
internal sealed class RosterFile
{
    public const string NameHeader = "姓名";
    public const string UnitHeader = "工作单位";
    public const string PositionHeader = "职务";
    public const string PhoneHeader = "联系电话";
    public const string LevelHeader = "层级";
    public const string AccountHeader = "账号";
    public const string HouseholdsHeader = "结对户编号";

    /// <summary>Each column, whether the file must have it, and the names it goes by.</summary>
    private static readonly (string Header, bool Required, string[] Names)[] Columns =
    [
        (NameHeader, true, ["姓名", "帮扶责任人", "帮扶责任人姓名", "Name"]),
        (UnitHeader, true, ["工作单位", "单位", "帮扶单位", "Unit"]),
        (PositionHeader, true, ["职务", "Position", "Title"]),
        (PhoneHeader, true, ["联系电话", "电话", "手机", "手机号码", "Phone"]),
        (LevelHeader, true, ["层级", "单位层级", "Level"]),
        (AccountHeader, false, ["账号", "用户名", "Account", "User name", "UserName"]),
        (HouseholdsHeader, false, ["结对户编号", "结对户", "户编号", "Households", "Household numbers"]),
    ];

    /// <summary>The separators of household numbers in one cell: 、 ; ； and , ， (and spaces).</summary>
    private static readonly char[] Separators = ['、', ';', '；', ',', '，', ' ', '\n', '\r', '\t'];

    public const int MaxHouseholdsPerRow = 50;

    public List<RosterRow> Rows { get; } = [];
    public List<ImportError> Errors { get; } = [];
    /// <summary>Rows read (good and bad), the header not counted.</summary>
    public int RowCount { get; private set; }
    public HashSet<int> BadRows { get; } = [];
    /// <summary>The file cannot be read safely at all: refused even with skip-invalid.</summary>
    public bool RefusedWhole { get; private set; }

    public static RosterFile Read(string path, string? displayName, CancellationToken ct)
    {
        var file = new RosterFile();
        var name = displayName ?? Path.GetFileName(path);
        if (ExchangeFiles.Refusal(path) is { } refusal)
        {
            file.Whole(refusal with { Table = name });
            return file;
        }
        try
        {
            file.ReadRows(path, name, ct);
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
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

    private void ReadRows(string path, string name, CancellationToken ct)
    {
        var format = ExchangeFiles.FormatOf(path) ?? ExchangeFormat.Csv;
        var sheet = format == ExchangeFormat.Xlsx ? MiniExcel.GetSheetNames(path).FirstOrDefault() : "";
        if (sheet is null)
        {
            Whole(new ImportError(name, 0, "", "工作簿中没有工作表", "the workbook has no sheet"));
            return;
        }
        Dictionary<string, string>? headers = null;
        var damaged = new Dictionary<string, (int Row, string Example, int Count)>();
        foreach (var row in TableReader.Rows(path, format, sheet))
        {
            ct.ThrowIfCancellationRequested();
            headers ??= MatchHeaders(name, row.Header);
            if (headers is null) return;
            RowCount++;
            // Phones and household numbers a spreadsheet kept as numbers lose digits: the column is refused as a whole.
            var hurt = false;
            foreach (var (column, property) in new[] { (PhoneHeader, nameof(Household.Phone)), (HouseholdsHeader, nameof(Household.Number)) })
            {
                if (!headers.TryGetValue(column, out var header)) continue;
                var text = (row.Cells.GetValueOrDefault(header) ?? "").Trim();
                if (!IdentifierCells.Damaged(property, text, row.IsNumberCell(header))) continue;
                damaged[column] = damaged.TryGetValue(column, out var d) ? d with { Count = d.Count + 1 } : (row.Number, Shorten(text), 1);
                hurt = true;
            }
            if (hurt) continue;
            if (Parse(name, row, headers) is { } good) Rows.Add(good);
            else BadRows.Add(row.Number);
        }
        if (headers is null && RowCount == 0)
            Whole(new ImportError(name, 0, "", "文件中没有数据行", "the file holds no data rows"));
        if (damaged.Count > 0)
        {
            Rows.Clear();
            foreach (var (column, d) in damaged) Whole(IdentifierCells.Error(name, headers![column], d.Row, d.Example, d.Count));
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
                $"缺少列“{column}”（花名册须有列：姓名、工作单位、职务、联系电话、层级，可选账号、结对户编号）",
                $"the column {column} is missing (a roster needs 姓名 (name), 工作单位 (unit), 职务 (position), 联系电话 (phone), 层级 (level); 账号 (account) and 结对户编号 (household numbers) are optional)"));
        return null;
    }

    private RosterRow? Parse(string table, SheetRow row, Dictionary<string, string> headers)
    {
        var before = Errors.Count;
        string Cell(string column) => headers.TryGetValue(column, out var h) ? (row.Cells.GetValueOrDefault(h) ?? "").Trim() : "";
        void Fail(string column, string chinese, string english) => Errors.Add(new ImportError(table, row.Number, column, chinese, english));

        var levelText = Cell(LevelHeader);
        var level = CadreRoster.LevelOf(levelText);
        var form = new CadreForm
        {
            Name = Cell(NameHeader), Unit = Cell(UnitHeader), Position = Cell(PositionHeader), Phone = Cell(PhoneHeader), Level = level,
        };
        foreach (var error in CadreRoster.Check(form))
        {
            var column = error.Field switch
            {
                "Name" => NameHeader, "Unit" => UnitHeader, "Position" => PositionHeader, "Phone" => PhoneHeader, _ => LevelHeader,
            };
            if (column == LevelHeader && levelText.Length > 0)
                Fail(LevelHeader, $"层级“{Shorten(levelText)}”无法识别（可用：{string.Join("、", Enum.GetValues<CadreLevel>().Select(l => l.Chinese()))}）",
                    $"the level '{Shorten(levelText)}' is not known (known: {string.Join(", ", Enum.GetValues<CadreLevel>().Select(l => l.English()))})");
            else if (column == LevelHeader) Fail(LevelHeader, "层级不能为空", "the level is empty");
            else if (column == PhoneHeader && form.Phone.Length > 0)
                Fail(PhoneHeader, $"联系电话“{Shorten(form.Phone)}”无效：{Domain.Common.PhoneNumbers.RuleChinese}", $"the phone '{Shorten(form.Phone)}' is not valid: {Domain.Common.PhoneNumbers.RuleEnglish}");
            else Fail(column, error.Chinese, error.English);
        }

        var account = Cell(AccountHeader);
        if (account.Length > 64 || account.Any(char.IsControl)) Fail(AccountHeader, "账号不能超过64个字符", "the account name may not exceed 64 characters");

        var numbers = new List<string>();
        foreach (var part in Cell(HouseholdsHeader).Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length != 16 || !part.All(char.IsAsciiDigit))
            {
                Fail(HouseholdsHeader, $"户编号“{Shorten(part)}”无效（应为16位数字：村代码加4位序号）", $"the household number '{Shorten(part)}' is not valid (16 digits: the village code and a 4-digit sequence)");
                continue;
            }
            if (numbers.Contains(part)) Fail(HouseholdsHeader, $"户编号{part}在本行重复", $"the household number {part} appears twice in the row");
            else numbers.Add(part);
        }
        if (numbers.Count > MaxHouseholdsPerRow)
            Fail(HouseholdsHeader, $"一行最多结对{MaxHouseholdsPerRow}户", $"a row may pair at most {MaxHouseholdsPerRow} households");
        foreach (var (column, text) in row.Extra.Take(1))
            Fail(TableReader.ColumnLetter(column), $"第{TableReader.ColumnLetter(column)}列有内容但没有列名“{Shorten(text)}”", $"column {TableReader.ColumnLetter(column)} holds '{Shorten(text)}' but has no header");

        if (Errors.Count > before) return null;
        form.Name = form.Name.Trim();
        return new RosterRow(row.Number, form, account, numbers);
    }

    private static string Shorten(string text)
    {
        var t = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return t.Length <= 20 ? t : t[..20] + "…";
    }
}

/// <summary>A roster as a workbook: the import's columns first (so it can be edited and read again), then state and caseload.</summary>
public static class RosterExport
{
    /// <summary>Writes the roster's cadres to <paramref name="stream"/> as one sheet 花名册; phones as <paramref name="phone"/> gives them (masked for readers who do not manage the roster).</summary>
    public static async Task WriteAsync(Stream stream, RosterView roster, Func<CadreRow, string> phone, CancellationToken ct = default)
    {
        var rows = roster.Cadres.Select(c => new Dictionary<string, object?>
        {
            [RosterFile.NameHeader] = c.Name,
            [RosterFile.UnitHeader] = c.Unit,
            [RosterFile.PositionHeader] = c.Position,
            [RosterFile.PhoneHeader] = phone(c),
            [RosterFile.LevelHeader] = c.Level.Chinese(),
            [RosterFile.AccountHeader] = c.AccountUserName ?? "",
            ["状态"] = c.State.Chinese(),
            ["调离日期"] = c.LeftOn?.ToString("yyyy-MM-dd") ?? "",
            ["结对户数"] = c.Caseload,
            ["超过结对上限"] = c.OverLimit ? $"是（上限{roster.CaseloadLimit}户）" : "否",
        }).ToList();
        if (rows.Count == 0)
            rows.Add(new Dictionary<string, object?>
            {
                [RosterFile.NameHeader] = "", [RosterFile.UnitHeader] = "", [RosterFile.PositionHeader] = "", [RosterFile.PhoneHeader] = "",
                [RosterFile.LevelHeader] = "", [RosterFile.AccountHeader] = "", ["状态"] = "", ["调离日期"] = "", ["结对户数"] = "", ["超过结对上限"] = "",
            });
        await MiniExcel.SaveAsAsync(stream, rows, sheetName: "花名册", cancellationToken: ct);
    }
}
