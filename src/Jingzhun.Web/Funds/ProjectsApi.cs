namespace Jingzhun.Web.Funds;

public static class ProjectsApi
{
    public static void MapProjectsApi(this IEndpointRouteBuilder app)
    {
    }
}
