using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Monitoring;

/// <summary>What an on-site assessment found (实地核查评估), before the rule weighs it.</summary>
public sealed record AssessmentFindings(Money IncomePerCapita, bool IncomeStable, bool FoodAndClothing, bool CompulsoryEducation,
    bool BasicMedical, bool SafeHousing, bool SafeWater);

/// <summary>Where a new signal goes.</summary>
public enum SignalRoute
{
    /// <summary>An exclusion check: flagged for review, never monitoring work.</summary>
    [Label("待核实（排除项）", "Flagged for review")] FlagForReview,
    /// <summary>The household's open monitoring case takes it as more evidence.</summary>
    [Label("并入进行中的案件", "Joins the open case")] JoinOpenCase,
    /// <summary>The household is monitored already: kept as new evidence.</summary>
    [Label("已在监测中", "Already monitored")] AlreadyMonitored,
    /// <summary>A household registered poor (or removed) is not monitored.</summary>
    [Label("不纳入监测", "Not monitored")] NotMonitored,
    /// <summary>A new monitoring case opens; its clock starts with the signal.</summary>
    [Label("新立监测案件", "Opens a monitoring case")] OpenCase,
}

/// <summary>
/// The monitoring rules (DESIGN §3 and §4, 003.md §3.8): which risk class a type carries, the decision clock, and when
/// a risk counts as eliminated — income stably above the monitoring line and every guarantee holding.
/// </summary>
public static class MonitoringRules
{
    /// <summary>The risk class that goes with each type (Nagqu's figures map them one to one, 003.md line 516).</summary>
    public static RiskClass RiskClassOf(MonitoringCategory type) => type switch
    {
        MonitoringCategory.UnstableExited => RiskClass.ReturnRisk,
        MonitoringCategory.Marginal => RiskClass.EntryRisk,
        MonitoringCategory.SuddenHardship => RiskClass.SuddenHardship,
        _ => throw new ArgumentOutOfRangeException(nameof(type), "a monitored object has a type"),
    };

    /// <summary>The type a household's registry status suggests: an exited household is unstable, any other marginal.</summary>
    public static MonitoringCategory SuggestedType(HouseholdStatus status, RiskKind kind) =>
        status is HouseholdStatus.Exited or HouseholdStatus.Returned ? MonitoringCategory.UnstableExited
        : kind is RiskKind.MedicalExpense or RiskKind.Disaster or RiskKind.Disability ? MonitoringCategory.SuddenHardship
        : MonitoringCategory.Marginal;

    /// <summary>Whether a household may be monitored at all: a household registered poor is assisted as poor, and a removed one is out.</summary>
    public static bool MayBeMonitored(HouseholdStatus status) => status is not (HouseholdStatus.Poor or HouseholdStatus.Removed);

    /// <summary>Where a signal goes, given what the household has open: every channel routes the same way.</summary>
    public static SignalRoute Route(RiskKind kind, bool hasOpenCase, bool isMonitored, HouseholdStatus status) =>
        kind.IsExclusion() ? SignalRoute.FlagForReview
        : hasOpenCase ? SignalRoute.JoinOpenCase
        : isMonitored ? SignalRoute.AlreadyMonitored
        : !MayBeMonitored(status) ? SignalRoute.NotMonitored
        : SignalRoute.OpenCase;

    /// <summary>When a signal that arrived at <paramref name="signalAt"/> must be decided.</summary>
    public static DateTime DecisionDue(DateTime signalAt, RuleSet rules) => signalAt.AddDays(rules.MonitoringDecisionDays);

    public static bool IsOverdue(DateTime signalAt, DateTime now, RuleSet rules) => now > DecisionDue(signalAt, rules);

    /// <summary>Whole days from signal to decision (or to now, while open).</summary>
    public static int DaysOpen(DateTime signalAt, DateTime until) => (int)Math.Floor((until - signalAt).TotalDays);

    /// <summary>The rule for risk elimination, with the reasons it fails in both languages.</summary>
    public static (bool Passed, IReadOnlyList<Bilingual> Reasons) Assess(AssessmentFindings f, RuleSet rules)
    {
        var line = new Money(rules.MonitoringLine);
        var reasons = new List<Bilingual>();
        if (f.IncomePerCapita < line)
            reasons.Add(new($"人均纯收入{f.IncomePerCapita}元低于监测线{line}元", $"per-capita income {f.IncomePerCapita} is below the monitoring line {line}"));
        if (!f.IncomeStable) reasons.Add(new("收入不稳定", "income is not stable"));
        if (!f.FoodAndClothing) reasons.Add(new("吃穿未保障", "food and clothing not assured"));
        if (!f.CompulsoryEducation) reasons.Add(new("义务教育未保障", "compulsory education not guaranteed"));
        if (!f.BasicMedical) reasons.Add(new("基本医疗未保障", "basic medical care not guaranteed"));
        if (!f.SafeHousing) reasons.Add(new("住房安全未保障", "housing not safe"));
        if (!f.SafeWater) reasons.Add(new("饮水安全未保障", "drinking water not safe"));
        return (reasons.Count == 0, reasons);
    }

    /// <summary>Whether a household's per-capita income would put it under watch at a monitoring line (the what-if).</summary>
    public static bool BelowLine(Money perCapitaIncome, decimal line) => perCapitaIncome.Yuan < line;
}

