using Jingzhun.Domain.Access;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Census;

/// <summary>The census's rules without a database: the rates' one denominator and order, what a send-back counts as, who is censused.</summary>
public sealed class CensusRulesTests
{
    [Fact]
    public void Every_rate_divides_by_the_list_and_the_rates_are_ordered()
    {
        var counts = CensusCounts.Of(CensusState.Pending, 10) + CensusCounts.Of(CensusState.Surveyed, 10) + CensusCounts.Of(CensusState.Entered, 20)
            + CensusCounts.Of(CensusState.TownshipAccepted, 20) + CensusCounts.Of(CensusState.CountyAccepted, 10) + CensusCounts.Of(CensusState.CityAccepted, 10)
            + CensusCounts.Of(CensusState.ProvinceAccepted, 15) + CensusCounts.Of(CensusState.SentBack, 5);
        Assert.Equal(100, counts.Listed);
        Assert.Equal(90, counts.Surveyed);
        Assert.Equal(0.75m, counts.EntryRate);
        Assert.Equal(0.55m, counts.TownshipRate);
        Assert.Equal(0.35m, counts.CountyRate);
        Assert.Equal(0.25m, counts.CityRate);
        Assert.Equal(0.15m, counts.ProvinceRate);
        Assert.False(counts.AllComplete);
        var rates = counts.Rates.Select(r => r.Rate!.Value).ToList();
        Assert.Equal(rates.OrderByDescending(r => r), rates);
        Assert.Null(CensusCounts.Empty.EntryRate);
        Assert.True(CensusCounts.Of(CensusState.ProvinceAccepted, 3).AllComplete);
    }

    [Fact]
    public void A_sent_back_record_counts_as_surveyed_but_not_entered_nor_accepted()
    {
        var c = CensusCounts.Of(CensusState.SentBack, 1);
        Assert.Equal((1, 1, 0, 0, 0, 0, 0, 1), (c.Listed, c.Surveyed, c.Entered, c.Township, c.County, c.City, c.Province, c.SentBack));
    }

    [Fact]
    public void Each_level_waits_for_the_one_below_and_only_its_officer_reviews()
    {
        Assert.Equal(CensusState.Entered, CensusRoles.WaitsFor(CensusLevel.Township));
        Assert.Equal(CensusState.TownshipAccepted, CensusRoles.WaitsFor(CensusLevel.County));
        Assert.Equal(CensusState.CountyAccepted, CensusRoles.WaitsFor(CensusLevel.City));
        Assert.Equal(CensusState.CityAccepted, CensusRoles.WaitsFor(CensusLevel.Province));
        foreach (var level in Enum.GetValues<CensusLevel>())
        {
            Assert.Equal(level, CensusRoles.Reviewer(CensusRoles.WaitsFor(level)));
            Assert.Equal([CensusRoles.Review(level).Single()], CensusRoles.Review(level));
            Assert.Equal(level, CensusRoles.LevelOf(CensusRoles.Review(level)[0]));
        }
        Assert.Null(CensusRoles.LevelOf(Role.VillageClerk));
        Assert.Null(CensusRoles.Reviewer(CensusState.SentBack));
    }

    [Fact]
    public void Every_registered_household_is_censused_but_not_those_found_not_poor_or_removed()
    {
        Assert.All(new[] { HouseholdStatus.Poor, HouseholdStatus.Exited, HouseholdStatus.Returned, HouseholdStatus.Monitored }, s => Assert.True(CensusRoles.IsCensused(s)));
        Assert.False(CensusRoles.IsCensused(HouseholdStatus.NotPoor));
        Assert.False(CensusRoles.IsCensused(HouseholdStatus.Removed));
    }
}
