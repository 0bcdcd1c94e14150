using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows.Cases;

/// <summary>
/// One case: its household or area, the stage path, every step, the decision it was opened on,
/// its notices; and for the role that may act on the current stage, the forms to advance, return
/// or reject. A step that cannot be taken yet (a running notice, an open objection) comes back
/// with the reason and status 409; a step the role may not take is refused (403, audited).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public CaseView View { get; private set; } = default!;
    public WorkflowCase Case => View.Case;
    public List<Stage> Path { get; private set; } = [];
    public string? Problem { get; private set; }
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(long caseId, CancellationToken ct) =>
        await LoadAsync(caseId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAdvanceAsync(long caseId, string? comment, int? votesFor, int? votesAgainst, string? attachments, CancellationToken ct) =>
        ActAsync(caseId, now => CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(comment ?? "", votesFor, votesAgainst, attachments ?? ""), now, ct), ct);

    public Task<IActionResult> OnPostReturnAsync(long caseId, string? reason, CancellationToken ct) =>
        ActAsync(caseId, now => CaseWorkflow.ReturnAsync(db, caseId, reason ?? "", now, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(long caseId, string? reason, CancellationToken ct) =>
        ActAsync(caseId, now => CaseWorkflow.RejectAsync(db, caseId, reason ?? "", now, ct), ct);

    private async Task<IActionResult> ActAsync(long caseId, Func<DateTime, Task<WorkflowCase>> step, CancellationToken ct)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, ct)) return NotFound();
        try
        {
            await step(clock.GetUtcNow().UtcDateTime);
            return Redirect($"/cases/{caseId}");
        }
        catch (WorkflowBlockedException blocked)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(caseId, ct);
            Problem = lang.T(blocked.Text);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long caseId, CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        if (await CaseReading.LoadAsync(db, caseId, ct) is not { } view) return false;
        View = view;
        Path = CaseReading.Path(view.Case.Kind);
        return true;
    }
}
