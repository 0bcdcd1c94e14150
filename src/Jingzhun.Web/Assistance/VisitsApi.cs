namespace Jingzhun.Web.Assistance;

/// <summary>The Visits endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>).</summary>
public static class VisitsApi
{
    public static void MapVisitsApi(this IEndpointRouteBuilder app)
    {
    }
}
