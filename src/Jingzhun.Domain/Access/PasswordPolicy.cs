using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Access;

/// <summary>What a new password must be: long enough, letters and digits, not the user name, not a demo password.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;

    public static IEnumerable<FieldError> Check(string userName, string password, IEnumerable<string> forbidden)
    {
        if (password.Length < MinimumLength)
            yield return new("Password", $"密码至少{MinimumLength}位", $"The password needs at least {MinimumLength} characters");
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
            yield return new("Password", "密码须同时包含字母和数字", "The password needs both letters and digits");
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            yield return new("Password", "密码不能包含用户名", "The password may not contain the user name");
        if (forbidden.Contains(password))
            yield return new("Password", "不能使用演示密码或原密码", "The demo password or the old password may not be used");
    }
}
