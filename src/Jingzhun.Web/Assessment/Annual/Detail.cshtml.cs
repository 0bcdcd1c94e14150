using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.Annual;

/// <summary>
/// One annual assessment (/assessment/annual/detail/{id}): the ranked table with each indicator's value, points and source;
/// the assessing office computes and finalises it here (another role: 403; a final one: the message); an xlsx of it.
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public AnnualReport Report { get; private set; } = null!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostComputeAsync(long id, CancellationToken ct) => StepAsync(id, () => AnnualAssessments.ComputeAsync(db, id, Now, ct), ct);

    public Task<IActionResult> OnPostFinaliseAsync(long id, CancellationToken ct) => StepAsync(id, () => AnnualAssessments.FinaliseAsync(db, id, Now, ct), ct);

    private async Task<IActionResult> StepAsync(long id, Func<Task<Domain.Assessment.AnnualAssessment?>> step, CancellationToken ct)
    {
        try
        {
            if (await step() is null) return NotFound();
            return Redirect($"/assessment/annual/detail/{id}");
        }
        catch (WorkflowBlockedException e) { ModelState.AddModelError("step", lang.T(e.Text)); }
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await AnnualAssessments.ReportAsync(db, id, Now, ct) is not { } report) return false;
        Report = report;
        return true;
    }
}
