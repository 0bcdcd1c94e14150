using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jingzhun.Data.Access;

/// <summary>Password hashing with ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, salted, versioned).</summary>
public static class Passwords
{
    /// <summary>PBKDF2 iterations of every password a person sets or is given (the hasher's own default, stated here).</summary>
    public const int Iterations = 100_000;

    /// <summary>
    /// Iterations of the demo accounts' password, which the README publishes: a slow hash of a known password protects
    /// nothing, and every demo sign-in would pay for it (a test run signs in thousands of times). A demo account whose
    /// password is changed gets <see cref="Iterations"/> like any other.
    /// </summary>
    public const int DemoIterations = 1_000;

    private static readonly PasswordHasher<Account> Hasher = HasherOf(Iterations);
    private static readonly PasswordHasher<Account> DemoHasher = HasherOf(DemoIterations);

    private static PasswordHasher<Account> HasherOf(int iterations) =>
        new(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3, IterationCount = iterations }));

    public static void Set(Account account, string password) => account.PasswordHash = Hasher.HashPassword(account, password);

    /// <summary>The published demo password, hashed with <see cref="DemoIterations"/>.</summary>
    internal static void SetDemo(Account account, string password) => account.PasswordHash = DemoHasher.HashPassword(account, password);

    /// <summary>The stored hash names its own iteration count, so one verifier checks both kinds.</summary>
    public static bool Verify(Account account, string password) =>
        account.PasswordHash.Length > 0
        && Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
}
