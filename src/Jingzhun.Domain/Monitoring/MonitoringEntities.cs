using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Monitoring;

/// <summary>
/// A monitored object (监测对象): a household recognised by the county for monitoring against return to poverty, with
/// its type, risk class and causes, how and when it was found, and its risk state. It sits beside the household's
/// registry status: a marginal household is monitored without being registered poor, an exited one keeps its exit.
/// Rows close (risk eliminated); they are never deleted.
/// </summary>
public sealed class MonitoredObject
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public MonitoringCategory Type { get; set; }
    public RiskClass RiskClass { get; set; }
    public PovertyCause Causes { get; set; }
    /// <summary>The household's members when it was recognised: ledgers count households and people.</summary>
    public int People { get; set; }
    /// <summary>When the first signal came in (发现时间) and through which channel.</summary>
    public DateTime FoundAt { get; set; }
    public DiscoveryChannel Channel { get; set; }
    public DateTime RecognisedAt { get; set; }
    public int RecognisedYear { get; set; }
    /// <summary>The monitoring case that recognised it (县比对审定).</summary>
    public long RecognitionCaseId { get; set; }
    public RiskState State { get; set; } = RiskState.Monitoring;
    public DateTime? EliminatedAt { get; set; }
    public long? EliminationCaseId { get; set; }
    /// <summary>市级评估成效: the city's evaluation of the result, once given.</summary>
    public DateTime? EvaluatedAt { get; set; }
    public string EvaluatedBy { get; set; } = "";
    public bool? EvaluatedEffective { get; set; }
    public string Evaluation { get; set; } = "";
    public int Version { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsActive => State != RiskState.Eliminated;
}

/// <summary>
/// A risk signal (风险信号): one thing that suggests a household may fall (back) into poverty, from a household's
/// application, a cadre's screening visit or a department's data, with its evidence. A signal opens monitoring work
/// (a case whose 15-day clock starts at the signal) or joins the household's open work.
/// </summary>
public sealed class RiskSignal
{
    public long Id { get; set; }
    /// <summary>Null only for a public application whose resident ID matched no household (the village looks into it).</summary>
    public long? HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public DiscoveryChannel Channel { get; set; }
    public RiskKind Kind { get; set; }
    /// <summary>Who raised it: an account, "public", or the department of a feed.</summary>
    public string Source { get; set; } = "";
    /// <summary>What the evidence says, in words (no full resident ID).</summary>
    public string Evidence { get; set; } = "";
    /// <summary>An amount the evidence carries (medical expenses, disaster loss), when it has one.</summary>
    public Money? Amount { get; set; }
    public DateOnly? EventDate { get; set; }
    public DateTime RaisedAt { get; set; }
    public SignalState State { get; set; } = SignalState.Open;
    /// <summary>The monitoring case the signal opened or joined.</summary>
    public long? CaseId { get; set; }
    public long? FeedId { get; set; }
    public long? ScreeningVisitId { get; set; }
    /// <summary>A household's own application through the public site gets a receipt number to ask after it.</summary>
    public string ReceiptNumber { get; set; } = "";
    /// <summary>What a public applicant gave (name, phone); shown to staff only.</summary>
    public string ApplicantName { get; set; } = "";
    public string ApplicantContact { get; set; } = "";
    public string Outcome { get; set; } = "";
    public DateTime? DecidedAt { get; set; }
}

/// <summary>A cadre's screening visit (村级排查走访): what was found; a visit that finds a risk raises a signal.</summary>
public sealed class ScreeningVisit
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly VisitedOn { get; set; }
    public string VisitedBy { get; set; } = "";
    public string Findings { get; set; } = "";
    public bool RiskFound { get; set; }
    public RiskKind? Kind { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// A household's consent to checks of its data with other departments (授权承诺). Department data is matched only
/// against households whose consent is on record and not withdrawn.
/// </summary>
public sealed class DataCheckConsent
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly GivenOn { get; set; }
    /// <summary>The signed form's name or number, as filed in the village.</summary>
    public string Document { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string WithdrawnBy { get; set; } = "";

    public bool IsValid => WithdrawnAt is null;
}

/// <summary>
/// The home visit (入户核查核实) of a monitoring case: the verification form. Values a department feed already holds
/// are filled in beforehand (collect once); <see cref="FieldsPrefilled"/> and <see cref="FieldsTyped"/> measure it.
/// </summary>
public sealed class HomeVisitRecord
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly VisitedOn { get; set; }
    public string VisitedBy { get; set; } = "";
    /// <summary>Expected per-capita net income this year after the shock, yuan.</summary>
    public Money? ExpectedIncomePerCapita { get; set; }
    public Money? MedicalExpenses { get; set; }
    public Money? DisasterLoss { get; set; }
    public bool NewDisability { get; set; }
    public bool OnDibao { get; set; }
    public bool Unemployed { get; set; }
    public bool ChildOutOfSchool { get; set; }
    public bool HousingUnsafe { get; set; }
    public MonitoringCategory ProposedType { get; set; }
    public PovertyCause Causes { get; set; }
    public string Findings { get; set; } = "";
    public int FieldsPrefilled { get; set; }
    public int FieldsTyped { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// The on-site assessment (实地核查评估) that risk elimination needs: income against the monitoring line and the
/// guarantees (两不愁三保障 and drinking water), each checked on site. <see cref="Passed"/> is the rule's answer.
/// </summary>
public sealed class RiskAssessment
{
    public long Id { get; set; }
    public long MonitoredObjectId { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly AssessedOn { get; set; }
    public string AssessedBy { get; set; } = "";
    public Money IncomePerCapita { get; set; }
    /// <summary>The monitoring line the income was held against (rule set value at the time), with the rule set's label.</summary>
    public Money MonitoringLine { get; set; }
    public string RuleSet { get; set; } = "";
    public bool FoodAndClothing { get; set; }
    public bool CompulsoryEducation { get; set; }
    public bool BasicMedical { get; set; }
    public bool SafeHousing { get; set; }
    public bool SafeWater { get; set; }
    /// <summary>Income stably above the line: the household's situation will hold without the shock recurring.</summary>
    public bool IncomeStable { get; set; }
    public bool Passed { get; set; }
    public string Comment { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>One department file imported for early warning: who sent it, what it holds, what came of it.</summary>
public sealed class DepartmentFeed
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>The sending department, in its own name (医保局, 残联, 民政局, 人社局, 应急管理局, 教育局, 住建局…).</summary>
    public string Department { get; set; } = "";
    public string FileName { get; set; } = "";
    public DateTime ImportedAt { get; set; }
    public string ImportedBy { get; set; } = "";
    public int Rows { get; set; }
    public int Matched { get; set; }
    public int Signals { get; set; }
    public int Skipped { get; set; }
}
