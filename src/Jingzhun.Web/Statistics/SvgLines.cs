using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Jingzhun.Web.Statistics;

/// <summary>One line of a line chart: its name in the legend and a value (or a gap) at each x label.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>
/// A line chart of year-on-year figures drawn on the server as inline SVG: one polyline per series over
/// shared x labels, a zero-based y axis with round ticks, a legend, and each point's value as its tooltip.
/// No script and nothing fetched; it prints like the rest of the page.
/// </summary>
public static class SvgLines
{
    public const int Width = 640;
    public const int Height = 260;
    public const int Left = 56;
    public const int Right = 16;
    public const int Top = 28;
    public const int Bottom = 40;
    private static readonly string[] Colours = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2"];

    /// <summary>The x coordinate of the i-th of n labels (spread evenly across the plot; one label sits in the middle).</summary>
    public static double X(int i, int n) => n <= 1 ? Left + (Width - Left - Right) / 2.0 : Left + (Width - Left - Right) * i / (double)(n - 1);

    /// <summary>The y coordinate of a value on an axis from 0 to <paramref name="max"/>.</summary>
    public static double Y(double value, double max) => Top + (Height - Top - Bottom) * (1 - value / max);

    /// <summary>A round axis maximum at or above the largest value: 1, 2, 2.5 or 5 times a power of ten.</summary>
    public static double NiceMax(double value)
    {
        if (value <= 0 || double.IsNaN(value)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * power >= value) return step * power;
        return 10 * power;
    }

    public static IHtmlContent Render(string title, IReadOnlyList<string> labels, IReadOnlyList<LineSeries> series, string format = "N0")
    {
        var max = NiceMax(series.SelectMany(s => s.Values).Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart lines\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" aria-label=\"{Encode(title)}\"><title>{Encode(title)}</title>");
        // Axis: five gridlines from 0 to the round maximum.
        for (var t = 0; t <= 4; t++)
        {
            var value = max * t / 4;
            var y = Y(value, max);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"grid\" x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\"></line>" +
                $"<text x=\"{Left - 4}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Encode(value.ToString(format, CultureInfo.InvariantCulture))}</text>");
        }
        for (var i = 0; i < labels.Count; i++)
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{F(X(i, labels.Count))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Encode(labels[i])}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var dash = Dashes[s % Dashes.Length];
            var points = series[s].Values.Select((v, i) => (v, i)).Where(p => p.v.HasValue && p.i < labels.Count)
                .Select(p => (X: X(p.i, labels.Count), Y: Y(p.v!.Value, max), Value: p.v!.Value)).ToList();
            svg.Append(CultureInfo.InvariantCulture,
                $"<polyline class=\"series\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")} points=\"{string.Join(' ', points.Select(p => $"{F(p.X)},{F(p.Y)}"))}\"></polyline>");
            foreach (var p in points)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle cx=\"{F(p.X)}\" cy=\"{F(p.Y)}\" r=\"3\" fill=\"{colour}\"><title>{Encode(series[s].Name)}: {Encode(p.Value.ToString(format, CultureInfo.InvariantCulture))}</title></circle>");
            // Legend along the top.
            var lx = Left + s * 150;
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{lx}\" y1=\"12\" x2=\"{lx + 22}\" y2=\"12\" stroke=\"{colour}\" stroke-width=\"2\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")}></line>" +
                $"<text x=\"{lx + 26}\" y=\"16\">{Encode(series[s].Name)}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
