using System.Net;
using System.Text.RegularExpressions;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// What a person should never read on a page (issue 18, plain language): the program's words instead of the domain's.
/// <see cref="Findings"/> returns each offending snippet of a page's visible text, so a failing test names what to fix.
/// </summary>
public static partial class PlainWords
{
    /// <summary>
    /// Latin words a Chinese page may show: names of formats, standards and products, measures named after people, the
    /// language switch, and the measures' short names. Anything else in capitals on a Chinese page is an enum or class name.
    /// </summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "API", "PDF", "Excel", "xlsx", "SHA", "Jingzhun", "ID", "P0", "P1", "P2", "M0", "H", "A", "CSV", "JSON", "OpenAPI",
        "English", "HMAC", "SQLite", "PostgreSQL", "Scalar", "FGT", "Alkire", "Foster", "GB", "MB", "KB", "JPEG", "PNG", "HEIC", "WebP",
    };

    /// <summary>The offending snippets of a page's visible text (tags, scripts and styles already removed).</summary>
    public static IReadOnlyList<string> Findings(string visibleText, bool chinesePage)
    {
        var found = new List<string>();
        void Add(Match m) => found.Add(Snippet(visibleText, m));
        foreach (Match m in Boolean().Matches(visibleText)) Add(m);
        foreach (Match m in IsoTimestamp().Matches(visibleText)) Add(m);
        foreach (Match m in Utc().Matches(visibleText)) Add(m);
        foreach (Match m in DeveloperNote().Matches(visibleText)) Add(m);
        if (chinesePage)
            foreach (Match m in CapitalisedWord().Matches(visibleText))
                if (!Allowed.Contains(m.Value)) Add(m);
        return found;
    }

    /// <summary>A page's visible text: without scripts, styles, comments, tags and hidden inputs, entities decoded.</summary>
    public static string VisibleText(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = Tag().Replace(text, " ");
        return Space().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    private static string Snippet(string text, Match m)
    {
        var from = Math.Max(0, m.Index - 20);
        var to = Math.Min(text.Length, m.Index + m.Length + 20);
        return $"「{m.Value}」 in …{text[from..to]}…";
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(True|False|true|false)(?![\p{L}\p{N}_])")]
    private static partial Regex Boolean();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d")]
    private static partial Regex IsoTimestamp();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])UTC(?![\p{L}\p{N}_])")]
    private static partial Regex Utc();

    [GeneratedRegex(@"verify before use|(?:the|in|from) seeds\b|seeds give|种子文件|TODO|FIXME", RegexOptions.IgnoreCase)]
    private static partial Regex DeveloperNote();

    /// <summary>A Latin word with a capital (an enum or class name: "Poor", "VillageNotice", "WorkflowCase"); lower-case words are user names and files.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_.@/-])[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?![\p{L}\p{N}_@])")]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<input\b[^>]*type=""hidden""[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
