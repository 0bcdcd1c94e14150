using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Assistance.Plans;

/// <summary><c>/households/{id}/measures/{measureId}</c>: change a measure, move its state, record its result.</summary>
public sealed class MeasureModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : MeasureFormPage(db, clock, lang)
{
    public async Task<IActionResult> OnGetAsync(long id, long measureId, CancellationToken ct)
    {
        if (await LoadAsync(id, measureId, ct) is { } refused) return refused;
        Form = MeasureForm.From(Measure!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long measureId, CancellationToken ct)
    {
        if (await LoadAsync(id, measureId, ct) is { } refused) return refused;
        return await SaveAsync(id, input => HouseholdPlans.UpdateMeasureAsync(Db, id, measureId, input, Today, ct));
    }
}
