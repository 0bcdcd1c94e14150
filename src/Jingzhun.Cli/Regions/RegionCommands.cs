using System.CommandLine;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Access;
using Spectre.Console;
using Jingzhun.Cli.Access;

namespace Jingzhun.Cli.Regions;

/// <summary><c>jingzhun regions export|import FILE</c>: the region table (区划表) as xlsx or CSV, the same format both ways.</summary>
public static class RegionCommands
{
    private const int ErrorsShown = 50;

    public static Command Create() =>
        new("regions", "区划表的导入导出 / import and export the region table") { Export(), Import() };

    private static Command Export()
    {
        var file = new Argument<string>("file") { Description = "输出文件（.xlsx 或 .csv） / output file (.xlsx or .csv)" };
        var format = new Option<string?>("--format") { Description = "csv 或 xlsx，省略时按文件扩展名 / csv or xlsx; inferred from the file extension when omitted" };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var command = new Command("export", "导出全部区划（含历史记录）和各年农村户籍人口 / export every region row, past ones included, with the rural population by year") { file, format };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var chosen = parseResult.GetValue(format) is { } f ? ExchangeFiles.Parse(f) : ExchangeFiles.FormatOf(path);
            if (chosen is null)
            {
                AnsiConsole.MarkupLine("[red]无法从扩展名判断格式，请用 --format csv|xlsx / cannot infer the format from the extension; use --format csv|xlsx[/]");
                return CliOptions.Failed;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var db = JingzhunDb.Create(CliOptions.TargetOf(parseResult), AccessScope.System("cli"));
            var rows = await RegionExporter.ExportAsync(db, path, chosen.Value, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]已导出{rows}行区划 / exported {rows} region rows[/] → {path}");
            return CliOptions.Ok;
        });
        return command;
    }

    private static Command Import()
    {
        var file = CliOptions.ExistingFile("区划表（.xlsx 的“区划”工作表，或 .csv） / the region table (sheet 区划 of an .xlsx, or a .csv)");
        var command = new Command("import", "导入区划表（按区划代码和生效日期新增或更新；有错误时不写入） / import the region table (upsert by code and valid-from; nothing is written if any row is bad)") { file };
        command.WithActor();
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            if (ExchangeFiles.FormatOf(path) is not { } format)
            {
                AnsiConsole.MarkupLine("[red]文件应为 .xlsx 或 .csv / the file must be .xlsx or .csv[/]");
                return CliOptions.Failed;
            }
            var target = CliOptions.TargetOf(parseResult);
            if (await CliActor.ResolveAsync(parseResult, target, ct) is not { } scope) return CliOptions.Failed;
            await using var db = JingzhunDb.Create(target, scope);
            var report = await RegionImporter.ImportAsync(db, path, format, ct);
            return Report(report);
        });
        return command;
    }

    private static int Report(RegionImportReport report)
    {
        if (report.Rejected)
        {
            var errors = new Table().AddColumns("表 / Table", "行 / Row", "列 / Column", "区划代码 / Code", "错误 / Error");
            foreach (var e in report.Errors.Take(ErrorsShown))
                errors.AddRow(Markup.Escape(e.Table), $"{e.Row}", Markup.Escape(e.Column), Markup.Escape(e.HouseholdNumber), Markup.Escape(e.Message));
            AnsiConsole.Write(errors);
            if (report.Errors.Count > ErrorsShown)
                AnsiConsole.MarkupLineInterpolated($"……另有{report.Errors.Count - ErrorsShown}条 / … and {report.Errors.Count - ErrorsShown} more");
            AnsiConsole.MarkupLineInterpolated($"[red]文件有{report.Errors.Count}处错误，未写入任何数据 / the file has {report.Errors.Count} errors; nothing was written[/]");
            return CliOptions.Rejected;
        }
        var table = new Table().AddColumns("", "区划 / Regions", "人口 / Populations");
        table.AddRow("新增 / created", $"{report.Created}", $"{report.PopulationsCreated}");
        table.AddRow("更新 / updated", $"{report.Updated}", $"{report.PopulationsUpdated}");
        table.AddRow("未变 / unchanged", $"{report.Unchanged}", "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[green]导入完成：{report.Rows}行 / import finished: {report.Rows} rows[/]");
        return CliOptions.Ok;
    }
}
