using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Assistance;

/// <summary>
/// The household page's plan section (一户一策): the plan in force, needs, measures with state, funds and result, the
/// programmes suggested by the household's causes, and links to the plan and measure forms for those who may change them.
/// </summary>
public sealed class HouseholdPlanViewComponent(JingzhunDbContext db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long householdId)
    {
        var view = await HouseholdPlans.ViewAsync(db, householdId, Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime), HttpContext.RequestAborted);
        return view is null ? Content("") : View("/Assistance/Plans/_HouseholdPlan.cshtml", view);
    }
}
