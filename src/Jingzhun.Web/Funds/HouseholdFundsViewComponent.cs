using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Funds;

/// <summary>The household page's section of every yuan the household received: payments, dividends, projects it benefits from.</summary>
public sealed class HouseholdFundsViewComponent : ViewComponent
{
    public Task<IViewComponentResult> InvokeAsync(long householdId) => Task.FromResult<IViewComponentResult>(Content(""));
}
