using System.CommandLine;
using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Spectre.Console;

namespace Jingzhun.Cli.Audit;

/// <summary>
/// <c>jingzhun audit verify</c>: walks the audit log's chain with the audit key, names the first broken entry, and
/// checks the chain against every checkpoint of this database. <c>jingzhun audit checkpoint</c>: writes one.
/// </summary>
public static class AuditCommands
{
    /// <summary>Exit code when the chain or a checkpoint fails: the log (or the checkpoints file) was tampered with.</summary>
    public const int Tampered = 3;

    public static Command Create(TimeProvider clock)
    {
        var verify = new Command("verify", "用审计密钥校验审计日志链，并与检查点核对 / verify the audit log's chain with the audit key and against its checkpoints");
        verify.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            return await VerifyAsync(target, ct) ? CliOptions.Ok : Tampered;
        });

        var checkpoint = new Command("checkpoint", "把审计日志链头签名记入数据库外的检查点文件 / sign the audit chain's head into the checkpoints file outside the database");
        checkpoint.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            // A checkpoint vouches for the chain as it stands: never for one that already fails.
            if (!await VerifyAsync(target, ct))
            {
                AnsiConsole.MarkupLine("[red]审计日志未通过校验，不写检查点 / the audit log does not verify: no checkpoint written[/]");
                return Tampered;
            }
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            var written = await AuditCheckpoints.WriteAsync(db, clock.GetUtcNow().UtcDateTime, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]检查点已写入 / checkpoint written:[/] {written.Entries:N0} 条 entries, 链头 head #{written.HeadIndex} → {target.CheckpointsFile}");
            return CliOptions.Ok;
        });
        return new Command("audit", "审计日志 / audit log") { verify, checkpoint };
    }

    /// <summary>Walks the chain and checks every checkpoint of the database, printing what it finds; true when all holds.</summary>
    public static async Task<bool> VerifyAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
        long verified = 0;
        AuditChain.Break? broken = null;
        var (checkedCount, findings) = (0, new List<Bilingual>());
        await AnsiConsole.Status().StartAsync("校验中 / verifying…", async status =>
        {
            var progress = new InlineProgress<long>(n => status.Status($"已校验 / verified {n:N0}"));
            (verified, broken) = await AuditChain.VerifyAsync(db, progress, ct);
            status.Status("核对检查点 / checking checkpoints…");
            (checkedCount, findings) = await AuditCheckpoints.CheckAsync(db, ct);
        });
        if (broken is null)
            AnsiConsole.MarkupLineInterpolated($"[green]审计日志链完整：{verified:N0}条记录全部校验通过 / audit chain intact: all {verified:N0} entries verify[/]");
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[red]审计日志被篡改 / audit log tampered with[/] ({verified:N0} entries verified before the break)");
            AnsiConsole.MarkupLineInterpolated($"  {broken.Text.Chinese}");
            AnsiConsole.MarkupLineInterpolated($"  {broken.Text.English}");
            AnsiConsole.MarkupLineInterpolated($"  entry id = {broken.EntryId}, chain index = {broken.ChainIndex}");
        }
        foreach (var finding in findings)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]检查点不符 / checkpoint fails:[/] {finding.Chinese}");
            AnsiConsole.MarkupLineInterpolated($"  {finding.English}");
        }
        if (findings.Count == 0 && checkedCount > 0)
            AnsiConsole.MarkupLineInterpolated($"[green]与{checkedCount}个检查点相符 / matches all {checkedCount} checkpoints[/] ({target.CheckpointsFile})");
        else if (checkedCount == 0 && findings.Count == 0)
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]尚无本数据库的检查点，尾部截断无从发现：请运行 jingzhun audit checkpoint / no checkpoint of this database yet, so a cut-off tail goes unseen: run jingzhun audit checkpoint[/]");
        return broken is null && findings.Count == 0;
    }
}
