using System.CommandLine;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Spectre.Console;

namespace Jingzhun.Cli.Commands.Demo;

/// <summary><c>jingzhun demo</c>: a demo county with generated households and one account per role.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var households = new Option<int>("--households") { Description = "户数 / number of households", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "随机种子，同一种子生成相同数据 / seed; the same seed gives the same data", DefaultValueFactory = _ => 2014 };
        var command = new Command("demo", "生成演示县数据和演示账号 / generate a demo county and demo accounts") { households, seed };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var options = new DemoOptions(parseResult.GetValue(households), parseResult.GetValue(seed));
            if (options.Households < 0)
            {
                AnsiConsole.MarkupLine("[red]户数不能为负 / --households cannot be negative[/]");
                return CliOptions.Failed;
            }
            await JingzhunDb.MigrateAsync(target, ct);
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("写入演示户 / writing demo households", maxValue: Math.Max(1, options.Households));
                await DemoSeeder.SeedAsync(target, options, new InlineProgress<int>(n => task.Value = n), ct);
                task.Value = task.MaxValue;
                var years = context.AddTask("年终冻结与演示案件 / year-ends and demo cases", maxValue: Math.Max(1, options.Households));
                await DemoHistory.AddAsync(target, options, DateTime.UtcNow, new InlineProgress<int>(n => years.Value = n), ct);
                years.Value = years.MaxValue;
            });
            await using (var db = JingzhunDb.Create(target, AccessScope.System("cli")))
                await DemoAccounts.EnsureAsync(db, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]已生成{options.Households}户演示数据（种子{options.Seed}） / generated {options.Households} demo households (seed {options.Seed})[/] → {target.Description}");
            AnsiConsole.MarkupLineInterpolated($"演示账号密码 / demo account password: {DemoAccounts.Password}");
            return CliOptions.Ok;
        });
        return command;
    }
}
