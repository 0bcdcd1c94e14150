using System.Text.RegularExpressions;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// Words a person should never read on a page: True/False, ISO timestamps and, on Chinese pages, internal names in
/// CamelCase (entity classes, enum values). Minimal version; the plain-language sweep owns the full list.
/// </summary>
public static partial class PlainWords
{
    /// <summary>The snippets of <paramref name="visibleText"/> that show an internal identifier, each with a little context.</summary>
    public static IReadOnlyList<string> Findings(string visibleText, bool chinesePage)
    {
        var patterns = chinesePage ? [Always(), CamelCase()] : new[] { Always() };
        return patterns.SelectMany(p => p.Matches(visibleText)).Select(m => Around(visibleText, m)).Distinct().ToList();
    }

    private static string Around(string text, Match m)
    {
        var start = Math.Max(0, m.Index - 20);
        var end = Math.Min(text.Length, m.Index + m.Length + 20);
        return text[start..end].ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"\bTrue\b|\bFalse\b|\d{4}-\d\d-\d\dT\d\d:")]
    private static partial Regex Always();

    // Two capitalised parts run together (WorkflowCase, VillageNotice); not all-capitals abbreviations such as API or PDF.
    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")]
    private static partial Regex CamelCase();
}
