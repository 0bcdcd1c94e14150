using System.CommandLine;
using Jingzhun.Data.Funds;

namespace Jingzhun.Cli.Funds;

/// <summary>
/// <c>jingzhun funds projects import FILE --county CODE [--skip-invalid] --as USER</c> and <c>export --county CODE --out FILE</c>:
/// a county's project list in (each row proposed into the library) and out (with stage and budget).
/// </summary>
public static class ProjectCommands
{
    public static Command Create(TimeProvider clock)
    {
        var projects = new Command("projects", "县级项目库清单 / the county's project list");
        projects.Subcommands.Add(FundFileCommands.Import(clock,
            "项目清单（.xlsx 的第一张工作表，或 UTF-8 CSV；列：项目名称、类型、年度、所在村、建设内容、实施单位、负责人、计划开工、计划完工、受益人口、带贫机制、资金来源、金额、受益户） / the project list (first sheet of an .xlsx, or UTF-8 CSV)",
            "导入县的项目清单：每行作为村级申报的项目进入项目库 / import a county's project list: each row is proposed into the library",
            (db, path, options, ct) => ProjectImport.ImportAsync(db, path, options, clock.GetUtcNow().UtcDateTime, ct)));
        projects.Subcommands.Add(FundFileCommands.Export(clock, "导出县的项目库（含阶段和预算） / export a county's project list (with stage and budget)",
            (db, county, path, format, ct) => ProjectImport.ExportAsync(db, county, path, format, clock.GetUtcNow().UtcDateTime, ct: ct)));
        return projects;
    }
}
