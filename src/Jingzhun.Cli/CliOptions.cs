using System.CommandLine;
using Jingzhun.Data.Database;
using Spectre.Console;

namespace Jingzhun.Cli;

/// <summary>Options shared by every command, and the way every command reports failure.</summary>
public static class CliOptions
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Rejected = 2;

    public static readonly Option<string?> Database = new("--db")
    {
        Description = "SQLite 文件路径或 PostgreSQL 连接串（默认取环境变量 JINGZHUN_DB，再默认 data/jingzhun.db） / " +
                      "SQLite file or PostgreSQL connection string (default: $JINGZHUN_DB, then data/jingzhun.db)",
        Recursive = true,
    };

    public static readonly Option<string?> AuditKey = new("--audit-key")
    {
        Description = "审计密钥文件（默认取环境变量 JINGZHUN_AUDIT_KEY_FILE，再默认 SQLite 文件旁的 audit.key 或 data/audit.key） / " +
                      "audit key file (default: $JINGZHUN_AUDIT_KEY_FILE, then audit.key beside the SQLite file, or data/audit.key)",
        Recursive = true,
    };

    public static readonly Option<string?> AuditCheckpoints = new("--audit-checkpoints")
    {
        Description = "审计检查点文件（默认取环境变量 JINGZHUN_AUDIT_CHECKPOINTS，再默认密钥旁的 audit-checkpoints.jsonl） / " +
                      "audit checkpoints file (default: $JINGZHUN_AUDIT_CHECKPOINTS, then audit-checkpoints.jsonl beside the key)",
        Recursive = true,
    };

    public static DatabaseTarget TargetOf(ParseResult parseResult) => DatabaseTarget.Resolve(parseResult.GetValue(Database))
        .WithAuditFiles(parseResult.GetValue(AuditKey), parseResult.GetValue(AuditCheckpoints));

    /// <summary>
    /// A file argument that must name an existing file: the parser refuses a missing one with a bilingual
    /// message and exit code 1 before any database is opened.
    /// </summary>
    public static Argument<string> ExistingFile(string description)
    {
        var file = new Argument<string>("file") { Description = description };
        file.Validators.Add(result =>
        {
            var path = result.GetValueOrDefault<string>();
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
                result.AddError($"找不到文件 / file not found: {Path.GetFullPath(path)}");
        });
        return file;
    }

    /// <summary>Sets an action that turns any exception into a bilingual message and exit code 1.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, ct) =>
        {
            try
            {
                return await action(parseResult, ct);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]已取消 / cancelled[/]");
                return Failed;
            }
            catch (Exception e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]出错 / failed:[/] {e.GetBaseException().Message}");
                return Failed;
            }
        });
}

/// <summary>Reports progress on the calling thread, so that a progress bar is current when the work returns.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
