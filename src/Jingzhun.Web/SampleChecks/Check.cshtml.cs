using Jingzhun.Data.Database;
using Jingzhun.Data.SampleChecks;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.SampleChecks;

/// <summary>One sample check: its sampled cases, recording each finding, and closing it with the conclusion.</summary>
public sealed class CheckModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public SampleCheckView View { get; private set; } = null!;
    public string? Message { get; private set; }
    public bool MayAct => View.Check.IsOpen && SampleCheckSteps.MayCheck(db, View.Check.Level, View.Check.RegionCode);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostFindingAsync(long id, long itemId, SampleFinding finding, string? note, CancellationToken ct) =>
        StepAsync(id, async () => await SampleCheckSteps.RecordAsync(db, itemId, finding, note, clock.GetUtcNow().UtcDateTime, ct), ct);

    public Task<IActionResult> OnPostCloseAsync(long id, string? conclusion, CancellationToken ct) =>
        StepAsync(id, async () => await SampleCheckSteps.CloseAsync(db, id, conclusion, clock.GetUtcNow().UtcDateTime, ct), ct);

    private async Task<IActionResult> StepAsync(long id, Func<Task<object?>> step, CancellationToken ct)
    {
        try
        {
            return await step() is null ? NotFound() : Redirect($"/samplechecks/{id}");
        }
        catch (WorkflowBlockedException blocked) { Message = lang.T(blocked.Text); }
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await SampleCheckSteps.FindAsync(db, id, ct) is not { } view) return false;
        View = view;
        return true;
    }
}
