using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Web.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Pages.Account;

public sealed class LoginModel(DatabaseTarget target) : PageModel
{
    public string? ReturnUrl { get; private set; }
    public string UserName { get; private set; } = "";
    public bool Failed { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string userName, string password, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        UserName = userName ?? "";
        // Sign-in runs before there is a scope: it reads accounts with the system scope and records the attempt.
        await using var db = JingzhunDb.Create(target, AccessScope.System(UserName));
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == UserName, ct);
        var ok = account is { IsDisabled: false } && Passwords.Verify(account, password ?? "");
        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow, Actor = UserName, Action = ok ? AuditAction.SignIn : AuditAction.SignInFailed,
            EntityType = "Account", EntityId = UserName, RegionCode = account?.RegionCode ?? "",
            Reason = HttpContext.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(ct);
        if (!ok)
        {
            Failed = true;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            AccountClaims.ToPrincipal(account!, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
