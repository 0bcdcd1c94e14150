namespace Jingzhun.Web.Assistance;

/// <summary>The Credit endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>).</summary>
public static class CreditApi
{
    public static void MapCreditApi(this IEndpointRouteBuilder app)
    {
    }
}
