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

namespace Jingzhun.Web.Notices;

/// <summary>
/// One notice as a printable document (<c>?print=true</c>: A4, no navigation), with the objections and
/// their outcomes. Staff who may change the village record an objection received on paper and
/// resolve open objections; the role check of a resolution is the workflow service's. Outside the
/// reader's scope the notice does not exist (404).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public NoticeDocument Notice { get; private set; } = default!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public bool Print { get; private set; }
    /// <summary>Whether the reader may record an objection: it may change the village and the notice is open.</summary>
    public bool CanObject { get; private set; }
    /// <summary>Whether the reader's role is the one that posted the notice, so may resolve its objections.</summary>
    public bool CanResolve { get; private set; }
    public string? Problem { get; private set; }
    public string? ResolveProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(long noticeId, bool print, CancellationToken ct)
    {
        if (!await LoadAsync(noticeId, ct)) return NotFound();
        Print = print;
        return Page();
    }

    /// <summary>An objection received on paper or in person, recorded by the staff member.</summary>
    public async Task<IActionResult> OnPostObjectAsync(long noticeId, string? text, string? contact, CancellationToken ct)
    {
        if (!await LoadAsync(noticeId, ct)) return NotFound();
        if (!db.Scope.MayChange(Notice.RegionCode)) return Forbid();
        try
        {
            await CaseWorkflow.ObjectAsync(db, noticeId, text ?? "", contact ?? "", db.Scope.Actor, Now, ct);
        }
        catch (WorkflowBlockedException blocked)
        {
            return await RedisplayAsync(noticeId, lang.T(blocked.Text), null, ct);
        }
        return Redirect($"/notices/{noticeId}#objections");
    }

    /// <summary>Upholds or dismisses an open objection with an outcome text.</summary>
    public async Task<IActionResult> OnPostResolveAsync(long noticeId, long objectionId, bool upheld, string? outcome, CancellationToken ct)
    {
        if (!await LoadAsync(noticeId, ct)) return NotFound();
        if (Notice.Objections.All(o => o.Id != objectionId)) return NotFound();
        try
        {
            await CaseWorkflow.ResolveObjectionAsync(db, objectionId, upheld, outcome ?? "", Now, ct);
        }
        catch (WorkflowBlockedException blocked)
        {
            return await RedisplayAsync(noticeId, null, lang.T(blocked.Text), ct);
        }
        return Redirect($"/notices/{noticeId}#objections");
    }

    private async Task<IActionResult> RedisplayAsync(long noticeId, string? problem, string? resolveProblem, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(noticeId, ct)) return NotFound();
        Problem = problem;
        ResolveProblem = resolveProblem;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(long noticeId, CancellationToken ct)
    {
        var notice = await NoticeView.LoadAsync(db, noticeId, ct);
        if (notice is null) return false;
        Notice = notice;
        CanObject = db.Scope.MayChange(notice.RegionCode) && notice.IsOpen(Now);
        // The level that posted the notice answers its objections (the workflow service checks the same).
        CanResolve = db.Scope.MayChange(notice.RegionCode) && WorkflowRules.MayDecide(db.Scope.Role, notice.Kind, notice.Stage);
        return true;
    }
}
