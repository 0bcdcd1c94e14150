using System.Text;
using System.Text.RegularExpressions;

namespace Jingzhun.Domain.Common;

/// <summary>
/// The household's 联系电话: empty, an 11-digit mainland mobile number (1, then 3–9, then 9 digits), or a
/// landline with its area code (0 and 2 or 3 digits, an optional '-', 7 or 8 digits not starting with 0 or 1,
/// and an optional extension after '-' or 转). People type numbers as they read them, so
/// <see cref="Normalize"/> accepts spaces, hyphens, full-width digits, a leading +86 and an area code in
/// brackets, and gives the stored form: a mobile as its 11 digits, a landline without spaces and with the
/// bracketed area code written as <c>0371-…</c>. Anything else is left as typed (trimmed) for the rule to refuse.
/// </summary>
public static partial class PhoneNumbers
{
    public const string RuleChinese = "联系电话应为11位手机号（如13800001234）或带区号的固定电话（如0371-12345678，分机号用“-”或“转”隔开），也可留空";
    public const string RuleEnglish = "Phone must be an 11-digit mobile number (e.g. 13800001234) or a landline with its area code (e.g. 0371-12345678, an extension after '-' or 转), or empty";

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?:(?:-|转)[0-9]{1,6})?$")]
    private static partial Regex Landline();

    [GeneratedRegex(@"^\((0[1-9][0-9]{1,2})\)-?(.*)$")]
    private static partial Regex BracketedAreaCode();

    /// <summary>True for the stored forms: empty, a mobile of 11 digits, a landline with its area code.</summary>
    public static bool IsValid(string? phone) =>
        string.IsNullOrEmpty(phone) || Mobile().IsMatch(phone) || Landline().IsMatch(phone);

    public static bool IsMobile(string? phone) => phone is not null && Mobile().IsMatch(phone);

    /// <summary>The stored form of a phone number as typed; idempotent; unrecognised text comes back trimmed.</summary>
    public static string Normalize(string? typed)
    {
        var trimmed = (typed ?? "").Trim();
        if (trimmed.Length == 0) return "";
        var text = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c)) continue;
            text.Append(c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '－' or '—' or '–' => '-',
                '（' => '(',
                '）' => ')',
                '＋' => '+',
                _ => c,
            });
        }
        var compact = text.ToString();
        var digits = compact.Replace("-", "", StringComparison.Ordinal);
        if (digits.StartsWith("+86", StringComparison.Ordinal) && Mobile().IsMatch(digits[3..])) return digits[3..];
        if (Mobile().IsMatch(digits)) return digits;
        if (BracketedAreaCode().Match(compact) is { Success: true } bracketed)
            compact = $"{bracketed.Groups[1].Value}-{bracketed.Groups[2].Value}";
        return Landline().IsMatch(compact) ? compact : trimmed;
    }
}
