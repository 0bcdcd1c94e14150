using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Access;

/// <summary>
/// Account administration's part of the home page's work list: the accounts the reader manages (as
/// <see cref="AccountAdministration.ListAsync"/> selects them) that are locked out, have wrong passwords counted against
/// them, wait for a new password, or have never signed in (no sign-in in the audit log).
/// </summary>
public static class AccountWorkItems
{
    /// <summary>How many accounts of the region are looked at; a region with more shows the first by region order.</summary>
    private const int Limit = 2000;

    public static async Task<IReadOnlyList<WorkItem>> AccountsAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var scope = db.Scope;
        if (!scope.CanAdministerAccounts || scope.AccountId == 0) return [];
        var accounts = (await db.Accounts.AsNoTracking().Where(a => a.RegionCode.StartsWith(scope.RegionPrefix) && !a.IsDisabled && a.Id != scope.AccountId)
                .OrderBy(a => a.RegionCode).ThenBy(a => a.UserName).Take(Limit)
                .Select(a => new { a.Id, a.UserName, a.DisplayName, a.Role, a.RegionCode, a.LockedUntil, a.FailedSignIns, a.MustChangePassword })
                .ToListAsync(ct))
            .Where(a => AccountPolicy.Allows(scope, AccountAction.Enable, a.Role, a.RegionCode, a.Id)).ToList();
        if (accounts.Count == 0) return [];
        var names = accounts.Select(a => a.UserName).ToList();
        var signedIn = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditAction.SignIn && names.Contains(e.Actor))
            .Select(e => e.Actor).Distinct().ToListAsync(ct)).ToHashSet();

        var items = new List<WorkItem>();
        void Add(string id, Bilingual title, IEnumerable<(int Id, string UserName, string DisplayName)> rows)
        {
            var list = rows.ToList();
            if (list.Count == 0) return;
            items.Add(new WorkItem(id, WorkSection.Accounts, title, list.Count, "/accounts",
                list.Take(Workflows.WorkList.Shown).Select(a => new WorkLine($"/accounts/{a.Id}", a.DisplayName, a.UserName)).ToList()));
        }
        Add("accounts-locked", new("被锁定的账号", "Locked accounts"),
            accounts.Where(a => a.LockedUntil > now).Select(a => (a.Id, a.UserName, a.DisplayName)));
        Add("accounts-failed", new("有登录失败记录的账号", "Accounts with failed sign-ins"),
            accounts.Where(a => a.FailedSignIns > 0 && !(a.LockedUntil > now)).Select(a => (a.Id, a.UserName, a.DisplayName)));
        Add("accounts-password", new("待设置新密码的账号", "Accounts waiting for a new password"),
            accounts.Where(a => a.MustChangePassword).Select(a => (a.Id, a.UserName, a.DisplayName)));
        Add("accounts-never", new("从未登录的账号", "Accounts never signed in"),
            accounts.Where(a => !signedIn.Contains(a.UserName)).Select(a => (a.Id, a.UserName, a.DisplayName)));
        return items;
    }
}
