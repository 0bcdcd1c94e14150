using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Assessment;

/// <summary>
/// Annual performance assessments (年度成效考核, D4). Every write is a step of <see cref="AnnualAssessments"/>: a role outside
/// <see cref="AssessmentRoles.AssessAnnually"/> or another office answers 403, a bad year or level 400, before the timetable,
/// a second one of the same year and level or a final assessment 409, an assessment the reader may not read 404.
/// </summary>
public static class AnnualApi
{
    public static void MapAnnualApi(this IEndpointRouteBuilder app)
    {
        var annual = app.MapGroup("/api/assessment/annual").WithTags("Assessment 考核评估");
        annual.MapGet("", List).WithSummary("The annual assessments the reader may read: its office's, those above, and those in which its area was assessed 年度考核");
        annual.MapPost("", Create).WithSummary("Open the office's assessment of a year and level (from the start month of the year; due by the end of the due month of the next) 开展年度考核");
        annual.MapGet("/{id:long}", Get).WithSummary("The ranked report: areas with total, rank and each indicator's value, points and source 考核结果");
        annual.MapPost("/{id:long}/compute", Compute).WithSummary("(Re)compute every indicator while the assessment is open 计算得分");
        annual.MapPost("/{id:long}/finalise", Finalise).WithSummary("Finalise: nothing of it changes after 定稿");
        annual.MapGet("/{id:long}/report.xlsx", Xlsx).WithSummary("The ranked report as an xlsx workbook; the download is audited 导出排名表");
    }

    public sealed record CreateRequest([property: System.ComponentModel.DataAnnotations.Range(2000, 2100)] int? Year, RegionLevel? Level);

    public sealed record AssessmentJson(long Id, int Year, string AssessorCode, RegionLevel Level, AnnualAssessmentState State, string CreatedBy,
        DateTime CreatedAt, DateTime? FinalisedAt, string? FinalisedBy)
    {
        public static AssessmentJson From(AnnualAssessment a) =>
            new(a.Id, a.Year, a.AssessorCode, a.Level, a.State, a.CreatedBy, a.CreatedAt, a.FinalisedAt, a.FinalisedBy);
    }

    public sealed record LineJson(AnnualIndicator Indicator, decimal? Value, decimal Score, int Weight, bool NoData, string Source);

    public sealed record AreaJson(string Code, string Name, int Rank, decimal Total, IReadOnlyList<LineJson> Indicators);

    public sealed record ReportJson(AssessmentJson Assessment, string OfficeName, DateOnly Opens, DateOnly Due, bool Overdue, IReadOnlyList<int> Weights,
        IReadOnlyList<AreaJson> Areas);

    private static async Task<Ok<IReadOnlyList<AssessmentJson>>> List(JingzhunDbContext db, CancellationToken ct)
    {
        IReadOnlyList<AssessmentJson> list = [.. (await AnnualAssessments.ListAsync(db, ct)).Select(AssessmentJson.From)];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<AssessmentJson>, ValidationProblem>> Create(JingzhunDbContext db, TimeProvider clock, Lang lang,
        CreateRequest request, CancellationToken ct)
    {
        if (request.Year is not { } year) return Problem("year", lang.T("请填写考核年度", "year is required"), lang);
        if (request.Level is not { } level || !Enum.IsDefined(level)) return Problem("level", lang.T("请选择考核层级", "level is required"), lang);
        var created = await AnnualAssessments.CreateAsync(db, year, level, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/assessment/annual/{created.Id}", AssessmentJson.From(created));
    }

    private static async Task<Results<Ok<ReportJson>, NotFound>> Get(JingzhunDbContext db, TimeProvider clock, long id, CancellationToken ct) =>
        await AnnualAssessments.ReportAsync(db, id, clock.GetUtcNow().UtcDateTime, ct) is { } report ? TypedResults.Ok(ToJson(report)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ReportJson>, NotFound>> Compute(JingzhunDbContext db, TimeProvider clock, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await AnnualAssessments.ComputeAsync(db, id, now, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(ToJson((await AnnualAssessments.ReportAsync(db, id, now, ct))!));
    }

    private static async Task<Results<Ok<AssessmentJson>, NotFound>> Finalise(JingzhunDbContext db, TimeProvider clock, long id, CancellationToken ct) =>
        await AnnualAssessments.FinaliseAsync(db, id, clock.GetUtcNow().UtcDateTime, ct) is { } a ? TypedResults.Ok(AssessmentJson.From(a)) : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> Xlsx(JingzhunDbContext db, TimeProvider clock, long id, CancellationToken ct) =>
        await AnnualAssessments.ExportAsync(db, id, clock.GetUtcNow().UtcDateTime, ct) is { } bytes
            ? TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"annual-assessment-{id}.xlsx")
            : TypedResults.NotFound();

    private static ReportJson ToJson(AnnualReport r) => new(AssessmentJson.From(r.Assessment), r.OfficeName, r.Window.Opens, r.Window.Due, r.Overdue, r.Weights,
        [.. r.Areas.Select(a => new AreaJson(a.Code, a.Name, a.Rank, a.Total,
            [.. a.Lines.Select(l => new LineJson(l.Indicator, l.Value, l.Score, l.Weight, l.NoData, l.Source))]))]);

    private static ValidationProblem Problem(string field, string message, Lang lang) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: lang.T("输入有误", "Some fields are not valid"));
}
