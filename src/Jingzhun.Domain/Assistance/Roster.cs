using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Assistance;

// The people who help (DESIGN §1: 帮扶责任人, 驻村工作队, 第一书记). They are people with a unit and a phone, kept on the
// county's roster whether or not they ever sign in; an account, when they have one, is linked to them. Rows end
// (a cadre leaves, a pairing is handed over, a team rotates); they are never deleted.

/// <summary>The level of the body a cadre is sent from (帮扶干部所属层级).</summary>
public enum CadreLevel
{
    [Label("中央单位", "Central unit")] Central = 1,
    [Label("省级", "Province")] Province = 2,
    [Label("市级", "City")] City = 3,
    [Label("县级", "County")] County = 4,
    [Label("乡镇级", "Township")] Township = 5,
    [Label("村级", "Village")] Village = 6,
}

public enum CadreState
{
    [Label("在岗", "Serving")] Serving = 1,
    [Label("已调离", "Left")] Left = 2,
}

/// <summary>
/// An assistance cadre (帮扶责任人) on a county's roster: name, unit, phone, level, and the sign-in account they use,
/// if any. Every poor or monitored household is paired with one (000:77).
/// </summary>
public sealed class Cadre
{
    public int Id { get; set; }
    /// <summary>The county whose roster the cadre is on (a cadre from a province body still works for one county's households).</summary>
    public required string CountyCode { get; set; }
    public required string Name { get; set; }
    /// <summary>工作单位: the body that sends the cadre.</summary>
    public string Unit { get; set; } = "";
    /// <summary>职务.</summary>
    public string Position { get; set; } = "";
    /// <summary>Personal data: masked wherever it is shown outside the roster's staff.</summary>
    public string Phone { get; set; } = "";
    public CadreLevel Level { get; set; } = CadreLevel.County;
    /// <summary>The sign-in account of the cadre, when they have one; its pairings then decide which households it may change.</summary>
    public int? AccountId { get; set; }
    public CadreState State { get; set; } = CadreState.Serving;
    public DateOnly? LeftOn { get; set; }
    public string LeftReason { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A pairing (结对帮扶) of a household with its cadre over a time: started with a reason, ended with one (handed over to
/// another cadre, the cadre left, the household exited…). A handover ends one pairing and starts the next.
/// </summary>
public sealed class CadrePairing
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public int CadreId { get; set; }
    public Cadre? Cadre { get; set; }
    public DateOnly StartedOn { get; set; }
    public string StartReason { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public DateOnly? EndedOn { get; set; }
    public string EndReason { get; set; } = "";
    public string EndedBy { get; set; } = "";
    /// <summary>The pairing that took over from this one, when it was handed over.</summary>
    public long? HandedOverToId { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    public bool IsActive => EndedOn is null;
}

public enum WorkTeamState
{
    [Label("在村", "Stationed")] Stationed = 1,
    [Label("已轮换", "Rotated out")] Rotated = 2,
}

/// <summary>
/// A village work team (驻村工作队) for one term: the sending unit, the term, its members (a first secretary among
/// them). A rotation ends the team's term and stations the next team.
/// </summary>
public sealed class WorkTeam
{
    public int Id { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>派出单位.</summary>
    public string SendingUnit { get; set; } = "";
    public DateOnly TermStart { get; set; }
    /// <summary>The planned end of the term (usually two years); the team stays until rotated.</summary>
    public DateOnly? TermEnd { get; set; }
    public WorkTeamState State { get; set; } = WorkTeamState.Stationed;
    public DateOnly? RotatedOn { get; set; }
    public string Note { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum TeamRole
{
    [Label("第一书记", "First secretary")] FirstSecretary = 1,
    [Label("队长", "Team leader")] Leader = 2,
    [Label("队员", "Member")] Member = 3,
}

/// <summary>A member of a work team for part or all of its term.</summary>
public sealed class WorkTeamMember
{
    public long Id { get; set; }
    public int TeamId { get; set; }
    public WorkTeam? Team { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public required string Name { get; set; }
    public string Unit { get; set; } = "";
    public string Phone { get; set; } = "";
    public TeamRole Role { get; set; } = TeamRole.Member;
    public int? AccountId { get; set; }
    public DateOnly JoinedOn { get; set; }
    public DateOnly? LeftOn { get; set; }
    public string LeftReason { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool IsActive => LeftOn is null;
}

/// <summary>The yearly assessment grade of a team member (年度考核).</summary>
public enum AssessmentGrade
{
    [Label("优秀", "Excellent")] Excellent = 1,
    [Label("称职", "Competent")] Competent = 2,
    [Label("基本称职", "Basically competent")] BasicallyCompetent = 3,
    [Label("不称职", "Incompetent")] Incompetent = 4,
}

/// <summary>A team member's assessment for one year, by the county (or the township that manages the team).</summary>
public sealed class WorkTeamAssessment
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public WorkTeamMember? Member { get; set; }
    public int TeamId { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public int Year { get; set; }
    public AssessmentGrade Grade { get; set; }
    public string Comment { get; set; } = "";
    public string AssessedBy { get; set; } = "";
    public DateTime AssessedAt { get; set; }
}
