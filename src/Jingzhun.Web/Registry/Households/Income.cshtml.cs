using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Registry.Households;

/// <summary>One year's income of a household: the form is prefilled when the year exists, and saving creates or replaces it.</summary>
public sealed class IncomeModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public long HouseholdId { get; private set; }
    public string HouseholdNumber { get; private set; } = "";
    public int Year { get; private set; }
    public bool Exists { get; private set; }
    public List<int> KnownYears { get; private set; } = [];
    /// <summary>The figures as saved, for the summary beside the form.</summary>
    public IncomeYear? Saved { get; private set; }

    /// <summary>The household's present members now: the number of members counted that needs no confirming.</summary>
    public int PresentMembers { get; private set; }
    /// <summary>True after a save was refused for a number of members counted that differs from the present members: the confirm box shows.</summary>
    public bool AskToConfirm { get; private set; }

    [BindProperty] public IncomeForm Income { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, int year, CancellationToken ct)
    {
        var household = await LoadAsync(id, year, ct);
        if (household is null) return NotFound();
        if (!await Pairings.MayChangeAsync(db, id, household.VillageCode, ct)) return Forbid();
        var income = household.Incomes.FirstOrDefault(i => i.Year == year);
        Income = income is not null
            ? IncomeForm.From(income)
            : new IncomeForm { Year = year, MembersCounted = household.PresentMembers.Count() };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, int year, CancellationToken ct)
    {
        if (await LoadAsync(id, year, ct) is null) return NotFound();
        Income.Year = year;
        if (ModelState.IsValid)
        {
            var result = await RegistryEditing.SetIncomeAsync(db, id, Income, clock.GetUtcNow().UtcDateTime, ct);
            if (result.Outcome == EditOutcome.NotFound) return NotFound();
            if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#incomes");
            AskToConfirm = result.Errors.Any(e => e.Field == nameof(IncomeForm.MembersCounted) && Income.MembersCounted != PresentMembers);
            FormErrors.AddTo(ModelState, result.Errors, lang.English, field => FormErrors.Property<IncomeForm>(nameof(Income), field));
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<Household?> LoadAsync(long id, int year, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes)
            .AsSplitQuery().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return null;
        HouseholdId = id;
        HouseholdNumber = household.Number;
        PresentMembers = household.PresentMembers.Count();
        Year = year;
        var income = household.Incomes.FirstOrDefault(i => i.Year == year);
        Exists = income is not null;
        Saved = income?.ToIncomeYear();
        KnownYears = household.Incomes.Select(i => i.Year).OrderDescending().ToList();
        return household;
    }
}
