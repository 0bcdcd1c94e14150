using System.CommandLine;
using Jingzhun.Cli.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Funds;
using Spectre.Console;

namespace Jingzhun.Cli.Funds;

/// <summary>
/// <c>jingzhun funds payments import FILE --county CODE [--skip-invalid] --as USER</c> and <c>export --county CODE --out FILE</c>:
/// a county's payment records in and out as xlsx or CSV, all or nothing unless --skip-invalid.
/// </summary>
public static class PaymentCommands
{
    public static Command Create(TimeProvider clock)
    {
        var payments = new Command("payments", "资金支付明细 / payment records");
        payments.Subcommands.Add(FundFileCommands.Import(clock,
            "支付文件（.xlsx 的第一张工作表，或 UTF-8 CSV；列：支付日期、金额、类型、资金下达文号或资金编号、项目编号、户编号、收款人身份证号、收款人、用途、用途类别、凭证号） / the payment file (first sheet of an .xlsx, or UTF-8 CSV)",
            "导入县的资金支付明细：每行登记一笔支付 / import a county's payment records: each row records a payment",
            (db, path, options, ct) => PaymentImport.ImportAsync(db, path, options, Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime), ct)));
        payments.Subcommands.Add(FundFileCommands.Export(clock, "导出县的资金支付明细（含冲正） / export a county's payment records (reversals included)",
            (db, county, path, format, ct) => PaymentImport.ExportAsync(db, county, path, format, clock.GetUtcNow().UtcDateTime, ct: ct)));
        return payments;
    }
}

/// <summary>The import and export commands of the funds files, alike for payments and projects.</summary>
internal static class FundFileCommands
{
    private const int ErrorsShown = 200;

    public static Command Import(TimeProvider clock, string fileDescription, string description,
        Func<JingzhunDbContext, string, FundImportOptions, CancellationToken, Task<FundImportReport>> import)
    {
        var file = CliOptions.ExistingFile(fileDescription);
        var county = new Option<string?>("--county") { Description = "县级代码（6位） / the county code (6 digits)" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "跳过有错误的行，导入其余 / skip rows with errors and import the rest" };
        var command = new Command("import", description) { file, county, skipInvalid };
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var target = CliOptions.TargetOf(parseResult);
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            await using var db = JingzhunDb.Create(target, scope, clock);
            FundImportReport report;
            try
            {
                report = await import(db, path, new FundImportOptions(parseResult.GetValue(county), parseResult.GetValue(skipInvalid)), ct);
            }
            catch (FundInputException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Text.Chinese} / {e.Text.English}[/]");
                return CliOptions.Failed;
            }
            if (report.Errors.Count > 0)
            {
                var table = new Table().AddColumns("行 / Row", "列 / Column", "错误 / Error");
                foreach (var e in report.Errors.Take(ErrorsShown)) table.AddRow($"{e.Row}", Markup.Escape(e.Column), Markup.Escape(e.Message));
                AnsiConsole.Write(table);
                if (report.Errors.Count > ErrorsShown)
                    AnsiConsole.MarkupLineInterpolated($"……另有{report.Errors.Count - ErrorsShown}条 / … and {report.Errors.Count - ErrorsShown} more");
            }
            if (report.Rejected)
            {
                AnsiConsole.MarkupLine("[red]文件有错误，未写入任何数据（可用 --skip-invalid 跳过有错误的行） / the file has errors; nothing was written (use --skip-invalid to skip the bad rows)[/]");
                return CliOptions.Rejected;
            }
            AnsiConsole.MarkupLineInterpolated(
                $"[green]导入完成 / imported[/] {report.CountyCode}: {report.Rows} 行 / rows, {report.Added} 写入 / written, {report.Skipped} 跳过 / skipped, {report.Amount:0.00} 元 / yuan");
            return CliOptions.Ok;
        });
        return command;
    }

    public static Command Export(TimeProvider clock, string description,
        Func<JingzhunDbContext, string, string, ExchangeFormat, CancellationToken, Task<int>> export)
    {
        var county = new Option<string>("--county") { Description = "县级代码（6位） / the county code (6 digits)", Required = true };
        var output = new Option<string>("--out", "-o", "--output") { Description = "输出文件（.xlsx 或 .csv） / output file (.xlsx or .csv)", Required = true };
        var command = new Command("export", description) { county, output };
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(output)!);
            if (ExchangeFiles.FormatOf(path) is not { } format)
            {
                AnsiConsole.MarkupLine("[red]输出应为 .xlsx 或 .csv / the output must be .xlsx or .csv[/]");
                return CliOptions.Failed;
            }
            var target = CliOptions.TargetOf(parseResult);
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            await using var db = JingzhunDb.Create(target, scope, clock);
            int rows;
            try
            {
                rows = await export(db, parseResult.GetValue(county)!, path, format, ct);
            }
            catch (FundInputException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Text.Chinese} / {e.Text.English}[/]");
                return CliOptions.Failed;
            }
            AnsiConsole.MarkupLineInterpolated($"[green]已导出{rows}行 / exported {rows} rows[/] → {path}");
            return CliOptions.Ok;
        });
        return command;
    }
}
