using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Rules;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Cadres;

/// <summary>
/// One cadre of a roster: details, their households (active pairings) and pairing history; for county officers the edit
/// form, marking the cadre as left (their households are then listed for handover) and linking a sign-in account.
/// Another county's cadre does not exist here (404).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public CadreRow Cadre { get; private set; } = default!;
    public int CaseloadLimit { get; private set; }
    public List<CadrePairingRow> Pairings { get; private set; } = [];
    public IEnumerable<CadrePairingRow> Households => Pairings.Where(p => p.IsActive);
    public bool MayManage => CadreRoster.MayManage(db.Scope, Cadre.CountyCode);
    public string Phone => CadreRoster.PhoneFor(db.Scope, Cadre);

    [BindProperty] public CadreForm Edit { get; set; } = new();
    [BindProperty] public DateOnly? LeftOn { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? AccountUserName { get; set; }

    /// <summary>Which form came back with errors, and the errors.</summary>
    public string? FailedForm { get; private set; }
    public List<Domain.Common.FieldError> Errors { get; private set; } = [];
    /// <summary>After marking the cadre as left: the households that still need a new cadre.</summary>
    public IReadOnlyList<CadrePairingRow>? NeedHandover { get; private set; }

    private DateOnly Today => Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(int cadreId, CancellationToken ct)
    {
        if (!await LoadAsync(cadreId, ct)) return NotFound();
        Edit = CadreForm.From(Cadre);
        LeftOn = Today;
        return Page();
    }

    public Task<IActionResult> OnPostEditAsync(int cadreId, CancellationToken ct) =>
        StepAsync(cadreId, "edit", () => CadreRoster.EditAsync(db, cadreId, Edit, null, ct), ct);

    public Task<IActionResult> OnPostLinkAsync(int cadreId, CancellationToken ct) =>
        StepAsync(cadreId, "link", () => CadreRoster.LinkAccountAsync(db, cadreId, AccountUserName ?? "", ct), ct);

    public async Task<IActionResult> OnPostLeaveAsync(int cadreId, CancellationToken ct)
    {
        var result = await CadreRoster.LeaveAsync(db, cadreId, LeftOn, Reason, Today, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        db.ChangeTracker.Clear();
        if (!await LoadAsync(cadreId, ct)) return NotFound();
        Edit = CadreForm.From(Cadre);
        if (result.Outcome == EditOutcome.Saved)
        {
            NeedHandover = result.Value!.NeedHandover;
            return Page();
        }
        FailedForm = "leave";
        Errors = result.Errors.ToList();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public string ErrorOf(string field) => string.Join(" ", Errors.Where(e => e.Field == field).Select(e => lang.T(e.Text)));

    private async Task<IActionResult> StepAsync<T>(int cadreId, string form, Func<Task<EditResult<T>>> step, CancellationToken ct)
    {
        var result = await step();
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/assistance/cadres/{cadreId}");
        var edit = Edit;
        db.ChangeTracker.Clear();
        if (!await LoadAsync(cadreId, ct)) return NotFound();
        Edit = form == "edit" ? edit : CadreForm.From(Cadre);
        LeftOn ??= Today;
        FailedForm = form;
        Errors = result.Errors.ToList();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(int cadreId, CancellationToken ct)
    {
        if (await CadreRoster.FindAsync(db, cadreId, Today, ct) is not { } cadre) return false;
        Cadre = cadre;
        CaseloadLimit = (await RuleBook.ForAsync(db, cadre.CountyCode, Today.Year, ct)).CadreCaseloadLimit;
        Pairings = await CadreRoster.PairingsAsync(db, cadreId, ct);
        return true;
    }
}
