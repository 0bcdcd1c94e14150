using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Domain.Tests.Exit;

namespace Jingzhun.Domain.Tests.Statistics;

/// <summary>A refresh writes only rows whose counts changed; these say when counts are the same.</summary>
public sealed class AreaAggregateTests
{
    private static AreaAggregate Sample()
    {
        var a = new AreaAggregate { RegionCode = "990121000000", RuralPopulation = 1200, ExitedInYearPeople = 7 };
        a.Add(HouseholdStatus.Poor, 10, 35);
        a.Add(HouseholdStatus.Removed, 1, 2);
        return a;
    }

    [Fact]
    public void A_copy_of_the_counts_has_the_same_counts()
    {
        var a = Sample();
        Assert.True(a.HasSameCounts(a.CountsCopy()));
    }

    [Theory]
    [InlineData(HouseholdStatus.Poor)]
    [InlineData(HouseholdStatus.Removed)]
    [InlineData(HouseholdStatus.Monitored)]
    public void One_more_person_of_any_status_is_a_change(HouseholdStatus status)
    {
        var a = Sample();
        var stored = a.CountsCopy();
        a.Add(status, 0, 1);
        Assert.False(a.HasSameCounts(stored));
    }

    [Fact]
    public void A_changed_population_or_exit_count_is_a_change()
    {
        var a = Sample();
        var stored = a.CountsCopy();
        a.RuralPopulation++;
        Assert.False(a.HasSameCounts(stored));
        a.RuralPopulation--;
        a.ReturnedInYearHouseholds++;
        Assert.False(a.HasSameCounts(stored));
    }
}
