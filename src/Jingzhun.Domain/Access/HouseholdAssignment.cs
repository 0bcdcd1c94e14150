using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Access;

public enum AssignmentKind
{
    /// <summary>帮扶责任人: the cadre paired with the household.</summary>
    [Label("帮扶责任人", "Assistance cadre")] AssistanceCadre = 1,
    /// <summary>第三方评估样本: the household is in an assessor's sample.</summary>
    [Label("评估样本", "Assessment sample")] AssessmentSample = 2,
}

/// <summary>
/// A household assigned to an account: to an assistance cadre as its pair, or to an assessor as
/// part of its sample. An assignment ends; it is never deleted.
/// </summary>
public sealed class HouseholdAssignment
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>The household's village, carried here so that scoping assignments needs no join.</summary>
    public string VillageCode { get; set; } = "";
    public int AccountId { get; set; }
    public AssignmentKind Kind { get; set; }
    public DateTime AssignedAt { get; set; }
    public string AssignedBy { get; set; } = "";
    public DateTime? EndedAt { get; set; }
    public string? EndedBy { get; set; }

    public bool IsActive => EndedAt is null;
}
