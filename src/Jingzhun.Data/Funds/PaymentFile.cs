using System.Globalization;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using MiniExcelLibs;

namespace Jingzhun.Data.Funds;

/// <summary>A column of a funds file: its header, whether a file must have it, the names it goes by, and the identifier it holds (if any).</summary>
internal sealed record FundColumn(string Header, bool Required, string[] Names, string? Identifier = null);

/// <summary>One data row of a funds file: its row number and its cells by the column's canonical header.</summary>
internal sealed record FundCells(int Number, IReadOnlyDictionary<string, string> Cells, IReadOnlySet<string> NumberCells)
{
    public string this[string header] => Cells.GetValueOrDefault(header) ?? "";
}

/// <summary>
/// Reads one table of a funds file (the first sheet of a workbook, or a CSV file) into rows by canonical header, as the roster
/// file is read: a damaged or foreign file, a missing or repeated column, an identifier column a spreadsheet turned into
/// numbers are each one error for the whole file, never an exception; cells under no header are a row error.
/// </summary>
internal sealed class FundTable
{
    public List<FundCells> Rows { get; } = [];
    public List<ImportError> Errors { get; } = [];
    public int RowCount { get; private set; }
    public bool RefusedWhole { get; private set; }

    public static FundTable Read(string path, string name, IReadOnlyList<FundColumn> columns, string describe, string describeEnglish, CancellationToken ct)
    {
        var table = new FundTable();
        if (ExchangeFiles.Refusal(path) is { } refusal)
        {
            table.Whole(refusal with { Table = name });
            return table;
        }
        try
        {
            table.ReadRows(path, name, columns, describe, describeEnglish, ct);
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            table.Rows.Clear();
            table.Whole(new ImportError(name, 0, "", "文件已损坏或无法读取：请用Excel打开后重新保存为.xlsx或UTF-8编码的CSV再导入",
                "the file is damaged or cannot be read: open it in Excel, save it again as .xlsx or UTF-8 CSV and import that"));
        }
        return table;
    }

    private void Whole(ImportError error)
    {
        RefusedWhole = true;
        Errors.Add(error);
    }

