using CsCheck;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Tests.Demo;

/// <summary>
/// The demo county's history follows a believable path (issue 18): incidence falling every year from a poor county's level
/// at registration to none at the end of 2020 (002:66, 002:187), exits spread over the years, few returns after 2020, and the
/// registered households' income rising as in the seeds (004:45). Read from the generated status histories and incomes.
/// </summary>
public sealed class DemoPathTests
{
    private static readonly DemoGenerator Generator = new(new DemoOptions());
    private static readonly List<Household> County = Generator.Households().ToList();

    private static HouseholdStatus StatusAt(Household h, int year) =>
        h.StatusHistory.Where(c => c.Year <= year).Select(c => (HouseholdStatus?)c.To).LastOrDefault() ?? HouseholdStatus.NotPoor;

    private static int People(Household h) => h.Members.Count(m => m.State == MemberState.Present);

    private static double Incidence(int year)
    {
        var rural = County.GroupBy(h => h.VillageCode).Sum(g => Generator.RuralPopulationOf(g.Key, g.Sum(People)));
        var poor = County.Where(h => StatusAt(h, year) is HouseholdStatus.Poor or HouseholdStatus.Returned).Sum(People);
        return poor / (double)rural;
    }

    [Fact]
    public void Incidence_starts_as_a_poor_countys_and_falls_every_year_to_none_at_the_end_of_2020()
    {
        var incidence = Enumerable.Range(2014, 7).Select(Incidence).ToList();

        Assert.InRange(incidence[0], 0.15, 0.20);
        for (var i = 1; i < incidence.Count; i++)
            Assert.True(incidence[i] < incidence[i - 1], $"{2014 + i}: {incidence[i]:P2} after {incidence[i - 1]:P2}");
        Assert.Equal(0, incidence[^1]);
        Assert.InRange(Incidence(2025), 0.0001, 0.01); // a few returned to poverty after 2020
    }

    [Fact]
    public void Exits_are_spread_over_2014_to_2020_with_most_in_2016_to_2019()
    {
        var exits = County.SelectMany(h => h.StatusHistory.Where(c => c.To == HouseholdStatus.Exited).Select(c => (c.Year, People: People(h))))
            .GroupBy(e => e.Year).ToDictionary(g => g.Key, g => g.Sum(e => e.People));
        var all = exits.Values.Sum();

        Assert.All(exits.Keys, y => Assert.InRange(y, 2014, 2020));
        Assert.All(exits, e => Assert.True(e.Value < 0.35 * all, $"{e.Key}: {e.Value} of {all}"));
        Assert.True(Enumerable.Range(2016, 4).Sum(y => exits.GetValueOrDefault(y)) > 0.6 * all);
    }

    [Fact]
    public void Look_back_changes_are_few_and_in_2015_and_2016_and_returns_come_after_2020()
    {
        var registered = County.Where(h => h.StatusHistory.Count > 0).ToList();
        var removals = registered.SelectMany(h => h.StatusHistory).Where(c => c.To == HouseholdStatus.Removed).ToList();
        var returns = registered.SelectMany(h => h.StatusHistory).Where(c => c.To == HouseholdStatus.Returned).ToList();

        Assert.All(removals, c => Assert.InRange(c.Year, 2015, 2016));
        Assert.InRange(removals.Count, 1, registered.Count / 30);
        Assert.True(registered.Count(h => h.IdentifiedYear > 2014) < registered.Count / 6);
        Assert.All(returns, c => Assert.InRange(c.Year, 2021, 2025));
        Assert.InRange(returns.Count, 1, registered.Count / 30);
    }

    [Fact]
    public void Registered_households_income_rises_every_year_as_in_the_seeds()
    {
        // 004:45: 3,033.84 yuan a head in 2015, 13,036.8 in 2020 (33.86% a year); slower after 2020.
        double Mean(int year)
        {
            var rows = County.Where(h => StatusAt(h, year) is HouseholdStatus.Poor or HouseholdStatus.Exited or HouseholdStatus.Returned)
                .Select(h => h.IncomeIn(year)!.Value).ToList();
            return (double)(rows.Sum(i => i.NetIncome.Yuan) / rows.Sum(i => i.MembersCounted));
        }
        var means = Enumerable.Range(2015, 11).Select(Mean).ToList();
        TestContext.Current.SendDiagnosticMessage(string.Join(", ", means.Select(m => m.ToString("0"))));

        Assert.InRange(means[0], 2_600, 3_500);
        Assert.True(means[5] is > 11_500 and < 14_500, string.Join(", ", means.Select(m => m.ToString("0"))));
        for (var i = 1; i < means.Count; i++) Assert.True(means[i] > means[i - 1], $"{2015 + i}: {means[i]:0} after {means[i - 1]:0}");
        Assert.True(means[10] / means[5] < means[5] / means[0]); // the growth slows after 2020
    }

    [Fact]
    public void Every_seed_gives_histories_in_order_and_incomes_on_the_right_side_of_each_years_line()
    {
        Gen.Int[1, 100_000].Sample(seed =>
        {
            foreach (var h in new DemoGenerator(new DemoOptions(300, seed)).Households())
            {
                var years = h.StatusHistory.Select(c => c.Year).ToList();
                Assert.Equal(years.Order(), years);
                Assert.All(h.StatusHistory.Where(c => c.To == HouseholdStatus.Exited), c => Assert.InRange(c.Year, h.IdentifiedYear, 2020));
                if (h.StatusHistory.Count > 0) Assert.Equal(h.Status, h.StatusHistory[^1].To);
                foreach (var income in h.Incomes)
                {
                    var line = PovertyLines.NationalRuleSet(income.Year).PovertyLine;
                    var perCapita = income.ToIncomeYear().PerCapitaNetIncome.Yuan;
                    var status = StatusAt(h, income.Year);
                    if (status is HouseholdStatus.Poor or HouseholdStatus.Returned) Assert.True(perCapita < line, $"{h.Number} {income.Year}: {perCapita} poor");
                    else if (status == HouseholdStatus.Exited) Assert.True(perCapita > line, $"{h.Number} {income.Year}: {perCapita} exited");
                }
            }
        }, iter: 20);
    }
}
