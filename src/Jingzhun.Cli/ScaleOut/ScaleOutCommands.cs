using System.CommandLine;
using Jingzhun.Data.Database;
using Jingzhun.Data.ScaleOut;
using Spectre.Console;

namespace Jingzhun.Cli.ScaleOut;

/// <summary>
/// <c>jingzhun scale-out coordinator</c>: the SQL that makes a PostgreSQL database the coordinator of
/// shards that each hold some counties (docs/scale-out.md). Printed for review by default; run on the
/// <c>--db</c> database with <c>--apply</c>.
/// </summary>
public static class ScaleOutCommands
{
    private static readonly Option<string[]> Shards = new("--shard")
    {
        Description = "分片：名称|连接字符串|县代码,县代码… / a shard: name|connection string|county,county…",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        Required = true,
    };

    private static readonly Option<bool> Apply = new("--apply")
    {
        Description = "在 --db 指定的 PostgreSQL 库上执行 / run it on the PostgreSQL database given by --db",
    };

    public static Command Create()
    {
        var command = new Command("scale-out", "多机部署 / beyond one machine");
        var coordinator = new Command("coordinator", "生成按县代码分片的协调库 SQL（postgres_fdw） / the SQL of a coordinator over shards by county code (postgres_fdw)");
        coordinator.Options.Add(Shards);
        coordinator.Options.Add(Apply);
        coordinator.SetGuardedAction(async (parseResult, ct) =>
        {
            var shards = parseResult.GetValue(Shards)!.Select(Parse).ToList();
            if (!parseResult.GetValue(Apply))
            {
                Console.Out.Write(ShardLayout.Script(shards));
                return CliOptions.Ok;
            }
            var target = CliOptions.TargetOf(parseResult);
            if (target.Provider != DatabaseProvider.Postgres)
                throw new ArgumentException("协调库必须是 PostgreSQL / the coordinator must be a PostgreSQL database");
            await ShardLayout.CreateCoordinatorAsync(target.ConnectionString, shards, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]协调库已建立：{shards.Count}个分片 / coordinator created over {shards.Count} shards on {target.Description}[/]");
            return CliOptions.Ok;
        });
        command.Subcommands.Add(coordinator);
        return command;
    }

    private static Shard Parse(string value)
    {
        var parts = value.Split('|');
        if (parts.Length != 3)
            throw new ArgumentException($"分片格式应为 名称|连接字符串|县代码,…：{value} / a shard is name|connection string|county,…: {value}");
        return new Shard(parts[0].Trim(), parts[1].Trim(), parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
