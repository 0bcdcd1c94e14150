using System.CommandLine;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Jingzhun.Cli.Access;

/// <summary>
/// <c>jingzhun accounts …</c>: the first administrator of an empty registry (<c>create-admin</c>), accounts created by an
/// administrator or officer under its own scope (<c>create</c>, <c>import</c>), one's own password (<c>password</c>), and
/// the account list (<c>list</c>). Accounts made by <c>create</c> and <c>import</c> get a one-time password, shown once,
/// that the person replaces at the first sign-in.
/// </summary>
public static class AccountCommands
{
    public static Command Create(TimeProvider clock) => new("accounts", "账号 / accounts")
    {
        CreateAdmin(clock), CreateAccount(clock), Import(clock), ChangePassword(clock), List(clock),
    };

    private static Option<string> UserOption(string description) => new("--user") { Description = description, Required = true };

    private static Command CreateAdmin(TimeProvider clock)
    {
        var user = UserOption("新管理员的用户名 / user name of the new administrator");
        var displayName = new Option<string?>("--display-name") { Description = "显示名称（默认“系统管理员”） / display name (default 系统管理员)" };
        var command = new Command("create-admin",
            "新建全国范围的系统管理员（首次启动：db migrate 之后） / create a system administrator for the nation (first start: after db migrate)") { user, displayName };
        command.Options.Add(CliActor.PasswordStdin);
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            if (!await IsMigratedAsync(db, ct)) return CliOptions.Failed;
            var userName = parseResult.GetValue(user)!.Trim();
            if (await db.Accounts.AnyAsync(a => a.UserName == userName, ct))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]用户名 {userName} 已存在 / the user name {userName} is taken[/]");
                return CliOptions.Rejected;
            }
            var password = ReadNewPassword(parseResult, userName);
            if (password is null) return CliOptions.Rejected;
            var result = await AccountAdministration.CreateAdministratorAsync(db, userName, parseResult.GetValue(displayName) ?? "系统管理员", password,
                clock.GetUtcNow().UtcDateTime, ct);
            if (result.Outcome != AdminOutcome.Done) return Refused(result.Errors);
            AnsiConsole.MarkupLineInterpolated($"[green]已创建系统管理员 {userName}（全国，{RegionCode.Nation.Value}） / system administrator {userName} created (nation)[/]");
            return CliOptions.Ok;
        });
        return command;
    }

    private static Command CreateAccount(TimeProvider clock)
    {
        var user = UserOption("新账号的用户名 / user name of the new account");
        var role = new Option<string>("--role")
        {
            Description = $"角色：代码名（CountyOfficer）、简称（{string.Join("、", AccountFields.RoleAliases)}）或中文名（县级扶贫干部） / " +
                          "role: code name, short alias or Chinese label",
            Required = true,
        };
        var region = new Option<string>("--region") { Description = "12位区划代码 / 12-digit region code", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "姓名或单位（默认为用户名） / display name (default: the user name)" };
        var phone = new Option<string?>("--phone") { Description = "手机或带区号的固定电话 / mobile, or landline with area code (0851-86812345)" };
        var command = new Command("create",
            "以 --as 账号的身份和范围新建账号，系统生成一次性密码 / create an account as the --as account, under its scope, with a one-time password")
            { user, role, region, displayName, phone };
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var scope = await ActorAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            var roleText = parseResult.GetValue(role);
            if (!AccountFields.TryParseRole(roleText, out var parsed)) return Refused([AccountFields.UnknownRole("Role", roleText)]);
            var userName = parseResult.GetValue(user)!.Trim();
            await using var db = JingzhunDb.Create(target, scope);
            var (result, password) = await AccountAdministration.CreateWithOneTimePasswordAsync(db, new NewAccountForm
            {
                UserName = userName, DisplayName = parseResult.GetValue(displayName) ?? userName, Role = parsed,
                RegionCode = parseResult.GetValue(region)!.Trim(), Phone = parseResult.GetValue(phone) ?? "",
            }, clock.GetUtcNow().UtcDateTime, ct);
            if (result.Outcome == AdminOutcome.Forbidden)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{scope.Actor} 无权创建此账号 / {scope.Actor} may not create this account[/]");
                return Refused(result.Errors);
            }
            if (result.Outcome != AdminOutcome.Done) return Refused(result.Errors);
            var account = result.Account!;
            AnsiConsole.MarkupLineInterpolated($"[green]已创建账号 {account.UserName}（{account.Role.Chinese()}，{account.RegionCode}） / account {account.UserName} created ({account.Role.English()}, {account.RegionCode})[/]");
            AnsiConsole.MarkupLineInterpolated($"一次性密码（只显示这一次，首次登录须修改） / one-time password (shown only now; it must be changed at the first sign-in): [bold]{password}[/]");
            return CliOptions.Ok;
        });
        return command;
    }

    private static Command Import(TimeProvider clock)
    {
        var file = CliOptions.ExistingFile("xlsx 或 csv 文件，列：用户名、姓名、角色、区划代码、电话 / xlsx or csv file with columns 用户名, 姓名, 角色, 区划代码, 电话");
        var output = new Option<string?>("--output", "-o") { Description = "一次性密码的输出文件（默认在输入文件旁，x.passwords.csv） / file for the one-time passwords (default: x.passwords.csv beside the input)" };
        var command = new Command("import",
            "以 --as 账号的身份批量新建账号：先检查每一行，有错则全部不写入 / create accounts from a file as the --as account: every row is checked first, nothing is written if any is wrong")
            { file, output };
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var passwordsPath = Path.GetFullPath(parseResult.GetValue(output) ?? AccountImporter.PasswordsPathFor(path));
            if (File.Exists(passwordsPath))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]输出文件已存在，未覆盖（其中可能有尚未发出的密码） / the output file exists and is not overwritten (it may hold passwords not yet handed out):[/] {passwordsPath}");
                return CliOptions.Failed;
            }
            var target = CliOptions.TargetOf(parseResult);
            var scope = await ActorAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;

            // The passwords file is opened (readable by its owner only) before anything is written, so that it cannot fail afterwards.
            Directory.CreateDirectory(Path.GetDirectoryName(passwordsPath)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            AccountImportReport report;
            await using (var stream = new FileStream(passwordsPath, options))
            {
                await using var db = JingzhunDb.Create(target, scope);
                report = await AccountImporter.ImportAsync(db, path, clock.GetUtcNow().UtcDateTime, ct);
                if (!report.Rejected) await AccountImporter.WritePasswordsAsync(stream, report.Created, ct);
            }
            if (report.Rejected)
            {
                File.Delete(passwordsPath);
                var errorsPath = ImportErrorFile.PathFor(path);
                await ImportErrorFile.WriteAsync(errorsPath, report.Errors, ct);
                var table = new Table().AddColumns("表 / table", "行 / row", "列 / column", "错误 / error");
                foreach (var e in report.Errors.Take(50)) table.AddRow(Markup.Escape(e.Table), e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.Column), Markup.Escape(e.Message));
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"[red]文件有{report.Errors.Count}处错误，未创建任何账号 / the file has {report.Errors.Count} errors; no account was created[/]");
                AnsiConsole.MarkupLineInterpolated($"错误清单 / list of errors: {errorsPath}");
                return CliOptions.Rejected;
            }
            AnsiConsole.MarkupLineInterpolated($"[green]已创建{report.Created.Count}个账号，均须在首次登录时修改密码 / {report.Created.Count} accounts created; each must change its password at the first sign-in[/]");
            AnsiConsole.MarkupLineInterpolated($"一次性密码已写入（请妥善转交后删除） / one-time passwords written to (hand them out, then delete the file): {passwordsPath}");
            return CliOptions.Ok;
        });
        return command;
    }

    private static Command ChangePassword(TimeProvider clock)
    {
        var user = UserOption("账号的用户名 / user name of the account");
        var command = new Command("password",
            "修改自己的密码（原密码，再输入两次新密码；--password-stdin 时第1行原密码、第2行新密码） / change one's own password (current, then the new one twice; with --password-stdin line 1 current, line 2 new)") { user };
        command.Options.Add(CliActor.PasswordStdin);
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var userName = parseResult.GetValue(user)!.Trim();
            var fromStdin = FromStdin(parseResult);
            var current = CliActor.ReadPassword(parseResult, $"{userName} 的原密码 / current password of {userName}:");
            var password = CliActor.ReadPassword(parseResult, "新密码 / new password:");
            var confirm = fromStdin ? password : CliActor.ReadPassword(parseResult, "再输入一次新密码 / the new password again:");
            await using var db = JingzhunDb.Create(CliOptions.TargetOf(parseResult), AccessScope.System(userName));
            var errors = await AccountAdministration.ChangeOwnPasswordAsync(db, userName, current, password, confirm, clock.GetUtcNow().UtcDateTime, ct);
            if (errors.Count > 0) return Refused(errors);
            AnsiConsole.MarkupLineInterpolated($"[green]{userName} 的密码已修改 / the password of {userName} has been changed[/]");
            return CliOptions.Ok;
        });
        return command;
    }

    private static Command List(TimeProvider clock)
    {
        var command = new Command("list", "列出可管理的账号（有 --as 时为该账号辖区内的） / list the accounts (with --as: those the account may manage)");
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            await using var db = JingzhunDb.Create(target, scope);
            var rows = await AccountAdministration.ListAsync(db, null, null, clock.GetUtcNow().UtcDateTime, ct);
            var table = new Table().AddColumns("用户名 / user", "姓名 / name", "角色 / role", "区划 / region", "停用 / disabled", "待改密码 / must change password");
            foreach (var a in rows)
                table.AddRow(Markup.Escape(a.UserName), Markup.Escape(a.DisplayName), Markup.Escape(a.Role.Chinese()),
                    Markup.Escape($"{a.RegionCode} {a.RegionName}"), a.IsDisabled ? "是 / yes" : "", a.MustChangePassword ? "是 / yes" : "");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"共{rows.Count}个账号 / {rows.Count} accounts");
            return CliOptions.Ok;
        });
        return command;
    }

    /// <summary>The --as account's scope; account administration is done by a named account, not by the anonymous operator.</summary>
    private static async Task<AccessScope?> ActorAsync(ParseResult parseResult, DatabaseTarget target, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(parseResult.GetValue(CliActor.As)))
        {
            AnsiConsole.MarkupLine("[red]请用 --as 指明以哪个管理员或干部账号执行（首个管理员用 accounts create-admin 创建） / name the administrator or officer with --as (create the first administrator with accounts create-admin)[/]");
            return null;
        }
        await using (var db = JingzhunDb.Create(target, AccessScope.System("cli")))
            if (!await IsMigratedAsync(db, ct)) return null;
        return await CliActor.ResolveAsync(parseResult, target, ct);
    }

    private static bool FromStdin(ParseResult parseResult) => parseResult.GetValue(CliActor.PasswordStdin) || Console.IsInputRedirected;

    /// <summary>The new administrator's password: the first line of standard input, or typed twice without echo.</summary>
    private static string? ReadNewPassword(ParseResult parseResult, string userName)
    {
        var password = CliActor.ReadPassword(parseResult, $"{userName} 的密码 / password for {userName}:");
        if (password.Length == 0)
        {
            AnsiConsole.MarkupLine("[red]密码不能为空 / the password is empty[/]");
            return null;
        }
        if (!FromStdin(parseResult) && CliActor.ReadPassword(parseResult, "再输入一次 / once more:") != password)
        {
            AnsiConsole.MarkupLine("[red]两次输入的密码不一致 / the two passwords differ[/]");
            return null;
        }
        return password;
    }

    private static async Task<bool> IsMigratedAsync(JingzhunDbContext db, CancellationToken ct)
    {
        if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any()) return true;
        AnsiConsole.MarkupLine("[red]数据库结构不是最新的，请先运行 jingzhun db migrate / the database schema is not up to date: run jingzhun db migrate first[/]");
        return false;
    }

    private static int Refused(IEnumerable<FieldError> errors)
    {
        foreach (var e in errors) AnsiConsole.MarkupLineInterpolated($"[red]{e.Text.Both}[/]");
        return CliOptions.Rejected;
    }
}