    private void ReadRows(string path, string name, IReadOnlyList<FundColumn> columns, string describe, string describeEnglish, CancellationToken ct)
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
            headers ??= MatchHeaders(name, row.Header, columns, describe, describeEnglish);
            if (headers is null) return;
            RowCount++;
            var cells = new Dictionary<string, string>();
            var numbers = new HashSet<string>();
            foreach (var (column, header) in headers)
            {
                cells[column] = (row.Cells.GetValueOrDefault(header) ?? "").Trim();
                if (row.IsNumberCell(header)) numbers.Add(column);
            }
            var hurt = false;
            foreach (var column in columns.Where(c => c.Identifier is not null && headers.ContainsKey(c.Header)))
            {
                var text = cells[column.Header];
                if (!IdentifierCells.Damaged(column.Identifier!, text, numbers.Contains(column.Header))) continue;
                damaged[column.Header] = damaged.TryGetValue(column.Header, out var d) ? d with { Count = d.Count + 1 } : (row.Number, Shorten(text), 1);
                hurt = true;
            }
            if (hurt) continue;
            if (row.Extra.Count > 0)
            {
                var (column, text) = row.Extra[0];
                Errors.Add(new ImportError(name, row.Number, TableReader.ColumnLetter(column),
                    $"第{TableReader.ColumnLetter(column)}列有内容但没有列名“{Shorten(text)}”", $"column {TableReader.ColumnLetter(column)} holds '{Shorten(text)}' but has no header"));
                continue;
            }
            Rows.Add(new FundCells(row.Number, cells, numbers));
        }
        if (headers is null && RowCount == 0 && Errors.Count == 0)
            Whole(new ImportError(name, 0, "", "文件中没有数据行", "the file holds no data rows"));
        if (damaged.Count > 0)
        {
            Rows.Clear();
            foreach (var (column, d) in damaged) Whole(IdentifierCells.Error(name, column, d.Row, d.Example, d.Count));
        }
    }

    private Dictionary<string, string>? MatchHeaders(string table, IReadOnlyList<string> header, IReadOnlyList<FundColumn> columns, string describe, string describeEnglish)
    {
        var found = new Dictionary<string, string>();
        foreach (var cell in header)
        {
            var t = cell.Trim();
            if (t.Length == 0) continue;
            foreach (var column in columns)
            {
                if (!column.Names.Any(n => string.Equals(n, t, StringComparison.OrdinalIgnoreCase))) continue;
                if (!found.TryAdd(column.Header, cell))
                {
                    Whole(new ImportError(table, 1, t, $"列“{column.Header}”重复", $"the column {column.Header} appears twice"));
                    return null;
                }
            }
        }
        var missing = columns.Where(c => c.Required && !found.ContainsKey(c.Header)).Select(c => c.Header).ToList();
        if (missing.Count == 0) return found;
        foreach (var column in missing)
            Whole(new ImportError(table, 1, column, $"缺少列“{column}”（{describe}）", $"the column {column} is missing ({describeEnglish})"));
        return null;
    }

    public static string Shorten(string text)
    {
        var t = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return t.Length <= 20 ? t : t[..20] + "…";
    }

    /// <summary>A date cell: yyyy-MM-dd, yyyy/M/d, yyyyMMdd, or a spreadsheet's day number.</summary>
    public static DateOnly? Date(string text, bool numberCell)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        if (DateOnly.TryParseExact(t, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyyMMdd", "yyyy.M.d", "yyyy年M月d日"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date)) return date;
        if (DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && t.Contains(' ') && t.Length <= 30) return DateOnly.FromDateTime(time);
        if (numberCell && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 10_000 and < 80_000 && serial == Math.Floor(serial))
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        return null;
    }

    /// <summary>An amount in yuan: digits with at most two decimals (thousands separators and a trailing 元 allowed).</summary>
    public static decimal? Amount(string text)
    {
        var t = text.Trim().Replace(",", "").Replace("，", "").TrimEnd('元').Trim();
        if (t.Length == 0 || t.Length > 20) return null;
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)) return null;
        // A spreadsheet's binary double may carry noise past the fen (0.1 + 0.2); round it when it is that small.
        var fen = decimal.Round(amount, 2);
        return Math.Abs(fen - amount) < 0.000001m ? fen : amount;
    }

    /// <summary>An enumeration value by its Chinese or English label (or its name).</summary>
    public static T? Label<T>(string text) where T : struct, Enum
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        foreach (var value in Enum.GetValues<T>())
            if (t == value.Chinese() || string.Equals(t, value.English(), StringComparison.OrdinalIgnoreCase) || string.Equals(t, value.ToString(), StringComparison.OrdinalIgnoreCase))
                return value;
        return null;
    }

    public static string Labels<T>() where T : struct, Enum => string.Join("、", Enum.GetValues<T>().Select(v => v.Chinese()));
    public static string LabelsEnglish<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => v.English()));
}

/// <summary>One good row of a payment file, as read: figures parsed, references not yet looked up.</summary>
internal sealed record PaymentFileRow(int Row, DateOnly PaidOn, decimal Amount, PaymentKind Kind, string AllocationDocument, long? AllocationId,
    string ProjectNumber, string HouseholdNumber, string ResidentId, string Payee, string Purpose, ProjectType PurposeType, string Voucher);

/// <summary>
/// A county's payment records as a file (资金支付明细): one table with the columns 支付日期, 金额, 类型 (项目支出/到户补助),
/// 资金下达文号 or 资金编号 (the allocation paid from), 项目编号, 户编号, 收款人身份证号 (the member paid, looked up within the
/// household; the head when empty), 收款人, 用途, 用途类别 and 凭证号. Each row is checked on its own here, against the database
/// in <see cref="PaymentImport"/>; every problem points at its row and column in both languages.
/// </summary>
internal static class PaymentFile
{
    public const string Sheet = "资金支付";
    public const string DateHeader = "支付日期";
    public const string AmountHeader = "金额";
    public const string KindHeader = "类型";
    public const string DocumentHeader = "资金下达文号";
    public const string AllocationHeader = "资金编号";
    public const string ProjectHeader = "项目编号";
    public const string HouseholdHeader = "户编号";
    public const string ResidentIdHeader = "收款人身份证号";
    public const string PayeeHeader = "收款人";
    public const string PurposeHeader = "用途";
    public const string PurposeTypeHeader = "用途类别";
    public const string VoucherHeader = "凭证号";

