using System.CommandLine;
using Jingzhun.Data.Database;
using Spectre.Console;

namespace Jingzhun.Cli.Commands.Database;

/// <summary><c>jingzhun db migrate</c>: creates or upgrades the schema.</summary>
public static class DatabaseCommands
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "创建或升级数据库结构 / create or upgrade the database schema");
        migrate.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await JingzhunDb.MigrateAsync(target, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]数据库已是最新结构 / database schema is up to date:[/] {target.Description}");
            return CliOptions.Ok;
        });
        return new Command("db", "数据库 / database") { migrate };
    }
}
