using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange;

/// <summary>A row read from a file, with where it came from.</summary>
internal sealed record Parsed<TRow>(string Table, int Row, string HouseholdNumber, TRow Value);

/// <summary>
/// The three tables of an import file read into rows, each row parsed and checked on its own
/// by the shared field rules (<see cref="RegistryValidation"/>); checks across rows and against
/// the database come after, in <see cref="ImportChecks"/>.
/// </summary>
internal sealed class ImportFile
{
    public List<Parsed<Household>> Households { get; } = [];
    public List<Parsed<MemberRow>> Members { get; } = [];
    public List<Parsed<IncomeRow>> Incomes { get; } = [];
    public List<ImportError> Errors { get; } = [];

    /// <summary>
    /// The file is a masked export (its 说明 table says so, or personal data cells hold masking stars):
    /// it is refused as a whole, even when invalid rows are to be skipped.
    /// </summary>
    public bool Masked { get; private set; }

    /// <summary>
    /// False to only parse the rows, without the field rules: for a second pass over a file whose rows
    /// were checked by the first (the bulk import), where the errors are already known.
    /// </summary>
    public bool CheckRows { get; init; } = true;

    /// <summary>The reference date of the age rules (the import's day).</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.Today);

    /// <summary>
    /// True when an identifier column holds cells a spreadsheet turned into numbers (<see cref="IdentifierCells"/>):
    /// reported once per column, and the file is refused as a whole.
    /// </summary>
    public bool NumbersDamaged { get; private set; }

    /// <summary>A file that is refused as a whole, even when invalid rows are to be skipped.</summary>
    public bool RefusedWhole => Masked || NumbersDamaged;

    private const string MaskedChinese = "此文件是脱敏导出（身份证号、联系电话、银行账号等已打码），不能导入；请使用完整数据的导出文件";
    private const string MaskedEnglish = "this file is a masked export (resident IDs, phones, bank accounts are masked) and cannot be imported; use an export with full data";

    public static ImportFile Read(string path, ExchangeFormat format, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var file = new ImportFile();
        long rows = 0;
        void Count() { if (++rows % 1000 == 0) progress?.Report(new(ImportStage.Reading, rows, 0)); }

        file.CheckNotes(path, format);
        if (file.Masked) return file; // one clear error rather than one per masked cell

        foreach (var h in file.ReadHouseholds(path, format, ct)) { file.Households.Add(h); Count(); }
        foreach (var m in file.ReadMembers(path, format, ct)) { file.Members.Add(m); Count(); }
        foreach (var i in file.ReadIncomes(path, format, ct)) { file.Incomes.Add(i); Count(); }
        progress?.Report(new(ImportStage.Reading, rows, rows));
        return file;
    }

    /// <summary>
    /// Streams the rows of the households table, each parsed and checked on its own; their errors go to
    /// <see cref="Errors"/> as they are read. Nothing is kept, so a bulk import can read a file of any size.
    /// </summary>
    public IEnumerable<Parsed<Household>> ReadHouseholds(string path, ExchangeFormat format, CancellationToken ct) =>
        ReadTable(path, format, RegistryTables.HouseholdsSheet, RegistryTables.HouseholdColumns, ["户编号", "村代码"],
            () => new Household { Number = "", VillageCode = "" }, h => h.Number, RegistryValidation.Household, ct);

    public IEnumerable<Parsed<MemberRow>> ReadMembers(string path, ExchangeFormat format, CancellationToken ct) =>
        ReadTable(path, format, RegistryTables.MembersSheet, RegistryTables.MemberColumns, ["户编号", "身份证号"],
            () => new MemberRow(), r => r.HouseholdNumber, r => RegistryValidation.Member(r.Member, Today), ct);

    public IEnumerable<Parsed<IncomeRow>> ReadIncomes(string path, ExchangeFormat format, CancellationToken ct) =>
        ReadTable(path, format, RegistryTables.IncomesSheet, RegistryTables.IncomeColumns, ["户编号", "年度"],
            () => new IncomeRow(), r => r.HouseholdNumber, r => RegistryValidation.Income(r.Income), ct);

    /// <summary>Checks the 说明 table only (a masked export is refused whole); for readers that stream the rows themselves.</summary>
    public static ImportFile ForStreaming(string path, ExchangeFormat format, bool checkRows = true)
    {
        var file = new ImportFile { CheckRows = checkRows };
        file.CheckNotes(path, format);
        return file;
    }

    /// <summary>A 说明 table whose 脱敏 row says 是 marks a masked export.</summary>
    private void CheckNotes(string path, ExchangeFormat format)
    {
        if (!TableReader.Exists(path, format, RegistryTables.NotesSheet)) return;
        foreach (var row in TableReader.Rows(path, format, RegistryTables.NotesSheet))
        {
            if (row.Cells.GetValueOrDefault(RegistryTables.NoteItemHeader)?.Trim() != RegistryTables.MaskedNote) continue;
            if (row.Cells.GetValueOrDefault(RegistryTables.NoteTextHeader)?.Trim() is "否" or "no" or "") continue;
            Masked = true;
            Errors.Add(new(ExchangeFiles.TableName(path, format, RegistryTables.NotesSheet), row.Number, RegistryTables.NoteTextHeader, MaskedChinese, MaskedEnglish));
            return;
        }
    }

