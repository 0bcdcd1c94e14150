using System.Globalization;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Rules;

/// <summary>
/// Household identification and exit (002:2655): exit needs per-capita net income stably above
/// the line and food and clothing assured, compulsory education, basic medical insurance, safe
/// housing and safe drinking water. Every criterion is kept in the decision's trace.
/// </summary>
public static class HouseholdRules
{
    public const string ExitRule = "household-exit";
    public const string IdentificationRule = "household-identification";

    public static Decision EvaluateExit(Household household, RuleSet rules, Func<int, RuleSet> rulesOfYear)
    {
        var year = rules.Year;
        var members = household.PresentMembers.ToList();
        var criteria = new List<Criterion>();
        var incomeOk = true;
        for (var y = year - rules.StableIncomeYears + 1; y <= year; y++)
        {
            var line = y == year ? rules.PovertyLine : rulesOfYear(y).PovertyLine;
            var income = household.IncomeIn(y);
            var perCapita = income?.PerCapitaNetIncome.Yuan;
            var passed = IncomeAbove(income, line);
            incomeOk &= passed;
            criteria.Add(new Criterion($"income-{y}", $"{y}年人均纯收入{Show(perCapita)}元，{(passed ? "高于" : "未高于")}标准{Show(line)}元",
                $"{y} per-capita net income {Show(perCapita)} yuan is {(passed ? "above" : "not above")} the line of {Show(line)}",
                Show(perCapita), $"> {Show(line)}", passed, income is null ? $"{y}年无收入记录 / no income recorded for {y}" : $"收入表 {y} / income record {y}"));
        }
        criteria.Add(new Criterion("food-clothing", incomeOk ? "不愁吃、不愁穿：收入稳定超过标准" : "不愁吃、不愁穿：收入未稳定超过标准",
            incomeOk ? "Food and clothing assured by stable income" : "Food and clothing not shown: income not stably above the line",
            incomeOk ? "yes" : "no", "yes", incomeOk, "由收入推定 / inferred from income"));

        var asOf = new DateOnly(year, 12, 31);
        var outOfSchool = members.Where(m => IsOutOfSchool(m, rules, asOf)).ToList();
        criteria.Add(new Criterion("education", outOfSchool.Count == 0 ? "义务教育有保障" : $"义务教育：{string.Join("、", outOfSchool.Select(m => m.Name))}失学辍学",
            outOfSchool.Count == 0 ? "Compulsory education assured" : $"Compulsory education: {outOfSchool.Count} child(ren) aged {rules.CompulsoryEducationFromAge}–{rules.CompulsoryEducationToAge} out of school",
            outOfSchool.Count.ToString(CultureInfo.InvariantCulture), "0", outOfSchool.Count == 0, "成员在校生状况 / members' schooling"));

        var uninsured = members.Where(m => !m.HasMedicalInsurance).ToList();
        criteria.Add(new Criterion("medical", uninsured.Count == 0 ? "基本医疗有保障：全员参保" : $"基本医疗：{string.Join("、", uninsured.Select(m => m.Name))}未参加基本医疗保险",
            uninsured.Count == 0 ? "Basic medical care assured: every member insured" : $"Basic medical care: {uninsured.Count} member(s) without basic medical insurance",
            uninsured.Count.ToString(CultureInfo.InvariantCulture), "0", uninsured.Count == 0, "成员参保情况 / members' insurance"));

        var safeHouse = HasSafeHousing(household, rules);
        criteria.Add(new Criterion("housing", safeHouse ? $"住房安全有保障（{Common.Labels.Chinese(household.HousingSafety)}）" : $"住房安全：{Common.Labels.Chinese(household.HousingSafety)}，不符合",
            safeHouse ? $"Housing safe ({Common.Labels.English(household.HousingSafety)})" : $"Housing: {Common.Labels.English(household.HousingSafety)} is not safe",
            household.HousingSafety.ToString(), string.Join("/", rules.SafeHousingGrades), safeHouse, "住房安全等级 / housing safety grade"));

        var water = HasSafeWater(household);
        criteria.Add(new Criterion("water", water ? "饮水安全有保障" : $"饮水：{Common.Labels.Chinese(household.DrinkingWater)}",
            water ? "Safe drinking water" : $"Drinking water: {Common.Labels.English(household.DrinkingWater)}",
            household.DrinkingWater.ToString(), nameof(DrinkingWater.Safe), water, "饮水情况 / drinking water"));

        return new Decision(ExitRule, rules.Label, year, criteria.All(c => c.Passed), criteria);
    }

