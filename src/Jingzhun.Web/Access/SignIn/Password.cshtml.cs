using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Access.SignIn;

/// <summary>Changing one's own password; the only page open to an account that must change it.</summary>
public sealed class PasswordModel(DatabaseTarget target, TimeProvider clock) : PageModel
{
    public bool Forced => User.HasClaim(c => c.Type == AccountClaims.MustChangePasswordClaim);
    public bool Saved { get; private set; }
    public List<FieldError> Errors { get; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string current, string password, string confirm, CancellationToken ct)
    {
        var userName = User.Identity?.Name ?? "";
        await using var db = JingzhunDb.Create(target, AccessScope.System(userName));
        Errors.AddRange(await AccountAdministration.ChangeOwnPasswordAsync(db, userName, current ?? "", password ?? "", confirm ?? "",
            clock.GetUtcNow().UtcDateTime, ct));
        if (Errors.Count > 0) return Page();
        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.UserName == userName, ct);
        // A fresh cookie without the must-change mark.
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            AccountClaims.ToPrincipal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        Saved = true;
        return Page();
    }
}
