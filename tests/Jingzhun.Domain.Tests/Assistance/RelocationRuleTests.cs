using CsCheck;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Tests.AssistanceRules;

/// <summary>The relocation rules: the 25 m² per person line named in its refusal, eligibility, three years of follow-up, follow-ups due.</summary>
public sealed class RelocationRuleTests
{
    private static readonly RuleSet Rules = PovertyLines.NationalRuleSet(2025);

    [Fact]
    public void Over_25_square_metres_per_person_is_refused_with_the_rule_named()
    {
        Assert.Empty(RelocationRules.Check(4, 100m, Rules));
        var error = Assert.Single(RelocationRules.Check(4, 100.5m, Rules));
        Assert.Equal("HousingArea", error.Field);
        Assert.Contains("25平方米", error.Chinese, StringComparison.Ordinal);
        Assert.Contains("来源：国家易地扶贫搬迁政策", error.Chinese, StringComparison.Ordinal);
        Assert.Contains("25 m² per person", error.English, StringComparison.Ordinal);
        Assert.NotEmpty(RelocationRules.Check(0, 10m, Rules));
    }

    [Fact]
    public void The_area_line_holds_for_every_household_size() =>
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 50_000]).Sample((people, centiM2) =>
        {
            var area = centiM2 / 100m;
            return RelocationRules.Check(people, area, Rules).Count == 0 == (area <= people * 25m);
        });

    [Fact]
    public void Only_poor_or_returned_households_relocate_and_follow_up_runs_three_years_with_a_visit_each_quarter()
    {
        Assert.True(RelocationRules.IsEligibleStatus(HouseholdStatus.Poor));
        Assert.True(RelocationRules.IsEligibleStatus(HouseholdStatus.Returned));
        Assert.False(RelocationRules.IsEligibleStatus(HouseholdStatus.NotPoor));
        Assert.False(RelocationRules.IsEligibleStatus(HouseholdStatus.Exited));
        var moved = new DateOnly(2024, 5, 10);
        var r = new Relocation { State = RelocationState.MovedIn, MovedOn = moved, FollowUpUntil = RelocationRules.FollowUpUntil(moved, Rules) };
        Assert.Equal(new DateOnly(2027, 5, 10), r.FollowUpUntil);
        Assert.True(RelocationRules.InFollowUp(r, new DateOnly(2027, 5, 10)));
        Assert.False(RelocationRules.InFollowUp(r, new DateOnly(2027, 5, 11)));
        Assert.False(RelocationRules.IsFollowUpDue(r, null, moved.AddDays(89)));
        Assert.True(RelocationRules.IsFollowUpDue(r, null, moved.AddDays(90)));
        Assert.False(RelocationRules.IsFollowUpDue(r, moved.AddDays(60), moved.AddDays(120)));
    }
}
