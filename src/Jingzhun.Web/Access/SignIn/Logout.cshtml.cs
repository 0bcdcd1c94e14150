using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Web.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Access.SignIn;

public sealed class LogoutModel(DatabaseTarget target) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A new session stamp ends every session of the account, a copied cookie included, not only this browser's.
        if (AccountClaims.ToAccount(User) is { Id: > 0 } account)
        {
            await using var db = JingzhunDb.Create(target, AccessScope.System(account.UserName));
            await AccountAdministration.EndSessionsAsync(db, account.Id, ct);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/account/login");
    }
}
