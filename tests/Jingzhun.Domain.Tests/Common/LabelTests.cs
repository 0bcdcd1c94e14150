using System.Reflection;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Common;

public sealed class LabelTests
{
    public static TheoryData<Type> Enumerations()
    {
        var data = new TheoryData<Type>();
        foreach (var t in typeof(Household).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic)) data.Add(t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Enumerations))]
    public void Every_value_of_every_enumeration_has_distinct_chinese_and_english_labels(Type type)
    {
        var labels = Enum.GetValues(type).Cast<Enum>().Select(Labels.Of).ToList();
        Assert.All(labels, l => Assert.False(string.IsNullOrWhiteSpace(l.Chinese) || string.IsNullOrWhiteSpace(l.English)));
        Assert.Equal(labels.Count, labels.Select(l => l.Chinese).Distinct().Count());
        Assert.Equal(labels.Count, labels.Select(l => l.English).Distinct().Count());
    }

    [Theory]
    [InlineData("因病", PovertyCause.Illness)]
    [InlineData("lack of capital", PovertyCause.LackOfCapital)]
    [InlineData("LackOfSkills", PovertyCause.LackOfSkills)]
    public void Labels_parse_from_chinese_english_or_code(string text, PovertyCause expected)
    {
        Assert.True(Labels.TryParse<PovertyCause>(text, out var cause));
        Assert.Equal(expected, cause);
    }

    [Fact]
    public void Unknown_label_does_not_parse() => Assert.False(Labels.TryParse<PovertyCause>("因懒", out _));

    [Fact]
    public void Western_provinces_are_the_twelve_of_the_design() =>
        Assert.Equal(12, Jingzhun.Domain.Regions.Region.WesternProvinceCodes.Count);

    [Fact]
    public void Enumerations_are_found_by_reflection() => Assert.True(Enumerations().Count() > 10, typeof(Labels).GetTypeInfo().Name);
}
