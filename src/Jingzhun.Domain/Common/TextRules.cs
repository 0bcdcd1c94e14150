namespace Jingzhun.Domain.Common;

/// <summary>
/// What any stored text must be: no longer than its column, and no control characters (PostgreSQL refuses
/// NUL in text, and no field is meant to hold the others), except line breaks and tabs in free text. Broken
/// UTF-16 (a lone surrogate) cannot be written as UTF-8 and is refused too.
/// </summary>
public static class TextRules
{
    /// <summary>Why <paramref name="value"/> cannot be stored in a field of at most <paramref name="maxLength"/> characters; null when it can.</summary>
    public static FieldError? Check(string field, string value, int? maxLength, bool lines)
    {
        if (maxLength is { } max && value.Length > max)
            return new(field, $"最多{max}个字符（现有{value.Length}个）", $"At most {max} characters (not {value.Length})");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && !(lines && c is '\n' or '\r' or '\t'))
                return new(field, $"含不可见的控制字符（第{i + 1}个字符）", $"Contains a control character (character {i + 1})");
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c))
                return new(field, $"含无效字符（第{i + 1}个字符）", $"Contains an invalid character (character {i + 1})");
        }
        return null;
    }
}
