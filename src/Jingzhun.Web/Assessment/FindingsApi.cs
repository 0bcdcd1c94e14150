using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Funds;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using FindingSteps = Jingzhun.Data.Assessment.Findings;

namespace Jingzhun.Web.Assessment;

/// <summary>
/// Findings and rectification as JSON (督查巡查, 限期整改). Every write is a governed step of <see cref="FindingSteps"/>: a wrong role
/// or level answers 403 and changes nothing, a step the finding's state does not allow 409, a refused value 400, a finding
/// outside the reader's region 404. The overdue list and the report by level include everything below the area.
/// </summary>
public static class FindingsApi
{
    /// <summary>One evidence file of at most 10 MB and the form around it.</summary>
    public const long MaxRequestBytes = Data.Funds.ProjectDocuments.MaxBytes + 1024 * 1024;

    public static void MapFindingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessment").WithTags("Assessment 考核评估");
        api.MapGet("/findings", List)
            .WithSummary("An area's findings and everything below it (?region=&state=&source=&severity=&year=&overdue=&page=&pageSize=) 问题清单");
        api.MapPost("/findings", Raise)
            .WithSummary("Raise a finding of an area inside one's region (supervising offices); deadline by default found-on + the rule set's days; number ZG+year+county 提出问题");
        api.MapGet("/findings/{id:long}", Get).WithSummary("A finding with its households and projects, its rectification reports and what the reader may do");
        api.MapPost("/findings/{id:long}/rectifications", Report)
            .WithSummary("Report the rectification (the area's own offices): multipart measures and file, or JSON measures, fileName and base64 content; PDF, JPEG, PNG, DOCX or XLSX by content, at most 10 MB 整改报告")
            .Accepts<ReportBody>("application/json", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxRequestBytes })
            .DisableAntiforgery();
        api.MapPost("/rectifications/{id:long}/answer", Answer)
            .WithSummary("Answer a rectification once (the raising level or above): accepted signs the finding off, sent back (with the reason) reopens it 销号或退回");
        api.MapGet("/rectifications/{id:long}/evidence", Evidence).WithSummary("A rectification's evidence file, inside the finding's region only");
        api.MapPost("/findings/{id:long}/withdraw", Withdraw).WithSummary("Withdraw a finding raised in error, with the reason (the raising level or above) 撤销问题");
        api.MapGet("/findings/overdue/{regionCode}", Overdue)
            .WithSummary("The area's findings past their deadline and not signed off, the area's own and every one below (?page=&pageSize=) 逾期问题");
        api.MapGet("/findings/overdue/{regionCode}.xlsx", OverdueXlsx).WithSummary("The overdue list as xlsx, every row; the download is audited 导出逾期问题");
        api.MapGet("/findings/report/{regionCode}", ReportByLevel)
            .WithSummary("Counts of open, reported, signed-off, withdrawn and overdue findings by child area, which add up to the area 分级统计");
    }

    public sealed record RaiseRequest([property: TextLimit(12)] string? RegionCode, FindingSource? Source, FindingSeverity? Severity,
        [property: TextLimit(200)] string? Title, [property: TextLimit(4000, Lines = true)] string? Description, [property: TextLimit(200)] string? ResponsibleUnit,
        DateOnly? FoundOn, DateOnly? Deadline, [property: MaxLength(FindingSteps.MaxSubjects)] IReadOnlyList<long>? HouseholdIds,
        [property: MaxLength(FindingSteps.MaxSubjects)] IReadOnlyList<long>? ProjectIds, long? AssessmentProjectId);

    public sealed record AnswerRequest(bool? Accepted, [property: TextLimit(1000, Lines = true)] string? Answer);

    public sealed record WithdrawRequest([property: TextLimit(1000, Lines = true)] string? Reason);

    /// <summary>A report as JSON sends it (the multipart upload's other shape): the measures, the file's name and its bytes in base64.</summary>
    public sealed record ReportBody(string? Measures, string? FileName, string? Content);

    public sealed record FindingJson(long Id, string Number, string RegionCode, string RegionName, string CountyCode, string RaisedByCode, string RaisedByName,
        FindingSource Source, FindingSeverity Severity, string Title, string Description, string ResponsibleUnit, DateOnly FoundOn, DateOnly Deadline,
        FindingState State, bool Overdue, long? AssessmentProjectId, string RaisedBy, DateTime RaisedAt, DateTime? ClosedAt, string? ClosedBy, string? ClosedReason,
        IReadOnlyList<SubjectRow> Subjects, IReadOnlyList<RectificationJson> Rectifications, FindingAbilities May);

    public sealed record RectificationJson(long Id, string Measures, DateOnly ReportedOn, string ReportedBy, DateTime ReportedAt, string? EvidenceName,
        string? EvidenceType, long EvidenceSize, string? EvidenceSha256, string? EvidenceUrl, bool? Accepted, string? Answer, string? AnsweredBy, DateTime? AnsweredAt);

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static FindingJson Json(FindingView v)
    {
        var f = v.Finding;
        return new FindingJson(f.Id, f.Number, f.RegionCode, v.RegionName, f.CountyCode, f.RaisedByCode, v.RaisedByName, f.Source, f.Severity, f.Title, f.Description,
            f.ResponsibleUnit, f.FoundOn, f.Deadline, f.State, v.Overdue, f.AssessmentProjectId, f.RaisedBy, f.RaisedAt, f.ClosedAt, f.ClosedBy, f.ClosedReason,
            v.Subjects, [.. v.Rectifications.Select(r => new RectificationJson(r.Id, r.Measures, r.ReportedOn, r.ReportedBy, r.ReportedAt, r.EvidenceName, r.EvidenceType,
                r.EvidenceSize, r.EvidenceSha256, r.EvidenceName is null ? null : $"/api/assessment/rectifications/{r.Id}/evidence", r.Accepted, r.Answer, r.AnsweredBy,
                r.AnsweredAt))], v.May);
    }

    private static async Task<IResult> FindingAnswer(JingzhunDbContext db, TimeProvider clock, long id, bool created, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var view = await FindingSteps.GetAsync(db, id, Now(clock), ct);
        if (view is null) return Results.NotFound();
        return created ? Results.Created($"/api/assessment/findings/{id}", Json(view)) : Results.Ok(Json(view));
    }

    private static IResult Bad(Lang lang, string zh, string en) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T(zh, en));

    private static async Task<IResult> List(JingzhunDbContext db, TimeProvider clock, Lang lang, string? region, FindingState? state, FindingSource? source,
        FindingSeverity? severity, int? year, bool? overdue, int? page, int? pageSize, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return Bad(lang, "year：2000–2100", "year: 2000–2100");
        var list = await FindingSteps.ListAsync(db, string.IsNullOrEmpty(region) ? FindingSteps.OwnRegion(db) : region,
            new FindingFilter(state, source, severity, overdue == true, year, Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? FindingSteps.DefaultPageSize, 1, 1_000)),
            FindingSteps.Today(Now(clock)), ct);
        return list is null ? Results.NotFound() : Results.Ok(list);
    }

    private static async Task<IResult> Raise(JingzhunDbContext db, TimeProvider clock, RaiseRequest request, CancellationToken ct)
    {
        var finding = await FindingSteps.RaiseAsync(db, new FindingInput(request.RegionCode, request.Source ?? 0, request.Severity ?? 0, request.Title, request.Description,
            request.ResponsibleUnit, request.FoundOn, request.Deadline, request.HouseholdIds, request.ProjectIds, request.AssessmentProjectId), Now(clock), ct);
        return await FindingAnswer(db, clock, finding.Id, true, ct);
    }

    private static async Task<IResult> Get(JingzhunDbContext db, TimeProvider clock, long id, CancellationToken ct) => await FindingAnswer(db, clock, id, false, ct);

    private static async Task<IResult> Report(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, long id, CancellationToken ct)
    {
        string? measures, name;
        byte[] bytes;
        if (!request.HasFormContentType)
        {
            ReportBody? body;
            try { body = await System.Text.Json.JsonSerializer.DeserializeAsync<ReportBody>(request.Body, BodyJson, ct); }
            catch (System.Text.Json.JsonException) { return Bad(lang, "请求内容：格式不正确", "The request body: not a valid value"); }
            try { bytes = Convert.FromBase64String(body?.Content ?? ""); }
            catch (FormatException) { return Bad(lang, "content：文件内容应为base64", "content: the file's bytes in base64"); }
            if ((body?.FileName ?? "").Length > 200) return Bad(lang, "fileName：最多200字", "fileName: at most 200 characters");
            if ((body?.Measures ?? "").Length > 4000) return Bad(lang, "measures：最多4000字", "measures: at most 4000 characters");
            (measures, name) = (body?.Measures, body?.FileName);
        }
        else
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return Bad(lang, "请求内容：表单格式不正确", "The request body: not a valid form");
            }
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null) return Bad(lang, "file：须上传整改佐证材料", "file: an evidence file is needed");
            measures = form["measures"].ToString();
            if (measures.Length > 4000) return Bad(lang, "measures：最多4000字", "measures: at most 4000 characters");
            (name, bytes) = await ProjectsApi.ReadAsync(file, ct);
        }
        var report = await FindingSteps.ReportAsync(db, id, measures, name, bytes, Now(clock), ct);
        return report is null ? Results.NotFound() : await FindingAnswer(db, clock, id, true, ct);
    }

    private static readonly System.Text.Json.JsonSerializerOptions BodyJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static async Task<IResult> Answer(JingzhunDbContext db, TimeProvider clock, Lang lang, long id, AnswerRequest request, CancellationToken ct)
    {
        if (request.Accepted is not { } accepted)
        {
            // Who may not answer, or cannot see the report, hears that first (403, 404), not what the body lacks.
            AssessmentSteps.Require(db, AssessmentRoles.Supervise, FindingSteps.OwnRegion(db), new("答复整改报告", "answer a rectification"));
            if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Rectifications, r => r.Id == id, ct)) return Results.NotFound();
            return Bad(lang, "accepted：须选择销号或退回", "accepted: true to sign off, false to send back");
        }
        var finding = await FindingSteps.AnswerAsync(db, id, accepted, request.Answer, Now(clock), ct);
        return finding is null ? Results.NotFound() : await FindingAnswer(db, clock, finding.Id, false, ct);
    }

    private static async Task<IResult> Withdraw(JingzhunDbContext db, TimeProvider clock, long id, WithdrawRequest request, CancellationToken ct)
    {
        var finding = await FindingSteps.WithdrawAsync(db, id, request.Reason, Now(clock), ct);
        return finding is null ? Results.NotFound() : await FindingAnswer(db, clock, id, false, ct);
    }

    private static async Task<IResult> Evidence(JingzhunDbContext db, long id, CancellationToken ct) =>
        await FindingSteps.EvidenceAsync(db, id, ct) is { } file ? Results.File(file.Content, file.Type, file.Name) : Results.NotFound();

    private static async Task<IResult> Overdue(JingzhunDbContext db, TimeProvider clock, string regionCode, int? page, int? pageSize, CancellationToken ct)
    {
        var list = await FindingSteps.OverdueAsync(db, regionCode, FindingSteps.Today(Now(clock)), Math.Max(1, page ?? 1),
            Math.Clamp(pageSize ?? FindingSteps.DefaultPageSize, 1, 1_000), ct);
        return list is null ? Results.NotFound() : Results.Ok(list);
    }

    private static async Task<IResult> OverdueXlsx(JingzhunDbContext db, TimeProvider clock, string regionCode, CancellationToken ct) =>
        await FindingSteps.ExportOverdueAsync(db, regionCode, Now(clock), ct) is { } bytes
            ? Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"overdue-findings-{regionCode}.xlsx")
            : Results.NotFound();

    private static async Task<IResult> ReportByLevel(JingzhunDbContext db, TimeProvider clock, string regionCode, CancellationToken ct) =>
        await FindingSteps.ReportByLevelAsync(db, regionCode, FindingSteps.Today(Now(clock)), ct) is { } report ? Results.Ok(report) : Results.NotFound();
}
