namespace Jingzhun.Web.Assessment;

public static class SamplingApi
{
    public static void MapSamplingApi(this IEndpointRouteBuilder app)
    {
    }
}
