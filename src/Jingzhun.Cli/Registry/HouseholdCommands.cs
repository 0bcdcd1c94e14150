using System.CommandLine;
using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Spectre.Console;
using Jingzhun.Cli.Access;

namespace Jingzhun.Cli.Registry;

/// <summary><c>jingzhun households export|import</c>: the registry interchange files (xlsx, or three CSV files).</summary>
public static class HouseholdCommands
{
    private const int ErrorsShown = 50;

    public static Command Create(TimeProvider clock) =>
        new("households", "建档立卡户的导入导出 / import and export registered households") { Export(clock), Import(clock), Generate(), RawLoad() };

    private static Command Export(TimeProvider clock)
    {
        var format = new Option<string?>("--format") { Description = "csv 或 xlsx，省略时按文件扩展名 / csv or xlsx; inferred from the file extension when omitted" };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<string>("--output", "-o") { Description = "输出文件 / output file", Required = true };
        var command = new Command("export", "导出范围内全部户、成员和收入 / export every household in scope with members and incomes") { format, output };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(output)!);
            var chosen = parseResult.GetValue(format) is { } f ? ExchangeFiles.Parse(f) : ExchangeFiles.FormatOf(path);
            if (chosen is null)
            {
                AnsiConsole.MarkupLine("[red]无法从扩展名判断格式，请用 --format csv|xlsx / cannot infer the format from the extension; use --format csv|xlsx[/]");
                return CliOptions.Failed;
            }
            var target = CliOptions.TargetOf(parseResult);
            await using var db = JingzhunDb.Create(target, AccessScope.System("cli"));
            var watch = Stopwatch.StartNew();
            long written = 0;
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("导出户 / exporting households", maxValue: double.MaxValue);
                task.IsIndeterminate = true;
                written = (await RegistryExporter.ExportAsync(db, path, chosen.Value, new ExportOptions { Clock = clock },
                    new InlineProgress<long>(n => task.Description = $"导出户 / exporting households: {n}"), ct)).Households;
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, written);
                task.Value = task.MaxValue;
            });
            AnsiConsole.MarkupLineInterpolated($"[green]已导出{written}户 / exported {written} households[/] → {path} ({watch.Elapsed.TotalSeconds:0.0} s)");
            if (chosen == ExchangeFormat.Csv)
                AnsiConsole.MarkupLineInterpolated($"成员 / members: {ExchangeFiles.CsvPath(path, RegistryTables.MembersSheet)}; 收入 / incomes: {ExchangeFiles.CsvPath(path, RegistryTables.IncomesSheet)}");
            return CliOptions.Ok;
        });
        return command;
    }

    private static Command Import(TimeProvider clock)
    {
        var file = CliOptions.ExistingFile("xlsx 文件，或户表 CSV（成员、收入在 .members.csv、.incomes.csv） / xlsx workbook, or the households CSV (members and incomes in .members.csv and .incomes.csv)");
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "跳过有错误的户，导入其余 / skip households with errors and import the rest" };
        var chunkSize = new Option<int>("--chunk-size") { Description = "每个事务写入的户数（成员、收入为行数） / households (rows of members and incomes) written per transaction", DefaultValueFactory = _ => 50_000 };
        var initialLoad = new Option<bool>("--initial-load")
        {
            Description = "首次导入：按文件登记新户（户编号、户状态、状态年度、识别年度照录），仅限县级及以上 / initial load: register new households as recorded (number, status and its years), county officers and above only",
        };
        var command = new Command("import", "导入户、成员和收入（按户编号更新已登记的户，户状态只能通过程序改变；首次导入用 --initial-load；批量写入，重新运行可续完中断的导入） / import households, members and incomes (updates registered households by number; statuses change only through cases; a county's first load: --initial-load; bulk writes, re-run to finish an interrupted import)")
            { file, skipInvalid, chunkSize, initialLoad };
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var target = CliOptions.TargetOf(parseResult);
            if (parseResult.GetValue(chunkSize) < 1)
            {
                AnsiConsole.MarkupLine("[red]--chunk-size 应为正整数 / --chunk-size must be a positive number[/]");
                return CliOptions.Failed;
            }
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            var options = new ImportOptions
            {
                SkipInvalid = parseResult.GetValue(skipInvalid), BatchSize = parseResult.GetValue(chunkSize), InitialLoad = parseResult.GetValue(initialLoad),
                Clock = clock,
            };
            var watch = Stopwatch.StartNew();
            ImportReport report = null!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
            {
                var task = context.AddTask("读取并检查 / reading and checking", maxValue: 1);
                task.IsIndeterminate = true;
                var rate = Stopwatch.StartNew();
                report = await RegistryBulkImporter.ImportAsync(target, scope, path, options,
                    new InlineProgress<ImportProgress>(p => Show(task, p, rate)), ct);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
            });
            return await ReportAsync(report, path, watch.Elapsed, ct);
        });
        return command;
    }

    /// <summary>A synthetic registry file of any size, straight from the demo generator (for load tests and benchmarks).</summary>
    private static Command Generate()
    {
        var households = new Option<int>("--households") { Description = "户数 / number of households", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "随机种子 / seed", DefaultValueFactory = _ => 2014 };
        var output = new Option<string>("--output", "-o") { Description = "输出文件（.csv 或 .xlsx） / output file (.csv or .xlsx)", Required = true };
        var command = new Command("generate", "生成演示县的合成建档立卡文件，不写数据库 / write a synthetic registry file of the demo county, without a database") { households, seed, output };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(output)!);
            if (ExchangeFiles.FormatOf(path) is not { } format || parseResult.GetValue(households) < 0)
            {
                AnsiConsole.MarkupLine("[red]输出应为 .csv 或 .xlsx，户数不能为负 / the output must be .csv or .xlsx and --households not negative[/]");
                return CliOptions.Failed;
            }
            var options = new Domain.Demo.DemoOptions(parseResult.GetValue(households), parseResult.GetValue(seed));
            var clock = Stopwatch.StartNew();
            await RegistryExporter.WriteAsync(path, format, () => new Domain.Demo.DemoGenerator(options).Households(), ct);
            AnsiConsole.MarkupLineInterpolated($"[green]已生成{options.Households}户 / generated {options.Households} households[/] → {path} ({clock.Elapsed.TotalSeconds:0.0} s)");
            return CliOptions.Ok;
        });
        return command;
    }

    /// <summary>The baseline of the import benchmark: the provider's plain bulk load of a CSV set, unchecked and unaudited.</summary>
    private static Command RawLoad()
    {
        var file = new Argument<string>("file") { Description = "户表 CSV（成员、收入在旁边） / the households CSV (members and incomes beside it)" };
        var command = new Command("raw-load", "基准：不检查、不审计地直接批量写入空库（仅用于测速） / baseline: bulk load straight into an empty registry, unchecked and unaudited (benchmarks only)") { file };
        command.Hidden = true;
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var target = CliOptions.TargetOf(parseResult);
            var clock = Stopwatch.StartNew();
            var rows = await RawBulkLoad.LoadAsync(target, path, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]已写入{rows}行 / loaded {rows} rows[/] ({clock.Elapsed.TotalSeconds:0.0} s, {rows / Math.Max(0.001, clock.Elapsed.TotalSeconds):0} rows/s)");
            return CliOptions.Ok;
        });
        return command;
    }

    private static void Show(ProgressTask task, ImportProgress p, Stopwatch rate)
    {
        switch (p.Stage)
        {
            case ImportStage.Reading: task.Description = $"检查 / checking: {p.Done} 行 / rows ({Rate(p.Done, rate)})"; break;
            case ImportStage.Checking:
                task.Description = "跨行检查 / checking across rows";
                rate.Restart();
                break;
            default:
                task.IsIndeterminate = false;
                task.Description = $"写入 / writing: {p.Done} 行 / rows ({Rate(p.Done, rate)})";
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
                break;
        }
    }

    private static string Rate(long rows, Stopwatch clock) =>
        clock.Elapsed.TotalSeconds > 0.5 ? $"{rows / clock.Elapsed.TotalSeconds:0} 行/秒 / rows/s" : "…";

    private static async Task<int> ReportAsync(ImportReport report, string path, TimeSpan elapsed, CancellationToken ct)
    {
        if (report.Errors.Count > 0)
        {
            ShowErrors(report.Errors);
            var errorsPath = ImportErrorFile.PathFor(path);
            await ImportErrorFile.WriteAsync(errorsPath, report.Errors, ct);
            AnsiConsole.MarkupLineInterpolated($"全部{report.Errors.Count}条错误已写入 / all {report.Errors.Count} errors written to: {errorsPath}");
        }
        if (report.Rejected && report.Errors.Any(e => e.Row == 0))
        {
            AnsiConsole.MarkupLine("[red]未写入任何数据 / nothing was written[/]");
            return CliOptions.Rejected;
        }
        if (report.Rejected)
        {
            AnsiConsole.MarkupLine("[red]文件有错误，未写入任何数据（可用 --skip-invalid 跳过有错误的户） / the file has errors; nothing was written (use --skip-invalid to skip the bad households)[/]");
            return CliOptions.Rejected;
        }
        var table = new Table().AddColumns("", "户 / Households", "成员 / Members", "收入 / Incomes");
        table.AddRow("新增 / created", $"{report.HouseholdsCreated}", $"{report.MembersCreated}", $"{report.IncomesCreated}");
        table.AddRow("更新 / updated", $"{report.HouseholdsUpdated}", $"{report.MembersUpdated}", $"{report.IncomesUpdated}");
        table.AddRow("未变 / unchanged", $"{report.HouseholdsUnchanged}", "", "");
        table.AddRow("跳过 / skipped", $"{report.SkippedHouseholds.Count}", "", "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[green]导入完成 / import finished[/] ({elapsed.TotalSeconds:0.0} s)");
        return CliOptions.Ok;
    }

    private static void ShowErrors(IReadOnlyList<ImportError> errors)
    {
        var table = new Table().AddColumns("表 / Table", "行 / Row", "列 / Column", "户编号 / Household", "错误 / Error");
        foreach (var e in errors.Take(ErrorsShown))
            table.AddRow(Markup.Escape(e.Table), $"{e.Row}", Markup.Escape(e.Column), Markup.Escape(e.HouseholdNumber), Markup.Escape(e.Message));
        AnsiConsole.Write(table);
        if (errors.Count > ErrorsShown)
            AnsiConsole.MarkupLineInterpolated($"……另有{errors.Count - ErrorsShown}条 / … and {errors.Count - ErrorsShown} more");
    }
}
