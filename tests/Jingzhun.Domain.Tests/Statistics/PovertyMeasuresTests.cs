using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Domain.Tests.Exit;


namespace Jingzhun.Domain.Tests.Statistics;

public sealed class PovertyMeasuresTests
{
    // Haughton, J. and Khandker, S. R. (2009), Handbook on Poverty and Inequality, World Bank,
    // chapter 4 "Measures of Poverty": the tables "Calculating the Poverty Gap Index" (p. 70,
    // eq. 4.4) and "Calculating the ... Squared Poverty Gap Index" (p. 72) use the expenditures
    // of country C, 100, 110, 150, 160, with a poverty line of 125, and print
    //   gaps G_i/z = 0.20, 0.12, 0, 0 and P1 = 0.08 [= 0.32/4];
    //   (G_i/z)^2  = 0.04, 0.0144, 0, 0 and P2 = 0.0136 [= 0.0544/4].
    // Two of the four are below the line, so P0 = 2/4 = 0.5.
    private static readonly double[] CountryC = [100, 110, 150, 160];
    private const double HandbookLine = 125;

    [Fact]
    public void Reproduces_the_World_Bank_handbook_example_to_its_printed_precision()
    {
        Assert.Equal(0.5, Math.Round(PovertyMeasures.Fgt(CountryC, HandbookLine, 0), 4));
        Assert.Equal(0.08, Math.Round(PovertyMeasures.Fgt(CountryC, HandbookLine, 1), 4));
        Assert.Equal(0.0136, Math.Round(PovertyMeasures.Fgt(CountryC, HandbookLine, 2), 4));
    }

    [Fact]
    public void Watts_index_of_the_handbook_example_matches_the_hand_computation()
    {
        // Not printed in the handbook; computed by hand:
        // W = (ln(125/100) + ln(125/110)) / 4 = (0.2231436 + 0.1278334) / 4 = 0.0877442.
        Assert.Equal(0.0877442, Math.Round(PovertyMeasures.Watts(CountryC, HandbookLine), 7));
    }

    [Fact]
    public void Summary_carries_all_four_measures_and_the_counts()
    {
        var s = PovertyMeasures.Summarize(CountryC.Select(y => new IncomeObservation(y)), HandbookLine);
        Assert.Equal((4.0, 2.0), (s.Population, s.PoorPopulation));
        Assert.Equal((0.5, 0.08, 0.0136, 0.0877), (Math.Round(s.Headcount, 4), Math.Round(s.Gap, 4), Math.Round(s.Severity, 4), Math.Round(s.Watts, 4)));
        Assert.Equal(0.0, s.WattsExcludedPopulation);
    }

    [Fact]
    public void People_weights_count_a_household_once_per_member()
    {
        // A household of 3 at 100 and one of 1 at 150: 3 of 4 people are poor, not 1 of 2 households.
        IncomeObservation[] weighted = [new(100, 3), new(150, 1)];
        double[] expanded = [100, 100, 100, 150];
        foreach (var alpha in new[] { 0.0, 1, 2, 0.5, 3 })
            Assert.Equal(PovertyMeasures.Fgt(expanded, HandbookLine, alpha), PovertyMeasures.Fgt(weighted, HandbookLine, alpha), 12);
        Assert.Equal(0.75, PovertyMeasures.Headcount(weighted, HandbookLine));
        Assert.Equal(weighted[0], IncomeObservation.OfHousehold(100m, 3));
        Assert.Equal(PovertyMeasures.Watts(expanded, HandbookLine), PovertyMeasures.Watts(weighted, HandbookLine), 12);
    }

    [Fact]
    public void Income_at_the_line_is_not_poor()
    {
        double[] incomes = [125, 125, 124, 200];
        Assert.Equal(0.25, PovertyMeasures.Fgt(incomes, 125, 0));
        Assert.Equal(0.25 * (1.0 / 125), PovertyMeasures.Fgt(incomes, 125, 1), 12);
        Assert.Equal(0.25 * Math.Log(125.0 / 124), PovertyMeasures.Watts(incomes, 125), 12);
    }

