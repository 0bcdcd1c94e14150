using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Jingzhun.Domain.Common;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Web.Statistics;

/// <summary>
/// Indicators as JSON, read from the per-area aggregates within the reader's scope (the data context filters). The reads go
/// to the report replica when one is configured (<see cref="ReportReplica"/>); setting a plan writes to the main database.
/// </summary>
public static class StatisticsApi
{
    public static void MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stats").WithTags("Statistics 统计");
        api.MapGet("/{regionCode}", Indicators)
            .WithSummary("An area's indicators, its children's and its year-on-year trend; ?asOf=live (default) or a frozen year 地区统计指标");
        api.MapGet("/{regionCode}/income/{year:int}", Income)
            .WithSummary("Per-capita net income of the area's registered households in a year: mean, median, bands 建档立卡户人均纯收入");
        api.MapGet("/{regionCode}/measures/{year:int}", Measures)
            .WithSummary("FGT P0/P1/P2 and Watts on income, Alkire–Foster H, A, M0 on the guarantees (?line=, ?k=) 贫困测度");
        api.MapGet("/{regionCode}/plans", Plans)
            .WithSummary("The area's annual exit plans, every version, and planned against exited per year 年度脱贫计划及完成情况");
        api.MapPut("/{regionCode}/plans/{year:int}", SetPlan)
            .WithSummary("Sets the area's exit plan for a year (county-level officers and above, inside their region); earlier versions are kept 设定年度脱贫计划");
    }

    /// <summary>The body of a plan: households and people planned to exit, and an optional note.</summary>
    public sealed record PlanInput(int PlannedHouseholds, int PlannedPeople, [property: TextLimit(500, Lines = true)] string? Note);

    public sealed record PlansView(string RegionCode, IReadOnlyList<ExitPlan> Versions, IReadOnlyList<ExitProgress> Progress);

    private static async Task<Results<Ok<PlansView>, NotFound>> Plans([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db, TimeProvider clock, string regionCode, CancellationToken ct)
    {
        if (!await ExitPlans.IsVisibleAsync(db, regionCode, ct)) return TypedResults.NotFound();
        var code = Domain.Regions.RegionCode.Parse(regionCode).Value;
        return TypedResults.Ok(new PlansView(code, await ExitPlans.HistoryAsync(db, code, ct),
            await ExitPlans.ProgressAsync(db, code, clock.GetUtcNow().Year, ct)));
    }

    private static async Task<Results<Ok<ExitPlan>, NotFound, ValidationProblem>> SetPlan(JingzhunDbContext db, TimeProvider clock, string regionCode, int year,
        PlanInput input, CancellationToken ct)
    {
        if (!await ExitPlans.IsVisibleAsync(db, regionCode, ct)) return TypedResults.NotFound();
        // An actor who may read the area but not set its plan is refused by the save (403), and the refusal is audited.
        var result = await ExitPlans.SetAsync(db, regionCode, year, input.PlannedHouseholds, input.PlannedPeople, input.Note, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Plan is null)
            return TypedResults.ValidationProblem(result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Text.Both).ToArray()));
        return TypedResults.Ok(result.Plan);
    }

    private static async Task<Results<Ok<AreaMeasuresView>, NotFound, BadRequest<string>>> Measures([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db, string regionCode, int year,
        decimal? line, double? k, CancellationToken ct)
    {
        if (line is <= 0) return TypedResults.BadRequest("line: a positive amount in yuan");
        if (k is <= 0 or > 1) return TypedResults.BadRequest("k: a share in (0, 1], e.g. 0.4 for two of five indicators");
        var view = await AreaMeasures.ForAsync(db, regionCode, year, line, k ?? 0.4, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<StatisticsView>, NotFound, BadRequest<string>>> Indicators([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db, TimeProvider clock, string regionCode,
        string? asOf, CancellationToken ct)
    {
        if (!TryParseAsOf(asOf, out var year)) return TypedResults.BadRequest("asOf: live or a year");
        var view = await StatisticsReport.ForAsync(db, regionCode, year, clock.GetUtcNow().Year, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<IncomeSummary>, NotFound>> Income([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db, string regionCode, int year, CancellationToken ct)
    {
        var summary = await IncomeStatistics.ForAsync(db, regionCode, year, ct);
        return summary is null ? TypedResults.NotFound() : TypedResults.Ok(summary);
    }

    /// <summary>"live" (or nothing) is the live registry; a number is a frozen year-end.</summary>
    public static bool TryParseAsOf(string? asOf, out int year)
    {
        year = AreaAggregate.LiveYear;
        if (string.IsNullOrEmpty(asOf) || asOf.Equals("live", StringComparison.OrdinalIgnoreCase)) return true;
        return int.TryParse(asOf, out year) && year is > 1900 and < 3000;
    }
}
