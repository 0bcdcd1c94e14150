using System.ComponentModel.DataAnnotations;

namespace Jingzhun.Domain.Common;

/// <summary>
/// The longest text a field of a form or request may hold: the length of the column it is stored in.
/// <see cref="Lines"/> marks free text (reasons, comments, notes) where line breaks and tabs are allowed;
/// other control characters are refused everywhere (<see cref="TextRules"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class TextLimitAttribute : MaxLengthAttribute
{
    public TextLimitAttribute(int length) : base(length) =>
        // Pages show the attribute's own message (model binding): both languages, as the other binding messages.
        ErrorMessage = "最多{1}个字符 / At most {1} characters";

    /// <summary>Free text: line breaks and tabs are allowed.</summary>
    public bool Lines { get; init; }
}
