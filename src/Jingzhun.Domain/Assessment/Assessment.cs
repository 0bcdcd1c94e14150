using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Assessment;

// Third-party assessment (第三方评估): a project samples households of one or more counties, assessors visit them and
// record a form each, and the rates (错退率, 漏评率, 群众认可度) come from the forms with their confidence intervals.
// The county-exit special assessment (专项评估检查, 002:2663) and the provinces' annual assessment (D4, 002:2598) both use it.

public enum AssessmentKind
{
    /// <summary>国家专项评估检查 of a county's exit (002:2663).</summary>
    [Label("贫困县退出专项评估检查", "County-exit special assessment")] CountyExit = 1,
    /// <summary>第三方评估 of the annual performance assessment (D4, 002:2598).</summary>
    [Label("年度成效考核第三方评估", "Annual performance assessment survey")] Annual = 2,
}

public enum SampleDesign
{
    /// <summary>Exited households drawn at random within each township (the strata), in proportion to their number.</summary>
    [Label("分层随机抽样", "Stratified random sample")] Stratified = 1,
    /// <summary>Villages drawn first, then households within each drawn village.</summary>
    [Label("两阶段整群抽样", "Two-stage cluster sample")] TwoStageCluster = 2,
}

public enum AssessmentState
{
    [Label("筹备中", "In preparation")] Draft = 1,
    [Label("已抽样（对被评估县保密）", "Sample drawn (hidden from the county)")] Sampled = 2,
    [Label("入户核查中", "Visits under way")] Visiting = 3,
    [Label("已结束", "Closed")] Closed = 4,
}

/// <summary>What an assessed household was drawn from.</summary>
public enum SampleFrame
{
    /// <summary>Registered households that exited: for the wrong-exit rate and recognition.</summary>
    [Label("已脱贫户", "Exited household")] Exited = 1,
    /// <summary>Households of a drawn village not registered as poor: for the missed-identification rate.</summary>
    [Label("未建档户", "Unregistered household")] Unregistered = 2,
}

/// <summary>Where a sampled household stands, copied from its project so that the scope filter needs no join.</summary>
public enum SamplePhase
{
    /// <summary>Drawn: seen only by the organising office (and the levels above it), never by the assessed county.</summary>
    [Label("已抽取（保密）", "Drawn (confidential)")] Drawn = 1,
    /// <summary>Visits started: the assessor and the county's offices see it.</summary>
    [Label("核查中", "Being visited")] Visiting = 2,
    /// <summary>The project closed: the assessor sees nothing more; the results stay with the offices.</summary>
    [Label("已结束", "Closed")] Closed = 3,
}

/// <summary>Whether the household recognises its exit (群众认可度).</summary>
public enum ExitRecognition
{
    [Label("认可", "Recognises")] Recognises = 1,
    [Label("不认可", "Does not recognise")] DoesNotRecognise = 2,
    [Label("说不清", "Cannot say")] CannotSay = 3,
}

/// <summary>An assessment project: which counties, how the sample is drawn, and its life from preparation to close.</summary>
public sealed class AssessmentProject
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public int Year { get; set; }
    public AssessmentKind Kind { get; set; }
    public SampleDesign Design { get; set; }
    public AssessmentState State { get; set; } = AssessmentState.Draft;
    /// <summary>The organising office's region (12 digits): the nation or a province.</summary>
    public string OrganiserCode { get; set; } = "";
    /// <summary>The organiser's region prefix ("" for the nation, "45" for a province); copied onto each sampled household.</summary>
    public string OrganiserPrefix { get; set; } = "";
    /// <summary>The seed of the draw: the same seed and frames give the same sample, anywhere.</summary>
    public long Seed { get; set; }
    /// <summary>Target margin of error of a rate (half the width of its interval), e.g. 0.03.</summary>
    public decimal Margin { get; set; } = 0.03m;
    /// <summary>Confidence level of the intervals, e.g. 0.95.</summary>
    public decimal Confidence { get; set; } = 0.95m;
    /// <summary>The rate expected when sizing the sample (0.5 is the most cautious).</summary>
    public decimal ExpectedRate { get; set; } = 0.1m;
    /// <summary>Intra-village correlation assumed when sizing a cluster sample (design effect 1 + (m − 1)ρ).</summary>
    public decimal ClusterCorrelation { get; set; } = 0.05m;
    /// <summary>Households drawn in each drawn village (two-stage design).</summary>
    public int HouseholdsPerVillage { get; set; } = 10;
    /// <summary>Unregistered households drawn in each drawn village, for the missed-identification rate.</summary>
    public int UnregisteredPerVillage { get; set; } = 5;
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? SampledAt { get; set; }
    public DateTime? VisitsStartedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedReason { get; set; }
    public int Version { get; set; }
    public List<AssessmentCounty> Counties { get; set; } = [];
}

