using System.CommandLine;
using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Spectre.Console;

namespace Jingzhun.Cli.Commands.Audit;

/// <summary><c>jingzhun audit verify</c>: walks the audit log's hash chain and names the first broken entry.</summary>
public static class AuditCommands
{
    /// <summary>Exit code when the chain is broken: the log was tampered with.</summary>
    public const int Tampered = 3;

    public static Command Create()
    {
        var verify = new Command("verify", "校验审计日志哈希链 / verify the audit log's hash chain");
        verify.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            long verified = 0;
            AuditChain.Break? broken = null;
            await AnsiConsole.Status().StartAsync("校验中 / verifying…", async status =>
            {
                var progress = new InlineProgress<long>(n => status.Status($"已校验 / verified {n:N0}"));
                (verified, broken) = await AuditChain.VerifyAsync(db, progress, ct);
            });
            if (broken is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[green]审计日志完整：{verified:N0}条记录全部校验通过 / audit log intact: all {verified:N0} entries verify[/]");
                return CliOptions.Ok;
            }
            AnsiConsole.MarkupLineInterpolated($"[red]审计日志被篡改 / audit log tampered with[/] ({verified:N0} entries verified before the break)");
            AnsiConsole.MarkupLineInterpolated($"  {broken.Chinese}");
            AnsiConsole.MarkupLineInterpolated($"  {broken.English}");
            AnsiConsole.MarkupLineInterpolated($"  entry id = {broken.EntryId}, chain index = {broken.ChainIndex}");
            return Tampered;
        });
        return new Command("audit", "审计日志 / audit log") { verify };
    }
}
