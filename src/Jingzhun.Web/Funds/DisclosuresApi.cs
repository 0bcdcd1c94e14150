using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Funds;

/// <summary>
/// Disclosures of funds and projects (公告公示) and their objections as JSON. The public part (<c>/api/public/funds</c>) is open
/// without sign-in and reads and writes only through <see cref="PublicFunds"/>, the masked public read path; its body is
/// checked like every other (RequestBodyRules), a signed-in browser posting from another site is still refused
/// (SameOriginWrites), and each client is held to <c>rate-limit-public</c> calls a minute like the public pages. The staff
/// part works through <see cref="DisclosureObjections"/>: a wrong role answers 403, a disclosure outside the reader's region 404,
/// an objection to an ended disclosure or a second resolution 409.
/// </summary>
public static class DisclosuresApi
{
    public static void MapDisclosuresApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/public/funds").WithTags("Funds 公告公示").AllowAnonymous().AddEndpointFilter(Limited);
        open.MapGet("/{regionCode}", PublicPage)
            .WithSummary("A county's or village's public funds page without sign-in: funds received, allocation results, projects in the library with their disclosures (masked)");
        open.MapPost("/disclosures/{disclosureId:long}/objections", PublicObject)
            .WithSummary("Object to a disclosure without sign-in while it is open: text required, contact optional; answers the receipt number 公示异议");

        var staff = app.MapGroup("/api/funds/disclosures").WithTags("Funds 公告公示");
        staff.MapGet("/", List).WithSummary("Disclosures of an area (?region=), those with open objections first");
        staff.MapGet("/{disclosureId:long}", Get).WithSummary("One disclosure with its published content and objections in full (staff)");
        staff.MapPost("/{disclosureId:long}/objections", Object).WithSummary("Record an objection received by staff 登记异议");
        staff.MapPost("/{disclosureId:long}/objections/{objectionId:long}/resolve", Resolve).WithSummary("Uphold or dismiss an open objection, with the outcome 处理异议");
        staff.MapPost("/{disclosureId:long}/repost", Repost)
            .WithSummary("Post a project's disclosure again after an upheld objection: the corrected project, a fresh period 重新公示");
    }

    public sealed record ObjectionRequest([property: TextLimit(DisclosureObjections.MaxText, Lines = true)] string? Text,
        [property: TextLimit(DisclosureObjections.MaxContact)] string? Contact);

    public sealed record ResolveRequest(bool? Upheld, [property: TextLimit(DisclosureObjections.MaxOutcome, Lines = true)] string? Outcome);

    public sealed record ReceiptJson(long Receipt, long DisclosureId);

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<Results<Ok<PublicFundsPage>, NotFound>> PublicPage(DatabaseTarget target, TimeProvider clock, string regionCode, CancellationToken ct) =>
        await new PublicFunds(target, clock).PageAsync(regionCode, Now(clock), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    private static async Task<Results<Created<ReceiptJson>, NotFound>> PublicObject(DatabaseTarget target, TimeProvider clock, long disclosureId,
        ObjectionRequest request, CancellationToken ct) =>
        await new PublicFunds(target, clock).ObjectAsync(disclosureId, request.Text, request.Contact, Now(clock), ct) is { } receipt
            ? TypedResults.Created($"/public/funds/disclosures/{disclosureId}", new ReceiptJson(receipt, disclosureId))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<DisclosureList>, NotFound>> List(JingzhunDbContext db, TimeProvider clock, string? region, int? page, int? pageSize,
        CancellationToken ct)
    {
        var code = region ?? (db.Scope.RegionPrefix.Length == 0 ? "000000000000" : db.Scope.RegionPrefix.PadRight(12, '0'));
        return await DisclosureObjections.ListAsync(db, code, page ?? 1, Now(clock), pageSize ?? 50, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<DisclosureDetail>, NotFound>> Get(JingzhunDbContext db, TimeProvider clock, long disclosureId, CancellationToken ct) =>
        await DisclosureObjections.LoadAsync(db, disclosureId, Now(clock), ct) is { } d ? TypedResults.Ok(d) : TypedResults.NotFound();

    private static async Task<Results<Created<StaffObjection>, NotFound>> Object(JingzhunDbContext db, TimeProvider clock, long disclosureId,
        ObjectionRequest request, CancellationToken ct) =>
        await DisclosureObjections.ObjectAsync(db, disclosureId, request.Text, request.Contact, Now(clock), ct) is { } o
            ? TypedResults.Created($"/api/funds/disclosures/{disclosureId}", View(o))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<StaffObjection>, NotFound>> Resolve(JingzhunDbContext db, TimeProvider clock, long disclosureId, long objectionId,
        ResolveRequest request, CancellationToken ct) =>
        await DisclosureObjections.ResolveAsync(db, disclosureId, objectionId, request.Upheld, request.Outcome, Now(clock), ct) is { } o
            ? TypedResults.Ok(View(o)) : TypedResults.NotFound();

    private static async Task<Results<Created<DisclosureDetail>, NotFound>> Repost(JingzhunDbContext db, TimeProvider clock, long disclosureId, CancellationToken ct)
    {
        if (await DisclosureObjections.RepostAsync(db, disclosureId, Now(clock), ct) is not { } posted) return TypedResults.NotFound();
        var detail = await DisclosureObjections.LoadAsync(db, posted.Id, Now(clock), ct);
        return detail is null ? TypedResults.NotFound() : TypedResults.Created($"/api/funds/disclosures/{posted.Id}", detail);
    }

    private static StaffObjection View(Domain.Funds.DisclosureObjection o) =>
        new(o.Id, o.SubmittedAt, o.SubmittedBy, o.Contact, o.Text, o.Status, o.Outcome, o.ResolvedBy, o.ResolvedAt);

    // The global limiter of the host covers /public pages, not /api/public: the open endpoints hold each client to the same
    // number of calls a minute (rate-limit-public), one limiter per host.
    private static readonly ConditionalWeakTable<IConfiguration, PartitionedRateLimiter<HttpContext>> Limiters = new();

    private static async ValueTask<object?> Limited(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limiter = Limiters.GetValue(http.RequestServices.GetRequiredService<IConfiguration>(), configuration =>
        {
            var limit = configuration.GetValue("rate-limit-public", 300);
            return PartitionedRateLimiter.Create<HttpContext, string>(h => RateLimitPartition.GetFixedWindowLimiter(
                $"public-funds:{h.Connection.RemoteIpAddress?.ToString() ?? "local"}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        using var lease = limiter.AttemptAcquire(http);
        if (!lease.IsAcquired)
            return TypedResults.Problem(title: "请求过于频繁，请稍后再试 / Too many requests; try again later", statusCode: StatusCodes.Status429TooManyRequests);
        return await next(context);
    }
}
