using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// Changes a household's editable fields; its number, status, status year and identified year are shown
/// read-only (cases change the status: the household page opens them). The form carries the version it was loaded at; if someone saved since, the
/// page answers 409 with the conflict and saves nothing.
/// </summary>
public sealed class EditModel(JingzhunDbContext db, Lang lang) : HouseholdFormPage(db, lang)
{
    public long Id { get; private set; }
    public HouseholdStatus CurrentStatus { get; private set; }
    public string Number { get; private set; } = "";
    public int StatusYear { get; private set; }
    public int IdentifiedYear { get; private set; }
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var household = await Db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return NotFound();
        if (!await Pairings.MayChangeAsync(Db, id, household.VillageCode, ct)) return Forbid();
        Show(id, household.Number, household.Status, household.StatusYear, household.IdentifiedYear);
        // Number, status and its years are shown, not edited: the form leaves them out.
        Household = HouseholdForm.From(household);
        Household.Number = null; Household.Status = null; Household.StatusYear = null; Household.IdentifiedYear = null;
        await LoadVillagesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var current = await Db.Households.AsNoTracking().Where(h => h.Id == id)
            .Select(h => new { h.Number, h.Status, h.StatusYear, h.IdentifiedYear }).FirstOrDefaultAsync(ct);
        if (current is null) return NotFound();
        Show(id, current.Number, current.Status, current.StatusYear, current.IdentifiedYear);
        CollectPosted();
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

    private void Show(long id, string number, HouseholdStatus status, int statusYear, int identifiedYear)
    {
        Id = id; Number = number; CurrentStatus = status; StatusYear = statusYear; IdentifiedYear = identifiedYear;
    }
}
