using CsCheck;
using Jingzhun.Domain.Assessment;

namespace Jingzhun.Domain.Tests.Assessment;

public sealed class SurveyEstimatorTests
{
    private const double Z95 = 1.959963984540054; // Φ⁻¹(0.975)

    /// <summary>
    /// Two townships (strata) × three villages (PSUs); township A's households weigh 10, township B's weigh 20.
    /// y = 1 marks a household exited wrongly; x = 1 for every household.
    /// <code>
    ///   A1: 1 0     A2: 0 0     A3: 1 1          (w = 10)
    ///   B1: 0 0 0   B2: 1 0 0   B3: 0 0 0        (w = 20)
    ///   X̂ = 10·6 + 20·9 = 240;   Σw·y = 10·3 + 20·1 = 50;   r = 50/240 = 5/24 = 0.208333…
    ///   z_hi = w·(Σy − r·m):
    ///     A1 = 10·(1 − 10/24) = 140/24   A2 = 10·(0 − 10/24) = −100/24   A3 = 10·(2 − 10/24) = 380/24
    ///       z̄_A = 420/72 = 140/24; deviations 0, −10, +10; Σ dev² = 200
    ///     B1 = 20·(0 − 15/24) = −12.5    B2 = 20·(1 − 15/24) = 7.5       B3 = −12.5
    ///       z̄_B = −17.5/3; deviations −20/3, +40/3, −20/3; Σ dev² = 400/9 + 1600/9 + 400/9 = 800/3
    ///   n_h/(n_h − 1) = 3/2 in both strata.
    ///   f = 0:            v = (1.5·200 + 1.5·800/3) / 240² = (300 + 400) / 57600 = 0.0121527777…
    ///                     SE = √v = 0.1102396380;  r ± 1.959963985·SE = 0.208333 ± 0.216066 → [−0.007732, 0.424399], clipped to [0, 0.424399]
    ///   f_A = 1/2, f_B = 0: v = (0.5·300 + 400) / 57600 = 550/57600 = 0.0095486111…
    ///                     SE = 0.0977169950;  r ± 0.191522 → [0.016812, 0.399855]
    /// </code>
    /// </summary>
    private static readonly SurveyObservation[] Clustered =
    [
        .. Village("A", "A1", 10, 1, 0), .. Village("A", "A2", 10, 0, 0), .. Village("A", "A3", 10, 1, 1),
        .. Village("B", "B1", 20, 0, 0, 0), .. Village("B", "B2", 20, 1, 0, 0), .. Village("B", "B3", 20, 0, 0, 0),
    ];

    private static IEnumerable<SurveyObservation> Village(string stratum, string village, double weight, params int[] ys) =>
        ys.Select(y => SurveyObservation.Proportion(stratum, village, weight, y == 1));

    [Fact]
    public void A_clustered_sample_gives_the_interval_worked_out_by_hand()
    {
        var estimate = SurveyEstimator.Estimate(Clustered, 0.95)!;
        Assert.Equal(5.0 / 24, (double)estimate.Rate, 1e-6);
        Assert.Equal(0.1102396380, (double)estimate.StandardError, 1e-6);
        Assert.Equal(0, estimate.Low);                     // −0.007732 clipped
        Assert.Equal(0.424399, (double)estimate.High, 1e-6);
        Assert.Equal(15, estimate.Households);
        Assert.Equal(6, estimate.Clusters);
    }

    [Fact]
    public void The_first_stage_sampling_fraction_narrows_the_interval_as_worked_out_by_hand()
    {
        var estimate = SurveyEstimator.Estimate(Clustered, 0.95, s => s == "A" ? 0.5 : 0)!;
        Assert.Equal(0.0977169950, (double)estimate.StandardError, 1e-6);
        Assert.Equal(0.016812, (double)estimate.Low, 1e-6);
        Assert.Equal(0.399855, (double)estimate.High, 1e-6);
    }

    [Fact]
    public void A_stratum_with_a_single_village_adds_no_variance()
    {
        var single = Clustered.Where(o => o.Psu != "A2" && o.Psu != "A3").ToList(); // A keeps only A1
        var onlyB = Clustered.Where(o => o.Stratum == "B").ToList();
        var rate = (10.0 * 1 + 20 * 1) / (10 * 2 + 20 * 9);
        // B's z with r = 30/200: −20·0.45 = −9, 20·(1 − 0.45) = 11, −9; mean −7/3; Σ dev² = 2·(20/3)² + (40/3)² = 800/3; v = 1.5·800/3 / 200²
        var estimate = SurveyEstimator.Estimate(single, 0.95)!;
        Assert.Equal(rate, (double)estimate.Rate, 1e-6);
        Assert.Equal(Math.Sqrt(400.0 / 40000), (double)estimate.StandardError, 1e-6);
        Assert.NotNull(SurveyEstimator.Estimate(onlyB, 0.95));
    }

