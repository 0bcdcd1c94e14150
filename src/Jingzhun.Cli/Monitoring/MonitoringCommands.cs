using System.CommandLine;
using System.Diagnostics;
using Jingzhun.Cli.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Monitoring;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Jingzhun.Cli.Monitoring;

/// <summary>
/// <c>jingzhun monitoring feed import FILE --department 医保局 [--skip-invalid] --as USER</c>: a department's early-warning
/// file matched to the registry; <c>jingzhun monitoring consent record --household NUMBER --document TEXT --as USER</c>:
/// a household's signed consent to data checks.
/// </summary>
public static class MonitoringCommands
{
    private const int ErrorsShown = 200;

    public static Command Create(TimeProvider clock) =>
        new("monitoring", "防止返贫动态监测 / monitoring against return to poverty") { Feed(clock), Consent(clock), QualityCommand.Create() };

    /// <summary>Adds the feed and consent commands to an existing <c>monitoring</c> command (when another feature made it first).</summary>
    public static void AddTo(Command monitoring, TimeProvider clock)
    {
        monitoring.Subcommands.Add(Feed(clock));
        monitoring.Subcommands.Add(Consent(clock));
    }

    private static Command Feed(TimeProvider clock)
    {
        var file = CliOptions.ExistingFile("部门数据文件（.xlsx 的第一张工作表，或 UTF-8 CSV；列：身份证号、事项、金额、发生日期、说明） / the department file (first sheet of an .xlsx, or UTF-8 CSV; columns 身份证号, 事项, 金额, 发生日期, 说明)");
        var department = new Option<string>("--department") { Description = "数据来源部门，如 医保局 / the sending department, e.g. 医保局", Required = true };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "跳过有错误的行，导入其余 / skip rows with errors and import the rest" };
        var county = new Option<string?>("--county") { Description = "县级代码（不带 --as 运行时必填） / the county code (needed without --as)" };
        var import = new Command("import", "导入部门预警数据：按身份证号与本辖区已授权的户比对，每条比对成功的记录生成一条风险信号 / import department warning data: rows are matched by resident ID to consenting households of your region, each match raises a risk signal")
            { file, department, skipInvalid, county };
        import.WithActor();
        import.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var target = CliOptions.TargetOf(parseResult);
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            var watch = Stopwatch.StartNew();
            await using var db = JingzhunDb.Create(target, scope, clock);
            var report = await DepartmentFeeds.ImportAsync(db, path,
                new FeedOptions(parseResult.GetValue(department)!, parseResult.GetValue(skipInvalid), CountyCode: parseResult.GetValue(county)),
                clock.GetUtcNow().UtcDateTime, ct);
            if (report.Errors.Count > 0) ShowErrors(report.Errors);
            if (report.Rejected)
            {
                AnsiConsole.MarkupLine(report.Errors.Any(e => e.Row <= 1)
                    ? "[red]未写入任何数据 / nothing was written[/]"
                    : "[red]文件有错误，未写入任何数据（可用 --skip-invalid 跳过有错误的行） / the file has errors; nothing was written (use --skip-invalid to skip the bad rows)[/]");
                return CliOptions.Rejected;
            }
            var table = new Table().AddColumns("行数 / Rows", "比对成功 / Matched", "风险信号 / Signals", "新立案件 / Cases opened", "排除项待核实 / Exclusions flagged", "跳过 / Skipped");
            table.AddRow($"{report.Rows}", $"{report.Matched}", $"{report.Signals}", $"{report.CasesOpened}", $"{report.Flagged}", $"{report.Skipped}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"[green]导入完成 / feed imported[/] #{report.FeedId} ({watch.Elapsed.TotalSeconds:0.0} s)");
            return CliOptions.Ok;
        });
        return new Command("feed", "部门预警数据 / department early-warning data") { import };
    }

    private static Command Consent(TimeProvider clock)
    {
        var household = new Option<string>("--household") { Description = "户编号 / household number", Required = true };
        var document = new Option<string>("--document") { Description = "授权书编号或名称 / the signed form's number or name", Required = true };
        var givenOn = new Option<DateOnly?>("--given-on") { Description = "签署日期（默认今天） / the date it was signed (default: today)" };
        var record = new Command("record", "登记一户的数据核查授权 / record a household's consent to data checks") { household, document, givenOn };
        record.WithActor();
        record.SetGuardedAction(async (parseResult, ct) =>
        {
            var target = CliOptions.TargetOf(parseResult);
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            await using var db = JingzhunDb.Create(target, scope, clock);
            var number = parseResult.GetValue(household)!.Trim();
            var id = await db.Households.Where(h => h.Number == number).Select(h => (long?)h.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]户{number}不存在或不在您的辖区 / no household {number} in your region[/]");
                return CliOptions.Failed;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var consent = await MonitoringWork.RecordConsentAsync(db, id.Value, parseResult.GetValue(givenOn) ?? DateOnly.FromDateTime(now),
                parseResult.GetValue(document)!, now, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]已登记数据核查授权 / consent recorded[/]: {number} ({consent.GivenOn:yyyy-MM-dd})");
            return CliOptions.Ok;
        });
        return new Command("consent", "数据核查授权 / data-check consent") { record };
    }

    private static void ShowErrors(IReadOnlyList<ImportError> errors)
    {
        var table = new Table().AddColumns("行 / Row", "列 / Column", "户编号 / Household", "错误 / Error");
        foreach (var e in errors.Take(ErrorsShown))
            table.AddRow($"{e.Row}", Markup.Escape(e.Column), Markup.Escape(e.HouseholdNumber), Markup.Escape(e.Message));
        AnsiConsole.Write(table);
        if (errors.Count > ErrorsShown)
            AnsiConsole.MarkupLineInterpolated($"……另有{errors.Count - ErrorsShown}条 / … and {errors.Count - ErrorsShown} more");
    }
}
