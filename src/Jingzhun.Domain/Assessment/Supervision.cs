using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Assessment;

// Supervision (督查巡查, 002:2431, 002:2673) and rectification (限期整改, 002:2620): a problem found by an inspection, an
// audit, an assessment or a complaint is a finding of an area with a deadline; the responsible unit rectifies it with
// evidence and the level that raised it signs it off. A finding is never deleted; a wrong one is withdrawn with a reason.

public enum FindingSource
{
    [Label("督查", "Inspection")] Inspection = 1,
    [Label("巡查", "Patrol")] Patrol = 2,
    [Label("审计", "Audit")] Audit = 3,
    [Label("第三方评估", "Third-party assessment")] Assessment = 4,
    [Label("年度考核", "Annual assessment")] AnnualAssessment = 5,
    [Label("群众举报", "Complaint")] Complaint = 6,
    [Label("资金监管", "Fund control")] FundControl = 7,
}

public enum FindingSeverity
{
    [Label("一般", "Minor")] Minor = 1,
    [Label("较重", "Serious")] Serious = 2,
    [Label("严重", "Grave")] Grave = 3,
}

public enum FindingState
{
    /// <summary>Raised; the responsible unit has not yet answered.</summary>
    [Label("待整改", "Open")] Open = 1,
    /// <summary>The unit reported its rectification with evidence; waiting for sign-off.</summary>
    [Label("已报整改", "Rectification reported")] Reported = 2,
    /// <summary>The raising level accepted the rectification (销号).</summary>
    [Label("已整改销号", "Rectified and signed off")] SignedOff = 3,
    /// <summary>Withdrawn by the raising level with a reason (a finding raised in error).</summary>
    [Label("已撤销", "Withdrawn")] Withdrawn = 4,
}

/// <summary>A problem found in an area, with what it concerns, who must rectify it and by when.</summary>
public sealed class Finding
{
    public long Id { get; set; }
    /// <summary>A readable number (e.g. ZG2026450102-0001).</summary>
    public string Number { get; set; } = "";
    /// <summary>The area the finding is about (12 digits: a village, township, county, city or province).</summary>
    public string RegionCode { get; set; } = "";
    /// <summary>The county of the area, "" when the area is above a county.</summary>
    public string CountyCode { get; set; } = "";
    /// <summary>The region of the office that raised it (signs it off); at or above the area.</summary>
    public string RaisedByCode { get; set; } = "";
    public FindingSource Source { get; set; }
    public FindingSeverity Severity { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The unit responsible for the rectification (e.g. "某某乡人民政府").</summary>
    public string ResponsibleUnit { get; set; } = "";
    public DateOnly FoundOn { get; set; }
    public DateOnly Deadline { get; set; }
    public FindingState State { get; set; } = FindingState.Open;
    /// <summary>The assessment project it came from, when it came from one.</summary>
    public long? AssessmentProjectId { get; set; }
    public string RaisedBy { get; set; } = "";
    public DateTime RaisedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? ClosedReason { get; set; }
    public int Version { get; set; }
    public List<FindingSubject> Subjects { get; set; } = [];
    public List<Rectification> Rectifications { get; set; } = [];

    /// <summary>Open or reported and past its deadline on <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) => State is FindingState.Open or FindingState.Reported && today > Deadline;
}

/// <summary>A household or project a finding concerns.</summary>
public sealed class FindingSubject
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public Finding? Finding { get; set; }
    public string RegionCode { get; set; } = "";
    public long? HouseholdId { get; set; }
    public long? ProjectId { get; set; }
}

/// <summary>
/// A report of rectification (整改报告) with its evidence, and the raising level's answer to it: accepted (销号) or sent
/// back with a reason. Written once; a new report is a new row.
/// </summary>
public sealed class Rectification
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public Finding? Finding { get; set; }
    public string RegionCode { get; set; } = "";
    public string Measures { get; set; } = "";
    public DateOnly ReportedOn { get; set; }
    public string ReportedBy { get; set; } = "";
    public DateTime ReportedAt { get; set; }
    /// <summary>Evidence file (PDF, picture, Word or Excel, recognised by content), with its digest.</summary>
    public string? EvidenceName { get; set; }
    public string? EvidenceType { get; set; }
    public byte[]? Evidence { get; set; }
    public string? EvidenceSha256 { get; set; }
    /// <summary>Null while waiting; true when signed off, false when sent back.</summary>
    public bool? Accepted { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTime? AnsweredAt { get; set; }
}
