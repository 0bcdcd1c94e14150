using System.CommandLine;
using System.Globalization;
using Jingzhun.Bench;
using Jingzhun.Data.Database;
using Spectre.Console;

// jingzhun-bench: every scenario of issue 6 on one provider and size; each figure as a ratio against a limit measured in the same run.
var provider = new Option<string>("--provider") { Description = "sqlite 或 postgres / sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
var households = new Option<long>("--households") { Description = "户数 / number of households", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed") { Description = "随机种子 / seed", DefaultValueFactory = _ => 2014 };
var cities = new Option<int>("--cities") { Description = "示范省的市数（每市约9县） / cities of the synthetic province (about 9 counties each)", DefaultValueFactory = _ => 12 };
var pg = new Option<string?>("--pg")
{
    Description = "PostgreSQL 服务器连接串（需可建库；默认 JINGZHUN_TEST_PG） / PostgreSQL server, a user that may create databases (default: $JINGZHUN_TEST_PG)",
};
var output = new Option<string?>("--out") { Description = "结果 Markdown 文件 / write the results table (markdown) here" };
var work = new Option<string?>("--work") { Description = "工作目录（生成文件与 SQLite 库） / work folder for generated files and SQLite databases" };
var seconds = new Option<double>("--load-seconds") { Description = "每轮压测秒数 / seconds of each load run", DefaultValueFactory = _ => 10 };
var connections = new Option<int>("--connections") { Description = "压测并发连接数 / concurrent connections of the load runs", DefaultValueFactory = _ => 16 };
var samples = new Option<int>("--page-samples") { Description = "每个统计页面请求次数 / requests per statistics page", DefaultValueFactory = _ => 20 };
var client = new Option<string>("--load-client") { Description = "auto | wrk | dotnet", DefaultValueFactory = _ => "auto" };
var registry = new Option<string?>("--registry")
{
    Description = "使用已生成的示范省文件（同样的户数与种子），不再生成 / use interchange files already generated for the same size and seed " +
                  "(jingzhun demo --province --households N --output x.csv) instead of generating them",
};
var scenario = new Option<string>("--scenario")
{
    Description = "all：问题6的全部场景；feeds：仅部门数据比对（问题14）；rules：仅统计刷新与规则测算（问题19）；exchange：仅导入与导出（问题19，加 --keep 保留导入的库）；" +
                  "web：在 exchange 保留的库上测其余各项（--database）；writes：仅写入压测与浸泡测试（--database）；lookups：仅按户查询压测（--database） / all: every scenario of issue 6; feeds: department feed matching alone (issue 14); " +
                  "rules: the aggregate refresh and the what-if alone (issue 19); exchange: import and export alone (issue 19; --keep keeps the imported registry); " +
                  "web: the rest (statistics, rules, pages, lookups, write load, soak) on the registry an exchange run kept (--database); " +
                  "writes: the write load and the soak alone, on such a registry (--database); lookups: the household lookups alone, on such a registry (--database)",
    DefaultValueFactory = _ => "all",
};
var feedRows = new Option<long>("--feed-rows") { Description = "部门数据行数（feeds 场景） / rows of the department feed (feeds scenario)", DefaultValueFactory = _ => 10_000 };
var warningHouseholds = new Option<int>("--warning-households")
{
    Description = "预警场景演示县户数 / households of the demo county of the early-warning scenario (f.)", DefaultValueFactory = _ => 20_000,
};
var warningOnly = new Option<bool>("--early-warning-only") { Description = "只运行预警场景 / run only the early-warning scenario (f.)" };
var exportHouseholds = new Option<int>("--export-households") { Description = "导出场景县户数 / households of the county the export figures (i.) write", DefaultValueFactory = _ => 20_000 };
var writeUsers = new Option<int>("--write-users") { Description = "写入压测用户数 / signed-in users of the write load (g.)", DefaultValueFactory = _ => 200 };
var writeSeconds = new Option<double>("--write-seconds") { Description = "写入压测秒数 / seconds of the write load", DefaultValueFactory = _ => 60 };
var writeWarmup = new Option<double>("--write-warmup-seconds")
{
    Description = "写入压测前不计时的预热秒数（0 为冷启动） / seconds of the same load, untimed, before the write load (0: a cold host)",
    DefaultValueFactory = _ => 10,
};
var soakSeconds = new Option<double>("--soak-seconds") { Description = "浸泡测试秒数 / seconds of the soak (h.)", DefaultValueFactory = _ => 600 };
var database = new Option<string?>("--database")
{
    Description = "web 与 writes 场景：exchange --keep 保留的导入库（--db 值，同样的户数与种子）；rules 场景：已载入的库，不再载入 / for --scenario web and writes: the imported registry an exchange run kept " +
                  "(its --db value; the same --households and --seed); for --scenario rules: a registry loaded before (a rules --keep run's), not loaded again",
};
var rulesParts = new Option<string>("--rules-parts")
{
    Description = "rules 场景测哪几项：refresh、what-if 或 both / which figures --scenario rules takes: refresh, what-if or both",
    DefaultValueFactory = _ => "both",
};
var keep = new Option<bool>("--keep") { Description = "保留工作目录和数据库 / keep the work folder and databases" };
var noRawLoad = new Option<bool>("--no-raw-load")
{
    Description = "导入前不做原始批量载入（不测 a.，只要导入的库）/ import without the raw bulk load first: no figure a., only the imported registry",
};
var root = new RootCommand("精准扶贫基准测试 / Jingzhun benchmark scenarios (issue 6)")
{
    provider, households, seed, cities, pg, output, work, seconds, connections, samples, client, registry, keep, noRawLoad, scenario, feedRows, warningHouseholds, warningOnly, exportHouseholds,
    writeUsers, writeSeconds, writeWarmup, soakSeconds, database, rulesParts,
};
root.SetAction(async (parse, ct) =>
{
    DatabaseProvider engine;
    switch (parse.GetValue(provider)?.Trim().ToLowerInvariant())
    {
        case "sqlite": engine = DatabaseProvider.Sqlite; break;
        case "postgres" or "postgresql" or "pg": engine = DatabaseProvider.Postgres; break;
        default:
            AnsiConsole.MarkupLine("[red]--provider 应为 sqlite 或 postgres / --provider must be sqlite or postgres[/]");
            return 2;
    }
    var server = parse.GetValue(pg) ?? Environment.GetEnvironmentVariable("JINGZHUN_TEST_PG");
    if (engine == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(server))
    {
        AnsiConsole.MarkupLine("[red]PostgreSQL 需要 --pg 连接串 / PostgreSQL needs --pg \"Host=…;Username=…\"[/]");
        return 2;
    }
    if (parse.GetValue(households) < 100)
    {
        AnsiConsole.MarkupLine("[red]户数至少 100 / --households must be at least 100[/]");
        return 2;
    }
    if (parse.GetValue(registry) is { } file && !File.Exists(file))
    {
        AnsiConsole.MarkupLineInterpolated($"[red]找不到文件 / no such file: {file}[/]");
        return 2;
    }
    var scenarioName = parse.GetValue(scenario)?.Trim().ToLowerInvariant() ?? "all";
    if (scenarioName is not ("all" or "feeds" or "rules" or "exchange" or "web" or "writes" or "lookups"))
    {
        AnsiConsole.MarkupLineInterpolated($"[red]未知场景 / unknown --scenario {scenarioName}: all, feeds, rules, exchange, web, writes or lookups[/]");
        return 2;
    }
    if (scenarioName is "web" or "writes" or "lookups" ? parse.GetValue(database) is null : parse.GetValue(database) is not null && scenarioName != "rules")
    {
        AnsiConsole.MarkupLine("[red]--scenario web、writes 或 lookups 须用 --database，rules 可用，其余不可 / --scenario web, writes or lookups needs --database, rules may take one, the others take none[/]");
        return 2;
    }
    var parts = parse.GetValue(rulesParts)?.Trim().ToLowerInvariant() ?? "both";
    if (parts is not ("both" or "refresh" or "what-if"))
    {
        AnsiConsole.MarkupLineInterpolated($"[red]未知的 --rules-parts {parts}：refresh、what-if 或 both / unknown --rules-parts {parts}: refresh, what-if or both[/]");
        return 2;
    }
    var options = new BenchOptions
    {
        Provider = engine, Households = parse.GetValue(households), Seed = parse.GetValue(seed), Cities = parse.GetValue(cities), PostgresServer = server,
        OutputMarkdown = parse.GetValue(output), WorkDirectory = parse.GetValue(work), LoadSeconds = parse.GetValue(seconds),
        LoadConnections = parse.GetValue(connections), PageSamples = parse.GetValue(samples), LoadClient = parse.GetValue(client) ?? "auto",
        Keep = parse.GetValue(keep), NoRawLoad = parse.GetValue(noRawLoad), RegistryCsv = parse.GetValue(registry),
        Scenario = scenarioName, Database = parse.GetValue(database), RulesParts = parts, FeedRows = parse.GetValue(feedRows),
        WarningHouseholds = parse.GetValue(warningHouseholds), ExportHouseholds = parse.GetValue(exportHouseholds), EarlyWarningOnly = parse.GetValue(warningOnly),
        WriteUsers = parse.GetValue(writeUsers), WriteSeconds = parse.GetValue(writeSeconds), WriteWarmupSeconds = parse.GetValue(writeWarmup), SoakSeconds = parse.GetValue(soakSeconds),
        Log = line => AnsiConsole.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss}[/] {line}"),
    };
    BenchReport report;
    try
    {
        report = options.Scenario.Trim().ToLowerInvariant() switch
        {
            "feeds" => await Jingzhun.Bench.Scenarios.FeedScenario.RunAsync(options, ct),
            "rules" => await Jingzhun.Bench.Scenarios.RulesRefreshScenario.RunAsync(options, ct),
            _ => await BenchRunner.RunAsync(options, ct),
        };
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]基准测试失败 / benchmark failed:[/] {e.Message}");
        return 1;
    }
    // Captured output (CI logs) gets a wide table rather than one wrapped to 80 columns.
    if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
    var table = new Table().AddColumns("scenario", "figure", "value", "limit", "ratio", "goal", "pass");
    foreach (var f in report.Figures)
        table.AddRow(Markup.Escape(f.Scenario), Markup.Escape(f.Name), Markup.Escape(Figure.Format(f.Value, f.Unit)),
            Markup.Escape($"{f.LimitName}: {Figure.Format(f.Limit, f.Unit)}"), f.Ratio.ToString("0.###", CultureInfo.InvariantCulture),
            Markup.Escape(f.GoalText), f.Pass ? "[green]yes[/]" : "[red]no[/]");
    var m = report.Machine;
    table.Caption($"{m.Cores} cores, {m.RamGiB:0.#} GiB, {m.Os}, {m.Dotnet}, {m.Configuration}; {report.Provider}, {report.Households:#,0} households");
    AnsiConsole.Write(table);
    foreach (var n in report.Notes) AnsiConsole.MarkupLineInterpolated($"[grey]- {n}[/]");
    if (options.OutputMarkdown is { } path)
    {
        await File.WriteAllTextAsync(path, report.Markdown(), ct);
        AnsiConsole.MarkupLineInterpolated($"→ {path}");
    }
    // The run succeeded; goals missed are reported in the table, not as a failure of the harness.
    return 0;
});
return await root.Parse(args).InvokeAsync();
