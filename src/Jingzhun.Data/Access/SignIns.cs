using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Access;

/// <summary>
/// The stored side of sign-in: failed attempts counted and the account-wide lock set in single UPDATE statements,
/// so that parallel attempts lose no count and lock at most once (the row lock orders them on both engines).
/// </summary>
public static class SignIns
{
    /// <summary>A hash of a random password, checked when the user is unknown so that such an attempt costs what a wrong password costs.</summary>
    private static readonly Account Nobody = CreateNobody();

    private static Account CreateNobody()
    {
        var nobody = new Account { UserName = "", DisplayName = "", RegionCode = "" };
        Passwords.Set(nobody, Guid.NewGuid().ToString("N"));
        return nobody;
    }

    /// <summary>Checks the password against the account's hash, or against a fixed dummy hash when there is no such account
    /// (or it is disabled), so every attempt pays for one hash.</summary>
    public static bool Verify(Account? account, string password)
    {
        var ok = Passwords.Verify(account is { IsDisabled: false, PasswordHash.Length: > 0 } ? account : Nobody, password);
        return ok && account is { IsDisabled: false };
    }

    /// <summary>
    /// Adds one counted failure to the account and, when the new count reaches a multiple of
    /// <see cref="Lockout.AccountWideMaxFailedSignIns"/>, locks it for <see cref="Lockout.Duration"/> — one UPDATE statement,
    /// so parallel failures neither lose a count nor lock twice. With <paramref name="accountId"/> null (unknown user) or
    /// <paramref name="counted"/> false the same statement runs and matches no row. Returns whether this failure locked the account.
    /// </summary>
    public static async Task<bool> RecordFailureAsync(JingzhunDbContext db, int? accountId, bool counted, DateTime now, CancellationToken ct = default)
    {
        var id = counted ? accountId ?? 0 : 0; // 0 matches no account: the same round trip, no row
        var limit = Lockout.AccountWideMaxFailedSignIns; // the CASE below is Lockout.LocksAccount(count + 1), in SQL
        DateTime? until = now + Lockout.Duration;
        // The statement answers this failure's own count: the one that reaches the limit locked the account, however many
        // arrive at once and whatever their clocks read (parallel requests may read the same time; a test's clock stands still).
        var counts = await db.Database.SqlQuery<int>($"""
            UPDATE "Accounts" SET "FailedSignIns" = "FailedSignIns" + 1,
                "LockedUntil" = CASE WHEN ("FailedSignIns" + 1) % {limit} = 0 THEN {until} ELSE "LockedUntil" END
            WHERE "Id" = {id} RETURNING "FailedSignIns" AS "Value"
            """).ToListAsync(ct);
        return counts is [var count] && Lockout.LocksAccount(count);
    }

    /// <summary>A successful sign-in clears the count and any lock, in one statement.</summary>
    public static Task ResetAsync(JingzhunDbContext db, int accountId, CancellationToken ct = default) =>
        db.Accounts.IgnoreQueryFilters()
            .Where(a => a.Id == accountId && (a.FailedSignIns != 0 || a.LockedUntil != null))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, (DateTime?)null), ct);
}
