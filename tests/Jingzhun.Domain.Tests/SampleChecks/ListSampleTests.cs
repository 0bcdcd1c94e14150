using CsCheck;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Domain.Transition;

namespace Jingzhun.Domain.Tests.SampleChecks;

/// <summary>
/// The draw of a sample check as properties: the same seed and the same population give the same sample whatever order
/// the population comes in; the size is the share rounded up (at least one); nothing is drawn twice or from outside.
/// </summary>
public sealed class ListSampleTests
{
    private static readonly Gen<List<string>> Population = Gen.Int[0, 99999].Select(i => $"99012100100{i:00000}").List[0, 300];
    private static readonly Gen<decimal> Share = Gen.Int[1, 100].Select(p => p / 100m);

    [Fact]
    public void The_same_seed_and_population_give_the_same_sample_in_any_order() =>
        Gen.Select(Gen.Long, Population, Share).Sample((seed, population, share) =>
        {
            var a = ListSample.Draw(population, share, seed);
            var b = ListSample.Draw(population.OrderBy(k => k.GetHashCode()).Reverse(), share, seed);
            Assert.Equal(a, b);
        }, iter: 300);

    [Fact]
    public void The_sample_is_the_share_rounded_up_drawn_once_each_from_the_population() =>
        Gen.Select(Gen.Long, Population, Share).Sample((seed, population, share) =>
        {
            var distinct = population.Distinct().ToList();
            var sample = ListSample.Draw(population, share, seed);
            Assert.Equal(distinct.Count == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(distinct.Count * share)), sample.Count);
            Assert.Equal(sample.Count, sample.Distinct().Count());
            Assert.All(sample, k => Assert.Contains(k, distinct));
        }, iter: 300);

    [Fact]
    public void Another_seed_gives_another_sample()
    {
        var population = Enumerable.Range(0, 200).Select(i => $"H{i:000}").ToList();
        Gen.Long.Sample(seed => Assert.NotEqual(ListSample.Draw(population, 0.2m, seed), ListSample.Draw(population, 0.2m, seed + 1)), iter: 100);
    }

    [Fact]
    public void Twenty_percent_of_five_is_one_and_ten_percent_of_twelve_is_two()
    {
        Assert.Equal(1, ListSample.Size(5, 0.20m));
        Assert.Equal(2, ListSample.Size(12, 0.10m));
        Assert.Equal(0, ListSample.Size(0, 0.10m));
    }
}

/// <summary>The transition's five years, from a case's date or from the end of the exit year.</summary>
public sealed class TransitionPeriodTests
{
    [Fact]
    public void A_county_exited_on_a_date_is_in_transition_for_five_years_from_it()
    {
        var period = new TransitionPeriod("990121000000", new DateOnly(2020, 11, 23), ExitDateSource.ExitCase);
        Assert.Equal(new DateOnly(2025, 11, 23), period.EndsOn);
        Assert.True(period.InTransitionOn(new DateOnly(2025, 10, 9)));
        Assert.False(period.InTransitionOn(new DateOnly(2025, 11, 24)));
        Assert.Equal(0, period.DaysLeft(new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void A_county_with_only_its_exit_year_exited_on_the_last_day_of_it() =>
        Assert.Equal(new DateOnly(2024, 12, 31), TransitionPeriod.FromYear("990121000000", 2019).EndsOn);
}
