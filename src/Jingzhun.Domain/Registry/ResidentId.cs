using System.Globalization;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// An 18-character resident identity number (GB 11643-1999): 6-digit address code, 8-digit birth
/// date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
/// </summary>
public readonly record struct ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public string Value { get; }

    private ResidentId(string value) => Value = value;

    public string AddressCode => Value[..6];

    public DateOnly BirthDate => DateOnly.ParseExact(Value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    public Sex Sex => (Value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    public static ResidentId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Validates every part and says which one is wrong, in Chinese and English.</summary>
    public static bool TryParse(string? text, out ResidentId id, out string error, DateOnly? today = null)
    {
        id = default;
        var t = (text ?? "").Trim().ToUpperInvariant();
        if (t.Length != 18)
        {
            error = $"身份证号应为18位，实为{t.Length}位 / resident ID must have 18 characters, not {t.Length}";
            return false;
        }
        if (!t.AsSpan(0, 17).ContainsOnlyDigits() || !(char.IsAsciiDigit(t[17]) || t[17] == 'X'))
        {
            error = "身份证号前17位应为数字，末位为数字或X / the first 17 characters must be digits and the last a digit or X";
            return false;
        }
        var province = int.Parse(t.AsSpan(0, 2), CultureInfo.InvariantCulture);
        if (province < 11 || t.AsSpan(2, 4).SequenceEqual("0000"))
        {
            error = $"身份证号地址码{t[..6]}无效 / address code {t[..6]} is not valid";
            return false;
        }
        if (!DateOnly.TryParseExact(t.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > (today ?? DateOnly.FromDateTime(DateTime.Today)))
        {
            error = $"身份证号出生日期{t.Substring(6, 8)}无效 / birth date {t.Substring(6, 8)} is not a valid past date";
            return false;
        }
        var expected = CheckCharacter(t.AsSpan(0, 17));
        if (t[17] != expected)
        {
            error = $"身份证号校验位应为{expected}，实为{t[17]} / check character should be {expected}, not {t[17]}";
            return false;
        }
        id = new ResidentId(t);
        error = "";
        return true;
    }

    /// <summary>The MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>Builds a valid number from its parts (used by the demo generator and tests).</summary>
    public static ResidentId Create(string addressCode, DateOnly birthDate, int sequence)
    {
        var body = $"{addressCode}{birthDate:yyyyMMdd}{sequence:000}";
        return Parse(body + CheckCharacter(body));
    }

    /// <summary>Masked for public display, by the one masking rule (<see cref="Masking"/>).</summary>
    public string Masked => Masking.ResidentId(Value);

    public int AgeOn(DateOnly date)
    {
        var birth = BirthDate;
        var age = date.Year - birth.Year;
        return date < birth.AddYears(age) ? age - 1 : age;
    }

    public override string ToString() => Value;
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
