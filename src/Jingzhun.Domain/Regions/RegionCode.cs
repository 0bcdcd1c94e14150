namespace Jingzhun.Domain.Regions;

/// <summary>
/// A 12-digit statistical region code: 2 digits province, 4 city, 6 county, 9 township, 12 village.
/// Shorter codes are padded with zeros. The level is the deepest non-zero segment.
/// </summary>
public readonly record struct RegionCode
{
    /// <summary>How many leading digits identify a unit at each level.</summary>
    private static readonly int[] PrefixLengths = [0, 2, 4, 6, 9, 12];

    public string Value { get; }

    private RegionCode(string value) => Value = value;

    public RegionLevel Level
    {
        get
        {
            for (var level = RegionLevel.Village; level > RegionLevel.Nation; level--)
            {
                var start = PrefixLengths[(int)level - 1];
                var length = PrefixLengths[(int)level] - start;
                if (Value.AsSpan(start, length).ContainsAnyExcept('0')) return level;
            }
            return RegionLevel.Nation;
        }
    }

    /// <summary>The digits that every code inside this unit starts with ("45" for a province, the whole code for a village).</summary>
    public string Prefix => Value[..PrefixLength(Level)];

    public RegionCode? Parent => Level switch
    {
        RegionLevel.Nation => null,
        RegionLevel.Province => Nation,
        _ => new RegionCode(Value[..PrefixLength(Level - 1)].PadRight(12, '0')),
    };

    public static RegionCode Nation { get; } = new(new string('0', 12));

    public static int PrefixLength(RegionLevel level) => PrefixLengths[(int)level];

    public bool Contains(RegionCode other) => other.Value.StartsWith(Prefix, StringComparison.Ordinal);

    public static RegionCode Parse(string text) =>
        TryParse(text, out var code, out var error) ? code : throw new FormatException(error);

    public static bool TryParse(string? text, out RegionCode code, out string error)
    {
        code = default;
        var t = text?.Trim() ?? "";
        if (t.Length == 0) { error = "区划代码为空 / region code is empty"; return false; }
        if (!t.All(char.IsAsciiDigit)) { error = $"区划代码只能含数字：{t} / region code must be digits only: {t}"; return false; }
        if (t.Length is not (2 or 4 or 6 or 9 or 12))
        {
            error = $"区划代码应为2、4、6、9或12位，实为{t.Length}位 / region code must have 2, 4, 6, 9 or 12 digits, not {t.Length}";
            return false;
        }
        var padded = t.PadRight(12, '0');
        // A zero segment above a non-zero one (e.g. city 00 with county 01) names no real unit.
        var candidate = new RegionCode(padded);
        var level = candidate.Level;
        for (var l = RegionLevel.Province; l <= level; l++)
        {
            var start = PrefixLengths[(int)l - 1];
            if (!padded.AsSpan(start, PrefixLengths[(int)l] - start).ContainsAnyExcept('0'))
            {
                error = $"区划代码{padded}的{l}段为零 / region code {padded} has an empty {l} segment";
                return false;
            }
        }
        code = candidate;
        error = "";
        return true;
    }

    public override string ToString() => Value;
}
