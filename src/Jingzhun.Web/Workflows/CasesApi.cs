using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
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
