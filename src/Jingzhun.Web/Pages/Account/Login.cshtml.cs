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

public sealed class LoginModel(DatabaseTarget target, IConfiguration configuration) : PageModel
{
    public string? ReturnUrl { get; private set; }
    public string UserName { get; private set; } = "";
    public bool Failed { get; private set; }
    public bool LockedOut { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string userName, string password, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        UserName = (userName ?? "").Trim();
        var now = DateTime.UtcNow;
        // Sign-in runs before there is a scope: it reads the account with a system scope named after it.
        await using var db = JingzhunDb.Create(target, AccessScope.System(UserName));
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == UserName, ct);
        var passwordOk = account is { IsDisabled: false } && Passwords.Verify(account, password ?? "");
        var allowed = account is not null && Lockout.Record(account, passwordOk, now) && passwordOk;
        LockedOut = account?.IsLockedOut(now) == true;
        if (allowed && !configuration.GetValue("demo", true) && password == DemoAccounts.Password)
            account!.MustChangePassword = true; // demo passwords are not for real use
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = UserName, Action = allowed ? AuditAction.SignIn : AuditAction.SignInFailed,
            EntityType = "Account", EntityId = UserName, RegionCode = account?.RegionCode ?? "",
            Reason = LockedOut ? $"locked until {account!.LockedUntil:u}" : HttpContext.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(ct);
        if (!allowed)
        {
            Failed = true;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            AccountClaims.ToPrincipal(account!, CookieAuthenticationDefaults.AuthenticationScheme));
        if (account!.MustChangePassword) return LocalRedirect("/account/password");
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
