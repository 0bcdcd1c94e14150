using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Funds;

// The county project library (项目库, 003.md §2.8 and §3.11): projects follow the plan, funds follow the project, both
// follow the poor (L1058). A project is proposed by its village with the 四议两公开 decision recorded, reviewed by the
// township, approved into the library by the county, publicly disclosed before it starts and after it is completed, and
// its assets handed over and operated.

public enum ProjectType
{
    [Label("产业发展", "Industry")] Industry = 1,
    [Label("基础设施", "Infrastructure")] Infrastructure = 2,
    [Label("易地搬迁", "Relocation")] Relocation = 3,
    [Label("就业扶贫", "Employment")] Employment = 4,
    [Label("教育扶贫", "Education")] Education = 5,
    [Label("健康扶贫", "Health")] Health = 6,
    [Label("安全饮水", "Drinking water")] Water = 7,
    [Label("危房改造", "Housing renovation")] Housing = 8,
    [Label("生态扶贫", "Ecology")] Ecology = 9,
    [Label("金融扶贫", "Finance")] Finance = 10,
    [Label("其他", "Other")] Other = 99,
}

/// <summary>The stages of a project; the numbers are stored and must not change.</summary>
public enum ProjectStage
{
    [Label("村级申报", "Proposed by the village")] Proposed = 1,
    [Label("乡镇审核", "Reviewed by the township")] Reviewed = 2,
    [Label("县级审定入库", "Approved into the library")] Approved = 3,
    [Label("已开工", "Started")] Started = 4,
    [Label("已完工", "Completed")] Completed = 5,
    [Label("已验收", "Accepted")] Accepted = 6,
    [Label("资产已移交", "Assets handed over")] HandedOver = 7,
    [Label("运营中", "Operating")] Operating = 8,
    [Label("未通过", "Not approved")] Rejected = 90,
}

public enum ProjectAction
{
    [Label("申报", "Propose")] Propose = 1,
    [Label("通过", "Advance")] Advance = 2,
    [Label("退回", "Return")] Return = 3,
    [Label("不予通过", "Reject")] Reject = 4,
}

/// <summary>A project of the county library.</summary>
public sealed class Project
{
    public long Id { get; set; }
    /// <summary>项目编号, given on proposal: XM + year + county + sequence.</summary>
    public string Number { get; set; } = "";
    public required string Name { get; set; }
    public ProjectType Type { get; set; }
    /// <summary>The plan year (纳入年度项目).</summary>
    public int Year { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>Where the project is: a village (12 digits), or a township or the county for larger works. The unit of scope.</summary>
    public required string RegionCode { get; set; }
    public ProjectStage Stage { get; set; } = ProjectStage.Proposed;
    /// <summary>建设内容.</summary>
    public string Content { get; set; } = "";
    /// <summary>项目实施单位 (项目主体).</summary>
    public string Implementer { get; set; } = "";
    /// <summary>负责干部.</summary>
    public string ResponsiblePerson { get; set; } = "";
    /// <summary>带贫机制 / 利益联结: how the poor benefit.</summary>
    public string BenefitMechanism { get; set; } = "";
    /// <summary>受益人口: everyone who benefits, registered or not.</summary>
    public int BeneficiaryPeople { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedEnd { get; set; }
    public DateOnly? StartedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public DateOnly? AcceptedOn { get; set; }
    public DateOnly? HandedOverOn { get; set; }
    // 四议两公开: the village's decision to propose the project, as recorded on proposal.
    public DateOnly? DeliberatedOn { get; set; }
    public int? VotesFor { get; set; }
    public int? VotesAgainst { get; set; }
    public string DeliberationMinutes { get; set; } = "";
    public string ProposedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public List<ProjectFunding> Funding { get; set; } = [];
    public List<ProjectBeneficiary> Beneficiaries { get; set; } = [];
    public List<ProjectStep> Steps { get; set; } = [];

    /// <summary>The approved budget: the sum of its funding lines.</summary>
    public Money Budget => new(Funding.Sum(f => f.Amount.Yuan));
}

/// <summary>One line of a project's budget: a source, and the county allocation it draws on when known.</summary>
public sealed class ProjectFunding
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public string CountyCode { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public FundSource Source { get; set; }
    public long? AllocationId { get; set; }
    public FundAllocation? Allocation { get; set; }
    public Money Amount { get; set; }
}

/// <summary>A registered household that benefits from a project (利益联结). Removed by an end date and a reason, never deleted.</summary>
public sealed class ProjectBeneficiary
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>People of the household who benefit.</summary>
    public int People { get; set; }
    public DateTime AddedAt { get; set; }
    public string AddedBy { get; set; } = "";
    public DateTime? EndedAt { get; set; }
    public string EndedReason { get; set; } = "";
}

/// <summary>One step of a project's lifecycle: who moved it, when, why.</summary>
public sealed class ProjectStep
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string RegionCode { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public ProjectStage From { get; set; }
    public ProjectStage To { get; set; }
    public ProjectAction Action { get; set; }
    public string Actor { get; set; } = "";
    public string Role { get; set; } = "";
    public DateTime At { get; set; }
    public string Comment { get; set; } = "";
}

/// <summary>A document attached to a project at a stage (meeting minutes, approval, acceptance report, photos).</summary>
public sealed class ProjectDocument
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string RegionCode { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public ProjectStage Stage { get; set; }
    public required string FileName { get; set; }
    public string ContentType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string UploadedBy { get; set; } = "";
    public DateTime UploadedAt { get; set; }
}
