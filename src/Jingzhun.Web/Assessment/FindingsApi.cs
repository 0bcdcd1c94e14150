namespace Jingzhun.Web.Assessment;

public static class FindingsApi
{
    public static void MapFindingsApi(this IEndpointRouteBuilder app)
    {
    }
}
