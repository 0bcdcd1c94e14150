using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows;

/// <summary>
/// The case API: work lists, one case, opening household cases and moving them. Roles and notice
/// periods are checked by <see cref="CaseWorkflow"/>: a wrong role answers 403 (and is audited), a step
/// that cannot be taken yet 409. A case outside the reader's scope does not exist (404).
/// </summary>
public static class CasesApi
{
    public static void MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cases").WithTags("Cases 案件");
        api.MapGet("/", List).WithSummary("Open cases in scope: the reader's work, or all (all=true) 待办案件");
        api.MapGet("/{caseId:long}", Get).WithSummary("One case: stage path, steps, notices and the decision trace it was opened on");
        api.MapPost("/", Open).WithSummary("Open a household case: identification, exit or look-back removal");
        api.MapPost("/{caseId:long}/advance", Advance).WithSummary("Move a case to its next stage (votes at democratic review)");
        api.MapPost("/{caseId:long}/return", Return).WithSummary("Send a case back to verification with a reason");
        api.MapPost("/{caseId:long}/reject", Reject).WithSummary("End a case as not approved, with a reason");
        api.MapPost("/{caseId:long}/advance/files", AdvanceWithFiles)
            .WithSummary("Move a case to its next stage with files (multipart: comment, votesFor, votesAgainst, attachments, files; or JSON with files in base64; JPEG, PNG, WebP or PDF by content, 10 MB each, 6 at most)")
            .Accepts<StepWithFilesRequest>("application/json", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(CaseAttachments.MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = CaseAttachments.MaxRequestBytes })
            .DisableAntiforgery();
        api.MapGet("/{caseId:long}/files", Files).WithSummary("A case's stored files: name, type, size, SHA-256, step (bytes at /cases/{caseId}/files/{fileId}) 案件附件");
        app.MapGet("/cases/{caseId:long}/files/{fileId:long}", (JingzhunDbContext db, HttpContext http, long caseId, long fileId, CancellationToken ct) =>
            FileAsync(db, http, caseId, fileId, false, ct)).ExcludeFromDescription();
        app.MapGet("/cases/{caseId:long}/files/{fileId:long}/thumb", (JingzhunDbContext db, HttpContext http, long caseId, long fileId, CancellationToken ct) =>
            FileAsync(db, http, caseId, fileId, true, ct)).ExcludeFromDescription();
    }

    public sealed record OpenRequest(CaseKind? Kind, long? HouseholdId, [property: Range(2010, 2100)] int? Year, [property: TextLimit(1000, Lines = true)] string? Reason);

    public sealed record StepRequest([property: TextLimit(2000, Lines = true)] string? Comment, [property: Range(0, 100_000)] int? VotesFor,
        [property: Range(0, 100_000)] int? VotesAgainst, [property: TextLimit(2000, Lines = true)] string? Attachments);

    public sealed record ReasonRequest([property: TextLimit(2000, Lines = true)] string? Reason);

    public sealed record CaseList(int Total, int Page, List<CaseRow> Items);

    /// <summary>Kinds opened on one household; village and county exits open from the area pages.</summary>
    public static readonly CaseKind[] HouseholdKinds = [CaseKind.Identification, CaseKind.HouseholdExit, CaseKind.LookBackRemoval];

    private static async Task<Ok<CaseList>> List(JingzhunDbContext db, bool? all, CaseKind? kind, Stage? stage, int? year, int? page, CancellationToken ct)
    {
        var filter = new CaseFilter(all == true, kind, stage, year, page ?? 1);
        var (rows, total) = await CaseReading.ListAsync(db, filter, ct);
        return TypedResults.Ok(new CaseList(total, filter.Page, rows));
    }

    private static async Task<Results<Ok<CaseDetail>, NotFound>> Get(JingzhunDbContext db, long caseId, CancellationToken ct) =>
        await CaseReading.LoadAsync(db, caseId, ct) is { } view ? TypedResults.Ok(view.ToDetail()) : TypedResults.NotFound();

    private static async Task<Results<Created<CaseDetail>, NotFound, ValidationProblem>> Open(JingzhunDbContext db, TimeProvider clock, Lang lang,
        OpenRequest request, CancellationToken ct)
    {
        if (request.Kind is not { } kind || !HouseholdKinds.Contains(kind))
            return Problem("kind", lang.T("请选择识别、退出或回头看剔除", "kind must be Identification, HouseholdExit or LookBackRemoval"), lang);
        var now = clock.GetUtcNow().UtcDateTime;
        var household = await db.Households.AsNoTracking().Include(h => h.Incomes).FirstOrDefaultAsync(h => h.Id == request.HouseholdId, ct);
        if (household is null) return TypedResults.NotFound();
        var opened = await CaseWorkflow.OpenHouseholdCaseAsync(db, kind, household.Id, request.Year ?? CaseReading.YearOf(household, now),
            request.Reason?.Trim() ?? "", now, ct: ct);
        var view = await CaseReading.LoadAsync(db, opened.Id, ct);
        return TypedResults.Created($"/api/cases/{opened.Id}", view!.ToDetail());
    }

    private static async Task<Results<Ok<CaseDetail>, NotFound>> Advance(JingzhunDbContext db, TimeProvider clock, long caseId, StepRequest request, CancellationToken ct)
    {
        if (!await ExistsAsync(db, caseId, ct)) return TypedResults.NotFound();
        var input = new StepInput(request.Comment ?? "", request.VotesFor, request.VotesAgainst, request.Attachments ?? "");
        await CaseWorkflow.AdvanceAsync(db, caseId, input, clock.GetUtcNow().UtcDateTime, ct);
        return await ReloadAsync(db, caseId, ct);
    }

    /// <summary>
    /// The advance step with its files, as a phone sends them. The case is looked up first, so another region's case
    /// answers 404 before its body is read; a role that may not take the step is refused (403) before any file is looked at.
    /// </summary>
    private static async Task<IResult> AdvanceWithFiles(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, long caseId, CancellationToken ct)
    {
        if (!await ExistsAsync(db, caseId, ct)) return TypedResults.NotFound();
        if (!request.HasFormContentType) return await AdvanceWithJsonFilesAsync(request, db, clock, lang, caseId, ct);
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：表单格式不正确", "The request body: not a valid form"));
        }
        int? Number(string name) => int.TryParse(form[name].ToString(), out var n) && n is >= 0 and <= 100_000 ? n : null;
        var comment = form["comment"].ToString();
        var note = form["attachments"].ToString();
        if (comment.Length > 2000 || note.Length > 2000)
            return Problem(comment.Length > 2000 ? "comment" : "attachments", lang.T("最多2000字", "2000 characters at most"), lang);
        var files = await Cases.DetailModel.ReadFilesAsync(form.Files, ct);
        var input = new StepInput(comment, Number("votesFor"), Number("votesAgainst"), note, files);
        return await AdvanceNamingFilesAsync(db, clock, lang, caseId, input, ct);
    }

    /// <summary>A step with files as JSON sends it (the multipart form's other shape): each file a name and its bytes in base64.</summary>
    public sealed record FileBody([property: TextLimit(200)] string? FileName, byte[]? Content);

    public sealed record StepWithFilesRequest([property: TextLimit(2000, Lines = true)] string? Comment, [property: Range(0, 100_000)] int? VotesFor,
        [property: Range(0, 100_000)] int? VotesAgainst, [property: TextLimit(2000, Lines = true)] string? Attachments, List<FileBody?>? Files);

    private static async Task<IResult> AdvanceWithJsonFilesAsync(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, long caseId, CancellationToken ct)
    {
        StepWithFilesRequest? body;
        try { body = await System.Text.Json.JsonSerializer.DeserializeAsync<StepWithFilesRequest>(request.Body, JsonOptions, ct); }
        catch (System.Text.Json.JsonException) { return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：格式不正确", "The request body: not a valid value")); }
        if (body is null) return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: lang.T("body：请求内容不能为空", "body: the request needs a body"));
        if ((body.Comment?.Length ?? 0) > 2000 || (body.Attachments?.Length ?? 0) > 2000)
            return Problem((body.Comment?.Length ?? 0) > 2000 ? "comment" : "attachments", lang.T("最多2000字", "2000 characters at most"), lang);
        if (body.VotesFor is < 0 or > 100_000 || body.VotesAgainst is < 0 or > 100_000)
            return Problem("votesFor", lang.T("票数应在0至100000之间", "votes from 0 to 100,000"), lang);
        var files = (body.Files ?? []).Select(f => new CaseFile(f?.FileName ?? "", f?.Content ?? [])).ToList();
        var input = new StepInput(body.Comment ?? "", body.VotesFor, body.VotesAgainst, body.Attachments ?? "", files);
        return await AdvanceNamingFilesAsync(db, clock, lang, caseId, input, ct);
    }

    /// <summary>The step; a refused file comes back as a refusal of the <c>files</c> field (422), naming the file.</summary>
    private static async Task<IResult> AdvanceNamingFilesAsync(JingzhunDbContext db, TimeProvider clock, Lang lang, long caseId, StepInput input, CancellationToken ct)
    {
        try
        {
            await CaseWorkflow.AdvanceAsync(db, caseId, input, clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (AttachmentRefusedException refused)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [lang.T(refused.Text)] },
                title: lang.T("输入有误", "Some fields are not valid"), statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        return await ReloadAsync(db, caseId, ct);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static async Task<Results<Ok<List<AttachmentRow>>, NotFound>> Files(JingzhunDbContext db, long caseId, CancellationToken ct) =>
        await ExistsAsync(db, caseId, ct) ? TypedResults.Ok(await CaseAttachments.ListAsync(db, caseId, ct)) : TypedResults.NotFound();

    /// <summary>A stored file exactly as uploaded (or its thumbnail); 404 outside the reader's region.</summary>
    private static async Task<IResult> FileAsync(JingzhunDbContext db, HttpContext http, long caseId, long fileId, bool thumbnail, CancellationToken ct)
    {
        var file = await CaseAttachments.GetAsync(db, caseId, fileId, ct);
        if (file is null || (thumbnail && file.Thumbnail is null)) return Results.NotFound();
        // Evidence of a household: kept by this browser only, never by a shared cache.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return thumbnail ? Results.File(file.Thumbnail!, "image/jpeg")
            : Results.File(file.Content, file.ContentType, file.FileName, enableRangeProcessing: false);
    }

    private static async Task<Results<Ok<CaseDetail>, NotFound>> Return(JingzhunDbContext db, TimeProvider clock, long caseId, ReasonRequest request, CancellationToken ct)
    {
        if (!await ExistsAsync(db, caseId, ct)) return TypedResults.NotFound();
        await CaseWorkflow.ReturnAsync(db, caseId, request.Reason ?? "", clock.GetUtcNow().UtcDateTime, ct);
        return await ReloadAsync(db, caseId, ct);
    }

    private static async Task<Results<Ok<CaseDetail>, NotFound>> Reject(JingzhunDbContext db, TimeProvider clock, long caseId, ReasonRequest request, CancellationToken ct)
    {
        if (!await ExistsAsync(db, caseId, ct)) return TypedResults.NotFound();
        await CaseWorkflow.RejectAsync(db, caseId, request.Reason ?? "", clock.GetUtcNow().UtcDateTime, ct);
        return await ReloadAsync(db, caseId, ct);
    }

    /// <summary>Asked first so that a case outside the reader's scope answers 404, as every other record does.</summary>
    private static Task<bool> ExistsAsync(JingzhunDbContext db, long caseId, CancellationToken ct) => db.Cases.AnyAsync(c => c.Id == caseId, ct);

    private static async Task<Results<Ok<CaseDetail>, NotFound>> ReloadAsync(JingzhunDbContext db, long caseId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await CaseReading.LoadAsync(db, caseId, ct) is { } view ? TypedResults.Ok(view.ToDetail()) : TypedResults.NotFound();
    }

    private static ValidationProblem Problem(string field, string message, Lang lang) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: lang.T("输入有误", "Some fields are not valid"));
}
