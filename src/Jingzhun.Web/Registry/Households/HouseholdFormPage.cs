using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Registry.Households;

/// <summary>What the create and edit pages of a household share: the bound form, other causes as checkboxes, village options.</summary>
public abstract class HouseholdFormPage(JingzhunDbContext db, Lang lang) : PageModel
{
    protected JingzhunDbContext Db => db;
    protected Lang Lang => lang;

    [BindProperty] public HouseholdForm Household { get; set; } = new();

    /// <summary>The other-cause checkboxes; ORed into <see cref="HouseholdForm.OtherCauses"/> on post.</summary>
    [BindProperty] public List<PovertyCause> OtherCauses { get; set; } = [];

    /// <summary>变更原因: recorded with a status change.</summary>
    [BindProperty] public string Reason { get; set; } = "";

    public List<SelectListItem> Villages { get; private set; } = [];

    protected async Task LoadVillagesAsync(CancellationToken ct)
    {
        var regions = await ScopeRegions.ListAsync(db, ct);
        Villages = ScopeRegions.Options(regions, Household.VillageCode, villagesOnly: true);
    }

    /// <summary>Completes the bound form: other causes from their checkboxes, and described fields the form class does not declare yet.</summary>
    protected void CollectPosted()
    {
        Household.OtherCauses = OtherCauses.Aggregate(PovertyCause.None, (all, c) => all | c);
        RecordBinding.Bind<HouseholdForm, Household>(Request.Form, nameof(Household), HouseholdRecord.Editable, Household.Record(), ModelState);
    }

    /// <summary>Puts household field errors next to their inputs (Household.X) and the rest in the summary.</summary>
    protected void ShowErrors(IEnumerable<FieldError> errors, Func<string, string?>? other = null) =>
        FormErrors.AddTo(ModelState, errors, lang.English,
            field => FormErrors.Property<HouseholdForm>(nameof(Household), field)
                     ?? (HouseholdRecord.Find(field) is { Editable: true } ? $"{nameof(Household)}.{field}" : null)
                     ?? other?.Invoke(field));
}
