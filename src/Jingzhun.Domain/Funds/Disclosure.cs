using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;

namespace Jingzhun.Domain.Funds;

// 公告公示 of funds and projects (002:418, 002:676; 003.md L480): allocation results of the province, city and county are
// always public; a village's and a township's projects and fund use are posted, before a project starts and after it
// is completed, for the days the rule set gives. Objections are taken and handled as for household notices: an open
// one holds the project at its stage until it is resolved.

public enum DisclosureKind
{
    [Label("资金分配结果公开", "Allocation result")] Allocation = 1,
    [Label("项目实施前公示", "Project before start")] ProjectPlan = 2,
    [Label("项目竣工后公告", "Project after completion")] ProjectCompletion = 3,
}

/// <summary>A posted disclosure: what was published (a masked snapshot), where, and for how long.</summary>
public sealed class FundDisclosure
{
    public long Id { get; set; }
    public DisclosureKind Kind { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>Where it is posted: the project's village (or township/county), or the county for allocation results.</summary>
    public required string RegionCode { get; set; }
    public long? ProjectId { get; set; }
    public long? AllocationId { get; set; }
    public int Year { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The published content as it was posted (JSON, personal data already masked).</summary>
    public string Content { get; set; } = "";
    public DateTime PostedAt { get; set; }
    public DateTime EndsAt { get; set; }
    /// <summary>Closed when the project moves on past the stage the disclosure belongs to.</summary>
    public DateTime? ClosedAt { get; set; }
    public string PostedBy { get; set; } = "";
    public List<DisclosureObjection> Objections { get; set; } = [];

    public bool IsOpen(DateTime now) => ClosedAt is null && now <= EndsAt;
    public bool HasRun(DateTime now) => now >= EndsAt;
}

/// <summary>An objection or complaint (异议、投诉) to a disclosure, from staff or the public, and its outcome.</summary>
public sealed class DisclosureObjection
{
    public long Id { get; set; }
    public long DisclosureId { get; set; }
    public FundDisclosure? Disclosure { get; set; }
    public string CountyCode { get; set; } = "";
    public required string RegionCode { get; set; }
    public DateTime SubmittedAt { get; set; }
    /// <summary>The staff account that recorded it, or "public".</summary>
    public string SubmittedBy { get; set; } = "";
    public string Contact { get; set; } = "";
    public string Text { get; set; } = "";
    public ObjectionStatus Status { get; set; } = ObjectionStatus.Open;
    public string Outcome { get; set; } = "";
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAt { get; set; }
}
