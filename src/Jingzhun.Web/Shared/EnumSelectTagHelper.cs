using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Shared;

/// <summary>
/// <c>&lt;enum-select asp-for="Household.Status" empty="全部"/&gt;</c>: a select of every value of the
/// property's enumeration, labelled in the reader's language. Name and id follow the same rules as
/// <c>asp-for</c> on inputs, so model binding and <c>asp-validation-for</c> line up with it.
/// </summary>
[HtmlTargetElement("enum-select", TagStructure = TagStructure.WithoutEndTag)]
public sealed class EnumSelectTagHelper(Lang lang) : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public required ModelExpression For { get; set; }

    /// <summary>Text of an extra first option with an empty value (for "any" in search forms).</summary>
    [HtmlAttributeName("empty")]
    public string? Empty { get; set; }

    /// <summary>Values to leave out (e.g. <c>None</c> for a cause that must be chosen).</summary>
    [HtmlAttributeName("exclude")]
    public IEnumerable<Enum>? Exclude { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var type = For.Metadata.UnderlyingOrModelType;
        if (!type.IsEnum) throw new InvalidOperationException($"enum-select needs an enumeration, not {type.Name}");
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        output.TagName = "select";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("name", name);
        if (!output.Attributes.ContainsName("id")) output.Attributes.SetAttribute("id", TagBuilder.CreateSanitizedId(name, "_"));
        var selected = For.Model as Enum;
        var excluded = Exclude?.ToHashSet() ?? [];
        if (Empty is not null) output.Content.AppendHtml(Option("", Empty, selected is null));
        foreach (Enum value in Enum.GetValues(type))
        {
            if (excluded.Contains(value)) continue;
            output.Content.AppendHtml(Option(value.ToString(), lang.Label(value), Equals(value, selected)));
        }
    }

    /// <summary>One option of a select; the described fields' selects (<c>RecordInputs</c>) are built with it too.</summary>
    internal static TagBuilder Option(string value, string text, bool selected)
    {
        var option = new TagBuilder("option");
        option.Attributes["value"] = value;
        if (selected) option.Attributes["selected"] = "selected";
        option.InnerHtml.Append(text);
        return option;
    }
}
