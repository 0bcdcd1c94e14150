using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;

namespace Jingzhun.Web.Regions;

public static class RegionApi
{
    public static void MapRegionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/regions/tree", async (JingzhunDbContext db, CancellationToken ct) => TypedResults.Ok(await RegionTree.BuildAsync(db, ct)))
            .WithTags("Regions 区划").WithSummary("Region tree with registry counts, limited to your region");
    }
}