    public static readonly FundColumn[] Columns =
    [
        new(DateHeader, true, ["支付日期", "日期", "Date", "Paid on"]),
        new(AmountHeader, true, ["金额", "金额（元）", "金额(元)", "支付金额", "Amount"]),
        new(KindHeader, true, ["类型", "支付类型", "Kind"]),
        new(DocumentHeader, false, ["资金下达文号", "下达文号", "文号", "Document number"]),
        new(AllocationHeader, false, ["资金编号", "资金下达编号", "Allocation", "Allocation id"]),
        new(ProjectHeader, false, ["项目编号", "Project number", "Project"]),
        new(HouseholdHeader, false, ["户编号", "Household number", "Household"], nameof(Household.Number)),
        new(ResidentIdHeader, false, ["收款人身份证号", "身份证号", "身份证号码", "Resident ID"], nameof(Domain.Registry.Member.ResidentId)),
        new(PayeeHeader, false, ["收款人", "收款人姓名", "Payee"]),
        new(PurposeHeader, true, ["用途", "资金用途", "Purpose"]),
        new(PurposeTypeHeader, true, ["用途类别", "Purpose type", "Purpose kind"]),
        new(VoucherHeader, true, ["凭证号", "凭证编号", "Voucher"]),
    ];

    public const string Describe = "支付文件须有列：支付日期、金额、类型、用途、用途类别、凭证号，及资金下达文号或资金编号；项目编号、户编号、收款人身份证号、收款人按类型填写";
    public const string DescribeEnglish = "a payment file needs 支付日期 (date), 金额 (amount), 类型 (kind), 用途 (purpose), 用途类别 (purpose type), 凭证号 (voucher), and 资金下达文号 or 资金编号 (the allocation); 项目编号, 户编号, 收款人身份证号, 收款人 as the kind needs";

    public static (FundTable Table, List<PaymentFileRow> Rows) Read(string path, string name, DateOnly today, CancellationToken ct)
    {
        var table = FundTable.Read(path, name, Columns, Describe, DescribeEnglish, ct);
        var rows = new List<PaymentFileRow>();
        foreach (var cells in table.Rows)
            if (Parse(name, cells, today, table.Errors) is { } row) rows.Add(row);
        return (table, rows);
    }