/// <summary>
/// Households and people of monitored objects at a date, by type and by risk class: monitored = eliminated + continuing,
/// by construction (each object counts in exactly one of the two, and only once recognised).
/// </summary>
public sealed class MonitoringTally
{
    public sealed record Line(int Households, int People)
    {
        public static readonly Line Zero = new(0, 0);
        public Line Plus(int people) => new(Households + 1, People + people);
    }

    private readonly Dictionary<(MonitoringCategory, bool Eliminated), Line> byType = [];
    private readonly Dictionary<(RiskClass, bool Eliminated), Line> byClass = [];

    /// <summary>Counts an object as it stood at <paramref name="asOf"/>: not yet recognised is not counted.</summary>
    public void Add(MonitoringCategory type, RiskClass riskClass, int people, DateTime recognisedAt, DateTime? eliminatedAt, DateTime asOf)
    {
        if (recognisedAt > asOf) return;
        var eliminated = eliminatedAt is { } e && e <= asOf;
        byType[(type, eliminated)] = Get(byType, (type, eliminated)).Plus(people);
        byClass[(riskClass, eliminated)] = Get(byClass, (riskClass, eliminated)).Plus(people);
    }

    /// <summary>
    /// Counts a group of objects already counted by the database (GROUP BY type, class and eliminated-by-date): the
    /// ledger's set-based path, equal to adding each object with <see cref="Add(MonitoringCategory, RiskClass, int, DateTime, DateTime?, DateTime)"/>.
    /// </summary>
    public void Add(MonitoringCategory type, RiskClass riskClass, bool eliminated, int households, int people)
    {
        if (households == 0 && people == 0) return;
        byType[(type, eliminated)] = Sum(Get(byType, (type, eliminated)), new Line(households, people));
        byClass[(riskClass, eliminated)] = Sum(Get(byClass, (riskClass, eliminated)), new Line(households, people));
    }

    public Line Eliminated(MonitoringCategory type) => Get(byType, (type, true));
    public Line Continuing(MonitoringCategory type) => Get(byType, (type, false));
    public Line Monitored(MonitoringCategory type) => Sum(Eliminated(type), Continuing(type));
    public Line Eliminated(RiskClass riskClass) => Get(byClass, (riskClass, true));
    public Line Continuing(RiskClass riskClass) => Get(byClass, (riskClass, false));
    public Line Monitored(RiskClass riskClass) => Sum(Eliminated(riskClass), Continuing(riskClass));

    public Line TotalMonitored => Types.Select(Monitored).Aggregate(Line.Zero, Sum);
    public Line TotalEliminated => Types.Select(Eliminated).Aggregate(Line.Zero, Sum);
    public Line TotalContinuing => Types.Select(Continuing).Aggregate(Line.Zero, Sum);

    public static readonly MonitoringCategory[] Types = [MonitoringCategory.UnstableExited, MonitoringCategory.Marginal, MonitoringCategory.SuddenHardship];
    public static readonly RiskClass[] Classes = [RiskClass.ReturnRisk, RiskClass.EntryRisk, RiskClass.SuddenHardship];

    private static Line Sum(Line a, Line b) => new(a.Households + b.Households, a.People + b.People);
    private static Line Get<TKey>(Dictionary<TKey, Line> d, TKey key) where TKey : notnull => d.TryGetValue(key, out var l) ? l : Line.Zero;
}

/// <summary>
/// Collect once: the verification form's values that the household's signals already hold. A field the evidence holds
/// is filled in; what the visitor then types (a changed or a new value) is counted.
/// </summary>
public sealed record HomeVisitValues(Money? ExpectedIncomePerCapita, Money? MedicalExpenses, Money? DisasterLoss, bool NewDisability,
    bool OnDibao, bool Unemployed, bool ChildOutOfSchool, bool HousingUnsafe)
{
    public static readonly HomeVisitValues Empty = new(null, null, null, false, false, false, false, false);

    /// <summary>The form as the household's signals fill it, and how many of its fields they filled.</summary>
    public static (HomeVisitValues Values, int Prefilled) FromSignals(IEnumerable<(RiskKind Kind, Money? Amount)> signals)
    {
        var v = Empty;
        foreach (var (kind, amount) in signals)
            v = kind switch
            {
                RiskKind.MedicalExpense when amount is { } a => v with { MedicalExpenses = (v.MedicalExpenses ?? Money.Zero) + a },
                RiskKind.Disaster when amount is { } a => v with { DisasterLoss = (v.DisasterLoss ?? Money.Zero) + a },
                RiskKind.Disability => v with { NewDisability = true },
                RiskKind.Dibao or RiskKind.Tekun => v with { OnDibao = true },
                RiskKind.Unemployment => v with { Unemployed = true },
                RiskKind.DropOut => v with { ChildOutOfSchool = true },
                RiskKind.HousingSafety => v with { HousingUnsafe = true },
                _ => v,
            };
        return (v, v.Filled().Count(f => f));
    }

    /// <summary>How many fields of <paramref name="submitted"/> the visitor typed: those that differ from this prefilled form.</summary>
    public int TypedIn(HomeVisitValues submitted) => Fields(this).Zip(Fields(submitted)).Count(p => !Equals(p.First, p.Second));

    private IEnumerable<bool> Filled() => Fields(this).Zip(Fields(Empty)).Select(p => !Equals(p.First, p.Second));

    private static object?[] Fields(HomeVisitValues v) =>
        [v.ExpectedIncomePerCapita, v.MedicalExpenses, v.DisasterLoss, v.NewDisability, v.OnDibao, v.Unemployed, v.ChildOutOfSchool, v.HousingUnsafe];
}
