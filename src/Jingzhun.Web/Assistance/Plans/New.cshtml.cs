using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Assistance.Plans;

/// <summary><c>/households/{id}/measures/new</c>: a new measure, under the plan in force.</summary>
public sealed class NewModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : MeasureFormPage(db, clock, lang)
{
    public async Task<IActionResult> OnGetAsync(long id, MeasureType? type, string? programme, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct) is { } refused) return refused;
        var picked = MeasureCatalogue.Find(programme);
        Form = new MeasureForm
        {
            Type = picked?.Type ?? type, Programme = picked?.Code ?? "", Year = Today.Year, State = MeasureState.Planned, StartOn = Today,
            CadreId = View.Plan?.CadreId ?? View.Cadre?.Id,
        };
        Form.FillFunding([]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct) is { } refused) return refused;
        return await SaveAsync(id, input => HouseholdPlans.AddMeasureAsync(Db, id, input, Today, ct));
    }
}
