using System.CommandLine;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Spectre.Console;

namespace Jingzhun.Cli.Demo;

/// <summary><c>jingzhun demo</c>: a demo county with generated households and one account per role.</summary>
public static class DemoCommand
{
    public static Command Create(TimeProvider clock)
    {
        var households = new Option<int>("--households") { Description = "户数 / number of households", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "随机种子，同一种子生成相同数据 / seed; the same seed gives the same data", DefaultValueFactory = _ => 2014 };
        var province = new Option<bool>("--province")
        {
            Description = "生成整个虚构省（示范省 98，约108个县），而非演示县 / generate a whole synthetic province (示范省, code 98, ~108 counties) instead of the demo county",
        };
        var output = new Option<string?>("--output")
        {
            Description = "与 --province 同用：写入交换格式 CSV 文件（x.csv、x.members.csv、x.incomes.csv）而非数据库 / " +
                          "with --province: write the interchange CSV files (x.csv, x.members.csv, x.incomes.csv) instead of the database",
        };
        var command = new Command("demo", "生成演示县数据和演示账号 / generate a demo county and demo accounts") { households, seed, province, output };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var options = new DemoOptions(parseResult.GetValue(households), parseResult.GetValue(seed));
            if (options.Households < 0)
            {
                AnsiConsole.MarkupLine("[red]户数不能为负 / --households cannot be negative[/]");
                return CliOptions.Failed;
            }
            if (parseResult.GetValue(province))
                return await ProvinceAsync(target, new ProvinceOptions(options.Households, options.Seed), parseResult.GetValue(output), clock, ct);
            if (parseResult.GetValue(output) is not null)
            {
                AnsiConsole.MarkupLine("[red]--output 只能与 --province 同用 / --output goes with --province[/]");
                return CliOptions.Failed;
            }
            await JingzhunDb.MigrateAsync(target, ct);
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("写入演示户 / writing demo households", maxValue: Math.Max(1, options.Households));
                await DemoSeeder.SeedAsync(target, options, new InlineProgress<int>(n => task.Value = n), ct);
                task.Value = task.MaxValue;
                var years = context.AddTask("年终冻结与演示案件 / year-ends and demo cases", maxValue: Math.Max(1, options.Households));
                await DemoHistory.AddAsync(target, options, clock.GetUtcNow().UtcDateTime, new InlineProgress<int>(n => years.Value = n), ct);
                years.Value = years.MaxValue;
            });
            await using (var db = JingzhunDb.Create(target, AccessScope.System("cli")))
                await DemoAccounts.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[green]已生成{options.Households}户演示数据（种子{options.Seed}） / generated {options.Households} demo households (seed {options.Seed})[/] → {target.Description}");
            AnsiConsole.MarkupLineInterpolated($"演示账号密码 / demo account password: {DemoAccounts.Password}");
            return CliOptions.Ok;
        });
        return command;
    }

    /// <summary>A synthetic province, to files (streaming, counties generated in parallel) or into the database.</summary>
    private static async Task<int> ProvinceAsync(Jingzhun.Data.Database.DatabaseTarget target, ProvinceOptions options, string? output,
        TimeProvider clock, CancellationToken ct)
    {
        if (output is not null && Jingzhun.Data.Exchange.ExchangeFiles.FormatOf(output) != Jingzhun.Data.Exchange.ExchangeFormat.Csv)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]--output 应为 .csv 文件：{output} / --output must be a .csv file: {output}[/]");
            return CliOptions.Failed;
        }
        var generator = new ProvinceGenerator(options);
        var started = System.Diagnostics.Stopwatch.StartNew();
        (long Households, long Members, long Incomes) written = default;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(output is null ? "写入示范省户 / writing province households" : "生成示范省文件 / writing province files",
                    maxValue: Math.Max(1, options.Households));
                var progress = new InlineProgress<long>(n => task.Value = n);
                if (output is null)
                {
                    await JingzhunDb.MigrateAsync(target, ct);
                    await ProvinceSeeder.SeedAsync(target, generator, progress, ct);
                    written = (options.Households, 0, 0);
                }
                else
                {
                    written = await Jingzhun.Data.Exchange.RegistryCsvWriter.WriteAsync(output,
                        generator.Households(Math.Max(1, Environment.ProcessorCount - 1)), progress, ct);
                }
                task.Value = task.MaxValue;
            });
        var seconds = Math.Max(0.001, started.Elapsed.TotalSeconds);
        AnsiConsole.MarkupLineInterpolated(
            $"[green]示范省：{generator.Counties().Count}个县、{generator.Regions().Count}个地区、{options.Households}户（种子{options.Seed}），用时{seconds:0.0}秒，每秒{options.Households / seconds:0}户 / synthetic province: {generator.Counties().Count} counties, {generator.Regions().Count} regions, {options.Households} households (seed {options.Seed}) in {seconds:0.0} s, {options.Households / seconds:0} households/s[/]");
        if (output is not null)
            AnsiConsole.MarkupLineInterpolated($"→ {output} ({written.Members} members, {written.Incomes} incomes)");
        else
        {
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            await DemoAccounts.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, ct);
            AnsiConsole.MarkupLineInterpolated($"→ {target.Description}");
        }
        return CliOptions.Ok;
    }
}
