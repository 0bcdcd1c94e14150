using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Jingzhun.Web.Statistics;

/// <summary>
/// A horizontal bar chart drawn on the server as inline SVG: no script, nothing fetched, and it
/// prints like the rest of the page.
/// </summary>
public static class SvgBars
{
    private const int RowHeight = 22;
    private const int LabelWidth = 150;
    private const int BarWidth = 360;

    public static IHtmlContent Render(string title, IReadOnlyList<(string Label, double Value)> bars, string format = "N0")
    {
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), double.Epsilon);
        var height = bars.Count * RowHeight + 4;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {LabelWidth + BarWidth + 90} {height}\" width=\"{LabelWidth + BarWidth + 90}\" height=\"{height}\" aria-label=\"{Encode(title)}\"><title>{Encode(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = i * RowHeight + 2;
            var width = value <= 0 ? 0 : Math.Max(1, (int)Math.Round(BarWidth * value / max));
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Encode(label)}</text>" +
                $"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{width}\" height=\"{RowHeight - 6}\"></rect>" +
                $"<text x=\"{LabelWidth + width + 4}\" y=\"{y + 15}\">{Encode(value.ToString(format, CultureInfo.InvariantCulture))}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
