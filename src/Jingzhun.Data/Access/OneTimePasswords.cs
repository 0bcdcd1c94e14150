using System.Security.Cryptography;
using Jingzhun.Domain.Access;

namespace Jingzhun.Data.Access;

/// <summary>
/// Passwords the system makes for new accounts: 12 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), letters and digits, passing <see cref="PasswordPolicy"/>. Shown once, stored only as a hash,
/// and replaced by the person at the first sign-in.
/// </summary>
public static class OneTimePasswords
{
    public const int Length = 12;
    private const string Letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";

    public static string For(string userName)
    {
        while (true)
        {
            var chars = RandomNumberGenerator.GetItems<char>(Letters + Digits, Length);
            var password = new string(chars);
            if (!PasswordPolicy.Check(userName, password, [DemoAccounts.Password]).Any()) return password;
        }
    }
}
