using System.Text.RegularExpressions;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Access;

/// <summary>How an account operation ended: pages and endpoints turn these into 200, 404, 403 or 422.</summary>
public enum AdminOutcome
{
    Done,
    /// <summary>The account is outside the actor's region: for the actor it does not exist.</summary>
    NotFound,
    /// <summary>The actor may not manage accounts, or not this one.</summary>
    Forbidden,
    Invalid,
}

public sealed record AdminResult(AdminOutcome Outcome, Account? Account, IReadOnlyList<FieldError> Errors)
{
    public static AdminResult Done(Account account) => new(AdminOutcome.Done, account, []);
    public static AdminResult NotFound { get; } = new(AdminOutcome.NotFound, null, []);
    public static AdminResult Forbidden(IReadOnlyList<FieldError> errors) => new(AdminOutcome.Forbidden, null, errors);
    public static AdminResult Invalid(IReadOnlyList<FieldError> errors) => new(AdminOutcome.Invalid, null, errors);
}

/// <summary>What a new account needs: the administrator types a temporary password the person changes on first sign-in.</summary>
public sealed class NewAccountForm
{
    [TextLimit(64)] public string UserName { get; set; } = "";
    [TextLimit(100)] public string DisplayName { get; set; } = "";
    public Role? Role { get; set; }
    [TextLimit(12)] public string RegionCode { get; set; } = "";
    [TextLimit(128)] public string Password { get; set; } = "";
    /// <summary>Optional: a mobile (11 digits starting with 1) or a landline with its area code.</summary>
    [TextLimit(20)] public string Phone { get; set; } = "";
    /// <summary>The partner a partner account acts for (required for that role, refused for the others).</summary>
    public long? PartnerId { get; set; }
}

/// <summary>One row of the account list.</summary>
public sealed record AccountRow(int Id, string UserName, string DisplayName, Role Role, string RegionCode, string RegionName,
    bool IsDisabled, bool IsLockedOut, bool MustChangePassword, DateTime CreatedAt, string CreatedBy);

