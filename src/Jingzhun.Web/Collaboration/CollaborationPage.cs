using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Collaboration;

/// <summary>
/// What the collaboration pages share: who may read them (every role that reads its region's work, and partner accounts
/// for their own records; assessors and visitors none), and how a governed step's refusal comes back at its form (422).
/// </summary>
public abstract class CollaborationPage(JingzhunDbContext db, Lang lang) : PageModel
{
    protected JingzhunDbContext Db => db;
    protected Lang Lang => lang;

    public bool Readable => db.Scope.Role is not null && !db.Scope.ReadsAssignedOnly && (db.Scope.CanRead || db.Scope.Role == Domain.Access.Role.Partner);

    public bool IsPartner => db.Scope.Role == Domain.Access.Role.Partner;

    /// <summary>The form sent back with errors.</summary>
    public string? Open { get; protected set; }

    public IEnumerable<string> ErrorsOf(string form) => ModelState.TryGetValue(form, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>Runs a step; on a refused value or state, reloads the page with the message at the form and 422. A wrong role is 403 (the error page).</summary>
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
            catch (FundInputException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
            catch (WorkflowBlockedException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
        }
        else ModelState.AddModelError(form, lang.T("输入有误", "Some fields are not valid"));
        db.ChangeTracker.Clear();
        if (!await reload()) return NotFound();
        Open = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
