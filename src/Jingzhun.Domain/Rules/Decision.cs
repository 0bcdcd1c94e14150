using System.Text.Json.Serialization;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Rules;

/// <summary>One criterion of a rule decision: what was measured, against what, and where the value came from.</summary>
/// <remarks>Stored in each decision's trace with <c>Chinese</c> and <c>English</c> as fields of their own, and read back so.</remarks>
public sealed record Criterion(string Code, string Chinese, string English, string Value, string Threshold, bool Passed, string Source)
{
    [JsonIgnore] public Bilingual Text => new(Chinese, English);
}

/// <summary>
/// A rule's decision with its trace: the rule, the rule-set version, each criterion with its value,
/// threshold and source. Stored with the decision so that "why / why not" can always be shown.
/// </summary>
public sealed record Decision(string Rule, string RuleSet, int Year, bool Passed, IReadOnlyList<Criterion> Criteria)
{
    public IEnumerable<Criterion> Failed => Criteria.Where(c => !c.Passed);

    private static readonly Bilingual AllMet = new("全部条件满足", "All criteria met");
    private static readonly Bilingual Separator = new("；", "; ");

    public string Summary(bool english) => Passed
        ? AllMet.In(english)
        : string.Join(Separator.In(english), Failed.Select(c => c.Text.In(english)));
}
