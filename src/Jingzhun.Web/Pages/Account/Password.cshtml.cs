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

namespace Jingzhun.Web.Pages.Account;

/// <summary>Changing one's own password; the only page open to an account that must change it.</summary>
public sealed class PasswordModel(DatabaseTarget target) : PageModel
{
    public bool Forced => User.HasClaim(c => c.Type == AccountClaims.MustChangePasswordClaim);
    public bool Saved { get; private set; }
    public List<FieldError> Errors { get; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string current, string password, string confirm, CancellationToken ct)
    {
        var userName = User.Identity?.Name ?? "";
        await using var db = JingzhunDb.Create(target, AccessScope.System(userName));
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct);
        if (account is null || account.IsDisabled) return Forbid();
        if (!Passwords.Verify(account, current ?? ""))
            Errors.Add(new("current", "原密码不正确", "The current password is wrong"));
        if (password != confirm)
            Errors.Add(new("confirm", "两次输入的新密码不一致", "The two new passwords differ"));
        Errors.AddRange(PasswordPolicy.Check(userName, password ?? "", [DemoAccounts.Password, current ?? ""]));
        if (Errors.Count > 0) return Page();

        Passwords.Set(account, password!);
        account.MustChangePassword = false;
        account.PasswordChangedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        // A fresh cookie without the must-change mark.
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            AccountClaims.ToPrincipal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        Saved = true;
        return Page();
    }
}
