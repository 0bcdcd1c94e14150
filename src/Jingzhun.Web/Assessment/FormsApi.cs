namespace Jingzhun.Web.Assessment;

public static class FormsApi
{
    public static void MapFormsApi(this IEndpointRouteBuilder app)
    {
    }
}
