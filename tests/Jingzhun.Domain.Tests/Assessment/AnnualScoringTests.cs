using CsCheck;
using Jingzhun.Domain.Assessment;

namespace Jingzhun.Domain.Tests.Assessment;

public sealed class AnnualScoringTests
{
    private static readonly int[] Weights = [25, 15, 20, 15, 15, 10];

    private static AreaValues Area(string code, params decimal?[] values) => new(code, values);

    [Fact]
    public void A_hand_worked_set_of_three_counties()
    {
        // Best fall in poor people 0.40, best income growth 0.20: the relative indicators are scored against these.
        var results = AnnualScoring.Score(
        [
            Area("990123000000", -0.05m, 0.5m, 0.90m, 1.00m, 0.05m, 1.00m),
            Area("990121000000", 0.40m, 1.2m, 0.97m, 0.95m, 0.10m, 0.80m),
            Area("990122000000", 0.20m, 0.8m, 0.99m, 0.90m, 0.20m, null),
        ], Weights);

        Assert.Equal(["990121000000", "990122000000", "990123000000"], results.Select(r => r.Code));
        Assert.Equal([1, 2, 3], results.Select(r => r.Rank));
        // 25 + 15 (1.2 capped at the weight) + 19.4 + 14.25 + 7.5 (0.10 of the best 0.20) + 8
        Assert.Equal([25m, 15m, 19.4m, 14.25m, 7.5m, 8m], results[0].Indicators.Select(i => i.Score));
        Assert.Equal(89.15m, results[0].Total);
        // 12.5 (half the best fall) + 12 + 19.8 + 13.5 + 15 + 0 (no fund figures: no data)
        Assert.Equal([12.5m, 12m, 19.8m, 13.5m, 15m, 0m], results[1].Indicators.Select(i => i.Score));
        Assert.True(results[1].Indicators[5].NoData);
        Assert.Equal(72.8m, results[1].Total);
        // A rise in poor people scores 0.
        Assert.Equal([0m, 7.5m, 18m, 15m, 3.75m, 10m], results[2].Indicators.Select(i => i.Score));
        Assert.Equal(54.25m, results[2].Total);
    }

    [Fact]
    public void Tied_totals_share_a_rank_and_the_next_is_skipped()
    {
        var results = AnnualScoring.Score(
        [
            Area("990122000000", 0.1m, 1m, 1m, 1m, 0.1m, 1m),
            Area("990121000000", 0.1m, 1m, 1m, 1m, 0.1m, 1m),
            Area("990123000000", 0.05m, 1m, 1m, 1m, 0.1m, 1m),
        ], Weights);

        Assert.Equal([("990121000000", 1), ("990122000000", 1), ("990123000000", 3)], results.Select(r => (r.Code, r.Rank)));
        Assert.Equal(100m, results[0].Total);
    }

    [Fact]
    public void Missing_values_score_zero_and_an_empty_set_is_empty()
    {
        var results = AnnualScoring.Score([Area("990121000000", null, null, null, null, null, null)], Weights);
        Assert.All(results[0].Indicators, i => { Assert.True(i.NoData); Assert.Equal(0m, i.Score); });
        Assert.Equal(1, results[0].Rank);
        Assert.Empty(AnnualScoring.Score([], Weights));
        Assert.Throws<ArgumentException>(() => AnnualScoring.Score([Area("990121000000", 1m)], Weights));
    }

    private static readonly Gen<decimal?> Value =
        Gen.Select(Gen.Int[0, 5], Gen.Int[-50, 150]).Select((none, hundredths) => none == 0 ? (decimal?)null : hundredths / 100m);

    private static readonly Gen<List<AreaValues>> Areas =
        Value.Array[6].List[1, 8].Select(list => list.Select((values, i) => new AreaValues($"99{i + 1:00}00000000", values)).ToList());

    [Fact]
    public void Scores_stay_within_their_weights_and_ranks_follow_totals() =>
        Areas.Sample(areas =>
        {
            var results = AnnualScoring.Score(areas, Weights);
            Assert.Equal(areas.Count, results.Count);
            foreach (var r in results)
            {
                Assert.All(r.Indicators, i => Assert.InRange(i.Score, 0m, i.Weight));
                Assert.InRange(r.Total, 0m, 100m);
                Assert.Equal(r.Indicators.Sum(i => i.Score), r.Total);
                Assert.Equal(1 + results.Count(o => o.Total > r.Total), r.Rank);
            }
            // Ordered by rank, then code.
            Assert.Equal(results.OrderBy(r => r.Rank).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Code), results.Select(r => r.Code));
        });

    [Fact]
    public void A_better_value_never_lowers_the_areas_score() =>
        Gen.Select(Areas, Gen.Int[0, 7], Gen.Int[0, 5], Gen.Int[1, 100]).Sample((areas, a, indicator, more) =>
        {
            var index = a % areas.Count;
            var before = AnnualScoring.Score(areas, Weights).Single(r => r.Code == areas[index].Code).Indicators[indicator].Score;
            var values = areas[index].Values.ToArray();
            values[indicator] = (values[indicator] ?? 0m) + more / 100m;
            var better = areas.Select((x, i) => i == index ? x with { Values = values } : x).ToList();
            var after = AnnualScoring.Score(better, Weights).Single(r => r.Code == areas[index].Code).Indicators[indicator].Score;
            Assert.True(after >= before, $"{before} → {after}");
        });
}
