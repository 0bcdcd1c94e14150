namespace Jingzhun.Web.Assistance;

/// <summary>The Plans endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>).</summary>
public static class PlansApi
{
    public static void MapPlansApi(this IEndpointRouteBuilder app)
    {
    }
}
