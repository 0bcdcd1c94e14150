using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Workflows;

/// <summary>
/// A case moving through a workflow: a household's identification or exit, a village's or a
/// county's exit, a look-back removal. Cases close; they are never deleted.
/// </summary>
public sealed class WorkflowCase
{
    public long Id { get; set; }
    public CaseKind Kind { get; set; }
    public Stage Stage { get; set; }
    public int Year { get; set; }
    /// <summary>The household of a household case; null for village and county cases.</summary>
    public long? HouseholdId { get; set; }
    public Household? Household { get; set; }
    /// <summary>The village of a household case, or the village or county of an area case: the unit of scope.</summary>
    public required string RegionCode { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>The village list (batch) the case moves with, if any.</summary>
    public long? BatchId { get; set; }
    public CaseBatch? Batch { get; set; }
    public DateTime OpenedAt { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTime? ClosedAt { get; set; }
    /// <summary>The rule decision the case was opened on (its trace), if a rule decided it.</summary>
    public long? DecisionId { get; set; }
    /// <summary>Free-text reason given when the case was opened (look-back cases must have one).</summary>
    public string Reason { get; set; } = "";
    public int Version { get; set; }
    public List<CaseStep> Steps { get; set; } = [];
    public List<Notice> Notices { get; set; } = [];

    public bool IsOpen => ClosedAt is null;
}

/// <summary>One step of a case: who moved it from where to where, when, why, with what attachments.</summary>
public sealed class CaseStep
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public WorkflowCase? Case { get; set; }
    public string RegionCode { get; set; } = "";
    public Stage From { get; set; }
    public Stage To { get; set; }
    public StepAction Action { get; set; }
    public string Actor { get; set; } = "";
    public string Role { get; set; } = "";
    public DateTime At { get; set; }
    public string Comment { get; set; } = "";
    /// <summary>Democratic review: votes for and against.</summary>
    public int? VotesFor { get; set; }
    public int? VotesAgainst { get; set; }
    /// <summary>Names of attached documents (minutes, signed forms, photos), separated by "; ": typed by hand before files were stored (附件说明).</summary>
    public string Attachments { get; set; } = "";
    /// <summary>The files stored with the step.</summary>
    public List<CaseAttachment> Files { get; set; } = [];
}

/// <summary>A village list: the yearly identification or exit list of one village, reviewed as one.</summary>
public sealed class CaseBatch
{
    public long Id { get; set; }
    public CaseKind Kind { get; set; }
    public required string RegionCode { get; set; }
    public string CountyCode { get; set; } = "";
    public int Year { get; set; }
    public string Title { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<WorkflowCase> Cases { get; set; } = [];
}

/// <summary>A public notice (公示) of a case at a notice stage, posted for a number of days.</summary>
public sealed class Notice
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public WorkflowCase? Case { get; set; }
    public required string RegionCode { get; set; }
    public Stage Stage { get; set; }
    public string Title { get; set; } = "";
    public DateTime PostedAt { get; set; }
    public DateTime EndsAt { get; set; }
    /// <summary>Closed when the case leaves the notice stage, by moving on or by an objection.</summary>
    public DateTime? ClosedAt { get; set; }
    public string PostedBy { get; set; } = "";
    public List<Objection> Objections { get; set; } = [];

    public bool HasRun(DateTime now) => now >= EndsAt;
}

/// <summary>An objection (异议) to a notice, from staff or from the public, and its outcome.</summary>
public sealed class Objection
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public Notice? Notice { get; set; }
    public long CaseId { get; set; }
    public required string RegionCode { get; set; }
    public DateTime SubmittedAt { get; set; }
    /// <summary>The staff account that recorded it, or "public" for the public page.</summary>
    public string SubmittedBy { get; set; } = "";
    /// <summary>Name or contact the objector chose to give (may be empty).</summary>
    public string Contact { get; set; } = "";
    public string Text { get; set; } = "";
    public ObjectionStatus Status { get; set; } = ObjectionStatus.Open;
    public string Outcome { get; set; } = "";
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAt { get; set; }
}
