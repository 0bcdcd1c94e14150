using CsCheck;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Tests.Monitoring;

/// <summary>The monitoring rules: the elimination test, the decision clock, the tally's arithmetic and the collect-once count.</summary>
public sealed class MonitoringRuleTests
{
    private static readonly RuleSet Rules = new() { Year = 2025, PovertyLine = 4_000m, PovertyLineSource = "test" };

    private static readonly Gen<AssessmentFindings> Findings =
        Gen.Select(Gen.Int[0, 20_000], Gen.Bool.Array[6]).Select((income, b) =>
            new AssessmentFindings(new Money(income), b[0], b[1], b[2], b[3], b[4], b[5]));

    [Fact]
    public void The_monitoring_line_is_the_poverty_line_times_the_factor_and_its_source_is_stated()
    {
        Assert.Equal(6_000m, Rules.MonitoringLine);
        Assert.Equal(8_000m, (Rules with { MonitoringLineFactor = 2m }).MonitoringLine);
        Assert.False(string.IsNullOrWhiteSpace(Rules.MonitoringLineSource));
    }

    [Fact]
    public void A_risk_is_eliminated_exactly_when_income_is_at_least_the_line_and_stable_and_every_guarantee_holds() =>
        Findings.Sample(f =>
        {
            var (passed, reasons) = MonitoringRules.Assess(f, Rules);
            var expected = f.IncomePerCapita.Yuan >= 6_000m && f.IncomeStable && f.FoodAndClothing && f.CompulsoryEducation
                           && f.BasicMedical && f.SafeHousing && f.SafeWater;
            // One reason per failed check, each in both languages.
            var failed = new[] { f.IncomePerCapita.Yuan < 6_000m, !f.IncomeStable, !f.FoodAndClothing, !f.CompulsoryEducation, !f.BasicMedical, !f.SafeHousing, !f.SafeWater }.Count(x => x);
            return passed == expected && reasons.Count == failed && reasons.All(r => r.Chinese.Length > 0 && r.English.Length > 0);
        });

    [Fact]
    public void A_signal_is_overdue_only_after_fifteen_days()
    {
        var at = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        Assert.Equal(at.AddDays(15), MonitoringRules.DecisionDue(at, Rules));
        Assert.False(MonitoringRules.IsOverdue(at, at.AddDays(15), Rules));
        Assert.True(MonitoringRules.IsOverdue(at, at.AddDays(15).AddMinutes(1), Rules));
        Assert.Equal(3, MonitoringRules.DaysOpen(at, at.AddDays(3.5)));
    }

    [Fact]
    public void Each_type_carries_its_risk_class()
    {
        Assert.Equal(RiskClass.ReturnRisk, MonitoringRules.RiskClassOf(MonitoringCategory.UnstableExited));
        Assert.Equal(RiskClass.EntryRisk, MonitoringRules.RiskClassOf(MonitoringCategory.Marginal));
        Assert.Equal(RiskClass.SuddenHardship, MonitoringRules.RiskClassOf(MonitoringCategory.SuddenHardship));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonitoringRules.RiskClassOf(MonitoringCategory.None));
        Assert.False(MonitoringRules.MayBeMonitored(HouseholdStatus.Poor));
        Assert.True(MonitoringRules.MayBeMonitored(HouseholdStatus.Exited));
        Assert.True(MonitoringRules.MayBeMonitored(HouseholdStatus.NotPoor));
    }

    [Fact]
    public void Every_signal_goes_one_way_exclusions_to_review_then_the_open_case_then_the_monitored_household_then_a_new_case()
    {
        foreach (var kind in Enum.GetValues<RiskKind>())
        foreach (var open in new[] { false, true })
        foreach (var monitored in new[] { false, true })
        foreach (var status in Enum.GetValues<HouseholdStatus>())
        {
            var expected = kind.IsExclusion() ? SignalRoute.FlagForReview
                : open ? SignalRoute.JoinOpenCase
                : monitored ? SignalRoute.AlreadyMonitored
                : status is HouseholdStatus.Poor or HouseholdStatus.Removed ? SignalRoute.NotMonitored
                : SignalRoute.OpenCase;
            Assert.Equal(expected, MonitoringRules.Route(kind, open, monitored, status));
        }
    }

    private static readonly DateTime Start = new(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly Gen<(int Type, int People, int Recognised, int? Eliminated)> Objects =
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 9], Gen.Int[0, 1800], Gen.Int[0, 900].Nullable())
            .Select((t, p, r, e) => (t, p, r, e is { } d ? r + d : (int?)null));

    [Fact]
    public void At_every_date_monitored_equals_eliminated_plus_continuing_by_type_by_class_and_in_total() =>
        Gen.Select(Objects.Array[0, 60], Gen.Int[0, 2800]).Sample((objects, day) =>
        {
            var tally = new MonitoringTally();
            var asOf = Start.AddDays(day);
            foreach (var o in objects)
            {
                var type = (MonitoringCategory)o.Type;
                tally.Add(type, MonitoringRules.RiskClassOf(type), o.People, Start.AddDays(o.Recognised), o.Eliminated is { } e ? Start.AddDays(e) : null, asOf);
            }
            var counted = objects.Where(o => Start.AddDays(o.Recognised) <= asOf).ToList();
            var eliminated = counted.Count(o => o.Eliminated is { } e && Start.AddDays(e) <= asOf);
            return tally.TotalMonitored.Households == counted.Count
                && tally.TotalMonitored.People == counted.Sum(o => o.People)
                && tally.TotalEliminated.Households == eliminated
                && tally.TotalEliminated.Households + tally.TotalContinuing.Households == tally.TotalMonitored.Households
                && MonitoringTally.Types.All(t => tally.Monitored(t) == new MonitoringTally.Line(
                       tally.Eliminated(t).Households + tally.Continuing(t).Households, tally.Eliminated(t).People + tally.Continuing(t).People))
                && MonitoringTally.Types.All(t => tally.Monitored(t) == tally.Monitored(MonitoringRules.RiskClassOf(t)));
        });

    private static readonly RiskKind[] Kinds = Enum.GetValues<RiskKind>();

    [Fact]
    public void What_the_signals_hold_is_filled_in_and_only_what_the_visitor_changes_counts_as_typed() =>
        Gen.Select(Gen.Int[0, Kinds.Length - 1].Array[0, 6], Gen.Int[0, 50_000].Array[6]).Sample((kinds, amounts) =>
        {
            var signals = kinds.Select((k, i) => (Kinds[k], (Money?)new Money(amounts[i]))).ToList();
            var (values, prefilled) = HomeVisitValues.FromSignals(signals);
            // Accepting the form as filled in types nothing; filling in the expected income types one field.
            return values.TypedIn(values) == 0
                && values.TypedIn(values with { ExpectedIncomePerCapita = new Money(3_000m) }) == 1
                && prefilled == HomeVisitValues.Empty.TypedIn(values)
                && (values.OnDibao == signals.Any(s => s.Item1 is RiskKind.Dibao or RiskKind.Tekun))
                && (values.MedicalExpenses?.Yuan ?? 0) == signals.Where(s => s.Item1 == RiskKind.MedicalExpense).Sum(s => s.Item2!.Value.Yuan);
        });
}