    [Fact]
    public void The_normal_quantile_matches_the_tables()
    {
        Assert.Equal(Z95, SurveyEstimator.NormalQuantile(0.975), 1e-8);
        Assert.Equal(2.5758293035489, SurveyEstimator.NormalQuantile(0.995), 1e-8);
        Assert.Equal(1.2815515655446, SurveyEstimator.NormalQuantile(0.9), 1e-8);
        Assert.Equal(-3.090232306167813, SurveyEstimator.NormalQuantile(0.001), 1e-8);
        Assert.Equal(0, SurveyEstimator.NormalQuantile(0.5), 1e-12);
    }

    [Fact]
    public void Nothing_to_estimate_gives_no_estimate()
    {
        Assert.Null(SurveyEstimator.Estimate([], 0.95));
        Assert.Null(SurveyEstimator.Estimate([new SurveyObservation("A", "1", 0, 0, 1)], 0.95));
    }

    /// <summary>
    /// One stratum of n households each its own PSU, equal weights, x = 1: z_i = w(y_i − p), z̄ = 0, Σz² = w²·n·p(1 − p),
    /// X̂ = n·w, so v = (1 − f)·n/(n − 1)·n·p(1 − p)/n² = (1 − f)·p(1 − p)/(n − 1): the textbook interval.
    /// </summary>
    [Fact]
    public void A_simple_random_sample_gives_the_textbook_interval() =>
        Gen.Select(Gen.Int[2, 400], Gen.Double[0, 1], Gen.Double[0, 0.9], Gen.Double[0.5, 50]).Sample((n, share, f, weight) =>
        {
            var yes = (int)Math.Round(share * n);
            var sample = Enumerable.Range(0, n).Select(i => SurveyObservation.Proportion("T", $"h{i}", weight, i < yes)).ToList();
            var estimate = SurveyEstimator.Estimate(sample, 0.95, _ => f)!;
            var p = (double)yes / n;
            var se = Math.Sqrt((1 - f) * p * (1 - p) / (n - 1));
            Assert.Equal(p, (double)estimate.Rate, 1e-6);
            Assert.Equal(se, (double)estimate.StandardError, 1e-6);
            Assert.Equal(Math.Max(0, p - Z95 * se), (double)estimate.Low, 1e-6);
            Assert.Equal(Math.Min(1, p + Z95 * se), (double)estimate.High, 1e-6);
        });

    /// <summary>
    /// Villages whose households all answer alike (the strongest positive correlation) in one township: the clustered
    /// interval is wider than the one that takes the same households as independent draws. With village sizes m_i ≥ 2,
    /// Σ m_i²(y_i − p)² ≥ 2·Σ m_i(y_i − p)², which outweighs the n/(n − 1) ≤ 2 of the independent formula.
    /// </summary>
    [Fact]
    public void Villages_alike_inside_widen_the_interval_against_independent_households() =>
        Gen.Select(Gen.Int[2, 6].Array[2, 10], Gen.Bool.Array[10], Gen.Double[1, 30]).Sample((sizes, answers, weight) =>
        {
            answers[0] = true;
            answers[1] = false; // both answers occur, so the rate is strictly between 0 and 1
            var clustered = sizes.SelectMany((m, v) => Enumerable.Range(0, m)
                .Select(k => SurveyObservation.Proportion("T", $"v{v}", weight, answers[v]))).ToList();
            var independent = clustered.Select((o, i) => o with { Psu = $"h{i}" }).ToList();
            var wide = SurveyEstimator.Estimate(clustered, 0.95)!;
            var narrow = SurveyEstimator.Estimate(independent, 0.95)!;
            Assert.True(wide.StandardError > narrow.StandardError, $"{wide.StandardError} ≤ {narrow.StandardError}");
            Assert.True(wide.High - wide.Low >= narrow.High - narrow.Low);
            Assert.True(wide.DesignEffect > 1m);
        });

    [Fact]
    public void The_rate_lies_in_its_interval_and_both_within_zero_and_one() =>
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 5], Gen.Int[1, 8], Gen.Double[0.1, 100], Gen.Int[0, 1000], Gen.Double[0.5, 0.999])
            .Sample((strata, villages, households, weight, seed, confidence) =>
            {
                var random = new Random(seed);
                var sample = (from s in Enumerable.Range(0, strata)
                              from v in Enumerable.Range(0, villages)
                              from h in Enumerable.Range(0, households)
                              select SurveyObservation.Proportion($"s{s}", $"v{v}", weight * (1 + s), random.Next(3) == 0)).ToList();
                var e = SurveyEstimator.Estimate(sample, confidence, _ => random.NextDouble() * 0.5)!;
                Assert.InRange(e.Rate, 0m, 1m);
                Assert.InRange(e.Low, 0m, e.Rate);
                Assert.InRange(e.High, e.Rate, 1m);
                Assert.True(e.StandardError >= 0);
            });
}
