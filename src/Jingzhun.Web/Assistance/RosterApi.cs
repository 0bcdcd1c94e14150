namespace Jingzhun.Web.Assistance;

/// <summary>The Roster endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>).</summary>
public static class RosterApi
{
    public static void MapRosterApi(this IEndpointRouteBuilder app)
    {
    }
}
