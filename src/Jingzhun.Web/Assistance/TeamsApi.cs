namespace Jingzhun.Web.Assistance;

/// <summary>The Teams endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>).</summary>
public static class TeamsApi
{
    public static void MapTeamsApi(this IEndpointRouteBuilder app)
    {
    }
}
