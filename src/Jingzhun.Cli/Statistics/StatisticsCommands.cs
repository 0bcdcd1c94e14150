using System.CommandLine;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Spectre.Console;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;

namespace Jingzhun.Cli.Statistics;

/// <summary><c>jingzhun stats refresh</c>: recompute the per-area aggregates that every report reads.</summary>
public static class StatisticsCommands
{
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("stats", "统计汇总 / statistics");
        var county = new Option<string?>("--county") { Description = "只重新汇总该县（6位代码）的实时数及其上级 / recount only this county's live figures (6 digits) and the areas above it" };
        var refresh = new Command("refresh", "重新汇总各级地区的统计数（实时与已冻结年度） / recompute every area's figures (live and frozen years)") { county };
        refresh.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            // --county names one county (its first six digits); without it every county is recounted.
            IReadOnlyCollection<string>? only = parseResult.GetValue(county) is { Length: > 0 } code ? [code[..Math.Min(6, code.Length)]] : null;
            var result = only is not null
                ? await AreaStatistics.RefreshCountiesAsync(db, only, clock.GetUtcNow().UtcDateTime, ct)
                : await AreaStatistics.RefreshAsync(db, clock.GetUtcNow().UtcDateTime, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]已汇总{result.Areas}个地区行、{result.Breakdowns}个分类行，用时{result.Elapsed.TotalSeconds:0.00}秒 / {result.Areas} area rows and {result.Breakdowns} breakdown rows refreshed in {result.Elapsed.TotalSeconds:0.00} s (frozen years: {string.Join(", ", result.Years)})[/]");
            // The poverty measures kept per area follow the same counties.
            var started = System.Diagnostics.Stopwatch.StartNew();
            var rows = await AreaMeasures.RefreshAsync(db, only, clock.GetUtcNow().UtcDateTime, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]已重算{rows}行贫困测度，用时{started.Elapsed.TotalSeconds:0.00}秒 / {rows} poverty measure rows recomputed in {started.Elapsed.TotalSeconds:0.00} s[/]");
            // So are the assistance figures, income trend and funds figures kept per area, as of today.
            started.Restart();
            var kept = await StoredAssistance.RefreshAsync(db, only, clock.GetUtcNow().UtcDateTime, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]已重算{kept}行帮扶统计、收入趋势与资金统计，用时{started.Elapsed.TotalSeconds:0.00}秒 / {kept} assistance, income trend and funds figure rows recounted in {started.Elapsed.TotalSeconds:0.00} s[/]");
            return CliOptions.Ok;
        });
        command.Subcommands.Add(refresh);

        var region = new Option<string>("--region") { Description = "地区代码 / region code", DefaultValueFactory = _ => "990121000000" };
        var year = new Option<int>("--year") { Description = "收入年度 / income year", DefaultValueFactory = _ => 2025 };
        var measures = new Command("measures", "贫困测度（FGT、Watts、Alkire–Foster）及用时 / poverty measures of an area, timed") { region, year };
        measures.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            var started = System.Diagnostics.Stopwatch.StartNew();
            var view = await AreaMeasures.ForAsync(db, parseResult.GetValue(region)!, parseResult.GetValue(year), null, 0.4, ct);
            var elapsed = started.Elapsed;
            if (view is null)
            {
                AnsiConsole.MarkupLine("[yellow]无数据 / no registered households with income in that year[/]");
                return CliOptions.Ok;
            }
            AnsiConsole.MarkupLineInterpolated(
                $"P0 {view.Income.Headcount:0.0000}  P1 {view.Income.Gap:0.0000}  P2 {view.Income.Severity:0.0000}  Watts {view.Income.Watts:0.0000}  H {view.Guarantees.H:0.0000}  A {view.Guarantees.A:0.0000}  M0 {view.Guarantees.M0:0.0000}");
            AnsiConsole.MarkupLineInterpolated($"[green]用时{elapsed.TotalSeconds:0.00}秒 / computed in {elapsed.TotalSeconds:0.00} s[/]");
            return CliOptions.Ok;
        });
        command.Subcommands.Add(measures);
        return command;
    }
}