    /// <summary>Identification: the whole household's per-capita net income below the line (the guarantees are weighed by the village review).</summary>
    public static Decision EvaluateIdentification(Household household, RuleSet rules)
    {
        var income = household.IncomeIn(rules.Year);
        var perCapita = income?.PerCapitaNetIncome.Yuan;
        var below = IncomeBelow(income, rules.PovertyLine);
        var criteria = new List<Criterion>
        {
            new("income", $"{rules.Year}年人均纯收入{Show(perCapita)}元，{(below ? "低于" : "不低于")}标准{Show(rules.PovertyLine)}元",
                $"{rules.Year} per-capita net income {Show(perCapita)} yuan is {(below ? "below" : "not below")} the line of {Show(rules.PovertyLine)}",
                Show(perCapita), $"< {Show(rules.PovertyLine)}", below, income is null ? "无收入记录 / no income recorded" : $"收入表 {rules.Year} / income record"),
        };
        return new Decision(IdentificationRule, rules.Label, rules.Year, below, criteria);
    }

    /// <summary>
    /// Whether the household meets exit, with the tests of <see cref="EvaluateExit"/> but no trace: for runs over a whole
    /// registry (the what-if, the demo history) that need the words only where an outcome changes.
    /// </summary>
    public static bool PassesExit(Household household, RuleSet rules, Func<int, RuleSet> rulesOfYear)
    {
        var year = rules.Year;
        for (var y = year - rules.StableIncomeYears + 1; y <= year; y++)
            if (!IncomeAbove(household.IncomeIn(y), y == year ? rules.PovertyLine : rulesOfYear(y).PovertyLine)) return false;
        if (!HasSafeHousing(household, rules) || !HasSafeWater(household)) return false;
        var asOf = new DateOnly(year, 12, 31);
        foreach (var m in household.PresentMembers)
            if (!m.HasMedicalInsurance || IsOutOfSchool(m, rules, asOf)) return false;
        return true;
    }

    /// <summary>Whether the household meets identification, with the test of <see cref="EvaluateIdentification"/> but no trace.</summary>
    public static bool PassesIdentification(Household household, RuleSet rules) => IncomeBelow(household.IncomeIn(rules.Year), rules.PovertyLine);

    // The tests themselves, shared by the decisions with their trace and the plain pass/fail above.
    private static bool IncomeAbove(IncomeYear? income, decimal line) => income is { } i && i.PerCapitaNetIncome.Yuan > line;

    private static bool IncomeBelow(IncomeYear? income, decimal line) => income is { } i && i.PerCapitaNetIncome.Yuan < line;

    private static bool HasSafeHousing(Household household, RuleSet rules) => rules.SafeHousingGrades.Contains(household.HousingSafety);

    private static bool HasSafeWater(Household household) => household.DrinkingWater == DrinkingWater.Safe;

    private static bool IsOutOfSchool(Member member, RuleSet rules, DateOnly asOf)
    {
        var age = member.AgeOn(asOf);
        return age >= rules.CompulsoryEducationFromAge && age <= rules.CompulsoryEducationToAge
               && member.Schooling is SchoolingStatus.DroppedOut or SchoolingStatus.NotStudent or SchoolingStatus.Preschool;
    }

    private static string Show(decimal? yuan) => yuan?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
}
