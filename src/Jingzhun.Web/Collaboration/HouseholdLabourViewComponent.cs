using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Collaboration;

/// <summary>What the household page's labour cooperation section shows, and whether the reader may record the next step.</summary>
public sealed record HouseholdLabourSection(long HouseholdId, IReadOnlyList<WorkerHistory> Workers, bool MayRecord)
{
    /// <summary>The reader may record when the role is in <see cref="LabourRules.Record"/> and the household's village is in its region.</summary>
    public static async Task<HouseholdLabourSection?> LoadAsync(JingzhunDbContext db, long householdId, CancellationToken ct)
    {
        var village = await db.Households.AsNoTracking().Where(h => h.Id == householdId).Select(h => h.VillageCode).FirstOrDefaultAsync(ct);
        if (village is null || await LabourCooperation.ForHouseholdAsync(db, householdId, ct) is not { } workers) return null;
        var may = db.Scope.IsAdministrator && db.Scope.Role is null || LabourRules.May(db.Scope.Role) && db.Scope.MayChange(village);
        return new HouseholdLabourSection(householdId, workers, may);
    }
}

/// <summary>The household page's section of labour cooperation (劳务协作): each worker's path from the pool to the return.</summary>
public sealed class HouseholdLabourViewComponent(JingzhunDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long householdId) =>
        await HouseholdLabourSection.LoadAsync(db, householdId, HttpContext.RequestAborted) is { } section
            ? View("/Collaboration/Labour/_HouseholdLabour.cshtml", section)
            : Content("");
}
