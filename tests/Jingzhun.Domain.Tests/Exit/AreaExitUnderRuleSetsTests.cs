using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Tests.Rules;


namespace Jingzhun.Domain.Tests.Exit;

/// <summary>Area exit as the rule set in force says: thresholds come from the version, and a county is never waved through unassessed.</summary>
public sealed class AreaExitUnderRuleSetsTests
{
    private static readonly RuleSet Rules = PovertyLines.NationalRuleSet(2019);

    private static AreaFigures County(bool western, decimal? wrongExit = 0.01m, decimal? missed = 0.01m, decimal? recognition = 0.95m) =>
        new("990121000000", "示例县", western, PoorPeople: 250, RuralPopulation: 10_000, wrongExit, missed, recognition);

    [Fact]
    public void A_county_without_an_assessment_or_with_low_recognition_does_not_exit()
    {
        Assert.Equal(["wrong-exit", "missed", "recognition"], AreaRules.EvaluateCountyExit(County(true, null, null, null), Rules).Failed.Select(c => c.Code));
        Assert.Equal(["recognition"], AreaRules.EvaluateCountyExit(County(true, recognition: 0.89m), Rules).Failed.Select(c => c.Code));
    }

    [Fact]
    public void A_village_exits_below_the_threshold_of_its_province_under_the_rule_set_given()
    {
        var village = new AreaFigures("990121001001", "示例村", Western: false, PoorPeople: 19, RuralPopulation: 1_000);
        Assert.True(AreaRules.EvaluateVillageExit(village, Rules).Passed);
        Assert.False(AreaRules.EvaluateVillageExit(village, Rules with { ExitIncidence = 0.015m }).Passed);
    }
}
