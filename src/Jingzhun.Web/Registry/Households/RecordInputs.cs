using System.Text;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Shared;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// The input of one described field (<see cref="RecordField{TRecord}"/>) on a record's form, with its label and its
/// error: the kind decides the input, the description its label, limits and hints. Names and ids are those
/// <c>asp-for</c> would give under the partial's prefix (<c>Household.VillageCode</c>, <c>Household_VillageCode</c>),
/// so model binding, errors and the pages' scripts and tests line up with them.
/// </summary>
public sealed class RecordInputs(ViewContext view, bool english)
{
    /// <summary>Options of fields whose choices the page supplies (the reader's villages).</summary>
    public IEnumerable<SelectListItem> Villages { get; init; } = [];

    /// <summary>The text boxes and lists of the fields, in order, then their yes/no fields as one row of checkboxes.</summary>
    public IHtmlContent Fields<TRecord>(IEnumerable<RecordField<TRecord>> fields, TRecord record)
    {
        var html = new HtmlContentBuilder();
        var list = fields.ToList();
        foreach (var field in list.Where(f => f.Kind != FieldKind.YesNo)) html.AppendHtml(Field(field, record));
        var checks = list.Where(f => f.Kind == FieldKind.YesNo).ToList();
        if (checks.Count == 0) return html;
        html.AppendHtml(checks.Count == 1 ? "<div class=\"field\">" : "<div class=\"field checks\">");
        foreach (var field in checks) html.AppendHtml(Check(field, record));
        return html.AppendHtml("</div>");
    }

    private IHtmlContent Field<TRecord>(RecordField<TRecord> field, TRecord record)
    {
        var name = Name(field);
        var box = new HtmlContentBuilder();
        box.AppendHtml(field.Kind == FieldKind.Flags
            ? $"<div class=\"field wide\" id=\"{Kebab(field.Code)}\"><span class=\"label\">"
            : $"<div class=\"field{(field.MaxLength >= 200 ? " wide" : "")}\"><label for=\"{Id(name)}\">");
        box.Append(field.FormLabel(english));
        box.AppendHtml(field.Kind == FieldKind.Flags ? "</span>" : "</label>");
        box.AppendHtml(Input(field, record, name));
        box.AppendHtml(Error(name));
        return box.AppendHtml("</div>");
    }

    private IHtmlContent Input<TRecord>(RecordField<TRecord> field, TRecord record, string name) => field.Kind switch
    {
        FieldKind.Choice => Select(name, field.Choices.Select(c => (c.ToString(), c.Label(english))), field.FormText(record)),
        FieldKind.Flags => Flags(field, record),
        _ when field.TextChoices is { } texts => Select(name, texts.Select(t => (t, t)), field.FormText(record)),
        _ when field.Input == InputHint.Village => Select(name, [("", new Bilingual("— 请选择 —", "— choose —").In(english)), .. Villages.Select(v => (v.Value, v.Text))], field.FormText(record)),
        _ => TextBox(field, record, name),
    };

    private IHtmlContent TextBox<TRecord>(RecordField<TRecord> field, TRecord record, string name)
    {
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.Attributes["type"] = field.Input == InputHint.Phone ? "tel" : field.Kind == FieldKind.Integer ? "number" : "text";
        input.Attributes["id"] = Id(name);
        input.Attributes["name"] = name;
        input.Attributes["value"] = Attempted(name) ?? field.FormText(record);
        if (field.MaxLength is { } max) input.Attributes["maxlength"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (field.Kind == FieldKind.Integer && field.Min is { } min && field.Max is { } top)
        {
            input.Attributes["min"] = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
            input.Attributes["max"] = top.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (field.Kind == FieldKind.Number) input.Attributes["inputmode"] = "decimal";
        if (field.Input == InputHint.Digits) input.Attributes["inputmode"] = "numeric";
        if (field.Input == InputHint.Code)
        {
            input.AddCssClass("mono");
            input.Attributes["autocomplete"] = "off";
        }
        return input;
    }

    private IHtmlContent Select(string name, IEnumerable<(string Value, string Text)> options, string selected)
    {
        var select = new TagBuilder("select");
        select.Attributes["id"] = Id(name);
        select.Attributes["name"] = name;
        foreach (var (value, text) in options) select.InnerHtml.AppendHtml(EnumSelectTagHelper.Option(value, text, value == selected));
        return select;
    }

    /// <summary>
    /// A flags field as checkboxes named by its code alone (<c>OtherCauses</c>): the page binds them to a list
    /// and ORs them together, since a single value cannot carry several flags through model binding.
    /// </summary>
    private IHtmlContent Flags<TRecord>(RecordField<TRecord> field, TRecord record)
    {
        var set = field.Value(record) as Enum;
        var html = new StringBuilder("<span class=\"checks\">");
        foreach (var choice in field.Choices)
        {
            var check = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            check.Attributes["type"] = "checkbox";
            check.Attributes["name"] = field.Code;
            check.Attributes["value"] = choice.ToString();
            if (set?.HasFlag(choice) == true) check.Attributes["checked"] = "checked";
            html.Append("<label class=\"check\">").Append(Html(check)).Append(' ').Append(Encode(choice.Label(english))).Append("</label>");
        }
        return new HtmlString(html.Append("</span>").ToString());
    }

    /// <summary>A checkbox, then a hidden "false" after it (as <c>asp-for</c> does): an unchecked box posts false, a checked one true first.</summary>
    private IHtmlContent Check<TRecord>(RecordField<TRecord> field, TRecord record)
    {
        var name = Name(field);
        var check = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        check.Attributes["type"] = "checkbox";
        check.Attributes["id"] = Id(name);
        check.Attributes["name"] = name;
        check.Attributes["value"] = "true";
        if (field.Value(record) is true) check.Attributes["checked"] = "checked";
        var hidden = $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"false\" />";
        return new HtmlString($"<label class=\"check\">{Html(check)} {Encode(field.FormLabel(english))}</label>{hidden}");
    }

    private IHtmlContent Error(string name)
    {
        // As asp-validation-for writes it: class, then data-valmsg-for, then the first error.
        var failed = view.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0;
        var message = failed ? Encode(entry!.Errors[0].ErrorMessage) : "";
        return new HtmlString($"<span class=\"field-error {(failed ? "field-validation-error" : "field-validation-valid")}\" data-valmsg-for=\"{Encode(name)}\" data-valmsg-replace=\"true\">{message}</span>");
    }

    private string Name<TRecord>(RecordField<TRecord> field) => view.ViewData.TemplateInfo.GetFullHtmlFieldName(field.Code);

    private string? Attempted(string name) =>
        view.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? entry.AttemptedValue : null;

    private static string Id(string name) => TagBuilder.CreateSanitizedId(name, "_");

    private static string Kebab(string code) =>
        string.Concat(code.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
