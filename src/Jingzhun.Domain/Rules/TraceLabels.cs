using Jingzhun.Domain.Common;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Rules;

/// <summary>
/// A rule decision's trace in the domain's words. Stored decisions keep their codes ("income-2024", "food-clothing",
/// "GradeA") so that an old decision reads the same forever; a reader sees what the code means: "2024年人均纯收入",
/// "两不愁：吃穿", the housing grade's label.
/// </summary>
public static class TraceLabels
{
    private static readonly Dictionary<string, Bilingual> Rules = new(StringComparer.Ordinal)
    {
        [HouseholdRules.ExitRule] = new("贫困户退出", "Household exit"),
        [HouseholdRules.IdentificationRule] = new("贫困户识别", "Household identification"),
        [AreaRules.VillageExitRule] = new("贫困村退出", "Village exit"),
        [AreaRules.CountyExitRule] = new("贫困县退出", "County exit"),
        [AreaRules.CountyProposalRule] = new("贫困县申请退出", "County exit proposal"),
        ["microcredit.rating"] = new("小额信贷评级授信", "Microcredit rating"),
    };

    private static readonly Dictionary<string, Bilingual> Criteria = new(StringComparer.Ordinal)
    {
        ["food-clothing"] = new("两不愁：吃穿", "Food and clothing"),
        ["education"] = new("三保障：义务教育", "Compulsory education"),
        ["medical"] = new("三保障：基本医疗", "Basic medical care"),
        ["housing"] = new("三保障：住房安全", "Safe housing"),
        ["water"] = new("饮水安全", "Safe drinking water"),
        ["incidence"] = new("贫困发生率", "Incidence"),
        ["wrong-exit"] = new("错退率", "Wrong-exit rate"),
        ["missed"] = new("漏评率", "Missed-identification rate"),
        ["recognition"] = new("群众认可度", "Public recognition"),
        ["credit.integrity"] = new("诚信评价", "Integrity"),
        ["credit.income"] = new("人均纯收入", "Per-capita net income"),
        ["credit.labour"] = new("家庭劳动力", "Household labour"),
        ["credit.grade"] = new("信用等级", "Credit grade"),
    };

    /// <summary>The rule's name ("household-exit" → 贫困户退出); a rule not named here shows as itself.</summary>
    public static Bilingual Rule(string rule) => Rules.TryGetValue(rule, out var r) ? r : new(rule, rule);

    /// <summary>The criterion's name: "income-2024" → 2024年人均纯收入, "food-clothing" → 两不愁：吃穿.</summary>
    public static Bilingual Criterion(string code)
    {
        if (Criteria.TryGetValue(code, out var c)) return c;
        if (code.StartsWith("income-", StringComparison.Ordinal) && int.TryParse(code.AsSpan(7), out var year))
            return new($"{year}年人均纯收入", $"Per-capita net income {year}");
        return new(code, code);
    }

    /// <summary>A value or threshold as the reader knows it: yes/no, the housing grade's and the water's labels ("GradeA/GradeB" → "A级/B级").</summary>
    public static string Value(string code, string value, bool english)
    {
        if (value is "yes" or "no") return value == "yes" ? (english ? "yes" : "是") : (english ? "no" : "否");
        return code switch
        {
            "housing" => Labelled<HousingSafetyGrade>(value, english),
            "water" => Labelled<DrinkingWater>(value, english),
            _ => value,
        };
    }

    /// <summary>A source written as "中文 / English" in the reader's language.</summary>
    public static string Source(string source, bool english) => Bilingual.Parse(source).In(english);

    private static string Labelled<T>(string value, bool english) where T : struct, Enum =>
        string.Join("/", value.Split('/').Select(v => Enum.TryParse<T>(v, out var e) ? e.Label(english) : v));
}
