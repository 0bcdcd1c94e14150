using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Domain.Tests.Statistics;

namespace Jingzhun.Domain.Tests.Exit;

public sealed class ExitPlanTests
{
    private static AccessScope Officer(Role role, string region) =>
        AccessScope.For(new Account { UserName = "t", DisplayName = "t", Role = role, RegionCode = region, PasswordHash = "" });

    [Theory]
    [InlineData(Role.CountyOfficer, "990121000000", "990121000000", true)]
    [InlineData(Role.CountyOfficer, "990121000000", "990121001000", true)]
    [InlineData(Role.CountyOfficer, "990121000000", "990122000000", false)]
    [InlineData(Role.CountyOfficer, "990121000000", "990100000000", false)]
    [InlineData(Role.CityOfficer, "990100000000", "990121000000", true)]
    [InlineData(Role.NationalOfficer, "000000000000", "990121001000", true)]
    [InlineData(Role.TownshipOfficer, "990121001000", "990121001000", false)]
    [InlineData(Role.VillageClerk, "990121001001", "990121001001", false)]
    [InlineData(Role.Auditor, "990121000000", "990121000000", false)]
    [InlineData(Role.Assessor, "990121000000", "990121000000", false)]
    public void Plans_are_set_by_county_level_officers_and_above_inside_their_region(Role role, string account, string area, bool may) =>
        Assert.Equal(may, ExitPlan.MaySet(Officer(role, account), area));

    [Fact]
    public void System_work_may_set_any_plan_and_anonymous_visitors_none()
    {
        Assert.True(ExitPlan.MaySet(AccessScope.System(), "990121000000"));
        Assert.False(ExitPlan.MaySet(AccessScope.None, "990121000000"));
    }

    [Theory]
    [InlineData(2026, 10, 30, 0)]
    [InlineData(2026, 0, 0, 0)]
    [InlineData(1999, 10, 30, 1)]
    [InlineData(2026, -1, 30, 1)]
    [InlineData(2026, 10, 4, 1)]
    public void Plan_figures_are_checked(int year, int households, int people, int errors) =>
        Assert.Equal(errors, ExitPlan.Check(year, households, people).Count);

    [Fact]
    public void Progress_is_the_share_of_the_planned_people_and_households()
    {
        var progress = new ExitProgress(2019, 40, 120, 30, 126, 2);

        Assert.Equal(105.0, progress.PeoplePercent);
        Assert.Equal(75.0, progress.HouseholdsPercent);
        Assert.Null(new ExitProgress(2019, 0, 0, 3, 9, 1).PeoplePercent);
    }

    [Fact]
    public void An_area_summed_from_others_has_their_counts_and_exits()
    {
        var a = new AreaAggregate { RegionCode = "990121000000", RuralPopulation = 1000, ExitedInYearHouseholds = 2, ExitedInYearPeople = 7 };
        a.Add(HouseholdStatus.Poor, 10, 35);
        var b = new AreaAggregate { RegionCode = "990122000000", RuralPopulation = 500, ReturnedInYearPeople = 3 };
        b.Add(HouseholdStatus.Poor, 4, 11);
        b.Add(HouseholdStatus.Exited, 6, 20);
        var sum = new AreaAggregate { RegionCode = "990100000000" };

        sum.AddFrom(a);
        sum.AddFrom(b);

        Assert.Equal((14, 46, 6, 20, 1500, 2, 7, 3), (sum.PoorHouseholds, sum.PoorPeople, sum.ExitedHouseholds, sum.ExitedPeople, sum.RuralPopulation,
            sum.ExitedInYearHouseholds, sum.ExitedInYearPeople, sum.ReturnedInYearPeople));
    }
}
