using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Assistance;

/// <summary>
/// One assistance measure (帮扶措施) of a household's plan (一户一策): its type, the year it was
/// taken, the funds spent on it when known, and its state. Measures are never deleted: one entered
/// by mistake is cancelled.
/// </summary>
public sealed class AssistanceMeasure
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    /// <summary>The household's 6-digit county code, carried by every household-scoped table.</summary>
    public string CountyCode { get; set; } = "";
    public MeasureType Type { get; set; }
    public int Year { get; set; }
    /// <summary>Funds spent on the measure, when known (stored in fen).</summary>
    public Money? Funds { get; set; }
    public string Description { get; set; } = "";
    public MeasureState State { get; set; } = MeasureState.Active;
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Counted by the statistics: taken or under way, not cancelled.</summary>
    public bool Counts => State != MeasureState.Cancelled;
}

public enum MeasureState
{
    [Label("实施中", "Under way")] Active = 1,
    [Label("已完成", "Completed")] Completed = 2,
    [Label("已取消", "Cancelled")] Cancelled = 3,
}
