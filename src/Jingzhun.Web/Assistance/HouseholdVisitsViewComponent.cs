using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance;

/// <summary>The household page's 走访 section: the last visits with their thumbnails, and "record a visit" for those who may.</summary>
public sealed class HouseholdVisitsViewComponent(JingzhunDbContext db) : ViewComponent
{
    public const int Shown = 10;

    public sealed record Model(long HouseholdId, IReadOnlyList<VisitRow> Visits, bool MayRecord);

    public async Task<IViewComponentResult> InvokeAsync(long householdId)
    {
        var ct = HttpContext.RequestAborted;
        var village = await db.Households.Where(h => h.Id == householdId).Select(h => h.VillageCode).FirstOrDefaultAsync(ct);
        if (village is null) return Content("");
        var visits = await Data.Assistance.Visits.OfHouseholdAsync(db, householdId, Shown, ct);
        return View("/Assistance/Visits/_HouseholdVisits.cshtml", new Model(householdId, visits, await Data.Assistance.Visits.MayRecordAsync(db, householdId, village, ct)));
    }
}
