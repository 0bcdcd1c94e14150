using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Assistance;

/// <summary>
/// One assistance measure (帮扶措施) of a household's plan (一户一策): its type and programme, the year, the cadre
/// responsible, its deadline, funds by source, its state and its result. Measures are never deleted: one entered by
/// mistake is cancelled (作废), one given up is stopped (中止) with a reason.
/// </summary>
public sealed class AssistanceMeasure
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    /// <summary>The household's 6-digit county code, carried by every household-scoped table.</summary>
    public string CountyCode { get; set; } = "";
    /// <summary>The plan the measure belongs to; null for measures recorded before plans existed.</summary>
    public long? PlanId { get; set; }
    public MeasureType Type { get; set; }
    /// <summary>The programme of the catalogue (<see cref="MeasureCatalogue"/>), when one is named.</summary>
    public string Programme { get; set; } = "";
    public int Year { get; set; }
    /// <summary>Total funds spent on the measure, when known (stored in fen): the sum of its <see cref="MeasureFunding"/> rows when it has them.</summary>
    public Money? Funds { get; set; }
    public string Description { get; set; } = "";
    public MeasureState State { get; set; } = MeasureState.Active;
    public int? CadreId { get; set; }
    public DateOnly? StartOn { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateOnly? CompletedOn { get; set; }
    /// <summary>Why a measure stopped or was cancelled.</summary>
    public string StateReason { get; set; } = "";
    /// <summary>Result: the yearly income the measure added to the household (增收), in yuan.</summary>
    public Money? IncomeEffect { get; set; }
    /// <summary>Result: the guarantees the measure made good (两不愁三保障).</summary>
    public Guarantee GuaranteesFixed { get; set; }
    /// <summary>People of the household the measure reached (受益人数); 0 when not recorded.</summary>
    public int PeopleReached { get; set; }
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Counted by the statistics: taken, under way or stopped after starting; not planned only, not cancelled.</summary>
    public bool Counts => State is MeasureState.Active or MeasureState.Completed or MeasureState.Stopped;
}

// Numeric values are stored; never renumber.
public enum MeasureState
{
    [Label("实施中", "In progress")] Active = 1,
    [Label("已完成", "Done")] Completed = 2,
    [Label("已作废", "Cancelled")] Cancelled = 3,
    [Label("计划中", "Planned")] Planned = 4,
    [Label("已中止", "Stopped")] Stopped = 5,
}

/// <summary>The guarantees of 两不愁三保障 (with safe water checked beside them), as a result a measure made good.</summary>
[Flags]
public enum Guarantee
{
    [Label("无", "None")] None = 0,
    [Label("不愁吃穿", "Food and clothing")] FoodAndClothing = 1,
    [Label("义务教育有保障", "Compulsory education")] Education = 2,
    [Label("基本医疗有保障", "Basic medical care")] Medical = 4,
    [Label("住房安全有保障", "Safe housing")] Housing = 8,
    [Label("饮水安全", "Safe drinking water")] Water = 16,
}

/// <summary>Where money for a measure came from (资金来源).</summary>
public enum FundSource
{
    [Label("中央财政专项扶贫资金", "Central special poverty fund")] CentralFiscal = 1,
    [Label("省级财政资金", "Province fiscal funds")] ProvinceFiscal = 2,
    [Label("市县财政资金", "City and county fiscal funds")] LocalFiscal = 3,
    [Label("行业部门资金", "Sector department funds")] SectorDepartment = 4,
    [Label("统筹整合涉农资金", "Integrated agricultural funds")] IntegratedAgricultural = 5,
    [Label("东西部扶贫协作资金", "East–west collaboration funds")] EastWest = 6,
    [Label("定点帮扶资金", "Designated assistance funds")] Designated = 7,
    [Label("社会帮扶资金", "Society and enterprise funds")] Society = 8,
    [Label("信贷资金", "Credit")] Credit = 9,
    [Label("群众自筹", "Household's own funds")] OwnFunds = 10,
}

/// <summary>One source's share of a measure's funds.</summary>
public sealed class MeasureFunding
{
    public long Id { get; set; }
    public long MeasureId { get; set; }
    public AssistanceMeasure? Measure { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public FundSource Source { get; set; }
    public Money Amount { get; set; }
}

public enum NeedState
{
    [Label("待解决", "Open")] Open = 1,
    [Label("已解决", "Met")] Met = 2,
    [Label("已撤回", "Withdrawn")] Withdrawn = 3,
}

/// <summary>A need (帮扶需求) the household or its cadre recorded: what help it asks for, in the area of a measure type.</summary>
public sealed class AssistanceNeed
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public MeasureType Area { get; set; }
    public string Description { get; set; } = "";
    public DateOnly RecordedOn { get; set; }
    public string RecordedBy { get; set; } = "";
    public NeedState State { get; set; } = NeedState.Open;
    /// <summary>The measure that met it, when one did.</summary>
    public long? MetByMeasureId { get; set; }
    public int Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum PlanState
{
    [Label("执行中", "In force")] InForce = 1,
    [Label("已被新计划替代", "Superseded")] Superseded = 2,
    [Label("已完成", "Completed")] Completed = 3,
}

/// <summary>
/// The household's plan (一户一策; 脱贫计划 with its 年度目标, 002-A L410): goals, the years it covers, the responsible
/// cadre and its deadline. One plan is in force per household; a new plan supersedes the last, which stays as history.
/// </summary>
public sealed class AssistancePlan
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public int FromYear { get; set; }
    public int ToYear { get; set; }
    public string Goals { get; set; } = "";
    /// <summary>The per-capita net income the plan aims at by its deadline (年度目标), in yuan.</summary>
    public Money? TargetIncomePerCapita { get; set; }
    public int? CadreId { get; set; }
    public DateOnly Deadline { get; set; }
    public PlanState State { get; set; } = PlanState.InForce;
    public string CreatedBy { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
