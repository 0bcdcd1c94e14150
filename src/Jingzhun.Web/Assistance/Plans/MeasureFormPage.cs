using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Plans;

/// <summary>A measure as the form posts it: every fund source has a row (an empty amount is none).</summary>
public sealed class MeasureForm
{
    public MeasureType? Type { get; set; }
    public string Programme { get; set; } = "";
    public int? Year { get; set; }
    public int? CadreId { get; set; }
    public DateOnly? StartOn { get; set; }
    public DateOnly? Deadline { get; set; }
    public string Description { get; set; } = "";
    public List<FundingLine> Funding { get; set; } = [];
    public MeasureState? State { get; set; }
    public string StateReason { get; set; } = "";
    public DateOnly? CompletedOn { get; set; }
    public decimal? IncomeEffect { get; set; }
    public List<Guarantee> Guarantees { get; set; } = [];
    public int? PeopleReached { get; set; }
    public int? Version { get; set; }

    public sealed class FundingLine
    {
        public FundSource Source { get; set; }
        public decimal? Amount { get; set; }
    }

    /// <summary>One row per fund source, in the catalogue's order, with the amounts given.</summary>
    public void FillFunding(IEnumerable<FundingRow> rows)
    {
        var amounts = rows.ToDictionary(r => r.Source, r => r.Amount.Yuan);
        Funding = [.. Enum.GetValues<FundSource>().Select(s => new FundingLine { Source = s, Amount = amounts.TryGetValue(s, out var a) ? a : null })];
    }

    public MeasureInput ToInput() => new(Type ?? 0, Programme, Year ?? 0, CadreId, StartOn, Deadline, Description,
        [.. Funding.Select(f => new FundingInput(f.Source, f.Amount ?? 0))], State ?? 0, StateReason, CompletedOn, IncomeEffect,
        Guarantees.Aggregate(Guarantee.None, (a, g) => a | g), PeopleReached ?? 0, Version);

    public static MeasureForm From(MeasureRow m)
    {
        var form = new MeasureForm
        {
            Type = m.Type, Programme = m.Programme, Year = m.Year, CadreId = m.CadreId, StartOn = m.StartOn, Deadline = m.Deadline, Description = m.Description,
            State = m.State, StateReason = m.StateReason, CompletedOn = m.CompletedOn, IncomeEffect = m.IncomeEffect?.Yuan,
            Guarantees = [.. MeasureCatalogue.Flags(m.GuaranteesFixed)], PeopleReached = m.PeopleReached, Version = m.Version,
        };
        form.FillFunding(m.Funding);
        return form;
    }
}

/// <summary>
/// The measure form (<c>/households/{id}/measures/new</c> and <c>/households/{id}/measures/{measureId}</c>): type, a
/// programme of the catalogue, year, cadre, dates, funds by source, and the state with its reason or result. Opened only
/// by those who may change the household's plan; errors come back at their fields (422).
/// </summary>
public abstract class MeasureFormPage(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public HouseholdPlanView View { get; private set; } = default!;
    public List<CadreOption> Cadres { get; private set; } = [];
    public DateOnly Today { get; } = Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);
    /// <summary>The measure being changed; null for a new one.</summary>
    public MeasureRow? Measure { get; private set; }
    /// <summary>The states the form offers: forward moves from the measure's state.</summary>
    public IReadOnlyList<MeasureState> States => HouseholdPlans.NextStates(Measure?.State);

    [BindProperty] public MeasureForm Form { get; set; } = new();

    protected JingzhunDbContext Db => db;

    /// <summary>Loads the household's view (and the measure); 404 when either is not found, 403 when the reader may not change the plan.</summary>
    protected async Task<IActionResult?> LoadAsync(long id, long? measureId, CancellationToken ct)
    {
        var view = await HouseholdPlans.ViewAsync(db, id, Today, ct);
        if (view is null) return NotFound();
        if (measureId is { } mid)
        {
            Measure = view.Measures.FirstOrDefault(m => m.Id == mid);
            if (Measure is null) return NotFound();
        }
        if (!view.MayChange) return Forbid();
        View = view;
        Cadres = await HouseholdPlans.CadresAsync(db, view.Household.VillageCode, ct);
        return null;
    }

    /// <summary>Saves through the data step; back to the household's plan on success, the form with its errors otherwise.</summary>
    protected async Task<IActionResult> SaveAsync(long id, Func<MeasureInput, Task<EditResult<AssistanceMeasure>>> save)
    {
        // Rows the form did not post (a shortened request) count as empty; every source keeps its row and index.
        if (Form.Funding.Count == 0) Form.FillFunding([]);
        if (ModelState.IsValid)
        {
            var result = await save(Form.ToInput());
            if (result.Outcome == EditOutcome.NotFound) return NotFound();
            if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#plan");
            FormErrors.AddTo(ModelState, result.Errors, lang.English, Key);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private static string Key(string field) => field == "GuaranteesFixed" ? "Form.Guarantees" : $"Form.{field}";
}
