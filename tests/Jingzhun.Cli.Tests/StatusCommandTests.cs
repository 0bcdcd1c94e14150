using Jingzhun.Cli;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Jingzhun.Cli.Registry;

namespace Jingzhun.Cli.Tests;

/// <summary>
/// Status only through cases, on the command line: every command of the registry group, and every import
/// mode (plain, --skip-invalid, --initial-load, --initial-load as a township officer), leaves a registered
/// household's status and the status history as they were; only an initial load by a county officer (or
/// the operator) brings households in, with their recorded status marked as the initial load.
/// </summary>
[Collection("console")]
public sealed class StatusCommandTests : IDisposable
{
    private const string Refused = "户状态只能通过识别、退出或回头看程序改变";
    private readonly string _folder = Directory.CreateTempSubdirectory("jingzhun-cli-status-").FullName;
    private string PathOf(string name) => Path.Combine(_folder, name);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_registry_command_changes_a_status_and_an_initial_load_is_for_county_officers()
    {
        // The registry group's commands, all of them: a new one must be tried here.
        var commands = HouseholdCommands.Create(TimeProvider.System).Subcommands.Select(c => c.Name).Order().ToList();
        Assert.Equal(["export", "generate", "import", "raw-load"], commands);
        var import = HouseholdCommands.Create(TimeProvider.System).Subcommands.Single(c => c.Name == "import");
        Assert.Contains(import.Options, o => o.Name == "--initial-load");
        Assert.Contains(import.Options, o => o.Name == "--as");

        var db = PathOf("county.db");
        var file = PathOf("registry.xlsx");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "30", "--seed", "7"]));
        Assert.Equal(0, await Program.RunAsync(["households", "export", "-o", file, "--db", db]));
        var changed = PathOf("changed.xlsx");
        File.Copy(file, changed);
        var index = Change(changed, "户", h => (string)h["户状态"]! == "已脱贫", "户状态", "贫困户");
        var before = await StateAsync(db);

        // Plain import: rejected, the message at the status cell, nothing written.
        Assert.Equal(2, await Program.RunAsync(["households", "import", changed, "--db", db]));
        var errors = await File.ReadAllTextAsync(changed + ".errors.csv", Ct);
        Assert.Contains($"户,{index + 2},户状态", errors);
        Assert.Contains(Refused, errors);
        Assert.Equal(before, await StateAsync(db));
        // With --skip-invalid: the household is skipped, still reported; the rest goes in unchanged.
        Assert.Equal(0, await Program.RunAsync(["households", "import", changed, "--skip-invalid", "--db", db]));
        Assert.Contains(Refused, await File.ReadAllTextAsync(changed + ".errors.csv", Ct));
        Assert.Equal(before, await StateAsync(db));
        // With --initial-load: the household is already registered and keeps its status.
        Assert.Equal(2, await Program.RunAsync(["households", "import", changed, "--initial-load", "--db", db]));
        Assert.Equal(before, await StateAsync(db));
        // As a township officer: an initial load is refused whatever the file.
        Assert.Equal(2, await WithStdinAsync("demo2025", () => Program.RunAsync(["households", "import", file, "--initial-load", "--as", "township", "--password-stdin", "--db", db])));
        Assert.Contains("首次导入只能由县级及以上扶贫干部或系统管理员执行", await File.ReadAllTextAsync(file + ".errors.csv", Ct));
        Assert.Equal(before, await StateAsync(db));
        // A new number outside an initial load is refused, pointing to the page.
        var unknown = PathOf("unknown.xlsx");
        File.Copy(file, unknown);
        Change(unknown, "户", _ => true, "户编号", "9901210010019876");
        Assert.Equal(2, await Program.RunAsync(["households", "import", unknown, "--db", db]));
        Assert.Contains("新户请在", await File.ReadAllTextAsync(unknown + ".errors.csv", Ct));
        Assert.Equal(before, await StateAsync(db));
        // The unchanged export goes in and changes nothing; the read-only commands change nothing; raw-load refuses a registry that has households.
        Assert.Equal(0, await Program.RunAsync(["households", "import", file, "--db", db]));
        Assert.Equal(0, await Program.RunAsync(["households", "export", "--format", "csv", "-o", PathOf("r.csv"), "--db", db]));
        Assert.Equal(0, await Program.RunAsync(["households", "generate", "--households", "10", "-o", PathOf("g.csv")]));
        Assert.NotEqual(0, await Program.RunAsync(["households", "raw-load", PathOf("g.csv"), "--db", db]));
        Assert.Equal(before, await StateAsync(db));

        // A county officer's initial load into an empty registry: as recorded, once.
        var fresh = PathOf("fresh.db");
        Assert.Equal(0, await Program.RunAsync(["--db", fresh, "demo", "--households", "0"]));
        Assert.Equal(0, await WithStdinAsync("demo2025", () => Program.RunAsync(["households", "import", file, "--initial-load", "--as", "county", "--password-stdin", "--db", fresh])));
        var loaded = await StateAsync(fresh);
        Assert.Equal(Households(before), Households(loaded));
        await using (var check = JingzhunDb.Create(DatabaseTarget.Parse(fresh), AccessScope.System("test")))
        {
            Assert.True(await check.StatusChanges.CountAsync(Ct) > 0);
            Assert.False(await check.StatusChanges.AnyAsync(s => s.Source != StatusChangeSource.InitialLoad || s.Actor != "county", Ct));
        }
        Assert.Equal(0, await WithStdinAsync("demo2025", () => Program.RunAsync(["households", "import", file, "--initial-load", "--as", "county", "--password-stdin", "--db", fresh])));
        Assert.Equal(loaded, await StateAsync(fresh));
    }

    private static string Households(string state) => state.Split("\n--\n")[0];

    private static async Task<int> WithStdinAsync(string input, Func<Task<int>> run)
    {
        var saved = Console.In;
        Console.SetIn(new StringReader(input + "\n"));
        try { return await run(); }
        finally { Console.SetIn(saved); }
    }

    /// <summary>Changes a cell of the first row that matches; returns the row's index.</summary>
    private static int Change(string file, string sheet, Func<Dictionary<string, object?>, bool> row, string column, object value)
    {
        var sheets = MiniExcel.GetSheetNames(file).ToDictionary(s => s, s => MiniExcel.Query(file, useHeaderRow: true, sheetName: s)
            .Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList());
        var index = sheets[sheet].FindIndex(r => row(r));
        sheets[sheet][index][column] = value;
        MiniExcel.SaveAs(file, sheets.ToDictionary(s => s.Key, object (s) => s.Value), overwriteFile: true);
        return index;
    }

    /// <summary>Every household's number, status and years, then the status history.</summary>
    private static async Task<string> StateAsync(string path)
    {
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(path), AccessScope.System("test"));
        var households = await db.Households.OrderBy(h => h.Number).Select(h => $"{h.Number}|{h.Status}|{h.StatusYear}|{h.IdentifiedYear}").ToListAsync(Ct);
        var history = await db.StatusChanges.OrderBy(s => s.Id).Select(s => $"{s.Id}|{s.HouseholdId}|{s.To}|{s.Year}|{s.Source}").ToListAsync(Ct);
        return string.Join("\n", households) + "\n--\n" + string.Join("\n", history);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* left to the OS temp cleaner */ }
    }
}
