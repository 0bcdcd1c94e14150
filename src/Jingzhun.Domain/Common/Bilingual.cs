namespace Jingzhun.Domain.Common;

/// <summary>
/// A text in both of the system's languages. Every message and name the system shows is written once in Chinese and
/// once in English; a page shows the reader's one (<c>L.T(text)</c>), files and the command line show both.
/// </summary>
public sealed record Bilingual(string Chinese, string English)
{
    public string In(bool english) => english ? English : Chinese;

    /// <summary>Both, Chinese first: what the command line, logs and exception messages write.</summary>
    public string Both => $"{Chinese} / {English}";

    /// <summary>
    /// A text stored in the <see cref="Both"/> form (a rule set's sources, which a person types) read back as its two
    /// halves; a text written in one language only is the same in both.
    /// </summary>
    public static Bilingual Parse(string? both)
    {
        var text = both ?? "";
        var at = text.IndexOf(" / ", StringComparison.Ordinal);
        return at < 0 ? new(text, text) : new(text[..at].Trim(), text[(at + 3)..].Trim());
    }

    /// <summary>Chinese, the registry's own language, wherever a text is written without asking for one.</summary>
    public override string ToString() => Chinese;
}
