using System.Globalization;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.PoorAreas;

/// <summary>
/// What a village's identification as a poor village is decided on: its incidence from the registry against the
/// province's, and the per-capita net income and collective income the village's application declares.
/// </summary>
public sealed record VillageFigures(string RegionCode, string Name, int PoorPeople, int RuralPopulation, decimal ProvincialIncidence,
    decimal? PerCapitaIncome, decimal? CollectiveIncome)
{
    public decimal Incidence => RuralPopulation > 0 ? (decimal)PoorPeople / RuralPopulation : 0m;
}

/// <summary>
/// Poor-village identification, "一高一低一无" (DESIGN §3, 002:816): incidence at least the rule's multiple of the
/// province's, per-capita net income below the rule's share of the provincial average, and no collective income.
/// </summary>
public static class PoorVillageRules
{
    public const string Rule = "poor-village";

    public static Decision Evaluate(VillageFigures village, RuleSet rules)
    {
        var source = rules.PoorVillageRuleSource;
        var incidenceLimit = village.ProvincialIncidence * rules.PoorVillageIncidenceMultiple;
        // A village with no poor people is never a poor village, whatever the province's incidence.
        var high = village.PoorPeople > 0 && village.RuralPopulation > 0 && village.Incidence >= incidenceLimit;
        var multiple = rules.PoorVillageIncidenceMultiple.ToString("0.##", CultureInfo.InvariantCulture);
        var incidence = new Criterion("incidence",
            $"贫困发生率{Percent(village.Incidence)}（{village.PoorPeople}/{village.RuralPopulation}），{(high ? "达到" : "未达到")}全省贫困发生率{Percent(village.ProvincialIncidence)}的{multiple}倍（{Percent(incidenceLimit)}）",
            $"Incidence {Percent(village.Incidence)} ({village.PoorPeople}/{village.RuralPopulation}) {(high ? "reaches" : "does not reach")} {multiple} times the provincial incidence of {Percent(village.ProvincialIncidence)} ({Percent(incidenceLimit)})",
            Percent(village.Incidence), $"≥ {Percent(incidenceLimit)}", high, "建档立卡人口 ÷ 农村户籍人口，全省同 / registered poor ÷ rural population, the province likewise");

        var incomeLimit = decimal.Round(rules.ProvincialRuralIncome * rules.PoorVillageIncomeShare, 2);
        var low = village.PerCapitaIncome is { } income && income < incomeLimit;
        var incomeText = village.PerCapitaIncome is { } i ? Yuan(i) : null;
        var share = Percent(rules.PoorVillageIncomeShare);
        var lowCriterion = new Criterion("income",
            incomeText is null
                ? $"村农民人均纯收入未申报，要求低于全省平均{Yuan(rules.ProvincialRuralIncome)}的{share}（{Yuan(incomeLimit)}）"
                : $"村农民人均纯收入{incomeText}，{(low ? "低于" : "不低于")}全省平均{Yuan(rules.ProvincialRuralIncome)}的{share}（{Yuan(incomeLimit)}）",
            incomeText is null
                ? $"Villagers' per-capita net income not declared; required below {share} of the provincial average of {Yuan(rules.ProvincialRuralIncome)} ({Yuan(incomeLimit)})"
                : $"Villagers' per-capita net income {incomeText} is {(low ? "below" : "not below")} {share} of the provincial average of {Yuan(rules.ProvincialRuralIncome)} ({Yuan(incomeLimit)})",
            incomeText ?? "—", $"< {Yuan(incomeLimit)}", low, "村委会申请申报 / declared in the village's application; " + source);

        var none = village.CollectiveIncome is 0m;
        var collective = new Criterion("collective-income",
            village.CollectiveIncome is null ? "村集体经济收入未申报，要求无集体经济收入"
                : none ? "村无集体经济收入" : $"村集体经济收入{Yuan(village.CollectiveIncome.Value)}，要求无集体经济收入",
            village.CollectiveIncome is null ? "Collective income not declared; required none"
                : none ? "The village has no collective income" : $"Collective income of {Yuan(village.CollectiveIncome.Value)}; required none",
            village.CollectiveIncome is { } c ? Yuan(c) : "—", "= 0", none, "村委会申请申报 / declared in the village's application");

        return new Decision(Rule, rules.Label, rules.Year, high && low && none, [incidence, lowCriterion, collective]);
    }

    private static string Percent(decimal share) => (share * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    private static string Yuan(decimal yuan) => yuan.ToString("0.##", CultureInfo.InvariantCulture) + "元";
}
