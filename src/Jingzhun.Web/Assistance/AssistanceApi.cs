namespace Jingzhun.Web.Assistance;

/// <summary>The assistance API: roster and pairings, teams and coverage, plans and measures, microcredit and relocation, visits.</summary>
public static class AssistanceApi
{
    public static void MapAssistanceApi(this IEndpointRouteBuilder app)
    {
        app.MapRosterApi();
        app.MapTeamsApi();
        app.MapPlansApi();
        app.MapCreditApi();
        app.MapVisitsApi();
    }
}