    [Fact]
    public void P0_is_at_least_P1_which_is_at_least_P2_for_incomes_between_zero_and_the_line()
    {
        var random = new Random(20201231);
        for (var trial = 0; trial < 200; trial++)
        {
            var data = Enumerable.Range(0, 1 + random.Next(30))
                .Select(_ => new IncomeObservation(random.NextDouble() * 4000, 1 + random.Next(6))).ToList();
            var (p0, p1, p2) = (PovertyMeasures.Headcount(data, 4000), PovertyMeasures.Gap(data, 4000), PovertyMeasures.Severity(data, 4000));
            Assert.True(p0 >= p1 && p1 >= p2 && p2 >= 0, $"trial {trial}: P0={p0} P1={p1} P2={p2}");
        }
    }

    [Fact]
    public void Subgroup_contributions_weighted_by_population_share_add_up_to_the_total()
    {
        var random = new Random(7);
        var data = Enumerable.Range(0, 60)
            .Select(i => (Group: "village-" + (i % 4), Observation: new IncomeObservation(random.NextDouble() * 6000, 1 + random.Next(5)))).ToList();
        foreach (var alpha in new[] { 0.0, 1, 2 })
        {
            var parts = PovertyMeasures.DecomposeFgt(data, 4000, alpha);
            Assert.Equal(4, parts.Count);
            Assert.Equal(1.0, parts.Sum(p => p.PopulationShare), 12);
            Assert.Equal(PovertyMeasures.Fgt(data.Select(d => d.Observation), 4000, alpha), parts.Sum(p => p.Contribution), 12);
        }
    }

    [Fact]
    public void A_poorer_poor_person_raises_gap_severity_and_Watts_but_not_the_headcount()
    {
        double[] before = [100, 110, 150, 160];
        double[] after = [90, 110, 150, 160];
        Assert.Equal(PovertyMeasures.Fgt(before, 125, 0), PovertyMeasures.Fgt(after, 125, 0));
        Assert.True(PovertyMeasures.Fgt(after, 125, 1) > PovertyMeasures.Fgt(before, 125, 1));
        Assert.True(PovertyMeasures.Fgt(after, 125, 2) > PovertyMeasures.Fgt(before, 125, 2));
        Assert.True(PovertyMeasures.Watts(after, 125) > PovertyMeasures.Watts(before, 125));
        // A richer non-poor person changes nothing.
        Assert.Equal(PovertyMeasures.Fgt(before, 125, 2), PovertyMeasures.Fgt([100, 110, 150, 999], 125, 2));
    }

    [Fact]
    public void Severity_rises_with_a_regressive_transfer_among_the_poor_while_the_gap_does_not()
    {
        // 10 yuan from the person at 110 to the person at 100 and back: P1 is blind to it, P2 is not.
        double[] equal = [105, 105, 150, 160];
        Assert.Equal(PovertyMeasures.Fgt(CountryC, 125, 1), PovertyMeasures.Fgt(equal, 125, 1), 12);
        Assert.True(PovertyMeasures.Fgt(CountryC, 125, 2) > PovertyMeasures.Fgt(equal, 125, 2));
    }

    [Fact]
    public void Watts_excludes_non_positive_incomes_by_default_and_caps_them_when_given_a_floor()
    {
        IncomeObservation[] data = [new(0, 2), new(-50, 1), new(100, 1), new(200, 1)];
        var summary = PovertyMeasures.Summarize(data, 125);
        Assert.Equal(3.0, summary.WattsExcludedPopulation);
        Assert.Equal(Math.Log(1.25) / 2, summary.Watts, 12);   // only the two positive incomes remain
        Assert.Equal(0.8, summary.Headcount, 12);              // FGT keeps everyone
        var capped = PovertyMeasures.Watts(data, 125, floor: 1);
        Assert.Equal((3 * Math.Log(125) + Math.Log(1.25)) / 5, capped, 12);
    }

    [Fact]
    public void Invalid_input_is_refused_rather_than_turned_into_NaN()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PovertyMeasures.Fgt(CountryC, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PovertyMeasures.Fgt(CountryC, 125, -1));
        Assert.Throws<ArgumentException>(() => PovertyMeasures.Fgt(Array.Empty<double>(), 125, 0));
        Assert.Throws<ArgumentException>(() => PovertyMeasures.Fgt([new IncomeObservation(100, -1)], 125, 0));
        Assert.Throws<ArgumentException>(() => PovertyMeasures.Fgt([double.NaN], 125, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PovertyMeasures.Watts(CountryC, 125, floor: 200));
    }
}
