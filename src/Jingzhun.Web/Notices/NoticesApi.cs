using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Jingzhun.Domain.Common;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Workflows;

namespace Jingzhun.Web.Notices;

/// <summary>
/// Notices and objections as JSON for staff. Scope is the data context's: a notice outside it is 404.
/// Workflow refusals become 403 and blocked moves 409 (ErrorResponses).
/// </summary>
public static class NoticesApi
{
    public static void MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notices").WithTags("Notices 公示");
        api.MapGet("/", List).WithSummary("Notices in scope, open and past 公示列表");
        api.MapGet("/{noticeId:long}", Get).WithSummary("One notice with its masked household data and objections");
        api.MapPost("/{noticeId:long}/objections", Object).WithSummary("Record an objection received by staff 登记异议");
        api.MapPost("/{noticeId:long}/resolutions", Resolve).WithSummary("Uphold or dismiss an open objection 处理异议");
    }

    public sealed record ObjectionRequest([property: TextLimit(2000, Lines = true)] string? Text, [property: TextLimit(100)] string? Contact);

    public sealed record ResolutionRequest(long ObjectionId, bool Upheld, [property: TextLimit(2000, Lines = true)] string? Outcome);

    private static async Task<Ok<NoticePage>> List(JingzhunDbContext db, TimeProvider clock, string? region, Stage? stage, bool? open,
        int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await NoticeView.ListAsync(db, new NoticeFilter(region, stage, open, page ?? 1, pageSize ?? 20), clock.GetUtcNow().UtcDateTime, ct));

    private static async Task<Results<Ok<NoticeDocument>, NotFound>> Get(JingzhunDbContext db, long noticeId, CancellationToken ct) =>
        await NoticeView.LoadAsync(db, noticeId, ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound();

    private static async Task<Results<Created<NoticeObjection>, NotFound, ForbidHttpResult>> Object(JingzhunDbContext db, TimeProvider clock,
        long noticeId, ObjectionRequest request, CancellationToken ct)
    {
        if (await NoticeView.LoadAsync(db, noticeId, ct) is not { } notice) return TypedResults.NotFound();
        if (!db.Scope.MayChange(notice.RegionCode)) return TypedResults.Forbid();
        var o = await CaseWorkflow.ObjectAsync(db, noticeId, request.Text ?? "", request.Contact ?? "", db.Scope.Actor, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/notices/{noticeId}", View(o));
    }

    private static async Task<Results<Ok<NoticeObjection>, NotFound>> Resolve(JingzhunDbContext db, TimeProvider clock,
        long noticeId, ResolutionRequest request, CancellationToken ct)
    {
        if (await NoticeView.LoadAsync(db, noticeId, ct) is not { } notice || notice.Objections.All(o => o.Id != request.ObjectionId))
            return TypedResults.NotFound();
        var o = await CaseWorkflow.ResolveObjectionAsync(db, request.ObjectionId, request.Upheld, request.Outcome ?? "", clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(View(o));
    }

    private static NoticeObjection View(Objection o) =>
        new(o.Id, o.SubmittedAt, o.SubmittedBy, o.Contact, o.Text, o.Status, o.Outcome, o.ResolvedAt);
}
