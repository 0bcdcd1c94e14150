using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Web.Assistance.Credit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance;

/// <summary>What the household page's microcredit and relocation section shows, and which steps the reader may take.</summary>
public sealed record HouseholdCreditSection(long HouseholdId, DateOnly Today, HouseholdCredit Credit, IReadOnlyList<RelocationWithFollowUps> Relocations,
    bool MayRate, bool MayLend, bool MayRelocate, bool MayFollowUp);

/// <summary>The household page's section of microcredit (rating, loans with repayments, overdue in red) and relocation with its follow-up.</summary>
public sealed class HouseholdCreditViewComponent(JingzhunDbContext db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long householdId)
    {
        var ct = HttpContext.RequestAborted;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var village = await db.Households.AsNoTracking().Where(h => h.Id == householdId).Select(h => h.VillageCode).FirstOrDefaultAsync(ct);
        if (village is null || await MicrocreditWork.ForHouseholdAsync(db, householdId, today, ct) is not { } credit) return Content("");
        var relocations = await Relocations.ForHouseholdAsync(db, householdId, today, ct) ?? [];
        var section = new HouseholdCreditSection(householdId, today, credit, relocations,
            await CreditAccess.MayAsync(db, AssistanceRoles.RateCredit, householdId, village, ct),
            await CreditAccess.MayAsync(db, AssistanceRoles.Lend, householdId, village, ct),
            await CreditAccess.MayAsync(db, AssistanceRoles.Relocate, householdId, village, ct),
            await CreditAccess.MayAsync(db, AssistanceRoles.FollowUp, householdId, village, ct));
        return View("/Assistance/Credit/_HouseholdCredit.cshtml", section);
    }
}
