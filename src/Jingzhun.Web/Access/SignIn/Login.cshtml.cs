using Jingzhun.Data.Audit;
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
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Access.SignIn;

public sealed class LoginModel(DatabaseTarget target, IConfiguration configuration, SignInThrottle throttle, TimeProvider clock) : PageModel
{
    public string? ReturnUrl { get; private set; }
    public string UserName { get; private set; } = "";
    /// <summary>The attempt failed. A wrong password, an unknown user, a disabled account and a lock all look alike:
    /// the same message, and the same work (one password hash, one counting statement, one audit entry).</summary>
    public bool Failed { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string userName, string password, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        UserName = (userName ?? "").Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var source = SignInThrottle.SourceOf(HttpContext.Connection.RemoteIpAddress);
        // Sign-in runs before there is a scope: it reads the account with a system scope named after it.
        await using var db = JingzhunDb.Create(target, AccessScope.System(UserName));
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == UserName, ct);
        // The hash is checked before anything else decides, for unknown users (against a dummy hash) and locked accounts too.
        var passwordOk = SignIns.Verify(account, password ?? "");
        var accountLocked = account?.IsLockedOut(now) == true;
        var sourceLocked = throttle.IsLocked(UserName, source, now);
        var allowed = account is not null && passwordOk && !accountLocked && !sourceLocked;

        string? reason;
        if (allowed)
        {
            await SignIns.ResetAsync(db, account!.Id, ct);
            throttle.Reset(UserName, source);
            if (!configuration.GetValue("demo", true) && password == DemoAccounts.Password)
                account.MustChangePassword = true; // demo passwords are not for real use
            reason = source;
        }
        else
        {
            // Only a password that was actually tried counts: attempts refused by a lock do not add to the account-wide count,
            // so one source hammering a locked door cannot lock the account for everybody.
            var outcome = account is null || accountLocked ? SignInThrottle.Outcome.Blocked
                : passwordOk ? SignInThrottle.Outcome.Blocked // right password, but this source is locked out
                : throttle.RecordFailure(UserName, source, now);
            var counted = outcome != SignInThrottle.Outcome.Blocked;
            var lockedAccount = await SignIns.RecordFailureAsync(db, account?.Id, counted, now, ct);
            reason = account is null ? $"{source}: unknown user"
                : accountLocked ? $"{source}: account locked until {account.LockedUntil:u}"
                : lockedAccount ? $"{source}: account locked after {Lockout.AccountWideMaxFailedSignIns} failures"
                : outcome == SignInThrottle.Outcome.Locked ? $"{source}: source locked out of the account"
                : outcome == SignInThrottle.Outcome.Blocked ? $"{source}: source locked"
                : source;
        }
        await AuditEvents.SignInAsync(db, UserName, allowed, account?.RegionCode ?? "", reason, now, ct);
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
