namespace Jingzhun.Web.Funds;

public static class PaymentsApi
{
    public static void MapPaymentsApi(this IEndpointRouteBuilder app)
    {
    }
}