/// <summary>One county of a project, with its frame and its sample's size.</summary>
public sealed class AssessmentCounty
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public AssessmentProject? Project { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>Exited households in the frame when the sample was drawn.</summary>
    public int ExitedFrame { get; set; }
    /// <summary>Villages with exited households when the sample was drawn, and how many were drawn.</summary>
    public int VillageFrame { get; set; }
    public int VillagesDrawn { get; set; }
    /// <summary>Exited households to draw: from the margin asked for (see SampleSize).</summary>
    public int SampleSize { get; set; }
}

/// <summary>
/// A household drawn into a project's sample, with the assessor's form for it. A household found on the spot (not in the
/// registry) has no household id but its name. Rows are never deleted; a replaced household is marked, not removed.
/// </summary>
public sealed class SampledHousehold
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public AssessmentProject? Project { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>The stratum (township code) and the primary unit (village code) of the design.</summary>
    public string Stratum { get; set; } = "";
    public string VillageCode { get; set; } = "";
    public string OrganiserPrefix { get; set; } = "";
    public SamplePhase Phase { get; set; } = SamplePhase.Drawn;
    public SampleFrame Frame { get; set; }
    public long? HouseholdId { get; set; }
    public Household? Household { get; set; }
    /// <summary>The head's name of a household found on the spot (no registry row).</summary>
    public string? FoundName { get; set; }
    /// <summary>Place in the draw (1, 2, …): the order the seed gave.</summary>
    public int DrawOrder { get; set; }
    /// <summary>Design weight: how many frame households this one stands for.</summary>
    public decimal Weight { get; set; }
    public int? AssessorAccountId { get; set; }
    public DateTime? AssignedAt { get; set; }

    // The assessor's form.
    public DateOnly? VisitedOn { get; set; }
    /// <summary>Per-capita net income found by the assessor, yuan per year.</summary>
    public decimal? PerCapitaIncome { get; set; }
    public bool? FoodAndClothing { get; set; }
    public bool? Education { get; set; }
    public bool? Medical { get; set; }
    public bool? Housing { get; set; }
    public bool? Water { get; set; }
    public ExitRecognition? Recognition { get; set; }
    public string? Notes { get; set; }
    /// <summary>The judgement of the rules on the form: exited wrongly (exited frame) or should be poor (unregistered frame).</summary>
    public bool? Finding { get; set; }
    /// <summary>The rule set that judged it, and its reasons.</summary>
    public string? FindingTrace { get; set; }
    public DateTime? RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    /// <summary>The id a phone gave the form when it was saved offline: the same form sent twice is stored once.</summary>
    public Guid? ClientId { get; set; }
    public int Version { get; set; }

    public bool Recorded => RecordedAt is not null;
}

/// <summary>A photo taken on an assessment visit (re-encoded, without location data, like visit photos).</summary>
public sealed class SamplePhoto
{
    public long Id { get; set; }
    public long SampleId { get; set; }
    public SampledHousehold? Sample { get; set; }
    public string CountyCode { get; set; } = "";
    public string VillageCode { get; set; } = "";
    public string ContentType { get; set; } = "image/jpeg";
    public byte[] Content { get; set; } = [];
    public byte[] Thumbnail { get; set; } = [];
    public int Width { get; set; }
    public int Height { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}
