using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Collaboration;

// 劳务协作 (issue 20 point 4; 002-B.md §2.13, the Shenzhen model at 002:1282–1287): a worker of a registered or monitored
// household is followed from entering the labour pool (帮扶入库) through training and placement to the return (离深出库).
// Each step is a row of its own; nothing is overwritten, so the history shows every job and every return.

/// <summary>Where a worker stands: each step of the path is one <see cref="LabourPlacement"/> row.</summary>
public enum LabourStage
{
    [Label("进入劳动力资源库", "Entered the labour pool")] Pool = 1,
    [Label("参加培训", "In training")] Training = 2,
    [Label("转移就业", "Placed in a job")] Placed = 3,
    [Label("返乡", "Returned home")] Returned = 4,
}

/// <summary>How the worker found the job: the two organised ways of labour cooperation, or on one's own.</summary>
public enum PlacementMode
{
    [Label("点对点输送", "Point-to-point transport")] PointToPoint = 1,
    [Label("有组织集中输出", "Organised in groups")] Organised = 2,
    [Label("自主就业", "Found on one's own")] SelfFound = 3,
}

/// <summary>A member of a registered or monitored household followed by labour cooperation; its origin is the household's village.</summary>
public sealed class LabourWorker
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public long MemberId { get; set; }
    public Member? Member { get; set; }
    /// <summary>The origin (输出地): the household's village when the worker entered the pool.</summary>
    public string VillageCode { get; set; } = "";
    public string CountyCode { get; set; } = "";
    /// <summary>The stage of the worker's latest step (kept here so that lists need not read the history).</summary>
    public LabourStage Stage { get; set; } = LabourStage.Pool;
    public string RecordedBy { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One step of a worker's path, written once: entering the pool, a training course, a placement (destination, employer,
/// how it was organised, monthly income) or a return with its reason. A new job is a new placement; nothing is edited.
/// </summary>
public sealed class LabourPlacement
{
    public long Id { get; set; }
    public long WorkerId { get; set; }
    public LabourWorker? Worker { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public LabourStage Stage { get; set; }
    /// <summary>The day of the step: entered the pool, training began, work began, came home.</summary>
    public DateOnly On { get; set; }
    /// <summary>Training: the course (e.g. 岗前适应性培训) and its last day.</summary>
    public string Course { get; set; } = "";
    public DateOnly? TrainingUntil { get; set; }
    /// <summary>Placement: the place as written (e.g. 深圳市宝安区).</summary>
    public string Destination { get; set; } = "";
    /// <summary>The destination's region code when it is in the region table; empty otherwise.</summary>
    public string DestinationCode { get; set; } = "";
    /// <summary>The destination's province by name: from the region table when coded, else as written.</summary>
    public string DestinationProvince { get; set; } = "";
    public string Employer { get; set; } = "";
    public PlacementMode? Mode { get; set; }
    public Money MonthlyIncome { get; set; }
    /// <summary>The pairing (东西部协作 and others) the placement came through; no foreign key: the pairing table is the collaboration part's.</summary>
    public long? PairingId { get; set; }
    /// <summary>Return: why the worker came home.</summary>
    public string Reason { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>Who may record labour cooperation, and the order of its steps.</summary>
public static class LabourRules
{
    /// <summary>The village work team and clerk, the township and the county, in the household's region.</summary>
    public static readonly Role[] Record = [Role.VillageClerk, Role.WorkTeamMember, Role.TownshipOfficer, Role.CountyOfficer];

    public static bool May(Role? role) => role is { } r && Record.Contains(r);

    /// <summary>Registered households (poor, exited, returned) and monitored ones; labour cooperation is for them.</summary>
    public static bool IsEligible(HouseholdStatus status) =>
        status is HouseholdStatus.Poor or HouseholdStatus.Exited or HouseholdStatus.Returned or HouseholdStatus.Monitored;

    /// <summary>
    /// The steps that may follow <paramref name="current"/>: training or a job from the pool or after training; a new job
    /// (change of employer) or the return while working; training or a new job after coming home.
    /// </summary>
    public static IReadOnlyList<LabourStage> Next(LabourStage current) => current switch
    {
        LabourStage.Pool => [LabourStage.Training, LabourStage.Placed],
        LabourStage.Training => [LabourStage.Training, LabourStage.Placed, LabourStage.Returned],
        LabourStage.Placed => [LabourStage.Placed, LabourStage.Returned],
        LabourStage.Returned => [LabourStage.Training, LabourStage.Placed],
        _ => [],
    };

    public static bool MayFollow(LabourStage current, LabourStage next) => Next(current).Contains(next);

    /// <summary>The province part of a region code (its first two digits and zeros).</summary>
    public static string ProvinceCode(string regionCode) => regionCode.Length >= 2 ? regionCode[..2] : regionCode;
}
