using System.Globalization;
using System.Text.RegularExpressions;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// Cells of the identifier columns (户编号, 村代码, 联系电话, 银行账号, 身份证号) that a spreadsheet turned into
/// numbers. Excel keeps 15 significant digits and no leading zero, shows long numbers as 1.10105E+17 (and a
/// CSV saved from it keeps that text), and a round trip through other tools adds ".0". Such a column is
/// reported once, with how to format it as text, and the file is refused as a whole: the lost digits
/// cannot be recovered and a row-by-row report would bury the one thing to fix.
/// </summary>
internal static partial class IdentifierCells
{
    /// <summary>The properties of the identifier columns, in all three tables.</summary>
    public static readonly HashSet<string> Properties =
    [
        nameof(Household.Number), nameof(MemberRow.HouseholdNumber), nameof(Household.VillageCode),
        nameof(Household.Phone), nameof(Household.BankAccount), nameof(Member.ResidentId),
    ];

    public const string HowToChinese = "请在Excel中选中该列→设置单元格格式→文本，然后重新输入或粘贴这些值";
    public const string HowToEnglish = "in Excel select the column → Format Cells → Text, then re-enter or paste the values";

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$")]
    private static partial Regex Scientific();

    [GeneratedRegex(@"^[0-9]+\.0+$")]
    private static partial Regex TrailingPointZero();

    /// <summary>True when the cell shows that a spreadsheet stored the identifier as a number.</summary>
    public static bool Damaged(string property, string text, bool numberCell)
    {
        var t = text.Trim();
        if (t.Length == 0) return false;
        if (Scientific().IsMatch(t) || TrailingPointZero().IsMatch(t)) return true;
        if (numberCell)
        {
            // A resident ID never survives as a number; nor does anything past 15 digits, a fraction, or a landline's leading 0.
            if (property == nameof(Member.ResidentId)) return true;
            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) >= 1e15) return true;
            return property == nameof(Household.Phone) && !t.StartsWith('1');
        }
        // Saved as CSV from a number cell formatted without decimals: 18 digits whose last three became 0, so the check digit fails.
        return property == nameof(Member.ResidentId) && t.Length == 18 && t.EndsWith("000", StringComparison.Ordinal)
            && t.All(char.IsAsciiDigit) && !ResidentId.TryParse(t, out _, out _);
    }

    /// <summary>The one error of a column: how many cells, the first of them, and how to fix it.</summary>
    public static ImportError Error(string table, string header, int firstRow, string example, int count) => new(table, firstRow, header,
        $"“{header}”列有{count}个单元格被表格软件当作数字保存（如第{firstRow}行的“{example}”），长数字因此失真（科学计数法、末尾“.0”、15位后变成0或丢掉开头的0）。该列必须设为文本格式：{HowToChinese}。整个文件未导入",
        $"{count} cell(s) of column '{header}' were stored as numbers by the spreadsheet (e.g. row {firstRow}: '{example}'), which corrupts long identifiers (scientific notation, a trailing '.0', digits after the 15th turned to 0, a leading 0 lost). The column must be formatted as text: {HowToEnglish}. Nothing in the file was imported");
}
