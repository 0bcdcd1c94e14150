using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Identity;

namespace Jingzhun.Data.Access;

/// <summary>Password hashing with ASP.NET Core Identity's hasher (PBKDF2, salted, versioned).</summary>
public static class Passwords
{
    private static readonly PasswordHasher<Account> Hasher = new();

    public static void Set(Account account, string password) => account.PasswordHash = Hasher.HashPassword(account, password);

    public static bool Verify(Account account, string password) =>
        account.PasswordHash.Length > 0
        && Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
}
