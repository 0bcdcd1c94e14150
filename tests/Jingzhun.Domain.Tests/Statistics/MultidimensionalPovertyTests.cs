using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Domain.Tests.Exit;


namespace Jingzhun.Domain.Tests.Statistics;

public sealed class MultidimensionalPovertyTests
{
    // Alkire, S. and Foster, J. (2011), "Counting and multidimensional poverty measurement",
    // Journal of Public Economics 95(7–8): 476–487, the example of sections 2–3 (also OPHI
    // Working Paper 32, 2009): four persons, four dimensions,
    //   y = [13.1 14 4 1; 15.2 7 5 0; 12.5 10 1 0; 20 11 3 1],  z = (13 12 3 1),
    // deprivation counts c = (0, 2, 4, 1); with k = 2 persons 2 and 3 are poor and
    // H = 1/2, A = 3/4, M0 = H × A = 6/16 = 0.375.
    // Alkire, Foster, Seth, Santos, Roche and Ballon (2015), Multidimensional Poverty Measurement
    // and Analysis (OUP), ch. 5, uses the same pattern with equal weights 1/4 and prints the
    // normalised scores c = (0, 0.5, 1, 0.25) (Box 5.5), i.e. k = 2 of 4 is k = 0.5.
    private static readonly double[][] Achievements = [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20, 11, 3, 1]];
    private static readonly double[] Cutoffs = [13, 12, 3, 1];

    private static readonly DeprivationIndicator[] FourEqual =
        [new("d1", "维度1", "Dimension 1", 1), new("d2", "维度2", "Dimension 2", 1), new("d3", "维度3", "Dimension 3", 1), new("d4", "维度4", "Dimension 4", 1)];

    private static List<DeprivationProfile> ExampleUnits(params string[] groups) =>
        AlkireFoster.DeprivationMatrix(Achievements, Cutoffs)
            .Select((row, i) => new DeprivationProfile(row, 1, groups.Length > 0 ? groups[i] : "")).ToList();

    [Fact]
    public void Deprivation_matrix_of_the_Alkire_Foster_example()
    {
        var g0 = AlkireFoster.DeprivationMatrix(Achievements, Cutoffs);
        Assert.Equal([false, false, false, false], g0[0]);
        Assert.Equal([false, true, false, true], g0[1]);
        Assert.Equal([true, true, true, true], g0[2]);
        Assert.Equal([false, true, false, false], g0[3]);
    }

    [Fact]
    public void Reproduces_Alkire_Foster_2011_H_A_and_M0_for_k_2_of_4()
    {
        var r = AlkireFoster.Measure(FourEqual, ExampleUnits(), 0.5);
        Assert.Equal([0, 0.5, 1, 0.25], r.Scores);
        Assert.Equal([false, true, true, false], r.IsPoor);
        Assert.Equal([0, 0.5, 1, 0], r.CensoredScores);
        Assert.Equal(0.5, r.H, 12);
        Assert.Equal(0.75, r.A, 12);
        Assert.Equal(0.375, r.M0, 12);
        Assert.Equal(r.H * r.A, r.M0, 12);
    }

    [Fact]
    public void Union_and_intersection_cutoffs_of_the_same_example()
    {
        // Hand-computed from c = (0, 2, 4, 1).
        // Union (k = 1 of 4): persons 2, 3, 4 poor; H = 3/4, A = 7/12, M0 = 7/16.
        var union = AlkireFoster.Measure(FourEqual, ExampleUnits(), 0.25);
        Assert.Equal((0.75, 0.4375), (union.H, union.M0));
        Assert.Equal(7.0 / 12, union.A, 12);
        // Intersection (k = 4 of 4): person 3 only; H = 1/4, A = 1, M0 = 1/4.
        var intersection = AlkireFoster.Measure(FourEqual, ExampleUnits(), 1);
        Assert.Equal((0.25, 1.0, 0.25), (intersection.H, intersection.A, intersection.M0));
    }

    [Fact]
    public void Indicator_decomposition_of_the_example_sums_to_M0_and_to_100_percent()
    {
        // Hand-computed: uncensored headcounts (1/4, 3/4, 1/4, 2/4); after censoring person 4's
        // deprivation in dimension 2 the censored headcounts are (1/4, 2/4, 1/4, 2/4);
        // M0 = Σ (1/4) h_j = 1.5/4 = 0.375; contributions (1/6, 1/3, 1/6, 1/3).
        var r = AlkireFoster.Measure(FourEqual, ExampleUnits(), 0.5);
        Assert.Equal([0.25, 0.75, 0.25, 0.5], r.ByIndicator.Select(c => c.UncensoredHeadcount));
        Assert.Equal([0.25, 0.5, 0.25, 0.5], r.ByIndicator.Select(c => c.CensoredHeadcount));
        Assert.Equal(r.M0, r.ByIndicator.Sum(c => c.NormalisedWeight * c.CensoredHeadcount), 12);
        Assert.Equal([16.67, 33.33, 16.67, 33.33], r.ByIndicator.Select(c => Math.Round(c.PercentContribution, 2)));
        Assert.Equal(100, r.ByIndicator.Sum(c => c.PercentContribution), 9);
    }

    [Fact]
    public void Subgroup_decomposition_of_the_example_adds_up_to_M0()
    {
        // Area X = persons 1–2, area Y = persons 3–4. Hand-computed:
        // X: person 2 poor with 1/2 → H = 1/2, A = 1/2, M0 = 1/4; Y: person 3 poor with 1 → H = 1/2, A = 1, M0 = 1/2.
        // M0 = (2/4)(1/4) + (2/4)(1/2) = 0.125 + 0.25 = 0.375; shares 33.33% and 66.67%.
        var r = AlkireFoster.Measure(FourEqual, ExampleUnits("X", "X", "Y", "Y"), 0.5);
        var x = r.BySubgroup.Single(g => g.Group == "X");
        var y = r.BySubgroup.Single(g => g.Group == "Y");
        Assert.Equal((0.5, 0.5, 0.5, 0.25, 0.125), (x.PopulationShare, x.H, x.A, x.M0, x.Contribution));
        Assert.Equal((0.5, 0.5, 1.0, 0.5, 0.25), (y.PopulationShare, y.H, y.A, y.M0, y.Contribution));
        Assert.Equal(r.M0, r.BySubgroup.Sum(g => g.Contribution), 12);
        Assert.Equal([33.33, 66.67], r.BySubgroup.Select(g => Math.Round(g.PercentContribution, 2)));
    }

    [Fact]
    public void Guarantee_indicators_are_the_default_dimensions_with_bilingual_labels()
    {
        var indicators = AlkireFoster.GuaranteeIndicators;
        Assert.Equal(["不愁吃、不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障", "饮水安全有保障"], indicators.Select(i => i.Chinese));
        Assert.Equal("Safe drinking water", indicators[4].English);
        // Deprived in housing and water: 2 × 1/5 = 0.4 ≥ k = 0.4 is poor; 3 × 0.2 is 0.6000000000000001
        // in double and must still count as 0.6.
        DeprivationProfile housingAndWater = new([false, false, false, true, true]);
        DeprivationProfile threeOfFive = new([true, false, true, false, true]);
        Assert.True(AlkireFoster.Measure(indicators, [housingAndWater], 0.4).IsPoor[0]);
        Assert.False(AlkireFoster.Measure(indicators, [housingAndWater], 0.6).IsPoor[0]);
        Assert.True(AlkireFoster.Measure(indicators, [threeOfFive], 0.6).IsPoor[0]);
        // Weights of thirds that round below 1 still meet the intersection cutoff.
        DeprivationIndicator[] thirds = [new("a", "甲", "A", 1.0 / 3), new("b", "乙", "B", 1.0 / 3), new("c", "丙", "C", 1.0 / 3)];
        Assert.True(AlkireFoster.Measure(thirds, [new([true, true, true])], 1).IsPoor[0]);
    }

    [Fact]
    public void Unequal_weights_change_who_is_poor_and_the_contributions()
    {
        // Weights (2, 1, 1) → (1/2, 1/4, 1/4); k = 1/2. Hand-computed:
        // unit 1 deprived in d1 only → c = 1/2, poor; unit 2 in d2 only → 1/4, not poor;
        // unit 3 in d2 and d3 → 1/2, poor; unit 4 none.
        // H = 2/4, A = (1/2 + 1/2)/2 = 1/2, M0 = 1/4; censored headcounts (1/4, 1/4, 1/4);
        // contributions (1/2 · 1/4, 1/4 · 1/4, 1/4 · 1/4) / (1/4) = (50%, 25%, 25%).
        DeprivationIndicator[] indicators = [new("a", "甲", "A", 2), new("b", "乙", "B", 1), new("c", "丙", "C", 1)];
        DeprivationProfile[] units = [new([true, false, false]), new([false, true, false]), new([false, true, true]), new([false, false, false])];
        var r = AlkireFoster.Measure(indicators, units, 0.5);
        Assert.Equal((0.5, 0.5, 0.25), (r.H, r.A, r.M0));
        Assert.Equal([0.25, 0.25, 0.25], r.ByIndicator.Select(c => c.CensoredHeadcount));
        Assert.Equal([50.0, 25, 25], r.ByIndicator.Select(c => c.PercentContribution));
    }

    [Fact]
    public void People_weights_count_a_household_once_per_member()
    {
        var weighted = ExampleUnits().Select((u, i) => u with { Weight = i + 1 }).ToList();
        var expanded = ExampleUnits().SelectMany((u, i) => Enumerable.Repeat(u, i + 1)).ToList();
        var a = AlkireFoster.Measure(FourEqual, weighted, 0.5);
        var b = AlkireFoster.Measure(FourEqual, expanded, 0.5);
        Assert.Equal((b.H, b.A, b.M0), (a.H, a.A, a.M0));
        // Persons of weight 2 (c = 1/2) and 3 (c = 1) are poor among 10: H = 1/2, M0 = (1 + 3)/10 = 0.4, A = 0.8.
        Assert.Equal((0.5, 0.8, 0.4), (a.H, Math.Round(a.A, 12), Math.Round(a.M0, 12)));
        Assert.Equal(10, a.Population);
    }

    [Fact]
    public void Decompositions_add_up_on_random_data()
    {
        var random = new Random(2020);
        var indicators = AlkireFoster.GuaranteeIndicators.Select((i, j) => i with { Weight = 1 + j }).ToList();
        for (var trial = 0; trial < 100; trial++)
        {
            var units = Enumerable.Range(0, 1 + random.Next(40))
                .Select(_ => new DeprivationProfile(Enumerable.Range(0, 5).Select(_ => random.NextDouble() < 0.3).ToArray(),
                    1 + random.Next(6), "village-" + random.Next(5))).ToList();
            var k = new[] { 0.2, 1.0 / 3, 0.5, 0.8, 1 }[random.Next(5)];
            var r = AlkireFoster.Measure(indicators, units, k);
            Assert.Equal(r.H * r.A, r.M0, 12);
            Assert.Equal(r.M0, r.BySubgroup.Sum(g => g.Contribution), 12);
            Assert.Equal(1.0, r.BySubgroup.Sum(g => g.PopulationShare), 12);
            Assert.Equal(r.M0, r.ByIndicator.Sum(c => c.NormalisedWeight * c.CensoredHeadcount), 12);
            Assert.True(r.ByIndicator.All(c => c.CensoredHeadcount <= c.UncensoredHeadcount));
            if (r.M0 > 0) Assert.Equal(100, r.ByIndicator.Sum(c => c.PercentContribution), 9);
            if (r.M0 > 0) Assert.Equal(100, r.BySubgroup.Sum(g => g.PercentContribution), 9);
        }
    }

    [Fact]
    public void A_new_deprivation_of_a_poor_person_raises_M0_while_one_of_a_non_poor_person_below_k_does_not()
    {
        var baseline = AlkireFoster.Measure(FourEqual, ExampleUnits(), 0.5);
        // Person 2 (poor) becomes deprived in dimension 1 as well: dimensional monotonicity.
        var poorer = ExampleUnits();
        poorer[1] = new DeprivationProfile([true, true, false, true]);
        var afterPoor = AlkireFoster.Measure(FourEqual, poorer, 0.5);
        Assert.Equal(baseline.H, afterPoor.H);
        Assert.True(afterPoor.A > baseline.A && afterPoor.M0 > baseline.M0);
        // Person 1 (not poor) becomes deprived in one dimension, still below k: poverty focus.
        var nonPoor = ExampleUnits();
        nonPoor[0] = new DeprivationProfile([true, false, false, false]);
        Assert.Equal(baseline.M0, AlkireFoster.Measure(FourEqual, nonPoor, 0.5).M0);
        // Raising k never raises H.
        Assert.True(AlkireFoster.Measure(FourEqual, ExampleUnits(), 0.75).H <= baseline.H);
    }

    [Fact]
    public void No_poverty_gives_zero_everywhere_and_bad_input_is_refused()
    {
        var r = AlkireFoster.Measure(FourEqual, [new([false, false, false, false])], 0.5);
        Assert.Equal((0.0, 0.0, 0.0), (r.H, r.A, r.M0));
        Assert.All(r.ByIndicator, c => Assert.Equal(0, c.Contribution));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlkireFoster.Measure(FourEqual, ExampleUnits(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlkireFoster.Measure(FourEqual, ExampleUnits(), 1.5));
        Assert.Throws<ArgumentException>(() => AlkireFoster.Measure(FourEqual, [new([true, false])], 0.5));
        Assert.Throws<ArgumentException>(() => AlkireFoster.Measure([FourEqual[0] with { Weight = 0 }], [new([true])], 0.5));
        Assert.Throws<ArgumentException>(() => AlkireFoster.Measure(FourEqual, [], 0.5));
        Assert.Throws<ArgumentException>(() => AlkireFoster.DeprivationMatrix([[1.0, 2]], Cutoffs));
    }
}
