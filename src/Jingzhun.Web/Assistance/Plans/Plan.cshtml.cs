using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Plans;

/// <summary>
/// <c>/households/{id}/plan</c>: make the household's plan (a new one supersedes the plan in force, which stays in the
/// history) and record or close its needs. Only those who may change the household open it (an assistance cadre only
/// for its paired households); the data steps refuse everyone else again.
/// </summary>
public sealed class PlanModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public HouseholdPlanView View { get; private set; } = default!;
    public List<CadreOption> Cadres { get; private set; } = [];
    public DateOnly Today { get; } = Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);
    /// <summary>Which form came back with errors.</summary>
    public string? Failed { get; private set; }

    [BindProperty] public PlanForm Form { get; set; } = new();
    [BindProperty] public NeedForm Need { get; set; } = new();

    public sealed class PlanForm
    {
        public int? FromYear { get; set; }
        public int? ToYear { get; set; }
        public string Goals { get; set; } = "";
        public decimal? TargetIncomePerCapita { get; set; }
        public int? CadreId { get; set; }
        public DateOnly? Deadline { get; set; }
    }

    public sealed class NeedForm
    {
        public MeasureType? Area { get; set; }
        public string Description { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (View.Plan is { } p)
        {
            Form = new PlanForm { FromYear = p.FromYear, ToYear = p.ToYear, Goals = p.Goals, TargetIncomePerCapita = p.TargetIncomePerCapita?.Yuan, CadreId = p.CadreId, Deadline = p.Deadline };
        }
        else
        {
            Form = new PlanForm { FromYear = Today.Year, ToYear = Today.Year + 2, Deadline = new DateOnly(Today.Year + 2, 12, 31), CadreId = View.Cadre?.Id };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (Valid("Form."))
        {
            var result = await HouseholdPlans.MakePlanAsync(db, id,
                new PlanInput(Form.FromYear ?? 0, Form.ToYear ?? 0, Form.Goals, Form.TargetIncomePerCapita, Form.CadreId, Form.Deadline), ct);
            if (result.Outcome == EditOutcome.NotFound) return NotFound();
            if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#plan");
            FormErrors.AddTo(ModelState, result.Errors, lang.English, f => $"Form.{f}");
        }
        return Again("plan");
    }

    public async Task<IActionResult> OnPostNeedAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (Valid("Need."))
        {
            var result = await HouseholdPlans.RecordNeedAsync(db, id, new NeedInput(Need.Area ?? 0, Need.Description), Today, ct);
            if (result.Outcome == EditOutcome.NotFound) return NotFound();
            if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}/plan#needs");
            FormErrors.AddTo(ModelState, result.Errors, lang.English, f => $"Need.{f}");
        }
        return Again("need");
    }

    public async Task<IActionResult> OnPostCloseNeedAsync(long id, long needId, NeedState state, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        var result = await HouseholdPlans.CloseNeedAsync(db, id, needId, state, null, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}/plan#needs");
        FormErrors.AddTo(ModelState, result.Errors, lang.English, _ => "");
        return Again("close");
    }

    private bool Valid(string prefix) => ModelState.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).All(e => e.Value!.Errors.Count == 0);

    private PageResult Again(string form)
    {
        Failed = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Loads the view; 404 when the household is not found, 403 when the reader may not change its plan.</summary>
    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var view = await HouseholdPlans.ViewAsync(db, id, Today, ct);
        if (view is null) return NotFound();
        if (!view.MayChange) return Forbid();
        View = view;
        Cadres = await HouseholdPlans.CadresAsync(db, view.Household.VillageCode, ct);
        return null;
    }
}
