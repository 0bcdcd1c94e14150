namespace Jingzhun.Web.Assessment;

public static class AnnualApi
{
    public static void MapAnnualApi(this IEndpointRouteBuilder app)
    {
    }
}
