using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Funds;

/// <summary>The household page's section of every yuan the household received: payments, dividends, projects it benefits from.</summary>
public sealed class HouseholdFundsViewComponent(JingzhunDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long householdId)
    {
        var funds = await Trace.UpAsync(db, householdId, HttpContext.RequestAborted);
        if (funds is null) return Content("");
        return View("/Funds/Allocations/_HouseholdFunds.cshtml", funds);
    }
}
