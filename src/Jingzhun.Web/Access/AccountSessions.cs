using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Access;

/// <summary>
/// Checks the signed-in account on every request, so that disabling an account, changing its role or
/// region, or resetting its password ends its sessions at once instead of when the cookie expires. The session
/// stamp ends every session of the account after signing out or a password change, a copied cookie included.
/// A session this host found good is trusted for a few seconds (<see cref="CheckedSessions"/>), unless an account
/// changed in this process since: so a change made through this host, or any process sharing it, ends the sessions
/// at the next request, and a change made by another process within those seconds.
/// </summary>
public static class AccountSessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var claimed = context.Principal is { } principal ? AccountClaims.ToAccount(principal) : null;
        if (claimed is null || claimed.Id == 0)
        {
            await RejectAsync(context);
            return;
        }
        var mustChangeClaimed = context.Principal!.HasClaim(c => c.Type == AccountClaims.MustChangePasswordClaim);
        var stamp = context.Principal!.FindFirst(AccountClaims.SessionStampClaim)?.Value;
        var services = context.HttpContext.RequestServices;
        var checkedSessions = services.GetRequiredService<CheckedSessions>();
        // The count is read before the account, so that a change saved while the account is read is not trusted away.
        var session = new CheckedSessions.Session(claimed.Id, stamp ?? "", claimed.UserName, claimed.Role, claimed.RegionCode,
            mustChangeClaimed, SavedChanges.Accounts.Count);
        if (checkedSessions.Holds(session)) return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var target = services.GetRequiredService<DatabaseTarget>();
        // Its own context with a system scope: the request's scoped context is decided from the principal being checked here.
        await using var db = JingzhunDb.Create(target, AccessScope.System(claimed.UserName));
        var current = await db.Accounts.AsNoTracking().Where(a => a.Id == claimed.Id)
            .Select(a => new { a.UserName, a.Role, a.RegionCode, a.IsDisabled, a.MustChangePassword, a.SessionStamp })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || current.IsDisabled
            || string.IsNullOrEmpty(stamp) || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(stamp), System.Text.Encoding.UTF8.GetBytes(current.SessionStamp))
            || current.UserName != claimed.UserName || current.Role != claimed.Role
            || current.RegionCode != claimed.RegionCode
            // An administrator reset the password since this session began.
            || current.MustChangePassword && !mustChangeClaimed
            // It chose its own password elsewhere (the command line, another browser): a fresh sign-in drops the gate.
            || !current.MustChangePassword && mustChangeClaimed)
            await RejectAsync(context);
        else
            checkedSessions.Confirm(session, started);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
