using System.Globalization;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Exit;

/// <summary>What a village or county exit is decided on: counts at a date, and for a county the assessment's rates.</summary>
public sealed record AreaFigures(string RegionCode, string Name, bool Western, int PoorPeople, int RuralPopulation,
    decimal? WrongExitRate = null, decimal? MissedRate = null, decimal? Recognition = null)
{
    public decimal Incidence => RuralPopulation > 0 ? (decimal)PoorPeople / RuralPopulation : 0m;
}

/// <summary>Village exit (002:2659) and county exit (002:2661): incidence below 2%, 3% in the west; counties also pass the third-party check.</summary>
public static class AreaRules
{
    public const string VillageExitRule = "village-exit";
    public const string CountyExitRule = "county-exit";

    public static Decision EvaluateVillageExit(AreaFigures village, RuleSet rules) =>
        new(VillageExitRule, rules.Label, rules.Year, IncidenceBelow(village, rules) is var c && c.Passed, [c]);

    public static Decision EvaluateCountyExit(AreaFigures county, RuleSet rules)
    {
        var criteria = new List<Criterion> { IncidenceBelow(county, rules) };
        criteria.Add(Rate("wrong-exit", "错退率", "Wrong-exit rate", county.WrongExitRate, rules.MaxWrongExitRate, below: true));
        criteria.Add(Rate("missed", "漏评率", "Missed-identification rate", county.MissedRate, rules.MaxMissedRate, below: true));
        criteria.Add(Rate("recognition", "群众认可度", "Public recognition", county.Recognition, rules.MinRecognition, below: false));
        return new Decision(CountyExitRule, rules.Label, rules.Year, criteria.All(c => c.Passed), criteria);
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
