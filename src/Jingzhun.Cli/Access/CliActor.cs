using System.CommandLine;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Jingzhun.Cli.Access;

/// <summary>
/// Who a command acts as. Governed steps (a first load, account administration) name an account with
/// <c>--as USER</c> and prove it with its password, read from the terminal or, with <c>--password-stdin</c>,
/// from the first line of standard input; the command then runs with that account's role and region, and
/// its audit entries name it. Without <c>--as</c> a command runs as the server's operator ("cli"), with the
/// whole registry in scope, as it always has.
/// </summary>
public static class CliActor
{
    public static readonly Option<string?> As = new("--as")
    {
        Description = "以此账号的身份和范围执行（需输入其密码） / act as this account, with its role and region (asks for its password)",
    };

    public static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "从标准输入的第一行读取密码 / read the password from the first line of standard input",
    };

    /// <summary>Adds <c>--as</c> and <c>--password-stdin</c> to a command.</summary>
    public static Command WithActor(this Command command)
    {
        command.Options.Add(As);
        command.Options.Add(PasswordStdin);
        return command;
    }

    /// <summary>Reads a password from standard input (first line) or, interactively, without echo.</summary>
    public static string ReadPassword(ParseResult parseResult, string prompt)
    {
        if (parseResult.GetValue(PasswordStdin) || Console.IsInputRedirected)
            return Console.In.ReadLine() ?? "";
        return AnsiConsole.Prompt(new TextPrompt<string>(prompt).Secret());
    }

    /// <summary>
    /// The scope the command runs with: the named account's (after its password is checked), or the operator's.
    /// Returns null, with the reason printed, when the account cannot act.
    /// </summary>
    public static async Task<AccessScope?> ResolveAsync(ParseResult parseResult, DatabaseTarget target, CancellationToken ct)
    {
        var userName = parseResult.GetValue(As);
        if (string.IsNullOrWhiteSpace(userName)) return AccessScope.System("cli");
        var password = ReadPassword(parseResult, $"{userName} 的密码 / password of {userName}:");
        await using var db = JingzhunDb.Create(target, AccessScope.System(userName));
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == userName, ct);
        // One message for an unknown user and a wrong password: the answer tells nobody which user names exist.
        if (account is null || account.IsDisabled || !Passwords.Verify(account, password))
        {
            AnsiConsole.MarkupLine("[red]用户名或密码不正确，或账号已停用 / wrong user name or password, or the account is disabled[/]");
            return null;
        }
        if (account.MustChangePassword)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{userName} 须先设置自己的密码（登录网页，或 jingzhun accounts password --user {userName}） / {userName} must first set its own password (sign in on the web, or jingzhun accounts password --user {userName})[/]");
            return null;
        }
        return AccessScope.For(account);
    }
}
