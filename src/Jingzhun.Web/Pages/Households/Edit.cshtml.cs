using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Pages.Households;

/// <summary>
/// Changes a household. The form carries the version it was loaded at; if someone saved since, the
/// page answers 409 with the conflict and saves nothing.
/// </summary>
public sealed class EditModel(JingzhunDbContext db, Lang lang) : HouseholdFormPage(db, lang)
{
    public long Id { get; private set; }
    public HouseholdStatus CurrentStatus { get; private set; }
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var household = await Db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return NotFound();
        if (!await Pairings.MayChangeAsync(Db, id, household.VillageCode, ct)) return Forbid();
        Id = id;
        CurrentStatus = household.Status;
        Household = HouseholdForm.From(household);
        await LoadVillagesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var current = await Db.Households.AsNoTracking().Where(h => h.Id == id)
            .Select(h => new { h.Status }).FirstOrDefaultAsync(ct);
        if (current is null) return NotFound();
        Id = id;
        CurrentStatus = current.Status;
        CollectOtherCauses();
        if (Household.Status != current.Status && string.IsNullOrWhiteSpace(Reason))
            ModelState.AddModelError(nameof(Reason), Lang.T("改变户状态须填写变更原因", "A status change needs a reason"));
        if (ModelState.IsValid)
        {
            try
            {
                var result = await RegistryEditing.UpdateAsync(Db, id, Household, string.IsNullOrWhiteSpace(Reason) ? "修改户信息" : Reason.Trim(), ct);
                if (result.Outcome == EditOutcome.NotFound) return NotFound();
                if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}");
                ShowErrors(result.Errors);
            }
            catch (DbUpdateConcurrencyException)
            {
                Conflict = true;
            }
        }
        await LoadVillagesAsync(ct);
        Response.StatusCode = Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
