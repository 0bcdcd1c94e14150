using System.CommandLine;
using Jingzhun.Cli.Access;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Spectre.Console;

namespace Jingzhun.Cli.Assistance;

/// <summary>
/// <c>jingzhun assistance cadres import FILE --county CODE [--skip-invalid] --as USER</c>: a county's roster of assistance
/// cadres from an xlsx or CSV file, all or nothing unless --skip-invalid.
/// </summary>
public static class RosterCommands
{
    private const int ErrorsShown = 200;

    /// <summary>Adds <c>cadres</c> to the root's <c>assistance</c> command, making that command when no other part has yet.</summary>
    public static void AddTo(RootCommand root, TimeProvider clock)
    {
        var assistance = root.Subcommands.FirstOrDefault(c => c.Name == "assistance");
        if (assistance is null)
        {
            assistance = new Command("assistance", "精准帮扶 / assistance to households");
            root.Subcommands.Add(assistance);
        }
        assistance.Subcommands.Add(new Command("cadres", "帮扶责任人花名册 / the roster of assistance cadres") { Import(clock) });
    }

    private static Command Import(TimeProvider clock)
    {
        var file = CliOptions.ExistingFile("花名册文件（.xlsx 的第一张工作表，或 UTF-8 CSV；列：姓名、工作单位、职务、联系电话、层级，可选账号、结对户编号） / the roster file (first sheet of an .xlsx, or UTF-8 CSV; columns 姓名, 工作单位, 职务, 联系电话, 层级, optional 账号, 结对户编号)");
        var county = new Option<string?>("--county") { Description = "县级代码（6位） / the county code (6 digits)" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "跳过有错误的行，导入其余 / skip rows with errors and import the rest" };
        var import = new Command("import", "导入帮扶责任人花名册：每行新增一名在岗帮扶责任人，关联账号并与所列的户结对 / import a roster: each row adds a serving cadre, links the account and pairs the listed households")
            { file, county, skipInvalid };
        import.WithActor();
        import.SetGuardedAction(async (parseResult, ct) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var target = CliOptions.TargetOf(parseResult);
            var scope = await CliActor.ResolveAsync(parseResult, target, ct);
            if (scope is null) return CliOptions.Failed;
            await using var db = JingzhunDb.Create(target, scope, clock);
            var report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(parseResult.GetValue(county), parseResult.GetValue(skipInvalid)),
                Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime), ct);
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
                $"[green]导入完成 / roster imported[/] {report.CountyCode}: {report.Rows} 行 / rows, {report.Added} 新增 / added, {report.Linked} 关联账号 / linked, {report.Paired} 结对户 / paired, {report.Skipped} 跳过 / skipped");
            return CliOptions.Ok;
        });
        return import;
    }
}
