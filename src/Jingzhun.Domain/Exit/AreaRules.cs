using System.Globalization;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Exit;

/// <summary>What a village or county exit is decided on: counts at a date, and for a county the assessment's rates.</summary>
public sealed record AreaFigures(string RegionCode, string Name, bool Western, int PoorPeople, int RuralPopulation,
    decimal? WrongExitRate = null, decimal? MissedRate = null, decimal? Recognition = null)
{
    public decimal Incidence => RuralPopulation > 0 ? (decimal)PoorPeople / RuralPopulation : 0m;
}

/// <summary>
/// The special assessment's computed rates of a county (never typed in): each with its interval at
/// <paramref name="Confidence"/>; null where the assessment recorded no form of that kind.
/// </summary>
public sealed record CountyAssessment(RateEstimate? WrongExit, RateEstimate? Missed, RateEstimate? Recognition, decimal Confidence);

/// <summary>Village exit (002:2659) and county exit (002:2661): incidence below 2%, 3% in the west; counties also pass the third-party check.</summary>
public static class AreaRules
{
    public const string VillageExitRule = "village-exit";
    public const string CountyExitRule = "county-exit";
    public const string CountyProposalRule = "county-exit-proposal";

    public static Decision EvaluateVillageExit(AreaFigures village, RuleSet rules) =>
        new(VillageExitRule, rules.Label, rules.Year, IncidenceBelow(village, rules) is var c && c.Passed, [c]);

    /// <summary>
    /// Whether a county may apply to exit (申请摘帽): on incidence alone. The third-party rates come later, from the
    /// national special assessment, and are judged when the nation approves the exit (<see cref="EvaluateCountyExit"/>).
    /// </summary>
    public static Decision EvaluateCountyProposal(AreaFigures county, RuleSet rules) =>
        new(CountyProposalRule, rules.Label, rules.Year, IncidenceBelow(county, rules) is var c && c.Passed, [c]);

    /// <summary>
    /// The county's exit after the special assessment: incidence and the three rates. With <paramref name="assessment"/> the
    /// rates are its computed estimates and each criterion's text carries the interval and the sample; the point estimate
    /// is what is judged against the limit.
    /// </summary>
    public static Decision EvaluateCountyExit(AreaFigures county, RuleSet rules, CountyAssessment? assessment = null)
    {
        var criteria = new List<Criterion> { IncidenceBelow(county, rules) };
        if (assessment is null)
        {
            criteria.Add(Rate("wrong-exit", "错退率", "Wrong-exit rate", county.WrongExitRate, rules.MaxWrongExitRate, below: true));
            criteria.Add(Rate("missed", "漏评率", "Missed-identification rate", county.MissedRate, rules.MaxMissedRate, below: true));
            criteria.Add(Rate("recognition", "群众认可度", "Public recognition", county.Recognition, rules.MinRecognition, below: false));
        }
        else
        {
            criteria.Add(Estimated("wrong-exit", "错退率", "Wrong-exit rate", assessment.WrongExit, assessment.Confidence, rules.MaxWrongExitRate, below: true));
            criteria.Add(Estimated("missed", "漏评率", "Missed-identification rate", assessment.Missed, assessment.Confidence, rules.MaxMissedRate, below: true));
            criteria.Add(Estimated("recognition", "群众认可度", "Public recognition", assessment.Recognition, assessment.Confidence, rules.MinRecognition, below: false));
        }
        return new Decision(CountyExitRule, rules.Label, rules.Year, criteria.All(c => c.Passed), criteria);
    }

    /// <summary>E.g. "错退率1.20%（95%置信区间0.40%–2.00%，样本312户），要求&lt;2.00%".</summary>
    private static Criterion Estimated(string code, string zh, string en, RateEstimate? estimate, decimal confidence, decimal limit, bool below)
    {
        if (estimate is null) return Rate(code, zh, en, null, limit, below);
        var passed = below ? estimate.Rate < limit : estimate.Rate >= limit;
        var op = below ? "<" : "≥";
        var level = (confidence * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
        var interval = $"{Percent(estimate.Low)}–{Percent(estimate.High)}";
        return new Criterion(code,
            $"{zh}{Percent(estimate.Rate)}（{level}置信区间{interval}，样本{estimate.Households}户），要求{op}{Percent(limit)}",
            $"{en} {Percent(estimate.Rate)} ({level} confidence interval {interval}, sample of {estimate.Households} households), required {op} {Percent(limit)}",
            Percent(estimate.Rate), $"{op} {Percent(limit)}", passed, "国家专项评估检查，按抽样设计计算 / national special assessment, computed by the sample design");
    }

    private static Criterion IncidenceBelow(AreaFigures area, RuleSet rules)
    {
        var threshold = rules.ExitIncidenceFor(area.Western);
        var passed = area.Incidence < threshold;
        var where = area.Western ? "西部地区" : "非西部地区";
        return new Criterion("incidence",
            $"贫困发生率{Percent(area.Incidence)}（{area.PoorPeople}/{area.RuralPopulation}），{(passed ? "低于" : "不低于")}{where}标准{Percent(threshold)}",
            $"Incidence {Percent(area.Incidence)} ({area.PoorPeople}/{area.RuralPopulation}) is {(passed ? "below" : "not below")} the {(area.Western ? "western" : "non-western")} threshold of {Percent(threshold)}",
            Percent(area.Incidence), $"< {Percent(threshold)}", passed, "建档立卡人口 ÷ 农村户籍人口 / registered poor ÷ rural population");
    }

    private static Criterion Rate(string code, string zh, string en, decimal? value, decimal limit, bool below)
    {
        var passed = value is { } v && (below ? v < limit : v >= limit);
        var op = below ? "<" : "≥";
        return new Criterion(code, $"{zh}{(value is null ? "尚无评估结果" : Percent(value.Value))}，要求{op}{Percent(limit)}",
            $"{en} {(value is null ? "not yet assessed" : Percent(value.Value))}, required {op} {Percent(limit)}",
            value is null ? "—" : Percent(value.Value), $"{op} {Percent(limit)}", passed, "第三方评估 / third-party assessment");
    }

    private static string Percent(decimal share) => (share * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
