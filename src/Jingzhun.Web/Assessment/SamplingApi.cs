using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Web.Assessment;

/// <summary>
/// Assessment projects and their samples as JSON. Every write is a step of <see cref="AssessmentProjects"/>: a wrong role
/// 403, a step out of turn (a second draw, a start with households unassigned) 409, a bad value 400, a project out of
/// sight 404. A drawn sample is hidden from the assessed county until the visits start (the scope filter, not this API).
/// </summary>
public static class SamplingApi
{
    public static void MapSamplingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessment/projects").WithTags("Assessment 第三方评估");
        api.MapGet("", List).WithSummary("Assessment projects the reader sees in a region (?region=) 评估项目");
        api.MapPost("", Create).WithSummary("Create a project (national or province officer): counties, design, seed (or drawn and stored), margin, confidence 创建评估项目");
        api.MapGet("/{assessmentId:long}", Get).WithSummary("A project: settings, seed, counties with frame and sample sizes and the margin achieved");
        api.MapGet("/{assessmentId:long}/sample", Sample).WithSummary("The sample the reader may see (none for the assessed county before the visits start) 评估样本");
        api.MapPost("/{assessmentId:long}/draw", Draw).WithSummary("Draw the sample once, from the registry, with the project's seed 抽样");
        api.MapPost("/{assessmentId:long}/assign", Assign).WithSummary("Spread the sample over assessor accounts by village 分配样本");
        api.MapPost("/{assessmentId:long}/start", Start).WithSummary("Start the visits: the sample shown to the county and its assessors 开始核查");
        api.MapPost("/{assessmentId:long}/close", Close).WithSummary("Close the project with a reason: assessors lose access 结束评估");
    }

    public sealed record CreateRequest([property: TextLimit(200)] string? Name, [property: Range(2000, 2100)] int? Year, AssessmentKind? Kind, SampleDesign? Design,
        [property: MaxLength(50)] IReadOnlyList<string>? Counties, [property: Range(0L, long.MaxValue)] long? Seed,
        [property: Range(0d, 1d)] decimal? Margin, [property: Range(0d, 1d)] decimal? Confidence, [property: Range(0d, 1d)] decimal? ExpectedRate,
        [property: Range(0d, 1d)] decimal? ClusterCorrelation, [property: Range(1, 200)] int? HouseholdsPerVillage, [property: Range(0, 200)] int? UnregisteredPerVillage);

    public sealed record AssignRequest([property: MaxLength(100)] IReadOnlyList<int>? AssessorAccountIds);

    public sealed record CloseRequest([property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record CountyJson(string CountyCode, string Name, int ExitedFrame, int VillageFrame, int VillagesDrawn, int SampleSize, int Unregistered,
        decimal MarginAchieved);

    public sealed record ProjectJson(long Id, string Name, int Year, AssessmentKind Kind, SampleDesign Design, AssessmentState State, string OrganiserCode,
        long? Seed, decimal Margin, decimal Confidence, decimal ExpectedRate, decimal ClusterCorrelation, int HouseholdsPerVillage, int UnregisteredPerVillage,
        string CreatedBy, DateTime CreatedAt, DateTime? SampledAt, DateTime? VisitsStartedAt, DateTime? ClosedAt, string? ClosedReason,
        IReadOnlyList<CountyJson> Counties);

    public sealed record ProjectRowJson(long Id, string Name, int Year, AssessmentKind Kind, SampleDesign Design, AssessmentState State, IReadOnlyList<string> Counties);

    public sealed record SampleJson(long Id, string CountyCode, string Stratum, string VillageCode, SampleFrame Frame, SamplePhase Phase, int DrawOrder,
        decimal Weight, long? HouseholdId, string Number, string HeadName, int? AssessorAccountId, string? Assessor, bool Recorded);

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<IResult> List(JingzhunDbContext db, string? region, CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(region) ? db.Scope.RegionPrefix.PadRight(12, '0') : region;
        if (!RegionCode.TryParse(code, out _, out _)) return Results.NotFound();
        var rows = await AssessmentProjects.ListAsync(db, code, ct);
        return Results.Ok(rows.Select(p => new ProjectRowJson(p.Id, p.Name, p.Year, p.Kind, p.Design, p.State,
            [.. p.Counties.Select(c => c.CountyCode).Order(StringComparer.Ordinal)])).ToList());
    }

    private static async Task<IResult> Create(JingzhunDbContext db, TimeProvider clock, CreateRequest request, CancellationToken ct)
    {
        var project = await AssessmentProjects.CreateAsync(db, new ProjectInput(request.Name ?? "", request.Year ?? 0, request.Kind ?? AssessmentKind.CountyExit,
            request.Design ?? SampleDesign.Stratified, request.Counties ?? [], request.Seed, request.Margin ?? 0.03m, request.Confidence ?? 0.95m,
            request.ExpectedRate ?? 0.1m, request.ClusterCorrelation ?? 0.05m, request.HouseholdsPerVillage ?? 10, request.UnregisteredPerVillage ?? 5), Now(clock), ct);
        db.ChangeTracker.Clear();
        return await DetailAsync(db, project.Id, created: true, ct);
    }

    private static Task<IResult> Get(JingzhunDbContext db, long assessmentId, CancellationToken ct) => DetailAsync(db, assessmentId, false, ct);

    private static async Task<IResult> Sample(JingzhunDbContext db, long assessmentId, CancellationToken ct)
    {
        if (await AssessmentProjects.DetailAsync(db, assessmentId, ct) is null) return Results.NotFound();
        var rows = await AssessmentProjects.SampleAsync(db, assessmentId, ct);
        return Results.Ok(rows.Select(r => new SampleJson(r.Sample.Id, r.Sample.CountyCode, r.Sample.Stratum, r.Sample.VillageCode, r.Sample.Frame, r.Sample.Phase,
            r.Sample.DrawOrder, r.Sample.Weight, r.Sample.HouseholdId, r.Number, r.HeadMasked, r.Sample.AssessorAccountId, r.Assessor, r.Sample.Recorded)).ToList());
    }

    private static async Task<IResult> Draw(JingzhunDbContext db, TimeProvider clock, long assessmentId, CancellationToken ct) =>
        await Step(db, assessmentId, AssessmentProjects.DrawAsync(db, assessmentId, Now(clock), ct), ct);

    private static async Task<IResult> Assign(JingzhunDbContext db, TimeProvider clock, long assessmentId, AssignRequest request, CancellationToken ct) =>
        await Step(db, assessmentId, AssessmentProjects.AssignAsync(db, assessmentId, request.AssessorAccountIds ?? [], Now(clock), ct), ct);

    private static async Task<IResult> Start(JingzhunDbContext db, TimeProvider clock, long assessmentId, CancellationToken ct) =>
        await Step(db, assessmentId, AssessmentProjects.StartVisitsAsync(db, assessmentId, Now(clock), ct), ct);

    private static async Task<IResult> Close(JingzhunDbContext db, TimeProvider clock, long assessmentId, CloseRequest request, CancellationToken ct) =>
        await Step(db, assessmentId, AssessmentProjects.CloseAsync(db, assessmentId, request.Reason ?? "", Now(clock), ct), ct);

    private static async Task<IResult> Step(JingzhunDbContext db, long assessmentId, Task<AssessmentProject?> step, CancellationToken ct)
    {
        if (await step is null) return Results.NotFound();
        db.ChangeTracker.Clear();
        return await DetailAsync(db, assessmentId, false, ct);
    }

    private static async Task<IResult> DetailAsync(JingzhunDbContext db, long assessmentId, bool created, CancellationToken ct)
    {
        if (await AssessmentProjects.DetailAsync(db, assessmentId, ct) is not { } detail) return Results.NotFound();
        var p = detail.Project;
        var json = new ProjectJson(p.Id, p.Name, p.Year, p.Kind, p.Design, p.State, p.OrganiserCode, AssessmentProjects.SeedShown(db, p) ? p.Seed : null, p.Margin, p.Confidence, p.ExpectedRate,
            p.ClusterCorrelation, p.HouseholdsPerVillage, p.UnregisteredPerVillage, p.CreatedBy, p.CreatedAt, p.SampledAt, p.VisitsStartedAt, p.ClosedAt,
            p.ClosedReason, [.. detail.Counties.Select(c => new CountyJson(c.County.CountyCode, c.Name, c.County.ExitedFrame, c.County.VillageFrame,
                c.County.VillagesDrawn, c.County.SampleSize, c.Unregistered, c.MarginAchieved))]);
        return created ? Results.Created($"/api/assessment/projects/{p.Id}", json) : Results.Ok(json);
    }
}
