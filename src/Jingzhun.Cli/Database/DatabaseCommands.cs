using System.CommandLine;
using Jingzhun.Data.Database;
using Spectre.Console;
using Jingzhun.Cli.Audit;

namespace Jingzhun.Cli.Database;

/// <summary>
/// <c>jingzhun db migrate</c>: creates or upgrades the schema. <c>db backup FILE</c> and <c>db restore FILE</c>: a backup
/// with a manifest of what it holds, and a restore into an empty database checked against it.
/// </summary>
public static class DatabaseCommands
{
    public static Command Create(TimeProvider clock)
    {
        var migrate = new Command("migrate", "创建或升级数据库结构 / create or upgrade the database schema");
        migrate.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await JingzhunDb.MigrateAsync(target, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]数据库已是最新结构 / database schema is up to date:[/] {target.Description}");
            return CliOptions.Ok;
        });
        return new Command("db", "数据库 / database") { migrate, Backup(clock), Restore() };
    }

    private static Command Backup(TimeProvider clock)
    {
        var file = new Argument<string>("file") { Description = "备份文件 / backup file (its manifest: FILE.manifest.json)" };
        var backup = new Command("backup", "备份数据库（SQLite 在线备份或 pg_dump），并写出清单 / back the database up (SQLite online backup or pg_dump) with a manifest")
        {
            file,
        };
        backup.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            BackupManifest? manifest = null;
            await AnsiConsole.Status().StartAsync("备份中 / backing up…", async status =>
                manifest = await Backups.BackupAsync(target, path, clock.GetUtcNow().UtcDateTime, Say(status), ct));
            AnsiConsole.MarkupLineInterpolated($"[green]已备份 / backed up:[/] {target.Description} → {path}");
            AnsiConsole.MarkupLineInterpolated(
                $"  {manifest!.Tables.Count}张表，共{manifest.Tables.Values.Sum():N0}行；审计日志{manifest.Audit.Entries:N0}条 / {manifest.Tables.Count} tables, {manifest.Tables.Values.Sum():N0} rows; {manifest.Audit.Entries:N0} audit entries");
            AnsiConsole.MarkupLineInterpolated($"  清单 / manifest: {BackupManifest.PathFor(path)}");
            AnsiConsole.MarkupLine("  [yellow]审计密钥不在备份里：另行妥善保存 / the audit key is not in the backup: keep it safe, apart[/]");
            return CliOptions.Ok;
        });
        return backup;
    }

    private static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "备份文件 / backup file (with FILE.manifest.json beside it)" };
        var replace = new Option<bool>("--replace")
        {
            Description = "覆盖非空的目标数据库（SQLite 整库覆盖；PostgreSQL 删除 public 模式及其全部内容） / " +
                          "overwrite a non-empty target (SQLite: the whole file; PostgreSQL: its public schema is dropped with everything in it)",
        };
        var restore = new Command("restore", "还原备份到空数据库，并校验审计日志和各表行数 / restore a backup into an empty database, then verify the audit log and the rows of every table")
        {
            file, replace,
        };
        restore.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var manifest = await BackupManifest.ReadAsync(path, ct);
            if (!await Backups.IsEmptyAsync(target, ct))
            {
                if (!parseResult.GetValue(replace))
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]目标数据库不是空的，不还原 / the target database is not empty: nothing restored[/] ({target.Description})");
                    AnsiConsole.MarkupLine("  只还原到空数据库；要覆盖它，加 --replace / restore goes into an empty database only; to overwrite it, add --replace");
                    return CliOptions.Rejected;
                }
                if (target.Provider == DatabaseProvider.Postgres)
                    AnsiConsole.MarkupLineInterpolated($"[yellow]--replace：删除{target.Description}的 public 模式及其全部表和数据，再还原备份 / dropping the public schema of {target.Description} with all its tables and data, then restoring[/]");
                else
                    AnsiConsole.MarkupLineInterpolated($"[yellow]--replace：{target.Description}的全部内容被备份覆盖 / everything in {target.Description} is overwritten by the backup[/]");
            }
            await AnsiConsole.Status().StartAsync("还原中 / restoring…", async status =>
                await Backups.RestoreAsync(target, path, manifest, replace: true, Say(status), ct));
            AnsiConsole.MarkupLineInterpolated($"[green]已还原 / restored:[/] {path} → {target.Description}");
            return await CheckAsync(target, manifest, ct);
        });
        return restore;
    }

    /// <summary>Rows per table against the manifest, then the audit log with the key; the exit code says what failed.</summary>
    private static async Task<int> CheckAsync(DatabaseTarget target, BackupManifest manifest, CancellationToken ct)
    {
        var counts = await Backups.CountAsync(target, manifest.Tables.Keys, ct);
        var table = new Table().AddColumns("表 / table", "备份时 / at backup", "还原后 / restored", "");
        foreach (var (name, expected) in manifest.Tables)
        {
            var actual = counts[name];
            table.AddRow(Markup.Escape(name), $"{expected:N0}", actual < 0 ? "缺 / missing" : $"{actual:N0}", actual == expected ? "[green]✓[/]" : "[red]✗[/]");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"  备份 / backup: {manifest.Engine}, {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC, {manifest.Source}, migration {manifest.Migration}");
        var countsMatch = manifest.Tables.All(t => counts[t.Key] == t.Value);
        if (!countsMatch)
            AnsiConsole.MarkupLine("[red]行数与备份清单不符 / row counts differ from the backup's manifest[/]");
        if (Backups.SameKey(manifest, target) == false)
            AnsiConsole.MarkupLineInterpolated(
                $"[red]目标的审计密钥不是封存此备份的密钥 / the target's audit key is not the key that sealed this backup[/] (key id {manifest.Audit.KeyId}): --audit-key / JINGZHUN_AUDIT_KEY_FILE");
        var auditHolds = await AuditCommands.VerifyAsync(target, ct);
        return !auditHolds ? AuditCommands.Tampered : countsMatch ? CliOptions.Ok : CliOptions.Failed;
    }

    // Status text comes from programs (pg_dump's messages): shown as text, never as markup.
    private static Action<string> Say(StatusContext status) => text =>
        status.Status(Markup.Escape(text.Length > 120 ? text[..120] + "…" : text));
}
