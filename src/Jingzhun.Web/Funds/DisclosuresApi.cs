namespace Jingzhun.Web.Funds;

public static class DisclosuresApi
{
    public static void MapDisclosuresApi(this IEndpointRouteBuilder app)
    {
    }
}
