using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Jingzhun.Web.Statistics;

/// <summary>One tile of a treemap: its label, the value its area stands for, a link, and a shade in [0, 1].</summary>
public sealed record TreemapItem(string Label, double Value, string? Link = null, double Shade = 0, string? Detail = null);

/// <summary>A placed tile: the rectangle of an item, in the chart's coordinates.</summary>
public readonly record struct TreemapTile(int Index, double X, double Y, double Width, double Height)
{
    public double Area => Width * Height;
}

/// <summary>
/// A treemap (a map-like tile view of the areas below): each child area is a rectangle whose area is
/// proportional to its value, and the rectangles tile the box exactly (squarified layout, Bruls et al. 2000).
/// Tiles are shaded by a second figure (e.g. incidence) and link to the area. Server-drawn SVG, no script.
/// </summary>
public static class SvgTreemap
{
    public const int Width = 640;
    public const int Height = 320;

    /// <summary>Lays out the positive values in the box; items with no value get no tile.</summary>
    public static IReadOnlyList<TreemapTile> Layout(IReadOnlyList<double> values, double width, double height)
    {
        var total = values.Where(v => v > 0).Sum();
        var tiles = new List<TreemapTile>();
        if (total <= 0 || width <= 0 || height <= 0) return tiles;
        var scale = width * height / total;
        // Largest first: the squarified layout keeps tiles nearest to squares that way.
        var order = values.Select((v, i) => (Area: v * scale, Index: i)).Where(p => p.Area > 0).OrderByDescending(p => p.Area).ThenBy(p => p.Index).ToList();
        double x = 0, y = 0, w = width, h = height;
        var row = new List<(double Area, int Index)>();
        var k = 0;
        while (k < order.Count)
        {
            var side = Math.Min(w, h);
            var candidate = order[k];
            if (row.Count == 0 || Worst(row, side) >= Worst([.. row, candidate], side))
            {
                row.Add(candidate);
                k++;
                if (k < order.Count) continue;
            }
            // Lay the row along the shorter side, then carry on in what is left.
            var rowArea = row.Sum(r => r.Area);
            var last = k == order.Count && row.Contains(order[^1]);
            if (w >= h)
            {
                var rowWidth = last ? w : rowArea / h;
                var cy = y;
                for (var i = 0; i < row.Count; i++)
                {
                    var th = i == row.Count - 1 ? y + h - cy : row[i].Area / rowWidth;
                    tiles.Add(new TreemapTile(row[i].Index, x, cy, rowWidth, th));
                    cy += th;
                }
                x += rowWidth;
                w -= rowWidth;
            }
            else
            {
                var rowHeight = last ? h : rowArea / w;
                var cx = x;
                for (var i = 0; i < row.Count; i++)
                {
                    var tw = i == row.Count - 1 ? x + w - cx : row[i].Area / rowHeight;
                    tiles.Add(new TreemapTile(row[i].Index, cx, y, tw, rowHeight));
                    cx += tw;
                }
                y += rowHeight;
                h -= rowHeight;
            }
            row.Clear();
        }
        return tiles;
    }

    /// <summary>The worst aspect ratio of a row of areas laid along a side.</summary>
    private static double Worst(List<(double Area, int Index)> row, double side)
    {
        var sum = row.Sum(r => r.Area);
        var max = row.Max(r => r.Area);
        var min = row.Min(r => r.Area);
        var s2 = side * side;
        return Math.Max(s2 * max / (sum * sum), sum * sum / (s2 * min));
    }

    public static IHtmlContent Render(string title, IReadOnlyList<TreemapItem> items, string format = "N0")
    {
        var tiles = Layout(items.Select(i => i.Value).ToList(), Width, Height);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart treemap\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" aria-label=\"{Encode(title)}\"><title>{Encode(title)}</title>");
        foreach (var tile in tiles)
        {
            var item = items[tile.Index];
            var shade = Math.Clamp(item.Shade, 0, 1);
            // From pale to deep red as the shade grows; no inline styles (the pages' CSP allows none), a class for light text.
            var fill = $"rgb({(int)(255 - 72 * shade)},{(int)(235 - 207 * shade)},{(int)(230 - 202 * shade)})";
            var text = shade > 0.55 ? " class=\"on-dark\"" : "";
            var tooltip = $"{item.Label}: {item.Value.ToString(format, CultureInfo.InvariantCulture)}{(item.Detail is null ? "" : " · " + item.Detail)}";
            if (item.Link is not null) svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{Encode(item.Link)}\">");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"tile\" x=\"{F(tile.X)}\" y=\"{F(tile.Y)}\" width=\"{F(tile.Width)}\" height=\"{F(tile.Height)}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"1.5\"><title>{Encode(tooltip)}</title></rect>");
            if (tile.Width > 46 && tile.Height > 30)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{F(tile.X + 5)}\" y=\"{F(tile.Y + 16)}\"{text}>{Encode(item.Label)}</text>" +
                    $"<text x=\"{F(tile.X + 5)}\" y=\"{F(tile.Y + 30)}\"{text}>{Encode(item.Value.ToString(format, CultureInfo.InvariantCulture))}</text>");
            if (item.Link is not null) svg.Append("</a>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
