using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Assistance;

/// <summary>The household page's section for this part of the household's assistance (invoked by name from the household page).</summary>
public sealed class HouseholdCreditViewComponent : ViewComponent
{
    public Task<IViewComponentResult> InvokeAsync(long householdId) => Task.FromResult<IViewComponentResult>(Content(""));
}
