namespace Jingzhun.Web.Funds;

public static class AllocationsApi
{
    public static void MapAllocationsApi(this IEndpointRouteBuilder app)
    {
    }
}