    /// <summary>Fields whose masked form (with stars) can reach an import file only from a masked export.</summary>
    private static readonly HashSet<string> MaskableFields = [nameof(Household.Phone), nameof(Household.BankAccount), nameof(Member.ResidentId)];

    private IEnumerable<Parsed<TRow>> ReadTable<TRow>(string path, ExchangeFormat format, string sheet, IReadOnlyList<ExchangeColumn<TRow>> columns,
        string[] required, Func<TRow> create, Func<TRow, string> numberOf, Func<TRow, IEnumerable<FieldError>> validate,
        CancellationToken ct)
    {
        var table = ExchangeFiles.TableName(path, format, sheet);
        if (!TableReader.Exists(path, format, sheet))
        {
            // A file of members or incomes alone is fine; one without households is only fine as CSV sidecars.
            if (sheet == RegistryTables.HouseholdsSheet && format == ExchangeFormat.Xlsx)
                Errors.Add(new(table, 0, "", $"找不到工作表“{sheet}”", $"the workbook has no sheet named '{sheet}'"));
            yield break;
        }
        Dictionary<ExchangeColumn<TRow>, string>? headers = null;
        var damaged = new Dictionary<string, (int Row, string Example, int Count)>();
        foreach (var row in TableReader.Rows(path, format, sheet))
        {
            ct.ThrowIfCancellationRequested();
            headers ??= MatchHeaders(table, row, columns, required);
            if (headers is null) yield break;
            yield return ParseRow(table, row, columns, headers, create, numberOf, validate, damaged);
        }
        foreach (var (header, (first, example, count)) in damaged)
            Errors.Add(IdentifierCells.Error(table, header, first, example, count));
    }

    /// <summary>Which file header feeds which column; null (with an error) when a key column is missing.</summary>
    private Dictionary<ExchangeColumn<TRow>, string>? MatchHeaders<TRow>(string table, SheetRow row, IReadOnlyList<ExchangeColumn<TRow>> columns, string[] required)
    {
        var headers = new Dictionary<ExchangeColumn<TRow>, string>();
        foreach (var column in columns)
        {
            var header = row.Cells.Keys.FirstOrDefault(column.Matches);
            if (header is not null) headers[column] = header;
        }
        var missing = required.Where(r => !headers.Keys.Any(c => c.Header == r)).ToList();
        if (missing.Count == 0) return headers;
        foreach (var m in missing)
            Errors.Add(new(table, 1, m, $"缺少必需的列“{m}”", $"the required column '{m}' is missing"));
        return null;
    }

    private Parsed<TRow> ParseRow<TRow>(string table, SheetRow row, IReadOnlyList<ExchangeColumn<TRow>> columns, Dictionary<ExchangeColumn<TRow>, string> headers,
        Func<TRow> create, Func<TRow, string> numberOf, Func<TRow, IEnumerable<FieldError>> validate,
        Dictionary<string, (int Row, string Example, int Count)> damaged)
    {
        var value = create();
        var failed = new List<FieldError>();
        var quiet = new HashSet<string>(); // fields whose column is reported once for the whole table
        foreach (var (column, header) in headers)
        {
            var text = row.Cells.GetValueOrDefault(header) ?? "";
            if (IdentifierCells.Properties.Contains(column.Property) && IdentifierCells.Damaged(column.Property, text, row.IsNumberCell(header)))
            {
                NumbersDamaged = true;
                damaged[header] = damaged.TryGetValue(header, out var d) ? d with { Count = d.Count + 1 } : (row.Number, text.Trim(), 1);
                quiet.Add(column.Property);
                if (column.Property == nameof(Member.ResidentId)) quiet.UnionWith([nameof(Member.BirthDate), nameof(Member.Sex)]);
                column.Read(value, text);
                continue;
            }
            if (MaskableFields.Contains(column.Property) && text.Contains('*'))
            {
                // A masked value would fail the field rules too, but the reader should learn why.
                Masked = true;
                failed.Add(new(column.Property, $"{column.Header}“{text.Trim()}”已脱敏：{MaskedChinese}", $"{column.Property} '{text.Trim()}' is masked: {MaskedEnglish}"));
                continue;
            }
            var error = column.Read(value, text);
            if (error is not null) failed.Add(error);
        }
        var number = numberOf(value);
        if (number.Length == 0 && value is not Household)
            failed.Add(new(RegistryTables.HouseholdNumberHeader, "户编号不能为空", "Household number is required"));
        // A cell that could not be read keeps its default; the field rules would only repeat the complaint.
        if (CheckRows) failed.AddRange(validate(value).Where(e => failed.All(f => f.Field != e.Field)));
        // The field rules would fail on a damaged identifier in every row: the one column error says it all.
        if (quiet.Count > 0) failed.RemoveAll(e => quiet.Contains(e.Field));
        foreach (var e in failed)
            Errors.Add(new(table, row.Number, RegistryTables.HeaderOf(columns, e.Field), e.Chinese, e.English, number));
        return new(table, row.Number, number, value);
    }
}
