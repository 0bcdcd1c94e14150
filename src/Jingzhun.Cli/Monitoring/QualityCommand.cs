using System.CommandLine;
using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Spectre.Console;

namespace Jingzhun.Cli.Monitoring;

/// <summary>
/// <c>jingzhun monitoring quality [--year Y]</c>: the early warning's figures per discovery channel — signals, decided,
/// recognised, precision (recognised ÷ decided) and the median days from signal to decision — read from the database.
/// </summary>
public static class QualityCommand
{
    public static Command Create()
    {
        var year = new Option<int?>("--year") { Description = "只统计该年发出的信号 / signals raised in that year only" };
        var command = new Command("quality", "预警质量：各发现渠道的信号数、认定数、精确率与平均决定天数 / early-warning quality per discovery channel") { year };
        command.SetGuardedAction(async (parseResult, ct) =>
        {
            await using var db = JingzhunDb.Create(CliOptions.TargetOf(parseResult), AccessScope.System("cli"));
            var report = await EarlyWarningQuality.ComputeAsync(db, parseResult.GetValue(year), null, ct);
            AnsiConsole.Write(Table(report));
            AnsiConsole.Write(FieldsTable(report));
            return CliOptions.Ok;
        });
        return command;
    }

    /// <summary>The per-channel table, in both languages.</summary>
    public static Table Table(EarlyWarningReport report)
    {
        var table = new Table().Title(report.Year is { } y ? $"{y}年预警质量 / early-warning quality, {y}" : "预警质量 / early-warning quality")
            .AddColumns("渠道 / channel", "信号 / signals", "已决定 / decided", "已认定 / recognised", "精确率 / precision", "决定天数中位数 / median days to decision");
        if (report.TrueCases is not null) table.AddColumn("召回率 / recall");
        foreach (var row in report.Channels.Append(report.Overall))
        {
            var name = row.Channel is { } c ? $"{c.Chinese()} / {c.English()}" : "合计 / all channels";
            var cells = new List<string>
            {
                Markup.Escape(name), row.Signals.ToString(CultureInfo.InvariantCulture), row.Decided.ToString(CultureInfo.InvariantCulture),
                row.Recognised.ToString(CultureInfo.InvariantCulture), Ratio(row.Precision), row.MedianDaysToDecision?.ToString("0.#", CultureInfo.InvariantCulture) ?? "—",
            };
            if (report.TrueCases is not null) cells.Add(Ratio(row.Recall));
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>Collect once: fields filled in from the signals and fields typed per home visit.</summary>
    public static Table FieldsTable(EarlyWarningReport report)
    {
        var table = new Table().Title("入户核查表：预填与手工填写 / home visit form: filled in beforehand and typed")
            .AddColumns("案件 / cases", "入户核查 / visits", "平均预填项 / fields filled in per visit", "平均手工填写项 / fields typed per visit");
        foreach (var row in report.FieldsPerVisit)
            table.AddRow(row.WithDepartmentData ? "有部门数据 / with department data" : "无部门数据 / without department data",
                row.Visits.ToString(CultureInfo.InvariantCulture), Mean(row.Prefilled), Mean(row.Typed));
        return table;
    }

    private static string Mean(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    private static string Ratio(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "—";
}
