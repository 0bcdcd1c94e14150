using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange;

/// <summary>A member as one row of the 成员 table: the member and the number of its household.</summary>
public sealed class MemberRow
{
    public string HouseholdNumber { get; set; } = "";
    public Member Member { get; set; } = NewMember();

    public static Member NewMember() => new() { Name = "", ResidentId = "" };
}

/// <summary>One year's income as one row of the 收入 table.</summary>
public sealed class IncomeRow
{
    public string HouseholdNumber { get; set; } = "";
    public HouseholdIncome Income { get; set; } = new();
}

/// <summary>
/// The registry interchange format, defined once for writing and reading: three tables, 户
/// (households), 成员 (members, keyed by 户编号 + 身份证号) and 收入 (incomes, keyed by 户编号 + 年度).
/// In a workbook they are three sheets of those names; as CSV they are three UTF-8 files:
/// <c>x.csv</c> (households), <c>x.members.csv</c> and <c>x.incomes.csv</c>.
/// Enumerations are written as their Chinese labels and read from either label or the code
/// name; 其他致贫原因 is labels joined with "、"; yes/no as 是/否; money in yuan. An empty cell
/// means the field's default.
/// </summary>
public static class RegistryTables
{
    public const string HouseholdsSheet = "户";
    public const string MembersSheet = "成员";
    public const string IncomesSheet = "收入";
    public const string HouseholdNumberHeader = "户编号";

    /// <summary>
    /// Written only into masked exports: a table of notes (项目 / 内容) whose 脱敏 row says 是.
    /// A file with it is a view for reading, never an import file (<see cref="RegistryImporter"/> refuses it).
    /// </summary>
    public const string NotesSheet = "说明";
    public const string NoteItemHeader = "项目";
    public const string NoteTextHeader = "内容";
    public const string MaskedNote = "脱敏";

    /// <summary>The households' columns: the described fields that have a header (<see cref="HouseholdRecord"/>).</summary>
    public static IReadOnlyList<ExchangeColumn<Household>> HouseholdColumns { get; } =
        [.. new FieldColumns<Household, Household>(h => h).Of(HouseholdRecord.Fields)];

    // In an export the head's name follows the household number, and the township's and village's names the village code
    // (declared here, before the headers below are built from them).
    private static readonly int NumberColumn = IndexOf(HouseholdColumns, nameof(Household.Number));
    private static readonly int VillageCodeColumn = IndexOf(HouseholdColumns, nameof(Household.VillageCode));

