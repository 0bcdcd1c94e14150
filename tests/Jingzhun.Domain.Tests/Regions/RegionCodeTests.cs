using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Tests.Regions;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("450000000000", RegionLevel.Province, "45")]
    [InlineData("45", RegionLevel.Province, "45")]
    [InlineData("450100000000", RegionLevel.City, "4501")]
    [InlineData("450102000000", RegionLevel.County, "450102")]
    [InlineData("450102001000", RegionLevel.Township, "450102001")]
    [InlineData("450102001203", RegionLevel.Village, "450102001203")]
    [InlineData("990121", RegionLevel.County, "990121")]
    public void Level_and_prefix_follow_from_the_digits(string text, RegionLevel level, string prefix)
    {
        var code = RegionCode.Parse(text);
        Assert.Equal(level, code.Level);
        Assert.Equal(prefix, code.Prefix);
        Assert.Equal(12, code.Value.Length);
    }

    [Fact]
    public void Parents_climb_one_level_at_a_time_to_the_nation()
    {
        var chain = new List<string>();
        for (RegionCode? c = RegionCode.Parse("450102001203"); c is { } code; c = code.Parent) chain.Add(code.Value);
        Assert.Equal(["450102001203", "450102001000", "450102000000", "450100000000", "450000000000", "000000000000"], chain);
        Assert.Equal(RegionLevel.Nation, RegionCode.Nation.Level);
    }

    [Fact]
    public void A_unit_contains_exactly_the_codes_below_it()
    {
        var township = RegionCode.Parse("450102001000");
        Assert.True(township.Contains(RegionCode.Parse("450102001203")));
        Assert.False(township.Contains(RegionCode.Parse("450102002203")));
        Assert.True(RegionCode.Nation.Contains(township));
    }

    [Theory]
    [InlineData("", "为空")]
    [InlineData("45010A", "数字")]
    [InlineData("4501020", "位")]
    [InlineData("450002001000", "City")] // a township under no city
    public void Bad_codes_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(RegionCode.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }
}
