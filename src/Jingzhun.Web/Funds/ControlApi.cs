namespace Jingzhun.Web.Funds;

public static class ControlApi
{
    public static void MapControlApi(this IEndpointRouteBuilder app)
    {
    }
}
