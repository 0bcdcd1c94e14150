using Jingzhun.Cli;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Cli.Tests;

/// <summary>
/// The command line run in-process against temporary SQLite files. All in one class so that they
/// run one at a time: progress bars are live displays on the one console, and two at once are refused.
/// </summary>
[Collection("console")] // one live display at a time: the year-end commands share the console
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jingzhun-cli-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Db_migrate_creates_the_database_file()
    {
        var db = PathOf("data/new.db");

        Assert.Equal(0, await Program.RunAsync(["db", "migrate", "--db", db]));

        Assert.True(File.Exists(db));
        Assert.Equal(0, await CountAsync(db, c => c.Households.CountAsync(Ct)));
    }

    [Fact]
    public async Task Demo_seeds_the_requested_households_and_the_demo_accounts()
    {
        var db = PathOf("demo.db");

        Assert.Equal(0, await Program.RunAsync(["demo", "--households", "200", "--seed", "7", "--db", db]));

        Assert.Equal(200, await CountAsync(db, c => c.Households.CountAsync(Ct)));
        Assert.Equal(Data.Access.DemoAccounts.All.Count, await CountAsync(db, c => c.Accounts.CountAsync(Ct)));
    }

    [Fact]
    public async Task Demo_province_writes_the_same_interchange_files_for_the_same_seed_and_they_import()
    {
        Assert.Equal(0, await Program.RunAsync(["demo", "--province", "--households", "300", "--seed", "3", "--output", PathOf("a/registry.csv")]));
        Assert.Equal(0, await Program.RunAsync(["demo", "--province", "--households", "300", "--seed", "3", "--output", PathOf("b/registry.csv")]));

        foreach (var name in new[] { "registry.csv", "registry.members.csv", "registry.incomes.csv" })
            Assert.Equal(await File.ReadAllBytesAsync(PathOf("a/" + name), Ct), await File.ReadAllBytesAsync(PathOf("b/" + name), Ct));
        Assert.Equal(301, File.ReadLines(PathOf("a/registry.csv")).Count());

        // The files are an import file like any export: into a registry holding the province's regions.
        var db = PathOf("province.db");
        var target = DatabaseTarget.Parse(db);
        await JingzhunDb.MigrateAsync(target, Ct);
        await Data.Demo.ProvinceSeeder.SeedRegionsAsync(target, new Domain.Demo.ProvinceGenerator(new Domain.Demo.ProvinceOptions(300, Seed: 3)), Ct);
        Assert.Equal(0, await Program.RunAsync(["households", "import", PathOf("a/registry.csv"), "--initial-load", "--db", db]));
        Assert.Equal(300, await CountAsync(db, c => c.Households.CountAsync(Ct)));
        Assert.Equal(File.ReadLines(PathOf("a/registry.members.csv")).Count() - 1, await CountAsync(db, c => c.Members.CountAsync(Ct)));
    }

    [Fact]
    public async Task Demo_output_without_province_is_refused()
    {
        Assert.Equal(1, await Program.RunAsync(["demo", "--households", "10", "--output", PathOf("x.csv"), "--db", PathOf("x.db")]));
        Assert.False(File.Exists(PathOf("x.csv")));
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_database_returns_0_and_copies_the_registry()
    {
        var source = PathOf("source.db");
        var copy = PathOf("copy.db");
        var file = PathOf("registry.xlsx");
        Assert.Equal(0, await Program.RunAsync(["--db", source, "demo", "--households", "200", "--seed", "7"]));
        Assert.Equal(0, await Program.RunAsync(["--db", copy, "demo", "--households", "0"]));

        Assert.Equal(0, await Program.RunAsync(["households", "export", "--output", file, "--db", source]));
        Assert.Equal(0, await Program.RunAsync(["households", "import", file, "--initial-load", "--db", copy]));

        Assert.Equal(200, await CountAsync(copy, c => c.Households.CountAsync(Ct)));
        Assert.Equal(await CountAsync(source, c => c.Members.CountAsync(Ct)), await CountAsync(copy, c => c.Members.CountAsync(Ct)));
        Assert.False(File.Exists(file + ".errors.csv"));
    }

    [Fact]
    public async Task Export_as_csv_writes_the_three_files()
    {
        var source = PathOf("source.db");
        Assert.Equal(0, await Program.RunAsync(["--db", source, "demo", "--households", "20"]));

        Assert.Equal(0, await Program.RunAsync(["households", "export", "--format", "csv", "--output", PathOf("r.csv"), "--db", source]));

        Assert.True(File.Exists(PathOf("r.csv")) && File.Exists(PathOf("r.members.csv")) && File.Exists(PathOf("r.incomes.csv")));
    }

    [Fact]
    public async Task Import_of_a_bad_file_returns_2_writes_the_errors_file_and_writes_no_household()
    {
        var source = PathOf("source.db");
        var target = PathOf("target.db");
        var file = PathOf("registry.xlsx");
        Assert.Equal(0, await Program.RunAsync(["--db", source, "demo", "--households", "30"]));
        Assert.Equal(0, await Program.RunAsync(["--db", target, "demo", "--households", "0"]));
        Assert.Equal(0, await Program.RunAsync(["households", "export", "-o", file, "--db", source]));
        Corrupt(file, "户", 0, "住房面积", "很大");

        Assert.Equal(2, await Program.RunAsync(["households", "import", file, "--initial-load", "--db", target]));

        var errors = await File.ReadAllLinesAsync(file + ".errors.csv", Ct);
        Assert.Equal(2, errors.Length);
        Assert.Contains("住房面积", errors[1]);
        Assert.StartsWith("户,2,", errors[1]);
        Assert.Equal(0, await CountAsync(target, c => c.Households.CountAsync(Ct)));

        Assert.Equal(0, await Program.RunAsync(["households", "import", file, "--skip-invalid", "--initial-load", "--db", target]));
        Assert.Equal(29, await CountAsync(target, c => c.Households.CountAsync(Ct)));
    }

    [Fact]
    public async Task Import_of_an_ods_or_a_number_damaged_workbook_returns_2_with_one_clear_error_and_writes_nothing()
    {
        var source = PathOf("source.db");
        var target = PathOf("target.db");
        var file = PathOf("registry.xlsx");
        Assert.Equal(0, await Program.RunAsync(["--db", source, "demo", "--households", "10"]));
        Assert.Equal(0, await Program.RunAsync(["--db", target, "demo", "--households", "0"]));
        Assert.Equal(0, await Program.RunAsync(["households", "export", "-o", file, "--db", source]));

        // A LibreOffice .ods file: refused by its kind, saying how to save it as .xlsx.
        var ods = PathOf("registry.ods");
        File.Copy(file, ods);
        Assert.Equal(2, await Program.RunAsync(["households", "import", ods, "--db", target]));
        var errors = await File.ReadAllLinesAsync(ods + ".errors.csv", Ct);
        Assert.Equal(2, errors.Length);
        Assert.Contains("LibreOffice", errors[1]);

        // Resident IDs typed into number cells: one error for the column, even when skipping invalid households.
        var rows = MiniExcel.Query(file, useHeaderRow: true, sheetName: "成员").Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();
        foreach (var row in rows.Where(r => !((string)r["身份证号"]!).EndsWith('X')))
            row["身份证号"] = double.Parse((string)row["身份证号"]!, System.Globalization.CultureInfo.InvariantCulture);
        var sheets = MiniExcel.GetSheetNames(file).ToDictionary(s => s, s => (object)(s == "成员" ? rows
            : MiniExcel.Query(file, useHeaderRow: true, sheetName: s).Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList()));
        var damaged = PathOf("damaged.xlsx");
        MiniExcel.SaveAs(damaged, sheets);
        Assert.Equal(2, await Program.RunAsync(["households", "import", damaged, "--skip-invalid", "--db", target]));
        errors = await File.ReadAllLinesAsync(damaged + ".errors.csv", Ct);
        Assert.Equal(2, errors.Length);
        Assert.Contains("设置单元格格式→文本", errors[1]);
        Assert.Equal(0, await CountAsync(target, c => c.Households.CountAsync(Ct)));
    }

    [Fact]
    public async Task Import_killed_halfway_is_finished_by_running_it_again()
    {
        var file = PathOf("generated.csv");
        var clean = PathOf("clean.db");
        var target = PathOf("target.db");
        Assert.Equal(0, await Program.RunAsync(["households", "generate", "--households", "6000", "--seed", "3", "-o", file]));
        Assert.Equal(0, await Program.RunAsync(["--db", clean, "demo", "--households", "0"]));
        Assert.Equal(0, await Program.RunAsync(["--db", target, "demo", "--households", "0"]));
        Assert.Equal(0, await Program.RunAsync(["households", "import", file, "--initial-load", "--chunk-size", "500", "--db", clean]));

        // A separate process, killed as soon as some chunks are in: a crash or a kill -9 halfway.
        using (var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
                   [CliAssembly(), "households", "import", file, "--initial-load", "--chunk-size", "500", "--db", target]) { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            _ = process.StandardOutput.ReadToEndAsync(Ct);
            _ = process.StandardError.ReadToEndAsync(Ct);
            // Watched over one plain connection every few milliseconds: the households' chunks follow each other within
            // tens of milliseconds, and a context made for each look (as before) could miss them all and see 6,000.
            await using var watch = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
            await watch.OpenAsync(Ct);
            await using var count = watch.CreateCommand();
            count.CommandText = "SELECT count(*) FROM \"Households\"";
            long written = 0;
            while (!process.HasExited && written == 0)
            {
                await Task.Delay(2, Ct);
                written = (long)(await count.ExecuteScalarAsync(Ct))!;
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
        SqliteConnection.ClearAllPools();
        var partial = await CountAsync(target, c => c.Households.CountAsync(Ct));
        Assert.InRange(partial, 500, 5_999);
        Assert.Equal(0, partial % 500);

        Assert.Equal(0, await Program.RunAsync(["households", "import", file, "--initial-load", "--chunk-size", "500", "--db", target]));

        Assert.Equal(await ContentAsync(clean), await ContentAsync(target));
    }

    /// <summary>The command line's own build beside this test project's: src/Jingzhun.Cli/bin/…/jingzhun.dll.</summary>
    private static string CliAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Jingzhun.slnx"))) dir = dir.Parent;
        var build = new DirectoryInfo(AppContext.BaseDirectory); // …/bin/<Configuration>/<framework>/
        return Path.Combine(dir!.FullName, "src", "Jingzhun.Cli", "bin", build.Parent!.Name, build.Name, "jingzhun.dll");
    }

    /// <summary>Counts and a checksum over the columns of households, members, incomes and status history.</summary>
    private static async Task<string> ContentAsync(string path)
    {
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(path), AccessScope.System("test"));
        var households = await db.Households.OrderBy(h => h.Number)
            .Select(h => $"{h.Number}|{h.VillageCode}|{h.Status}|{h.StatusYear}|{h.HousingAreaM2}|{h.Phone}|{h.Version}").ToListAsync(Ct);
        var members = await db.Members.OrderBy(m => m.ResidentId)
            .Select(m => $"{m.Household!.Number}|{m.ResidentId}|{m.Name}|{m.Relation}|{m.MigrantWorkMonths}|{m.Version}").ToListAsync(Ct);
        var incomes = await db.Incomes.OrderBy(i => i.Household!.Number).ThenBy(i => i.Year)
            .Select(i => $"{i.Household!.Number}|{i.Year}|{i.Wages}|{i.ProductionCosts}").ToListAsync(Ct);
        var history = await db.StatusChanges.CountAsync(Ct);
        var text = string.Join("\n", households.Concat(members).Concat(incomes));
        return $"{households.Count}/{members.Count}/{incomes.Count}/{history} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))}";
    }

    [Fact]
    public async Task Import_of_a_missing_file_returns_1()
    {
        Assert.Equal(1, await Program.RunAsync(["households", "import", PathOf("nothing.xlsx"), "--db", PathOf("x.db")]));
    }

    [Fact]
    public async Task Audit_verify_passes_on_an_untouched_database_and_names_an_entry_edited_behind_its_back()
    {
        var db = PathOf("audit.db");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "40"]));
        Assert.Equal(0, await Program.RunAsync(["--db", db, "audit", "verify"]));

        long victim;
        await using (var context = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
        {
            victim = await context.AuditEntries.OrderBy(a => a.ChainIndex).Skip(2).Select(a => a.Id).FirstAsync(TestContext.Current.CancellationToken);
            await context.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Actor\" = 'someone else' WHERE \"Id\" = {victim}", TestContext.Current.CancellationToken);
        }
        var output = new StringWriter();
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) });
        Assert.Equal(3, await Program.RunAsync(["--db", db, "audit", "verify"]));
        Assert.Contains($"entry id = {victim}", output.ToString());
    }

    private static void Corrupt(string file, string sheet, int index, string column, object value)
    {
        var sheets = MiniExcel.GetSheetNames(file).ToDictionary(s => s, s => MiniExcel.Query(file, useHeaderRow: true, sheetName: s)
            .Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList());
        sheets[sheet][index][column] = value;
        MiniExcel.SaveAs(file, sheets.ToDictionary(s => s.Key, object (s) => s.Value), overwriteFile: true);
    }

    private static async Task<int> CountAsync(string path, Func<JingzhunDbContext, Task<int>> count)
    {
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(path), AccessScope.System("test"));
        return await count(db);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* left to the OS temp cleaner */ }
    }
}
