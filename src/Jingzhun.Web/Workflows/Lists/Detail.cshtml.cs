using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows.Lists;

/// <summary>
/// One village list: a row per household with its stage and the decision it was listed on. The role
/// that may act on the list's current stage decides it in one sitting: every household approved
/// but those ticked for return, each with its reason (<see cref="CaseWorkflow.DecideListAsync"/>, all or nothing).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public CaseBatch Batch { get; private set; } = default!;
    public List<WorkflowCase> Cases { get; private set; } = [];
    public Dictionary<long, Decision> Decisions { get; private set; } = [];
    /// <summary>The one stage all open cases are at, or null when they have drifted apart (then each is decided on its own page).</summary>
    public Stage? CommonStage { get; private set; }
    public bool MayDecide { get; private set; }
    public Notice? RunningNotice { get; private set; }
    public string? Problem { get; private set; }
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(long batchId, CancellationToken ct) =>
        await LoadAsync(batchId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(long batchId, long[]? returned, Dictionary<long, string>? reasons,
        string? comment, int? votesFor, int? votesAgainst, string? attachments, CancellationToken ct)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct)) return NotFound();
        var returns = (returned ?? []).Distinct().ToDictionary(id => id, id => reasons?.GetValueOrDefault(id));
        var approval = new StepInput(comment ?? "", votesFor, votesAgainst, attachments ?? "");
        try
        {
            await CaseWorkflow.DecideListAsync(db, batchId, returns, approval, clock.GetUtcNow().UtcDateTime, ct);
            return Redirect($"/lists/{batchId}");
        }
        catch (WorkflowBlockedException blocked)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(batchId, ct);
            Problem = lang.T(blocked.Text);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long batchId, CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return false;
        Batch = batch;
        Cases = await db.Cases.AsNoTracking().Include(c => c.Household).ThenInclude(h => h!.Members).Include(c => c.Notices).AsSplitQuery()
            .Where(c => c.BatchId == batchId).OrderBy(c => c.Household!.Number).ToListAsync(ct);
        Decisions = await CaseReading.DecisionsAsync(db, Cases.Select(c => c.DecisionId), ct);
        var openStages = Cases.Where(c => c.IsOpen).Select(c => c.Stage).Distinct().ToList();
        CommonStage = openStages.Count == 1 ? openStages[0] : null;
        MayDecide = CommonStage is { } stage && WorkflowRules.MayAdvance(db.Scope.Role, batch.Kind, stage) && db.Scope.MayChange(batch.RegionCode);
        RunningNotice = Cases.Where(c => c.IsOpen).SelectMany(c => c.Notices).Where(n => n.ClosedAt is null).MaxBy(n => n.EndsAt);
        return true;
    }
}
