using Jingzhun.Data.Database;
using Jingzhun.Domain.Census;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Census;

/// <summary>
/// What the census pages share: who may read them (every role that reads its region's households; assessors, partner
/// accounts and visitors none), how a rate is written, and how a governed step's refusal comes back at its form (422).
/// </summary>
public abstract class CensusPage(JingzhunDbContext db, Lang lang) : PageModel
{
    protected JingzhunDbContext Db => db;
    protected Lang Lang => lang;

    public bool Readable => db.Scope.Role is not null && db.Scope.CanRead && !db.Scope.ReadsAssignedOnly;

    /// <summary>The review level of the reader's role, if it reviews census records.</summary>
    public CensusLevel? ReviewLevel => CensusRoles.LevelOf(db.Scope.Role);

    /// <summary>A rate as a percentage with one decimal; a dash when the area has no census households.</summary>
    public static string Percent(decimal? rate) => rate is { } r ? (r * 100m).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    public IEnumerable<string> ErrorsOf(string form) => ModelState.TryGetValue(form, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>Runs a step; on a refused value or state, reloads the page with the message at the form and 422. A wrong role is 403.</summary>
    protected async Task<IActionResult> StepAsync(string form, Func<Task<bool>> step, string back, Func<Task<bool>> reload)
    {
        if (!Readable) return Forbid();
        if (ModelState.IsValid)
        {
            try
            {
                if (!await step()) return NotFound();
                return Redirect(back);
            }
            catch (WorkflowBlockedException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
        }
        else ModelState.AddModelError(form, lang.T("输入有误", "Some fields are not valid"));
        db.ChangeTracker.Clear();
        if (!await reload()) return NotFound();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
