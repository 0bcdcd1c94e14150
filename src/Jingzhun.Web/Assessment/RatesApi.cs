namespace Jingzhun.Web.Assessment;

public static class RatesApi
{
    public static void MapRatesApi(this IEndpointRouteBuilder app)
    {
    }
}
