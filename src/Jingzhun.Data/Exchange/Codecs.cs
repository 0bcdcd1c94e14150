using System.Globalization;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange;

public delegate bool CellParser<TValue>(string text, out TValue value);

/// <summary>
/// How one kind of value is written to a cell and read back from its text, with what the cell
/// should have held when it cannot be read (in Chinese and English).
/// </summary>
/// <remarks><paramref name="EmptyAllowed"/>: an empty cell is a value of this kind (no text, no causes), not a missing one.</remarks>
public sealed record Codec<TValue>(Func<TValue, object?> Write, CellParser<TValue> Parse, Bilingual Expected, bool EmptyAllowed = false);

/// <summary>The cell formats of the interchange files.</summary>
public static class Codecs
{
    public static readonly Codec<string> Text = new(v => v, (string t, out string v) => { v = t; return true; }, new("", ""), EmptyAllowed: true);

    public static readonly Codec<int> Integer = new(v => v, TryParseInteger, new("应为整数", "must be a whole number"));

    public static readonly Codec<double> Number = new(v => v,
        (string t, out double v) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v),
        new("应为数字", "must be a number"));

    /// <summary>Yuan with at most two decimals; written as a number so that spreadsheets can sum it.</summary>
    public static readonly Codec<Money> Yuan = new(v => v.Yuan, Money.TryParse, new("应为金额（元，最多两位小数）", "must be an amount in yuan with at most two decimals"));

    private static readonly string[] TrueWords = ["是", "true", "1", "yes", "y"];
    private static readonly string[] FalseWords = ["否", "false", "0", "no", "n"];

    public static readonly Codec<bool> YesNo = new(v => v ? "是" : "否",
        (string t, out bool v) =>
        {
            v = TrueWords.Contains(t, StringComparer.OrdinalIgnoreCase);
            return v || FalseWords.Contains(t, StringComparer.OrdinalIgnoreCase);
        },
        new("应为“是”或“否”", "must be 是/否 (yes/no, true/false, 1/0)"));

    // Spreadsheets hand back whole numbers typed into number cells as doubles (2024 may come as "2024.0").
    private static bool TryParseInteger(string text, out int value)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) > int.MaxValue)
            return false;
        value = (int)d;
        return true;
    }

    /// <summary>The text a value is written as in CSV files (and shown in error messages).</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
