using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Rules;

/// <summary>One criterion of a rule decision: what was measured, against what, and where the value came from.</summary>
public sealed record Criterion(string Code, string Chinese, string English, string Value, string Threshold, bool Passed, string Source);

/// <summary>
/// A rule's decision with its trace: the rule, the rule-set version, each criterion with its value,
/// threshold and source. Stored with the decision so that "why / why not" can always be shown.
/// </summary>
public sealed record Decision(string Rule, string RuleSet, int Year, bool Passed, IReadOnlyList<Criterion> Criteria)
{
    public IEnumerable<Criterion> Failed => Criteria.Where(c => !c.Passed);

    public string Summary(bool english) => Passed
        ? (english ? "All criteria met" : "全部条件满足")
        : string.Join(english ? "; " : "；", Failed.Select(c => english ? c.English : c.Chinese));
}
