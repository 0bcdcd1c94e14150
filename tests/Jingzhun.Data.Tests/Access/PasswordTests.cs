using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Access;

/// <summary>
/// Work factors of the stored password hashes: every password a person sets gets the full PBKDF2 count; only the demo
/// accounts' published password is hashed cheaply, and it stops being cheap the moment it is changed.
/// </summary>
public sealed class PasswordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>The PBKDF2 iterations a stored hash was made with: Identity's V3 header is a format marker (0x01), the PRF,
    /// then the iteration count, big-endian.</summary>
    private static int IterationsOf(string passwordHash)
    {
        var bytes = Convert.FromBase64String(passwordHash);
        Assert.True(bytes.Length >= 9 && bytes[0] == 0x01, "not an Identity V3 hash");
        return (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
    }

    [Fact]
    public void A_password_a_person_sets_gets_the_full_count_and_only_the_right_password_verifies()
    {
        var account = new Account { UserName = "clerk-x", DisplayName = "x", Role = Role.VillageClerk, RegionCode = "990121001001", CreatedAt = Now };
        Passwords.Set(account, "Correct-horse-7");
        Assert.Equal(Passwords.Iterations, IterationsOf(account.PasswordHash));
        Assert.True(Passwords.Verify(account, "Correct-horse-7"));
        Assert.False(Passwords.Verify(account, "correct-horse-7"));
        Assert.False(Passwords.Verify(account, ""));
    }

    [Fact]
    public async Task Demo_accounts_verify_with_the_cheap_count_and_a_changed_password_gets_the_full_one()
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.Sqlite(folder, "passwords").WithRegionsAsync();
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoAccounts.EnsureAccountsAsync(db, Now, Ct);

        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var accounts = await db.Accounts.ToListAsync(Ct);
            Assert.Equal(DemoAccounts.All.Count, accounts.Count);
            Assert.All(accounts, a => Assert.Equal(Passwords.DemoIterations, IterationsOf(a.PasswordHash)));
            Assert.All(accounts, a => Assert.True(Passwords.Verify(a, DemoAccounts.Password), a.UserName));
            Assert.All(accounts, a => Assert.False(Passwords.Verify(a, DemoAccounts.Password + "x"), a.UserName));
        }

        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("county")))
            Assert.Empty(await AccountAdministration.ChangeOwnPasswordAsync(db, "county", DemoAccounts.Password, "Xian-2026-huangshan", "Xian-2026-huangshan", Now, Ct));
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var county = await db.Accounts.SingleAsync(a => a.UserName == "county", Ct);
            Assert.Equal(Passwords.Iterations, IterationsOf(county.PasswordHash));
            Assert.True(Passwords.Verify(county, "Xian-2026-huangshan"));
            Assert.False(Passwords.Verify(county, DemoAccounts.Password));
        }
    }
}
