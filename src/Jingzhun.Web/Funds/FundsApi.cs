namespace Jingzhun.Web.Funds;

/// <summary>The funds and projects API: allocations and accounts, payments, the project library, disclosures, control lists, assets.</summary>
public static class FundsApi
{
    public static void MapFundsApi(this IEndpointRouteBuilder app)
    {
        app.MapAllocationsApi();
        app.MapPaymentsApi();
        app.MapProjectsApi();
        app.MapProjectFilesApi();
        app.MapDisclosuresApi();
        app.MapControlApi();
        app.MapAssetsApi();
    }
}
