using System.Net;
using System.Text.RegularExpressions;

namespace Jingzhun.Web.Tests;

/// <summary>
/// Reads a server-rendered form the way a browser would submit it: inputs with their values (checkboxes
/// only when checked), the selected option of each select. Good enough for the pages' own markup.
/// </summary>
public sealed partial class HtmlForm
{
    private readonly List<KeyValuePair<string, string>> fields;

    private HtmlForm(List<KeyValuePair<string, string>> fields) => this.fields = fields;

    public static string AntiforgeryToken(string html) =>
        Attributes(TokenInput().Match(html).Value).GetValueOrDefault("value")
        ?? throw new InvalidOperationException("No __RequestVerificationToken in the page");

    /// <summary>The form with the given id (or the first form with method post when null).</summary>
    public static HtmlForm Parse(string html, string? id = null)
    {
        var form = FormElement().Matches(html)
            .FirstOrDefault(m => id is null ? Attributes(m.Groups[1].Value).GetValueOrDefault("method") == "post"
                                            : Attributes(m.Groups[1].Value).GetValueOrDefault("id") == id)
            ?? throw new InvalidOperationException($"No form {id} in the page");
        var body = form.Groups[2].Value;
        var fields = new List<(int At, string Name, string Value)>();
        foreach (Match input in InputElement().Matches(body))
        {
            var a = Attributes(input.Value);
            if (!a.TryGetValue("name", out var name)) continue;
            var type = a.GetValueOrDefault("type", "text");
            if (type is "checkbox" or "radio" && !a.ContainsKey("checked")) continue;
            if (type is "submit" or "button") continue;
            fields.Add((input.Index, name, a.GetValueOrDefault("value", type == "checkbox" ? "on" : "")));
        }
        foreach (Match select in SelectElement().Matches(body))
        {
            var name = Attributes(select.Groups[1].Value).GetValueOrDefault("name");
            if (name is null) continue;
            var options = OptionElement().Matches(select.Groups[2].Value).Select(o => Attributes(o.Groups[1].Value)).ToList();
            var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
            if (chosen is not null) fields.Add((select.Index, name, chosen.GetValueOrDefault("value", "")));
        }
        return new HtmlForm(fields.OrderBy(f => f.At).Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList());
    }

    public string? this[string name]
    {
        get => fields.FirstOrDefault(f => f.Key == name).Value;
        set
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null) fields.Add(KeyValuePair.Create(name, value));
        }
    }

    /// <summary>Sets every value of a multi-valued field (e.g. checkboxes).</summary>
    public HtmlForm SetAll(string name, params string[] values)
    {
        fields.RemoveAll(f => f.Key == name);
        fields.AddRange(values.Select(v => KeyValuePair.Create(name, v)));
        return this;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

    public FormUrlEncodedContent ToContent() => new(fields);

    private static Dictionary<string, string> Attributes(string tag) =>
        AttributePattern().Matches(tag)
            .GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[3].Success ? g.First().Groups[3].Value : g.First().Groups[1].Value));

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("<form([^>]*)>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputElement();

    [GeneratedRegex("<select([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectElement();

    [GeneratedRegex("<option([^>]*)>", RegexOptions.Singleline)]
    private static partial Regex OptionElement();

    [GeneratedRegex("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=\"([^\"]*)\")?")]
    private static partial Regex AttributePattern();
}
