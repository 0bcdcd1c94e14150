using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Access.Accounts;

/// <summary>
/// One account and what an administrator does to it: disable, enable, reset the password, unlock.
/// Outside the officer's region the account does not exist (404); one it may not manage is refused (403).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, Access.SignInThrottle throttle, TimeProvider clock) : PageModel
{
    public const int HistoryLimit = 100;

    public Domain.Access.Account Account { get; private set; } = default!;
    public string RegionPath { get; private set; } = "";
    public List<AuditEntry> History { get; private set; } = [];
    public bool IsSelf => Account.Id == db.Scope.AccountId;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    /// <summary>Sources locked out of this account by wrong passwords (in this process); an unlock frees them too.</summary>
    public int LockedSources => throttle.LockedSources(Account.UserName, Now);
    public IReadOnlyList<FieldError>? Refused { get; private set; }
    /// <summary>What the last action did, for the message at the top.</summary>
    public string? Done { get; private set; }

    [BindProperty] public string NewPassword { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        var found = await AccountAdministration.FindAsync(db, id, ct);
        if (found.Outcome != AdminOutcome.Done) return Answer(found);
        Done = done;
        return await ShowAsync(found.Account!, ct);
    }

    public Task<IActionResult> OnPostDisableAsync(int id, CancellationToken ct) =>
        ActAsync(id, "disabled", () => AccountAdministration.DisableAsync(db, id, ct), ct);

    public Task<IActionResult> OnPostEnableAsync(int id, CancellationToken ct) =>
        ActAsync(id, "enabled", () => AccountAdministration.EnableAsync(db, id, ct), ct);

    public Task<IActionResult> OnPostUnlockAsync(int id, CancellationToken ct) =>
        ActAsync(id, "unlocked", () => Forgetting(AccountAdministration.UnlockAsync(db, id, ct)), ct);

    public Task<IActionResult> OnPostResetAsync(int id, CancellationToken ct) =>
        ActAsync(id, "reset", () => Forgetting(AccountAdministration.ResetPasswordAsync(db, id, NewPassword, Now, ct)), ct);

    /// <summary>After an unlock or reset, the per-source locks on the account go too, not only the stored one.</summary>
    private async Task<AdminResult> Forgetting(Task<AdminResult> action)
    {
        var result = await action;
        if (result.Outcome == AdminOutcome.Done) throttle.Forget(result.Account!.UserName);
        return result;
    }

    private async Task<IActionResult> ActAsync(int id, string done, Func<Task<AdminResult>> action, CancellationToken ct)
    {
        var result = await action();
        switch (result.Outcome)
        {
            case AdminOutcome.Done:
                return Redirect($"/accounts/{id}?done={done}");
            case AdminOutcome.Invalid:
                FormErrors.AddTo(ModelState, result.Errors, lang.English, _ => nameof(NewPassword));
                var found = await AccountAdministration.FindAsync(db, id, ct);
                if (found.Outcome != AdminOutcome.Done) return Answer(found);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return await ShowAsync(found.Account!, ct);
            default:
                return Answer(result);
        }
    }

    private IActionResult Answer(AdminResult result)
    {
        if (result.Outcome == AdminOutcome.NotFound) return NotFound();
        Refused = result.Errors;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(Domain.Access.Account account, CancellationToken ct)
    {
        Account = account;
        RegionPath = await AccountAdministration.RegionPathAsync(db, account.RegionCode, ct);
        History = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "Account" && a.EntityId == account.UserName)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(HistoryLimit).ToListAsync(ct);
        return Page();
    }
}
