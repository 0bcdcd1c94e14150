using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Demo;

public sealed class DemoGeneratorTests
{
    private static readonly DemoGenerator Generator = new(new DemoOptions(3_000, Seed: 11));
    private static readonly List<Household> Registry = Generator.Households().ToList();

    [Fact]
    public void The_same_seed_gives_the_same_registry()
    {
        var again = new DemoGenerator(new DemoOptions(3_000, Seed: 11)).Households().ToList();
        Assert.Equal(Fingerprint(Registry), Fingerprint(again));
    }

    [Fact]
    public void Another_seed_gives_another_registry()
    {
        var other = new DemoGenerator(new DemoOptions(3_000, Seed: 12)).Households().ToList();
        Assert.NotEqual(Fingerprint(Registry), Fingerprint(other));
    }

    [Fact]
    public void Every_generated_household_and_member_passes_the_registry_rules()
    {
        var today = new DateOnly(2025, 12, 31);
        foreach (var h in Registry)
        {
            Assert.Empty(RegistryValidation.Household(h));
            Assert.Empty(RegistryValidation.Members(h.Members));
            foreach (var m in h.Members) Assert.Empty(RegistryValidation.Member(m, today));
            foreach (var i in h.Incomes) Assert.Empty(RegistryValidation.Income(i));
        }
    }

    [Fact]
    public void Households_ever_registered_poor_have_one_to_three_measures_of_distinct_types_in_their_poor_years()
    {
        var measures = Registry.ToDictionary(h => h, Generator.MeasuresOf);
        foreach (var h in Registry)
        {
            if (h.Status is HouseholdStatus.NotPoor or HouseholdStatus.Removed)
            {
                Assert.Empty(measures[h]);
                continue;
            }
            Assert.InRange(measures[h].Count, 1, 3);
            Assert.Equal(measures[h].Count, measures[h].Select(m => m.Type).Distinct().Count());
            Assert.All(measures[h], m => Assert.True(m.Year >= h.IdentifiedYear && m.Year <= 2025, $"{h.Number}: measure in {m.Year}"));
            Assert.All(measures[h], m => Assert.True(m.Funds is null || m.Funds.Value.Yuan > 0));
        }
        // Measures follow the causes: most households poor by illness get health assistance.
        var ill = Registry.Where(h => h.PrimaryCause == PovertyCause.Illness && measures[h].Count > 0).ToList();
        Assert.True(ill.Count(h => measures[h].Any(m => m.Type == Assistance.MeasureType.Health)) > ill.Count / 2);
    }

    [Fact]
    public void Exit_plans_are_near_the_exits_and_never_plan_fewer_people_than_households()
    {
        var generator = new DemoGenerator(new DemoOptions(3_000, Seed: 11));
        var exits = new Dictionary<(string, int), (int, int)> { [("990121000000", 2016)] = (300, 1000), [("990121001000", 2016)] = (40, 120) };

        var plans = generator.ExitPlans(exits);

        Assert.Equal(2, plans.Count);
        Assert.All(plans, p => Assert.InRange(p.PlannedHouseholds, (int)(0.9 * exits[(p.RegionCode, p.Year)].Item1) - 1, (int)(1.1 * exits[(p.RegionCode, p.Year)].Item1) + 1));
        Assert.All(plans, p => Assert.True(p.PlannedPeople >= p.PlannedHouseholds && p.Version == 1));
        Assert.Equal(plans.Select(p => p.PlannedPeople), generator.ExitPlans(exits).Select(p => p.PlannedPeople));
    }

    [Fact]
    public void Resident_ids_are_unique_across_the_county()
    {
        var ids = Registry.SelectMany(h => h.Members).Select(m => m.ResidentId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Cause_shares_come_close_to_the_national_registry()
    {
        // 002:722: illness 42.1%, lack of capital 35.5%, lack of skills 22.4%, lack of labour 16.8% (several causes per household).
        double Share(PovertyCause c) => Registry.Count(h => h.AllCauses.HasFlag(c)) / (double)Registry.Count;
        Assert.InRange(Share(PovertyCause.Illness), 0.37, 0.47);
        Assert.InRange(Share(PovertyCause.LackOfCapital), 0.30, 0.41);
        Assert.InRange(Share(PovertyCause.LackOfSkills), 0.18, 0.27);
        Assert.InRange(Share(PovertyCause.LackOfLabour), 0.13, 0.21);
    }

    [Fact]
    public void Poor_households_earn_around_the_line_and_exited_ones_above_it()
    {
        decimal PerCapita(Household h) => h.IncomeIn(2025)!.Value.PerCapitaNetIncome.Yuan;
        var poor = Registry.Where(h => h.Status is HouseholdStatus.Poor or HouseholdStatus.Returned).Select(PerCapita).ToList(); // all poor exited by 2020: the poor now returned after it
        var exited = Registry.Where(h => h.Status == HouseholdStatus.Exited).Select(PerCapita).ToList();
        Assert.NotEmpty(poor);
        Assert.All(poor, y => Assert.InRange(y, 2_000m, 5_000m));
        Assert.All(exited, y => Assert.True(y > 5_000m, $"{y}"));
    }

    [Fact]
    public void Children_of_compulsory_school_age_are_mostly_in_school()
    {
        var children = Registry.SelectMany(h => h.Members).Where(m => m.AgeOn(new DateOnly(2025, 12, 31)) is >= 7 and <= 15).ToList();
        Assert.NotEmpty(children);
        var inSchool = children.Count(m => m.Schooling == SchoolingStatus.Compulsory) / (double)children.Count;
        Assert.InRange(inSchool, 0.97, 1.0);
    }

    [Fact]
    public void Every_household_is_in_a_demo_village_and_keeps_a_status_history()
    {
        var villages = new DemoGenerator(new DemoOptions()).Regions().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToHashSet();
        Assert.All(Registry, h =>
        {
            Assert.Contains(h.VillageCode, villages);
            // A household never registered poor (marginal, at risk) has no status history, as one registered on the form.
            if (h.Status == HouseholdStatus.NotPoor) Assert.Empty(h.StatusHistory);
            else Assert.Equal(h.Status, h.StatusHistory[^1].To);
        });
    }

    private static string Fingerprint(IEnumerable<Household> households) => string.Join("|", households.Select(h =>
        $"{h.Number},{h.Status},{h.PrimaryCause},{string.Join(",", h.Members.Select(m => m.ResidentId + m.Name))},{h.Incomes[^1].Wages}"));
}
