using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Disclosures;

/// <summary>
/// One disclosure for staff: the published content, the objections with the objectors' words and contacts, and — for the roles
/// of <see cref="Domain.Funds.FundRoles.HandleObjections"/> in its region — the forms to record an objection, resolve one, and
/// post a project again after an upheld objection. A wrong role's post is refused by the step (403).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, DatabaseTarget target, TimeProvider clock, Lang lang) : PageModel
{
    public DisclosureDetail Disclosure { get; private set; } = null!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public string? Saved { get; private set; }
    public string? Problem { get; private set; }
    /// <summary>Whether the public page shows the disclosure now (in the library, open or lately ended): only then is it linked.</summary>
    public bool IsPublic { get; private set; }

    public async Task<IActionResult> OnGetAsync(long disclosureId, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(disclosureId, ct)) return NotFound();
        IsPublic = await new PublicFunds(target, clock).FindAsync(disclosureId, Now, ct) is not null;
        Saved = saved;
        return Page();
    }

    public Task<IActionResult> OnPostObjectAsync(long disclosureId, string? text, string? contact, CancellationToken ct) =>
        StepAsync(disclosureId, async () => await DisclosureObjections.ObjectAsync(db, disclosureId, text, contact, Now, ct) is not null, "object", ct);

    public Task<IActionResult> OnPostResolveAsync(long disclosureId, long objectionId, bool? upheld, string? outcome, CancellationToken ct) =>
        StepAsync(disclosureId, async () => await DisclosureObjections.ResolveAsync(db, disclosureId, objectionId, upheld, outcome, Now, ct) is not null,
            "resolve", ct);

    public async Task<IActionResult> OnPostRepostAsync(long disclosureId, CancellationToken ct)
    {
        if (!await LoadAsync(disclosureId, ct)) return NotFound();
        try
        {
            var posted = await DisclosureObjections.RepostAsync(db, disclosureId, Now, ct);
            return posted is null ? NotFound() : Redirect($"/funds/disclosures/detail/{posted.Id}?saved=repost");
        }
        catch (WorkflowBlockedException blocked) { return await Refused(disclosureId, StatusCodes.Status409Conflict, lang.T(blocked.Text), ct); }
    }

    private async Task<IActionResult> StepAsync(long disclosureId, Func<Task<bool>> step, string what, CancellationToken ct)
    {
        if (!await LoadAsync(disclosureId, ct)) return NotFound();
        try
        {
            if (!await step()) return NotFound();
        }
        catch (FundInputException invalid) { return await Refused(disclosureId, StatusCodes.Status422UnprocessableEntity, lang.T(invalid.Text), ct); }
        catch (WorkflowBlockedException blocked) { return await Refused(disclosureId, StatusCodes.Status409Conflict, lang.T(blocked.Text), ct); }
        return Redirect($"/funds/disclosures/detail/{disclosureId}?saved={what}");
    }

    private async Task<IActionResult> Refused(long disclosureId, int status, string problem, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(disclosureId, ct);
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(long disclosureId, CancellationToken ct)
    {
        if (await DisclosureObjections.LoadAsync(db, disclosureId, Now, ct) is not { } d) return false;
        Disclosure = d;
        return true;
    }
}
