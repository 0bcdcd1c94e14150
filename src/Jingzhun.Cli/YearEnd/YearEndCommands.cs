using System.CommandLine;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Spectre.Console;
using Jingzhun.Data.YearEnd;
using Freeze = Jingzhun.Data.YearEnd.YearEndFreeze;

namespace Jingzhun.Cli.YearEnd;

/// <summary><c>jingzhun year-end freeze|report</c>: the yearly adjustment as of 31 December, and a frozen year's counts.</summary>
public static class YearEndCommands
{
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("year-end", "年终动态调整：冻结年度与年度统计 / year-end adjustment: freeze a year, report a frozen year");
        command.Subcommands.Add(FreezeCommand(clock));
        command.Subcommands.Add(ReportCommand());
        return command;
    }

    private static Option<int> YearOption() => new("--year") { Description = "年度 / year", Required = true };

    private static Command FreezeCommand(TimeProvider clock)
    {
        var year = YearOption();
        var command = new Command("freeze", "冻结一个年度（每年只能冻结一次） / freeze a year (once per year)") { year };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var y = parseResult.GetValue(year);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            var total = db.Households.Count();
            try
            {
                var written = 0;
                await AnsiConsole.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"冻结{y}年 / freezing {y}", maxValue: Math.Max(1, total));
                    written = await Freeze.FreezeAsync(db, y, clock.GetUtcNow().UtcDateTime, new InlineProgress<int>(n => task.Value = n), ct);
                    task.Value = task.MaxValue;
                });
                AnsiConsole.MarkupLineInterpolated($"[green]{y}年已冻结{written}户 / {y} frozen: {written} households[/]");
                // The frozen year's figures are read from the aggregates, so they are added now.
                await Jingzhun.Data.Statistics.AreaStatistics.RefreshAsync(db, clock.GetUtcNow().UtcDateTime, ct);
                return CliOptions.Ok;
            }
            catch (WorkflowBlockedException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Text.Both}[/]");
                return CliOptions.Failed;
            }
        });
        return command;
    }

    private static Command ReportCommand()
    {
        var year = YearOption();
        var region = new Option<string?>("--region") { Description = "地区代码，缺省为全部 / region code; all when left out" };
        var command = new Command("report", "已冻结年度的分级统计 / counts of a frozen year by county, township and village") { year, region };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var y = parseResult.GetValue(year);
            var code = parseResult.GetValue(region);
            var prefix = "";
            if (code is not null)
            {
                if (!RegionCode.TryParse(code, out var parsed, out var error))
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]{error}[/]");
                    return CliOptions.Failed;
                }
                prefix = parsed.Prefix;
            }
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            var counts = await YearEndReport.CountsAsync(db, y, prefix, ct);
            if (!counts.IsFrozen)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{y}年未冻结 / {y} is not frozen[/]");
                return CliOptions.Failed;
            }
            var table = new Table().Title($"{y}年终统计 / year-end {y}");
            foreach (var column in new[] { "代码 / code", "地区 / area", "级别 / level", "户数 / households", "人数 / people",
                         "贫困户 / poor hh", "贫困人口 / poor people", "当年脱贫 / exited", "当年返贫 / returned" })
                table.AddColumn(column);
            foreach (var a in counts.Areas)
                table.AddRow(Markup.Escape(a.Code), Markup.Escape(a.Name), $"{a.Level.Chinese()} / {a.Level.English()}", $"{a.Households}", $"{a.People}",
                    $"{a.PoorHouseholds}", $"{a.PoorPeople}", $"{a.ExitedHouseholds}", $"{a.ReturnedHouseholds}");
            AnsiConsole.Write(table);
            return CliOptions.Ok;
        });
        return command;
    }
}
