namespace Jingzhun.Web.Assessment;

/// <summary>The assessment API: third-party assessment projects and samples, assessors' forms, rates, annual assessments, findings.</summary>
public static class AssessmentApi
{
    public static void MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        app.MapSamplingApi();
        app.MapFormsApi();
        app.MapRatesApi();
        app.MapAnnualApi();
        app.MapFindingsApi();
    }
}
