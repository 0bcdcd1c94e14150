using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Registry;

/// <summary>Where a status change came from. Only the outcome of a case, or a county's first load of its records, changes a status.</summary>
public enum StatusChangeSource
{
    /// <summary>History recorded before the system took over (the demo's generated past).</summary>
    [Label("历史记录", "Recorded history")] Recorded = 0,
    /// <summary>The outcome of an identification, exit or look-back case.</summary>
    [Label("程序结果", "Case outcome")] Case = 1,
    /// <summary>A county's existing records moved in once with <c>--initial-load</c>.</summary>
    [Label("首次导入", "Initial load")] InitialLoad = 2,
}

/// <summary>One change of a household's registry status, kept for ever.</summary>
public sealed class HouseholdStatusChange
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public int Year { get; set; }
    public HouseholdStatus From { get; set; }
    public HouseholdStatus To { get; set; }
    public string Reason { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTime At { get; set; }
    public StatusChangeSource Source { get; set; }
    /// <summary>The case whose outcome this is (<see cref="StatusChangeSource.Case"/>).</summary>
    public long? CaseId { get; set; }

    /// <summary>Marks the change as the outcome of a case.</summary>
    public HouseholdStatusChange FromCase(long caseId)
    {
        Source = StatusChangeSource.Case;
        CaseId = caseId;
        return this;
    }
}
