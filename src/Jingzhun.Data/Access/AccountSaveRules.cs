using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Access;

/// <summary>
/// An account belongs to its region. Changes by a signed-in actor pass the account policy; a change of access ends the
/// account's sessions; the audit log never shows a password or a session stamp.
/// </summary>
internal sealed class AccountSaveRules : EntitySaveRules<Account>
{
    public override void Prepare(EntityEntry entry)
    {
        if (entry.State == EntityState.Modified) EndSessionsOnAccessChange(entry);
        if (entry.State == EntityState.Modified && SessionChecked.Any(name => entry.Property(name).IsModified)
            || entry.State == EntityState.Deleted)
            SavedChanges.Accounts.Note(entry);
    }

    /// <summary>What a signed-in session is checked against on each request (<see cref="SavedChanges.Accounts"/>).</summary>
    private static readonly string[] SessionChecked =
    [
        nameof(Account.SessionStamp), nameof(Account.IsDisabled), nameof(Account.Role), nameof(Account.RegionCode),
        nameof(Account.UserName), nameof(Account.MustChangePassword), nameof(Account.PasswordHash),
    ];

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    /// <summary>
    /// Account changes by a signed-in actor pass the account policy, for the account as it was and as it
    /// will be, so no page or endpoint can create or change an account the actor may not manage.
    /// Sign-in, one's own password change and command-line work run with a system scope and are not administration.
    /// </summary>
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        if (AccountPolicy.IsSystemWork(scope)) return;
        var account = Row(entry);
        var errors = entry.State == EntityState.Added
            ? AccountPolicy.Check(scope, AccountAction.Create, account.Role, account.RegionCode).ToList()
            : ChangeErrors(scope, entry, account);
        if (errors.Count > 0)
            throw new ScopeViolationException(
                $"{scope.Actor} may not manage the account {account.UserName}: {string.Join("; ", errors.Select(e => e.English))}", account.RegionCode);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var a = Row(entry);
        if (entry.State == EntityState.Added && a.CreatedAt == default) a.CreatedAt = now;
    }

    public override AuditLine? DescribeField(PropertyEntry property) => property.Metadata.Name switch
    {
        // A session stamp is a secret and no news: the change that rotated it has its own line.
        nameof(Account.FailedSignIns) or nameof(Account.SessionStamp) => null,
        nameof(Account.PasswordHash) => new AuditLine(AuditAction.Update, nameof(Account.PasswordHash), "***", "***", "密码已更改 / password changed"),
        _ => base.DescribeField(property),
    };

    public override string Key(EntityEntry entry) => Row(entry).UserName;

    /// <summary>
    /// The account as it was: may the actor touch it at all (a disable also: is it the actor's own).
    /// Its role and region are checked for consistency only when they change.
    /// </summary>
    private static List<FieldError> ChangeErrors(AccessScope scope, EntityEntry entry, Account account)
    {
        var wasDisabled = (bool)entry.Property(nameof(Account.IsDisabled)).OriginalValue!;
        var action = account.IsDisabled && !wasDisabled ? AccountAction.Disable : AccountAction.Enable;
        var originalRole = (Role)entry.Property(nameof(Account.Role)).OriginalValue!;
        var originalRegion = (string)entry.Property(nameof(Account.RegionCode)).OriginalValue!;
        var errors = AccountPolicy.Check(scope, action, originalRole, originalRegion, account.Id).ToList();
        if (originalRole != account.Role || originalRegion != account.RegionCode)
            errors.AddRange(AccountPolicy.Check(scope, AccountAction.Change, account.Role, account.RegionCode, account.Id));
        return errors;
    }

    /// <summary>
    /// A new password, a new role or region, or disabling ends every session of the account, whoever saved it
    /// (pages, API, command line, import): the session stamp gets a new value unless the change already gave it one.
    /// </summary>
    private static void EndSessionsOnAccessChange(EntityEntry entry)
    {
        var stamp = entry.Property(nameof(Account.SessionStamp));
        if (stamp.IsModified) return;
        bool Changed(string name) => entry.Property(name) is { IsModified: true } p && !Equals(p.OriginalValue, p.CurrentValue);
        if (Changed(nameof(Account.PasswordHash)) || Changed(nameof(Account.Role)) || Changed(nameof(Account.RegionCode))
            || Changed(nameof(Account.IsDisabled)) && entry.Property(nameof(Account.IsDisabled)).CurrentValue is true)
            stamp.CurrentValue = Account.NewSessionStamp();
    }
}
