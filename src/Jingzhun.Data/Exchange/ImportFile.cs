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
    /// The reference date of the age rules (the import's day): the importer's clock gives it; the machine's date only
    /// for a streaming reader that does not (the bulk import, whose files are another change's).
    /// </summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.Today);

    /// <summary>
    /// True when an identifier column holds cells a spreadsheet turned into numbers (<see cref="IdentifierCells"/>):
    /// reported once per column, and the file is refused as a whole.
    /// </summary>
    public bool NumbersDamaged { get; private set; }

    /// <summary>
    /// True when a table's header is damaged (a column missing, unknown or twice): none of that table's rows can be read
    /// safely, so the file is refused as a whole, and the checks across rows, which would see the table as empty, are not run.
    /// </summary>
    public bool HeaderDamaged { get; private set; }

    /// <summary>A file that is refused as a whole, even when invalid rows are to be skipped.</summary>
    public bool RefusedWhole => Masked || NumbersDamaged || HeaderDamaged;

    /// <summary>Damage that makes the checks across rows meaningless: they would only add noise to the one thing to fix.</summary>
    public bool SkipsCrossChecks => NumbersDamaged || HeaderDamaged;

    private const string MaskedChinese = "此文件是脱敏导出（身份证号、联系电话、银行账号等已打码），不能导入；请使用完整数据的导出文件";
    private const string MaskedEnglish = "this file is a masked export (resident IDs, phones, bank accounts are masked) and cannot be imported; use an export with full data";

    /// <summary>
    /// The database model whose column lengths the text cells are checked against (<see cref="StoredText"/>); null only for
    /// a pass that does not check rows.
    /// </summary>
    public Microsoft.EntityFrameworkCore.Metadata.IModel? Model { get; init; }

    public static ImportFile Read(string path, ExchangeFormat format, Microsoft.EntityFrameworkCore.Metadata.IModel model, DateOnly today,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var file = new ImportFile { Model = model, Today = today };
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
        ReadTable(path, format, RegistryTables.HouseholdsSheet, RegistryTables.HouseholdColumns, typeof(Household),
            () => new Household { Number = "", VillageCode = "" }, h => h.Number, RegistryValidation.Household, ct);

    public IEnumerable<Parsed<MemberRow>> ReadMembers(string path, ExchangeFormat format, CancellationToken ct) =>
        ReadTable(path, format, RegistryTables.MembersSheet, RegistryTables.MemberColumns, typeof(Member),
            () => new MemberRow(), r => r.HouseholdNumber, r => RegistryValidation.Member(r.Member, Today), ct);

    public IEnumerable<Parsed<IncomeRow>> ReadIncomes(string path, ExchangeFormat format, CancellationToken ct) =>
        ReadTable(path, format, RegistryTables.IncomesSheet, RegistryTables.IncomeColumns, typeof(HouseholdIncome),
            () => new IncomeRow(), r => r.HouseholdNumber, r => RegistryValidation.Income(r.Income), ct);

    /// <summary>Checks the 说明 table only (a masked export is refused whole); for readers that stream the rows themselves.</summary>
    public static ImportFile ForStreaming(string path, ExchangeFormat format, Microsoft.EntityFrameworkCore.Metadata.IModel? model)
    {
        var file = new ImportFile { Model = model };
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
        Type stored, Func<TRow> create, Func<TRow, string> numberOf, Func<TRow, IEnumerable<FieldError>> validate, CancellationToken ct)
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
        var rows = new RowReader<TRow>(this, table, columns, stored, create, numberOf, validate, damaged);
        foreach (var row in TableReader.Rows(path, format, sheet))
        {
            ct.ThrowIfCancellationRequested();
            headers ??= MatchHeaders(table, row.Header, columns);
            if (headers is null) yield break;
            yield return rows.Parse(row, headers);
        }
        foreach (var (header, (first, example, count)) in damaged)
            Errors.Add(IdentifierCells.Error(table, header, first, example, count));
    }

    /// <summary>
    /// Which file header feeds which column; null (with an error at each bad header cell) when the header is damaged.
    /// Every column is required: the writers store every column of a row, so a missing column would be stored as zeros and
    /// blanks over the stored values. A header the table does not know is refused too (a garbled or renamed column would
    /// otherwise be missing without a word), and so is a column given twice (which of the two would count?).
    /// </summary>
    private Dictionary<ExchangeColumn<TRow>, string>? MatchHeaders<TRow>(string table, IReadOnlyList<string> header, IReadOnlyList<ExchangeColumn<TRow>> columns)
    {
        var headers = new Dictionary<ExchangeColumn<TRow>, string>();
        var at = new Dictionary<ExchangeColumn<TRow>, int>();
        var before = Errors.Count;
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (name.Trim().Length == 0) continue; // an unnamed column is damage only where a row has a cell under it
            // The head's, township's and village's names an export adds to the household table are for reading: ignored.
            if (ReferenceEquals(columns, RegistryTables.HouseholdColumns) && RegistryTables.IsReadingHeader(name)) continue;
            var place = $"第{i + 1}列（{TableReader.ColumnLetter(i + 1)}列）";
            var placeEnglish = $"column {i + 1} ({TableReader.ColumnLetter(i + 1)})";
            var column = columns.FirstOrDefault(c => c.Matches(name));
            if (column is null)
                Errors.Add(new(table, 1, name.Trim(), $"{place}的列名“{name.Trim()}”不是此表的列（可用列名：{string.Join("、", columns.Select(c => c.Header))}）；列名被改动或损坏，请使用导出文件的列名",
                    $"{placeEnglish}: '{name.Trim()}' is not a column of this table (the columns are {string.Join(", ", columns.Select(c => c.Property))}); the header was changed or damaged, use the headers of an export"));
            else if (at.TryGetValue(column, out var first))
                Errors.Add(new(table, 1, name.Trim(), $"{place}的列“{column.Header}”重复（第{first + 1}列已有）", $"{placeEnglish}: the column {column.Property} ({column.Header}) appears twice (first in column {first + 1})"));
            else
            {
                headers[column] = name;
                at[column] = i;
            }
        }
        foreach (var column in columns.Where(c => !headers.ContainsKey(c)))
            Errors.Add(new(table, 1, column.Header, $"缺少列“{column.Header}”：缺少的列不会当作0或空白导入，请补上此列（可从导出文件复制）",
                $"the column {column.Property} ({column.Header}) is missing: a missing column is not imported as zeros or blanks; add it (an export has it)"));
        if (Errors.Count == before) return headers;
        HeaderDamaged = true;
        return null;
    }

    /// <summary>Parses the rows of one table and checks each on its own: its shape, each cell, the field rules, and what the database takes.</summary>
    private sealed class RowReader<TRow>(ImportFile file, string table, IReadOnlyList<ExchangeColumn<TRow>> columns, Type stored,
        Func<TRow> create, Func<TRow, string> numberOf, Func<TRow, IEnumerable<FieldError>> validate,
        Dictionary<string, (int Row, string Example, int Count)> damaged)
    {
        private readonly StoredText? _stored = file.Model is null ? null : StoredText.For(file.Model);

        public Parsed<TRow> Parse(SheetRow row, Dictionary<ExchangeColumn<TRow>, string> headers)
        {
            var value = create();
            var failed = new List<FieldError>();
            var quiet = new HashSet<string>(); // fields whose column is reported once for the whole table
            foreach (var (column, header) in headers)
                ReadCell(row, column, header, value, failed, quiet);
            var number = numberOf(value);
            var shape = ShapeErrors(row, number).ToList();
            if (shape.Count > 0)
            {
                // The cells of a cut or shifted row sit under the wrong headers: their own complaints would mislead.
                file.Errors.AddRange(shape);
                return new(table, row.Number, number, value);
            }
            if (number.Length == 0 && value is not Household)
                failed.Add(new(RegistryTables.HouseholdNumberHeader, "户编号不能为空", "Household number is required"));
            // A cell that could not be read keeps its default; the field rules would only repeat the complaint.
            failed.AddRange(validate(value).Where(e => failed.All(f => f.Field != e.Field)));
            if (_stored is not null)
                foreach (var (column, header) in headers)
                    if (failed.All(f => f.Field != column.Property) && _stored.Check(stored, column.Header, column.Property, row.Cells.GetValueOrDefault(header) ?? "") is { } e)
                        failed.Add(e);
            // The field rules would fail on a damaged identifier in every row: the one column error says it all.
            if (quiet.Count > 0) failed.RemoveAll(e => quiet.Contains(e.Field));
            foreach (var e in failed)
                file.Errors.Add(new(table, row.Number, RegistryTables.HeaderOf(columns, e.Field), e.Text, number));
            return new(table, row.Number, number, value);
        }

        private void ReadCell(SheetRow row, ExchangeColumn<TRow> column, string header, TRow value, List<FieldError> failed, HashSet<string> quiet)
        {
            var text = row.Cells.GetValueOrDefault(header) ?? "";
            if (IdentifierCells.Properties.Contains(column.Property) && IdentifierCells.Damaged(column.Property, text, row.IsNumberCell(header)))
            {
                file.NumbersDamaged = true;
                damaged[header] = damaged.TryGetValue(header, out var d) ? d with { Count = d.Count + 1 } : (row.Number, text.Trim(), 1);
                quiet.Add(column.Property);
                if (column.Property == nameof(Member.ResidentId)) quiet.UnionWith([nameof(Member.BirthDate), nameof(Member.Sex)]);
                column.Read(value, text);
                return;
            }
            if (MaskableFields.Contains(column.Property) && text.Contains('*'))
            {
                // A masked value would fail the field rules too, but the reader should learn why.
                file.Masked = true;
                failed.Add(new(column.Property, $"{column.Header}“{text.Trim()}”已脱敏：{MaskedChinese}", $"{column.Property} '{text.Trim()}' is masked: {MaskedEnglish}"));
                return;
            }
            if (!column.EmptyAllowed && text.Trim().Length == 0)
            {
                // An export fills every such cell ("0", "否", "无"): an empty one is damage, and storing it as the default would change data.
                failed.Add(new(column.Property, $"{column.Header}不能为空：空单元格不会当作0、“否”或“无”导入，请填写", $"{column.Property} ({column.Header}) must not be empty: an empty cell is not imported as 0, no or none; fill it in"));
                return;
            }
            var error = column.Read(value, text);
            if (error is not null) failed.Add(error);
        }

        /// <summary>A CSV line with fewer cells than the header (cut short, or a lost separator) or any row with cells under no header.</summary>
        private IEnumerable<ImportError> ShapeErrors(SheetRow row, string number)
        {
            if (row.Width is { } width && width < row.Header.Count)
                yield return new(table, row.Number, row.Header[width].Trim(),
                    $"此行只有{width}个单元格，而表头有{row.Header.Count}列：行被截断或少了分隔符，从“{row.Header[width].Trim()}”起的列没有值",
                    $"this row has {width} cells but the header has {row.Header.Count} columns: the row is cut short or lost a separator, the columns from {row.Header[width].Trim()} on have no value", number);
            foreach (var (column, text) in row.Extra)
            {
                var letter = TableReader.ColumnLetter(column);
                yield return new(table, row.Number, letter,
                    $"第{column}列（{letter}列）没有列名，却有内容“{Shorten(text)}”：此行的单元格比表头多（多了分隔符或错位）",
                    $"column {column} ({letter}) has no header but holds '{Shorten(text)}': the row has more cells than the header (an extra separator, or shifted cells)", number);
            }
        }

        private static string Shorten(string text)
        {
            var t = new string(text.Trim().Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return t.Length <= 20 ? t : t[..20] + "…";
        }
    }
}
