using Jingzhun.Data.Database;
using Jingzhun.Data.SampleChecks;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Web.Rules;

namespace Jingzhun.Web.SampleChecks;

/// <summary>
/// Sample checks of identification lists as JSON (抽检核查). Every write is a governed step of <see cref="SampleCheckSteps"/>:
/// a wrong role or level answers 403 and changes nothing, a step the check does not allow (or a list with nothing to draw)
/// 409, a check or sampled case outside the reader's region 404.
/// </summary>
public static class SampleChecksApi
{
    public static void MapSampleChecksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sample-checks").WithTags("Sample checks 抽检核查");
        api.MapGet("", List).WithSummary("An area's identification lists of a year with how far each stands at the township and county, and its checks (?region=&year=) 抽检名单");
        api.MapPost("", Open).WithSummary("Draw a sample of a village's list (township) or a township's list (county) from a stored seed; the list cannot pass the level while the check is open 发起抽检");
        api.MapGet("/{id:long}", Get).WithSummary("A check with its sampled cases and findings");
        api.MapPost("/items/{id:long}/finding", Record).WithSummary("Record the finding on one sampled case: confirmed, or a problem with its description 记录核查结果");
        api.MapPost("/{id:long}/close", Close).WithSummary("Close the check with the level's conclusion, once every sampled case has a finding 结束抽检");
    }

    public sealed record OpenRequest(SampleCheckLevel? Level, [property: TextLimit(12)] string? RegionCode, int? Year, long? BatchId, long? Seed);
    public sealed record FindingRequest(SampleFinding? Finding, [property: TextLimit(1000, Lines = true)] string? Note);
    public sealed record CloseRequest([property: TextLimit(1000, Lines = true)] string? Conclusion);
    public sealed record ListJson(string RegionCode, int Year, IReadOnlyList<SampleListRow> Lists, IReadOnlyList<SampleCheck> Checks);

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<IResult> List(JingzhunDbContext db, TimeProvider clock, string? region, int? year, CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(region) ? db.Scope.RegionPrefix.PadRight(12, '0') : region.Trim();
        if (!Domain.Regions.RegionCode.TryParse(code, out var parsed, out _) || !db.Scope.CanRead || !parsed.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal))
            return Results.NotFound();
        var shown = year ?? RulesApi.DefaultYear(clock);
        return Results.Ok(new ListJson(parsed.Value, shown, await SampleCheckSteps.ListsAsync(db, parsed.Value, shown, ct), await SampleCheckSteps.ListAsync(db, parsed.Value, shown, ct)));
    }

    private static async Task<IResult> Open(JingzhunDbContext db, TimeProvider clock, OpenRequest request, CancellationToken ct)
    {
        var check = await SampleCheckSteps.OpenAsync(db, request.Level ?? 0, request.RegionCode ?? "", request.Year ?? RulesApi.DefaultYear(clock), Now(clock),
            request.BatchId, request.Seed, ct);
        return Results.Created($"/api/sample-checks/{check.Id}", await SampleCheckSteps.FindAsync(db, check.Id, ct));
    }

    private static async Task<IResult> Get(JingzhunDbContext db, long id, CancellationToken ct) =>
        await SampleCheckSteps.FindAsync(db, id, ct) is { } view ? Results.Ok(view) : Results.NotFound();

    private static async Task<IResult> Record(JingzhunDbContext db, TimeProvider clock, long id, FindingRequest request, CancellationToken ct)
    {
        var item = await SampleCheckSteps.RecordAsync(db, id, request.Finding ?? SampleFinding.Pending, request.Note, Now(clock), ct);
        return item is null ? Results.NotFound() : Results.Ok(await SampleCheckSteps.FindAsync(db, item.SampleCheckId, ct));
    }

    private static async Task<IResult> Close(JingzhunDbContext db, TimeProvider clock, long id, CloseRequest request, CancellationToken ct)
    {
        var check = await SampleCheckSteps.CloseAsync(db, id, request.Conclusion, Now(clock), ct);
        return check is null ? Results.NotFound() : Results.Ok(await SampleCheckSteps.FindAsync(db, id, ct));
    }
}
