using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Monitoring;

/// <summary>风险类别: what a monitored household is at risk of (003.md §6.5, Nagqu L1153).</summary>
public enum RiskClass
{
    [Label("返贫风险", "Risk of returning to poverty")] ReturnRisk = 1,
    [Label("致贫风险", "Risk of falling into poverty")] EntryRisk = 2,
    [Label("突发严重困难", "Sudden serious hardship")] SuddenHardship = 3,
}

/// <summary>风险状态 of a monitored object: under monitoring, eliminated, or not eliminated and kept under monitoring.</summary>
public enum RiskState
{
    [Label("监测中", "Under monitoring")] Monitoring = 1,
    [Label("风险已消除", "Risk eliminated")] Eliminated = 2,
    [Label("未消除，继续监测", "Not eliminated, still monitored")] Continuing = 3,
}

/// <summary>发现方式: how a risk came to light (Lhasa procedure, 003.md L900).</summary>
public enum DiscoveryChannel
{
    [Label("农户申请", "Household application")] Application = 1,
    [Label("村级排查", "Village screening")] Screening = 2,
    [Label("部门预警", "Department early warning")] DepartmentWarning = 3,
}

/// <summary>
/// What a signal or a department feed row is about. The first group are risks (they open monitoring work); the
/// second are exclusion checks (vehicles, businesses, civil servants, property), which flag a household for review.
/// </summary>
public enum RiskKind
{
    [Label("大额医疗支出", "High medical expenses")] MedicalExpense = 1,
    [Label("新增残疾", "New disability")] Disability = 2,
    [Label("纳入低保", "Minimum living allowance (低保)")] Dibao = 3,
    [Label("纳入特困供养", "Extreme-poverty support (特困)")] Tekun = 4,
    [Label("失业", "Unemployment")] Unemployment = 5,
    [Label("受灾", "Disaster")] Disaster = 6,
    [Label("学生辍学", "School drop-out")] DropOut = 7,
    [Label("住房安全", "Unsafe housing")] HousingSafety = 8,
    [Label("收入骤减", "Sharp income drop")] IncomeDrop = 9,
    [Label("其他困难", "Other hardship")] OtherHardship = 19,
    [Label("拥有车辆", "Owns a vehicle")] Vehicle = 20,
    [Label("登记经营主体", "Registered business")] Business = 21,
    [Label("财政供养人员", "Salaried public employee")] CivilServant = 22,
    [Label("商品房产", "Commercial property")] Property = 23,
}

/// <summary>Where a signal stands.</summary>
public enum SignalState
{
    [Label("待核查", "Awaiting verification")] Open = 1,
    [Label("已纳入监测", "Recognised for monitoring")] Recognised = 2,
    [Label("经核查不纳入", "Not recognised")] NotRecognised = 3,
    [Label("已在监测中", "Household already monitored")] AlreadyMonitored = 4,
    [Label("待核实（排除项）", "Exclusion check to review")] ExclusionFlagged = 5,
    [Label("已核实（排除项）", "Exclusion check reviewed")] ExclusionReviewed = 6,
    [Label("未匹配到户", "No household matched")] Unmatched = 7,
}

public static class RiskKinds
{
    /// <summary>Exclusion checks flag a household for review; they never open monitoring work (DESIGN §3: never silently).</summary>
    public static bool IsExclusion(this RiskKind kind) => kind >= RiskKind.Vehicle;
}