    private static PaymentFileRow? Parse(string table, FundCells cells, DateOnly today, List<ImportError> errors)
    {
        var before = errors.Count;
        void Fail(string column, string chinese, string english) => errors.Add(new ImportError(table, cells.Number, column, chinese, english));

        var dateText = cells[DateHeader];
        var date = FundTable.Date(dateText, cells.NumberCells.Contains(DateHeader));
        if (dateText.Length == 0) Fail(DateHeader, "支付日期不能为空", "the payment date is empty");
        else if (date is null) Fail(DateHeader, $"支付日期“{FundTable.Shorten(dateText)}”无法识别（应为如2025-03-01）", $"the payment date '{FundTable.Shorten(dateText)}' is not a date (write e.g. 2025-03-01)");
        else if (date > today) Fail(DateHeader, $"支付日期{date:yyyy-MM-dd}晚于今天", $"the payment date {date:yyyy-MM-dd} is in the future");
        else if (date.Value.Year < 2000) Fail(DateHeader, "支付日期不能早于2000年", "the payment date may not be before 2000");

        var amountText = cells[AmountHeader];
        var amount = FundTable.Amount(amountText);
        if (amountText.Length == 0) Fail(AmountHeader, "金额不能为空", "the amount is empty");
        else if (amount is null) Fail(AmountHeader, $"金额“{FundTable.Shorten(amountText)}”不是数字", $"the amount '{FundTable.Shorten(amountText)}' is not a number");
        else if (amount <= 0) Fail(AmountHeader, "金额须大于0（冲正请在系统中对原支付做冲正）", "the amount must be greater than 0 (reverse a payment in the system instead)");
        else if (amount != decimal.Round(amount.Value, 2) || amount > 1_000_000_000m) Fail(AmountHeader, "金额以元计，最多两位小数，且不超过10亿元", "the amount is in yuan with at most 2 decimals and at most 1,000,000,000");

        var kindText = cells[KindHeader];
        var kind = FundTable.Label<PaymentKind>(kindText) ?? (kindText == "到户补助" ? PaymentKind.Household : null);
        if (kind is null or PaymentKind.Dividend)
            Fail(KindHeader, kindText.Length == 0 ? "类型不能为空（项目支出或到户补助）" : $"类型“{FundTable.Shorten(kindText)}”无法识别（项目支出或到户补助）",
                kindText.Length == 0 ? "the kind is empty (项目支出 project spending or 到户补助 household subsidy)" : $"the kind '{FundTable.Shorten(kindText)}' is not known (项目支出 project spending or 到户补助 household subsidy)");

        var document = cells[DocumentHeader];
        var allocationText = cells[AllocationHeader];
        long? allocationId = null;
        if (document.Length == 0 && allocationText.Length == 0)
            Fail(DocumentHeader, "须填写资金下达文号或资金编号", "give the allocation's document number (资金下达文号) or its id (资金编号)");
        if (allocationText.Length > 0)
        {
            if (long.TryParse(allocationText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) allocationId = id;
            else Fail(AllocationHeader, $"资金编号“{FundTable.Shorten(allocationText)}”应为数字", $"the allocation id '{FundTable.Shorten(allocationText)}' is not a number");
        }

        var project = cells[ProjectHeader];
        var household = cells[HouseholdHeader];
        var residentId = cells[ResidentIdHeader].ToUpperInvariant();
        if (household.Length > 0 && (household.Length != 16 || !household.All(char.IsAsciiDigit)))
            Fail(HouseholdHeader, $"户编号“{FundTable.Shorten(household)}”无效（应为16位数字）", $"the household number '{FundTable.Shorten(household)}' is not valid (16 digits)");
        if (residentId.Length > 0 && !ResidentId.TryParse(residentId, out _, out _))
            Fail(ResidentIdHeader, $"身份证号“{Masking.ResidentId(FundTable.Shorten(residentId))}”无效", $"the resident ID '{Masking.ResidentId(FundTable.Shorten(residentId))}' is not valid");
        if (kind == PaymentKind.Project)
        {
            if (project.Length == 0) Fail(ProjectHeader, "项目支出须填写项目编号", "a project payment needs the project number");
            if (household.Length > 0 || residentId.Length > 0) Fail(HouseholdHeader, "项目支出不填户编号和收款人身份证号", "a project payment has no household number or resident ID");
        }
        else if (kind == PaymentKind.Household && household.Length == 0)
            Fail(HouseholdHeader, "到户补助须填写户编号", "a household subsidy needs the household number");

        var payee = cells[PayeeHeader];
        if (payee.Length > 100) Fail(PayeeHeader, "收款人不能超过100个字符", "the payee may not exceed 100 characters");
        var purpose = cells[PurposeHeader];
        if (purpose.Length == 0) Fail(PurposeHeader, "用途不能为空", "the purpose is empty");
        else if (purpose.Length > Payments.MaxText) Fail(PurposeHeader, $"用途不能超过{Payments.MaxText}个字符", $"the purpose may not exceed {Payments.MaxText} characters");
        var typeText = cells[PurposeTypeHeader];
        var type = FundTable.Label<ProjectType>(typeText);
        if (type is null)
            Fail(PurposeTypeHeader, typeText.Length == 0 ? $"用途类别不能为空（可用：{FundTable.Labels<ProjectType>()}）" : $"用途类别“{FundTable.Shorten(typeText)}”无法识别（可用：{FundTable.Labels<ProjectType>()}）",
                typeText.Length == 0 ? $"the purpose type is empty (known: {FundTable.LabelsEnglish<ProjectType>()})" : $"the purpose type '{FundTable.Shorten(typeText)}' is not known (known: {FundTable.LabelsEnglish<ProjectType>()})");
        var voucher = cells[VoucherHeader];
        if (voucher.Length == 0) Fail(VoucherHeader, "凭证号不能为空", "the voucher number is empty");
        else if (voucher.Length > 60) Fail(VoucherHeader, "凭证号不能超过60个字符", "the voucher number may not exceed 60 characters");
        foreach (var (column, text) in new[] { (PayeeHeader, payee), (PurposeHeader, purpose), (VoucherHeader, voucher), (DocumentHeader, document), (ProjectHeader, project) })
            if (text.Any(char.IsControl)) Fail(column, "含有控制字符", "holds control characters");

        if (errors.Count > before) return null;
        return new PaymentFileRow(cells.Number, date!.Value, amount!.Value, kind!.Value, document, allocationId, project, household, residentId, payee, purpose,
            type!.Value, voucher);
    }
}
