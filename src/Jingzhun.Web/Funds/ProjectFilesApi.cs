namespace Jingzhun.Web.Funds;

public static class ProjectFilesApi
{
    public static void MapProjectFilesApi(this IEndpointRouteBuilder app)
    {
    }
}
