using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Assistance;

// 易地扶贫搬迁 (002-B.md §4.4, 002-D.md; the 25 m² per person line at 002:1626): households living where the land
// cannot support them move to a site, in housing within the area line, with subsidies and three years of follow-up.

/// <summary>Why a household is eligible to relocate (搬迁对象的认定依据).</summary>
public enum RelocationReason
{
    [Label("生存条件恶劣", "Harsh living conditions")] HarshConditions = 1,
    [Label("生态环境脆弱", "Fragile ecology")] FragileEcology = 2,
    [Label("地质灾害频发", "Frequent geological hazards")] GeologicalHazard = 3,
    [Label("交通水利电力等基础设施难以覆盖", "Infrastructure cannot reach")] NoInfrastructure = 4,
    [Label("禁止或限制开发区域", "Protected or restricted area")] RestrictedArea = 5,
}

public enum RelocationMode
{
    [Label("集中安置", "Concentrated site")] Concentrated = 1,
    [Label("分散安置", "Scattered")] Scattered = 2,
}

public enum RelocationState
{
    [Label("计划搬迁", "Planned")] Planned = 1,
    [Label("已搬迁入住", "Moved in")] MovedIn = 2,
    [Label("已取消", "Cancelled")] Cancelled = 3,
}

/// <summary>A household's relocation: why, where, when, how much housing and subsidy, and its follow-up.</summary>
public sealed class Relocation
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public RelocationReason Reason { get; set; }
    public RelocationMode Mode { get; set; }
    /// <summary>安置点: the site's name.</summary>
    public string Site { get; set; } = "";
    /// <summary>The village (or community) of the site, when it is one of the region tree.</summary>
    public string SiteVillageCode { get; set; } = "";
    /// <summary>The people who move (the household's members, unless some stay).</summary>
    public int People { get; set; }
    /// <summary>The housing area allotted, in m².</summary>
    public decimal HousingArea { get; set; }
    public Money HousingSubsidy { get; set; }
    public Money OtherSubsidy { get; set; }
    public int Year { get; set; }
    public DateOnly? MovedOn { get; set; }
    /// <summary>Follow-up support (后续扶持) runs until three years after moving in.</summary>
    public DateOnly? FollowUpUntil { get; set; }
    public RelocationState State { get; set; } = RelocationState.Planned;
    public string StateReason { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public decimal AreaPerPerson => People > 0 ? decimal.Round(HousingArea / People, 2) : 0m;
}

public enum FollowUpKind
{
    [Label("就业帮扶", "Employment")] Employment = 1,
    [Label("产业配套", "Industry")] Industry = 2,
    [Label("社区服务与融入", "Community services")] Community = 3,
    [Label("教育医疗衔接", "Schooling and health care")] PublicServices = 4,
    [Label("回访", "Return visit")] Visit = 5,
}

/// <summary>One thing done in a relocated household's three years of follow-up support.</summary>
public sealed class RelocationFollowUp
{
    public long Id { get; set; }
    public long RelocationId { get; set; }
    public Relocation? Relocation { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly On { get; set; }
    public FollowUpKind Kind { get; set; }
    public string Description { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public static class RelocationRules
{
    /// <summary>Registered poor households relocate; a household already exited or not poor is not a relocation object.</summary>
    public static bool IsEligibleStatus(HouseholdStatus status) => status is HouseholdStatus.Poor or HouseholdStatus.Returned;

    /// <summary>Why a relocation's figures are refused, or nothing. The area line names its rule and source.</summary>
    public static IReadOnlyList<FieldError> Check(int people, decimal housingArea, RuleSet rules)
    {
        var errors = new List<FieldError>();
        if (people < 1) errors.Add(new FieldError("People", "搬迁人数至少为1", "At least one person moves"));
        if (housingArea <= 0) errors.Add(new FieldError("HousingArea", "住房面积应大于0", "The housing area must be more than 0"));
        else if (people >= 1 && housingArea > people * rules.RelocationAreaPerPerson)
            errors.Add(new FieldError("HousingArea",
                $"人均住房面积{decimal.Round(housingArea / people, 2)}平方米，超过人均不超过{rules.RelocationAreaPerPerson}平方米的红线（{rules.RelocationAreaSource}）；{people}人最多{people * rules.RelocationAreaPerPerson}平方米",
                $"{decimal.Round(housingArea / people, 2)} m² per person is over the line of {rules.RelocationAreaPerPerson} m² per person ({rules.RelocationAreaSource}); {people} people may have at most {people * rules.RelocationAreaPerPerson} m²"));
        return errors;
    }

    /// <summary>A relocated household in follow-up is visited at least once a quarter (每季度至少一次回访).</summary>
    public const int FollowUpEveryDays = 90;

    /// <summary>Whether the household is in its follow-up years on <paramref name="today"/>.</summary>
    public static bool InFollowUp(Relocation r, DateOnly today) =>
        r.State == RelocationState.MovedIn && r.MovedOn is { } moved && moved <= today && r.FollowUpUntil is { } until && today <= until;

    /// <summary>A follow-up is due when a household in follow-up has had none in the last quarter (counted from moving in when it has had none).</summary>
    public static bool IsFollowUpDue(Relocation r, DateOnly? lastFollowUp, DateOnly today) =>
        InFollowUp(r, today) && today.DayNumber - (lastFollowUp ?? r.MovedOn!.Value).DayNumber >= FollowUpEveryDays;

    /// <summary>The end of the follow-up support: the rule set's years (three) after moving in.</summary>
    public static DateOnly FollowUpUntil(DateOnly movedOn, RuleSet rules) => movedOn.AddYears(rules.RelocationFollowUpYears);
}