/// <summary>
/// Account administration for the pages and the JSON API: the account policy decides, the data layer
/// checks the same policy again on save. Accounts are disabled, never deleted.
/// </summary>
public static partial class AccountAdministration
{
    /// <summary>The accounts inside the actor's region that it may manage, newest region order first; locked out as of <paramref name="now"/>.</summary>
    public static async Task<List<AccountRow>> ListAsync(JingzhunDbContext db, Role? role, string? text, DateTime now, CancellationToken ct = default)
    {
        var scope = db.Scope;
        if (!scope.CanAdministerAccounts) return [];
        var query = db.Accounts.AsNoTracking().Where(a => a.RegionCode.StartsWith(scope.RegionPrefix));
        if (role is { } r) query = query.Where(a => a.Role == r);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            query = query.Where(a => a.UserName.Contains(t) || a.DisplayName.Contains(t) || a.RegionCode.StartsWith(t));
        }
        var accounts = await query.OrderBy(a => a.RegionCode).ThenBy(a => a.UserName).ToListAsync(ct);
        accounts = accounts.Where(a => AccountPolicy.Allows(scope, AccountAction.Enable, a.Role, a.RegionCode, a.Id)).ToList();
        var names = await RegionNamesAsync(db, accounts.Select(a => a.RegionCode), ct);
        return accounts.Select(a => new AccountRow(a.Id, a.UserName, a.DisplayName, a.Role, a.RegionCode, names.GetValueOrDefault(a.RegionCode, ""),
            a.IsDisabled, a.IsLockedOut(now), a.MustChangePassword, a.CreatedAt, a.CreatedBy)).ToList();
    }

    /// <summary>
    /// The account for an administrator's page: NotFound outside the actor's region, Forbidden when the
    /// actor may not manage accounts or this one, otherwise Done with the (tracked) account.
    /// </summary>
    public static async Task<AdminResult> FindAsync(JingzhunDbContext db, int id, CancellationToken ct = default)
    {
        var scope = db.Scope;
        if (!scope.CanAdministerAccounts) return AdminResult.Forbidden(AccountPolicy.Check(scope, AccountAction.Change, Role.Auditor, "-"));
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id && a.RegionCode.StartsWith(scope.RegionPrefix), ct);
        if (account is null) return AdminResult.NotFound;
        var errors = AccountPolicy.Check(scope, AccountAction.Enable, account.Role, account.RegionCode, account.Id);
        return errors.Count > 0 ? AdminResult.Forbidden(errors) : AdminResult.Done(account);
    }

    public static Task<AdminResult> CreateAsync(JingzhunDbContext db, NewAccountForm form, DateTime now, CancellationToken ct = default) =>
        CreateAsync(db, form, mustChangePassword: true, now, ct);

    /// <summary>
    /// Creates the account with a one-time password made by the system (whatever <see cref="NewAccountForm.Password"/> holds);
    /// the person must replace it at the first sign-in. The password is returned once and stored only as a hash.
    /// </summary>
    public static async Task<(AdminResult Result, string OneTimePassword)> CreateWithOneTimePasswordAsync(JingzhunDbContext db, NewAccountForm form,
        DateTime now, CancellationToken ct = default)
    {
        form.Password = OneTimePasswords.For(form.UserName ?? "");
        var result = await CreateAsync(db, form, mustChangePassword: true, now, ct);
        return (result, result.Outcome == AdminOutcome.Done ? form.Password : "");
    }

    /// <summary>
    /// The first system administrator of an empty registry (or another one), at the nation, with the password the
    /// server's operator typed: command-line work with the system scope, audited under its actor.
    /// </summary>
    public static Task<AdminResult> CreateAdministratorAsync(JingzhunDbContext db, string userName, string displayName, string password,
        DateTime now, CancellationToken ct = default) =>
        CreateAsync(db, new NewAccountForm
        {
            UserName = userName, DisplayName = displayName, Role = Role.SystemAdministrator, RegionCode = RegionCode.Nation.Value, Password = password,
        }, mustChangePassword: false, now, ct);

    private static async Task<AdminResult> CreateAsync(JingzhunDbContext db, NewAccountForm form, bool mustChangePassword, DateTime now, CancellationToken ct)
    {
        var scope = db.Scope;
        if (!scope.CanAdministerAccounts) return AdminResult.Forbidden(AccountPolicy.Check(scope, AccountAction.Create, Role.Auditor, "-"));
        var userName = (form.UserName ?? "").Trim();
        var displayName = (form.DisplayName ?? "").Trim();
        var region = (form.RegionCode ?? "").Trim();
        var errors = new List<FieldError>();
        if (!UserNamePattern().IsMatch(userName))
            errors.Add(new(nameof(NewAccountForm.UserName), "用户名须为3–64位字母、数字、点、下划线或连字符", "The user name needs 3–64 letters, digits, dots, underscores or hyphens"));
        else if (await db.Accounts.AnyAsync(a => a.UserName == userName, ct))
            errors.Add(new(nameof(NewAccountForm.UserName), "用户名已被使用", "The user name is taken"));
        if (displayName.Length is 0 or > 100)
            errors.Add(new(nameof(NewAccountForm.DisplayName), "姓名或单位须为1–100个字符", "The display name needs 1–100 characters"));
        var phone = Domain.Common.PhoneNumbers.Normalize(form.Phone);
        if (AccountFields.CheckPhone(nameof(NewAccountForm.Phone), phone) is { } phoneError) errors.Add(phoneError);
        if (form.Role is not { } role || !Enum.IsDefined(role))
        {
            errors.Add(new(nameof(NewAccountForm.Role), "请选择角色", "Choose a role"));
            return AdminResult.Invalid(errors);
        }
        // Refusals of the policy itself (a role or region the actor may not give) are 403; a role at the wrong level is a form error.
        if (!AccountPolicy.CreatableRoles(scope).Contains(role))
            return AdminResult.Forbidden([new(nameof(NewAccountForm.Role), "无权创建该角色的账号", "You may not create accounts with this role")]);
        if (!RegionCode.TryParse(region, out var code, out var parseError))
            errors.Add(new(nameof(NewAccountForm.RegionCode), parseError, parseError));
        else
        {
            var consistency = AccountPolicy.CheckRoleRegion(role, code).ToList();
            var refusals = AccountPolicy.Check(scope, AccountAction.Create, role, region).Except(consistency).ToList();
            if (refusals.Count > 0) return AdminResult.Forbidden(refusals);
            errors.AddRange(consistency);
            if (code.Level != RegionLevel.Nation && !await db.Regions.AnyAsync(r => r.Code == region && r.ValidTo == null, ct))
                errors.Add(new(nameof(NewAccountForm.RegionCode), $"区划{region}不存在", $"There is no region {region}"));
        }
        if (role == Role.Partner)
        {
            if (form.PartnerId is not { } partnerId || !await db.Partners.AnyAsync(p => p.Id == partnerId && p.IsActive, ct))
                errors.Add(new(nameof(NewAccountForm.PartnerId), "请选择帮扶单位", "Choose the partner the account acts for"));
        }
        else if (form.PartnerId is not null)
            errors.Add(new(nameof(NewAccountForm.PartnerId), "只有帮扶单位账户关联帮扶单位", "Only a partner account is linked to a partner"));
        errors.AddRange(PasswordPolicy.Check(userName, form.Password ?? "", [DemoAccounts.Password]).Select(e => e with { Field = nameof(NewAccountForm.Password) }));
        if (errors.Count > 0) return AdminResult.Invalid(errors);

        var account = new Account
        {
            UserName = userName, DisplayName = displayName, Role = role, RegionCode = region, PartnerId = role == Role.Partner ? form.PartnerId : null,
            Phone = phone, CreatedAt = now, CreatedBy = scope.Actor, MustChangePassword = mustChangePassword,
        };
        Passwords.Set(account, form.Password!);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return AdminResult.Done(account);
    }

    public static Task<AdminResult> DisableAsync(JingzhunDbContext db, int id, CancellationToken ct = default) =>
        ChangeAsync(db, id, AccountAction.Disable, a => { a.IsDisabled = true; a.RotateSessionStamp(); }, ct);

    public static Task<AdminResult> EnableAsync(JingzhunDbContext db, int id, CancellationToken ct = default) =>
        ChangeAsync(db, id, AccountAction.Enable, a => a.IsDisabled = false, ct);

    public static Task<AdminResult> UnlockAsync(JingzhunDbContext db, int id, CancellationToken ct = default) =>
        ChangeAsync(db, id, AccountAction.Unlock, a => { a.LockedUntil = null; a.FailedSignIns = 0; }, ct);

    /// <summary>Sets a temporary password typed by the administrator; the person must choose a new one at the next sign-in.</summary>
    public static async Task<AdminResult> ResetPasswordAsync(JingzhunDbContext db, int id, string password, DateTime now, CancellationToken ct = default)
    {
        var found = await FindAsync(db, id, ct);
        if (found.Outcome != AdminOutcome.Done) return found;
        var account = found.Account!;
        var errors = PasswordPolicy.Check(account.UserName, password ?? "", [DemoAccounts.Password]).ToList();
        if (errors.Count > 0) return AdminResult.Invalid(errors);
        return await ChangeAsync(db, id, AccountAction.ResetPassword, a =>
        {
            Passwords.Set(a, password!);
            a.MustChangePassword = true;
            a.PasswordChangedAt = now;
            a.RotateSessionStamp();
            a.LockedUntil = null;
            a.FailedSignIns = 0;
        }, ct);
    }

    private static async Task<AdminResult> ChangeAsync(JingzhunDbContext db, int id, AccountAction action, Action<Account> change, CancellationToken ct)
    {
        var found = await FindAsync(db, id, ct);
        if (found.Outcome != AdminOutcome.Done) return found;
        var account = found.Account!;
        var errors = AccountPolicy.Check(db.Scope, action, account.Role, account.RegionCode, account.Id);
        if (errors.Count > 0) return AdminResult.Forbidden(errors);
        change(account);
        await db.SaveChangesAsync(ct);
        return AdminResult.Done(account);
    }

    /// <summary>Names of regions by code (the current unit of each code); the nation has no row.</summary>
    public static async Task<Dictionary<string, string>> RegionNamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct = default)
    {
        var wanted = codes.Distinct().ToList();
        var rows = await db.Regions.AsNoTracking().Where(r => wanted.Contains(r.Code)).OrderBy(r => r.ValidTo == null).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var names = new Dictionary<string, string>();
        foreach (var row in rows) names[row.Code] = row.Name; // current ones last, so they win
        foreach (var code in wanted.Where(c => c == RegionCode.Nation.Value)) names[code] = "全国";
        return names;
    }

    /// <summary>The region and its ancestors, e.g. "示例省 › 示例市 › 示例县 › 青山镇".</summary>
    public static async Task<string> RegionPathAsync(JingzhunDbContext db, string regionCode, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _)) return regionCode;
        var chain = new List<string>();
        for (RegionCode? c = code; c is { } x && x.Level != RegionLevel.Nation; c = x.Parent) chain.Add(x.Value);
        if (chain.Count == 0) return "全国";
        var names = await RegionNamesAsync(db, chain, ct);
        return string.Join(" › ", chain.AsEnumerable().Reverse().Select(c => names.GetValueOrDefault(c, c)));
    }

    /// <summary>
    /// One's own password change (web page and command line): the current password, the new one twice, the password
    /// policy; clears <see cref="Account.MustChangePassword"/>. Runs with a system scope named after the account,
    /// so the audit entry names it. Returns the errors, none when the password was changed.
    /// </summary>
    public static async Task<List<FieldError>> ChangeOwnPasswordAsync(JingzhunDbContext db, string userName, string current, string password, string confirm,
        DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct);
        if (account is null || account.IsDisabled || !Passwords.Verify(account, current ?? ""))
        {
            errors.Add(new("current", "原密码不正确（或账号不存在、已停用）", "The current password is wrong (or the account does not exist or is disabled)"));
            return errors;
        }
        if (password != confirm)
            errors.Add(new("confirm", "两次输入的新密码不一致", "The two new passwords differ"));
        errors.AddRange(PasswordPolicy.Check(userName, password ?? "", [DemoAccounts.Password, current ?? ""]));
        if (errors.Count > 0) return errors;
        Passwords.Set(account, password!);
        account.MustChangePassword = false;
        account.PasswordChangedAt = now;
        // Every session ends, the one that changed it too (the password page signs that browser in again).
        account.RotateSessionStamp();
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Ends every session of the account (signing out ends them all, not only the one that asked).</summary>
    public static async Task EndSessionsAsync(JingzhunDbContext db, int accountId, CancellationToken ct = default)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return;
        account.RotateSessionStamp();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether a user name has the allowed form (3–64 letters, digits, dots, underscores or hyphens).</summary>
    public static bool IsValidUserName(string userName) => UserNamePattern().IsMatch(userName);

    [GeneratedRegex("^[A-Za-z0-9._-]{3,64}$")]
    private static partial Regex UserNamePattern();
}
