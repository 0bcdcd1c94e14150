using System.CommandLine;
using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Spectre.Console;

namespace Jingzhun.Cli.Commands.Statistics;

/// <summary><c>jingzhun stats refresh</c>: recompute the per-area aggregates that every report reads.</summary>
public static class StatisticsCommands
{
    public static Command Create()
    {
        var command = new Command("stats", "统计汇总 / statistics");
        var refresh = new Command("refresh", "重新汇总各级地区的统计数（实时与已冻结年度） / recompute every area's figures (live and frozen years)");
        refresh.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            var result = await AreaStatistics.RefreshAsync(db, DateTime.UtcNow, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]已汇总{result.Areas}个地区行、{result.Breakdowns}个分类行，用时{result.Elapsed.TotalSeconds:0.00}秒 / {result.Areas} area rows and {result.Breakdowns} breakdown rows refreshed in {result.Elapsed.TotalSeconds:0.00} s (frozen years: {string.Join(", ", result.Years)})[/]");
            return CliOptions.Ok;
        });
        command.Subcommands.Add(refresh);
        return command;
    }
}
