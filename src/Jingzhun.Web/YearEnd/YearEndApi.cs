using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Http.HttpResults;
using Jingzhun.Data.YearEnd;

namespace Jingzhun.Web.YearEnd;

/// <summary>Frozen year-ends as JSON: counts only, read from snapshots, within the reader's scope (the data context filters).</summary>
public static class YearEndApi
{
    public static void MapYearEndApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/yearend").WithTags("Year-end 年终动态调整");
        api.MapGet("/", Years).WithSummary("Frozen years in your region 已冻结的年度");
        api.MapGet("/{year:int}", Report).WithSummary("A frozen year's counts by area (county, township, village); ?region=CODE narrows it");
    }

    private static async Task<Ok<List<int>>> Years(JingzhunDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await YearEndReport.FrozenYearsAsync(db, ct));

    private static async Task<Results<Ok<YearEndCounts>, NotFound>> Report(JingzhunDbContext db, int year, string? region, CancellationToken ct)
    {
        var counts = await YearEndReport.CountsAsync(db, year, PrefixOf(region), ct);
        return counts.IsFrozen ? TypedResults.Ok(counts) : TypedResults.NotFound();
    }

    /// <summary>The code prefix of a region asked for; anything that is not a region code means the whole scope.</summary>
    public static string PrefixOf(string? region) =>
        RegionCode.TryParse(region, out var code, out _) ? code.Prefix : "";
}
