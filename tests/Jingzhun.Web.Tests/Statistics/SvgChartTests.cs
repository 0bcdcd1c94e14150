using System.Text.RegularExpressions;
using Jingzhun.Web.Statistics;
using Jingzhun.Web.Tests.Exit;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>The geometry of the server-drawn charts: treemap tiles proportional to their values and tiling the box; line points on their scale.</summary>
public sealed partial class SvgChartTests
{
    public static TheoryData<double[]> Values() => new()
    {
        new double[] { 6, 6, 4, 3, 2, 2, 1 },           // the example of Bruls, Huizing and van Wijk
        new double[] { 1 },
        new double[] { 5, 5 },
        new double[] { 1200, 3, 870, 0, 455, 455, 90, 1, 2400, 17 },
        Enumerable.Range(1, 80).Select(i => (double)(i * 37 % 101 + 1)).ToArray(), // eighty villages
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Treemap_tiles_have_areas_proportional_to_their_values_and_tile_the_box_exactly(double[] values)
    {
        const double width = 640, height = 320;
        var tiles = SvgTreemap.Layout(values, width, height);
        var total = values.Sum();

        Assert.Equal(values.Count(v => v > 0), tiles.Count);
        Assert.Equal(tiles.Count, tiles.Select(t => t.Index).Distinct().Count());
        foreach (var tile in tiles)
        {
            Assert.Equal(values[tile.Index] / total * width * height, tile.Area, 6);
            Assert.True(tile.X >= -1e-9 && tile.Y >= -1e-9 && tile.X + tile.Width <= width + 1e-6 && tile.Y + tile.Height <= height + 1e-6, $"tile {tile} leaves the box");
            Assert.True(tile.Width > 0 && tile.Height > 0);
        }
        Assert.Equal(width * height, tiles.Sum(t => t.Area), 6);
        // No two tiles overlap: with the areas adding up to the box, the tiles cover it exactly.
        for (var i = 0; i < tiles.Count; i++)
            for (var j = i + 1; j < tiles.Count; j++)
            {
                var (a, b) = (tiles[i], tiles[j]);
                var overlapX = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
                var overlapY = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
                Assert.False(overlapX > 1e-6 && overlapY > 1e-6, $"tiles {a} and {b} overlap");
            }
    }

    [Fact]
    public void Treemap_of_nothing_has_no_tiles()
    {
        Assert.Empty(SvgTreemap.Layout([0, 0], 640, 320));
        Assert.Empty(SvgTreemap.Layout([], 640, 320));
    }

    [Fact]
    public void Squarified_tiles_stay_near_squares()
    {
        var tiles = SvgTreemap.Layout([6, 6, 4, 3, 2, 2, 1], 6, 4);

        Assert.All(tiles, t => Assert.True(Math.Max(t.Width / t.Height, t.Height / t.Width) <= 3, $"{t} is a sliver"));
    }

    [Fact]
    public void Treemap_svg_links_each_tile_to_its_area_and_labels_it()
    {
        var svg = SvgTreemap.Render("下级地区", [new("青山镇", 300, "/stats/990121001000", 0.5), new("河口镇", 100, "/stats/990121002000", 0.1)]).ToString()!;

        Assert.Equal(2, RectPattern().Matches(svg).Count);
        Assert.Contains("href=\"/stats/990121001000\"", svg);
        Assert.Contains("青山镇", svg);
    }

    [Fact]
    public void Line_points_sit_on_the_axis_scale_and_gaps_are_skipped()
    {
        var svg = SvgLines.Render("趋势", ["2018", "2019", "2020", "live"],
            [new LineSeries("贫困人口", [1000, 500, null, 0]), new LineSeries("脱贫", [200, 400, 500, 0])]).ToString()!;
        var max = SvgLines.NiceMax(1000);

        Assert.Equal(1000, max);
        var lines = PolylinePattern().Matches(svg).Select(m => m.Groups[1].Value.Split(' ')).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(3, lines[0].Length); // the missing 2020 value is a gap, not a zero
        var first = lines[0][0].Split(',').Select(double.Parse).ToArray();
        Assert.Equal(SvgLines.X(0, 4), first[0], 2);
        Assert.Equal(SvgLines.Y(1000, max), first[1], 2);
        Assert.Equal(SvgLines.Top, SvgLines.Y(1000, max), 6);
        Assert.Equal(SvgLines.Height - SvgLines.Bottom, SvgLines.Y(0, max), 6);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 10)]
    [InlineData(11, 20)]
    [InlineData(1800, 2000)]
    [InlineData(2100, 2500)]
    [InlineData(3.2, 5)]
    public void Axis_maximum_is_round_and_not_below_the_data(double value, double expected) => Assert.Equal(expected, SvgLines.NiceMax(value), 6);

    [GeneratedRegex("<rect class=\"tile\"")]
    private static partial Regex RectPattern();

    [GeneratedRegex("<polyline class=\"series\"[^>]* points=\"([^\"]*)\"")]
    private static partial Regex PolylinePattern();
}
