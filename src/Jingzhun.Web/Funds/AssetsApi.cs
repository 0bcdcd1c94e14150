namespace Jingzhun.Web.Funds;

public static class AssetsApi
{
    public static void MapAssetsApi(this IEndpointRouteBuilder app)
    {
    }
}