    /// <summary>The position of the column that holds a property.</summary>
    internal static int IndexOf<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns, string property) =>
        columns.Select((c, i) => (c, i)).First(x => x.c.Property == property).i;

    /// <summary>
    /// Columns an export writes into the household table for the person reading it: the head's name (户主姓名) after the
    /// number, the township's and village's names (所在乡镇, 所在村) after the village code. They are copies of what the
    /// members table and the region tree hold, so nothing reads them back: the importer accepts a file with or without
    /// them and ignores their cells (<see cref="IsReadingHeader"/>).
    /// </summary>
    public static readonly (string Header, string Property)[] ReadingColumns =
        [("户主姓名", "HeadName"), ("所在乡镇", "TownshipName"), ("所在村", "VillageName")];

    /// <summary>The reading cells of one household row.</summary>
    public sealed record ReadingCells(string HeadName, string TownshipName, string VillageName);

    /// <summary>Whether a household table's header names a reading column, by its Chinese header or its English property name.</summary>
    public static bool IsReadingHeader(string name) =>
        ReadingColumns.Any(c => string.Equals(name.Trim(), c.Header, StringComparison.Ordinal)
                                || string.Equals(name.Trim(), c.Property, StringComparison.OrdinalIgnoreCase));

    /// <summary>The household table's headers in an export: the columns with the reading columns in their places.</summary>
    public static IReadOnlyList<string> HouseholdSheetHeaders { get; } =
        WithReadingCells([.. HouseholdColumns.Select(c => (object?)c.Header)],
            new(ReadingColumns[0].Header, ReadingColumns[1].Header, ReadingColumns[2].Header)).Select(h => (string)h!).ToList();

    /// <summary>A household row's cells (one per <see cref="HouseholdColumns"/>) with the reading cells put in their places.</summary>
    public static object?[] WithReadingCells(object?[] cells, ReadingCells reading)
    {
        var row = new object?[cells.Length + ReadingColumns.Length];
        var j = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            row[j++] = cells[i];
            if (i == NumberColumn) row[j++] = reading.HeadName;
            else if (i == VillageCodeColumn)
            {
                row[j++] = reading.TownshipName;
                row[j++] = reading.VillageName;
            }
        }
        return row;
    }

    /// <summary>The members' columns: the household's number, then the described fields that have a header (<see cref="MemberRecord"/>).</summary>
    public static IReadOnlyList<ExchangeColumn<MemberRow>> MemberColumns { get; } =
    [
        new ExchangeColumn<MemberRow, string>(HouseholdNumberHeader, nameof(MemberRow.HouseholdNumber), r => r.HouseholdNumber, (r, v) => r.HouseholdNumber = v, Codecs.Text),
        .. new FieldColumns<MemberRow, Member>(r => r.Member).Of(MemberRecord.Fields),
    ];

    public static IReadOnlyList<ExchangeColumn<IncomeRow>> IncomeColumns { get; } =
    [
        new ExchangeColumn<IncomeRow, string>(HouseholdNumberHeader, nameof(IncomeRow.HouseholdNumber), r => r.HouseholdNumber, (r, v) => r.HouseholdNumber = v, Codecs.Text),
        I("年度", nameof(HouseholdIncome.Year), i => i.Year, (i, v) => i.Year = v, Codecs.Integer),
        I("人口数", nameof(HouseholdIncome.MembersCounted), i => i.MembersCounted, (i, v) => i.MembersCounted = v, Codecs.Integer),
        I("工资性收入", nameof(HouseholdIncome.Wages), i => i.Wages, (i, v) => i.Wages = v, Codecs.Yuan),
        I("生产经营性收入", nameof(HouseholdIncome.ProductionIncome), i => i.ProductionIncome, (i, v) => i.ProductionIncome = v, Codecs.Yuan),
        I("财产性收入", nameof(HouseholdIncome.PropertyIncome), i => i.PropertyIncome, (i, v) => i.PropertyIncome = v, Codecs.Yuan),
        I("养老金", nameof(HouseholdIncome.Pension), i => i.Pension, (i, v) => i.Pension = v, Codecs.Yuan),
        I("低保金", nameof(HouseholdIncome.DibaoAllowance), i => i.DibaoAllowance, (i, v) => i.DibaoAllowance = v, Codecs.Yuan),
        I("特困供养金", nameof(HouseholdIncome.ExtremeHardshipAllowance), i => i.ExtremeHardshipAllowance, (i, v) => i.ExtremeHardshipAllowance = v, Codecs.Yuan),
        I("生态补偿金", nameof(HouseholdIncome.EcologicalCompensation), i => i.EcologicalCompensation, (i, v) => i.EcologicalCompensation = v, Codecs.Yuan),
        I("其他转移性收入", nameof(HouseholdIncome.OtherTransfers), i => i.OtherTransfers, (i, v) => i.OtherTransfers = v, Codecs.Yuan),
        I("生产经营性支出", nameof(HouseholdIncome.ProductionCosts), i => i.ProductionCosts, (i, v) => i.ProductionCosts = v, Codecs.Yuan),
    ];

    private static ExchangeColumn<IncomeRow> I<TValue>(string header, string property, Func<HouseholdIncome, TValue> get, Action<HouseholdIncome, TValue> set, Codec<TValue> codec) =>
        new ExchangeColumn<IncomeRow, TValue>(header, property, r => get(r.Income), (r, v) => set(r.Income, v), codec);

    /// <summary>The header of the column that holds a field, for pointing an error at a cell.</summary>
    public static string HeaderOf<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns, string field) =>
        field switch
        {
            nameof(Member.BirthDate) or nameof(Member.Sex) => "身份证号",
            _ => columns.FirstOrDefault(c => c.Property == field)?.Header ?? field,
        };
}
