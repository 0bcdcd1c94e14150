using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Cli.Tests.Regions;

/// <summary><c>jingzhun regions export|import FILE</c> on temporary SQLite files.</summary>
[Collection("console")]
public sealed class RegionCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jingzhun-regions-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Theory]
    [InlineData("regions.xlsx")]
    [InlineData("regions.csv")]
    public async Task Export_then_import_into_an_empty_database_copies_the_tree_and_a_second_import_changes_nothing(string name)
    {
        var source = PathOf("source.db");
        var copy = PathOf("copy.db");
        var file = PathOf(name);
        Assert.Equal(0, await Program.RunAsync(["--db", source, "demo", "--households", "20"]));
        Assert.Equal(0, await Program.RunAsync(["--db", copy, "db", "migrate"]));

        Assert.Equal(0, await Program.RunAsync(["regions", "export", file, "--db", source]));
        Assert.Equal(0, await Program.RunAsync(["regions", "import", file, "--db", copy]));
        var audit = await CountAsync(copy, c => c.AuditEntries.CountAsync(Ct));
        Assert.Equal(0, await Program.RunAsync(["regions", "import", file, "--db", copy]));

        Assert.Equal(await TreeAsync(source), await TreeAsync(copy));
        Assert.Equal(audit, await CountAsync(copy, c => c.AuditEntries.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_bad_file_returns_2_and_writes_nothing()
    {
        var db = PathOf("bad.db");
        Assert.Equal(0, await Program.RunAsync(["--db", db, "demo", "--households", "0"]));
        var file = PathOf("bad.csv");
        await File.WriteAllTextAsync(file, "区划代码,名称,级别,上级代码,生效日期\n990121001011,新村,村,990121001000,2014-01-01\n99012100101,坏村,村,990121001000,2014-01-01\n",
            new UTF8Encoding(true), Ct);
        var before = await CountAsync(db, c => c.Regions.CountAsync(Ct));

        Assert.Equal(2, await Program.RunAsync(["regions", "import", file, "--db", db]));

        Assert.Equal(before, await CountAsync(db, c => c.Regions.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_missing_file_returns_1()
    {
        Assert.Equal(1, await Program.RunAsync(["regions", "import", PathOf("none.csv"), "--db", PathOf("none.db")]));
    }

    private static async Task<string> TreeAsync(string path)
    {
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(path), AccessScope.System("test"));
        var rows = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ThenBy(r => r.ValidFrom)
            .Select(r => new { r.Code, r.Name, r.Level, r.ParentCode, r.IsPoorVillage, r.IsDeepPoverty, r.RuralPopulation, r.ValidFrom, r.ValidTo }).ToListAsync(Ct);
        return string.Join("\n", rows);
    }

    private static async Task<int> CountAsync(string path, Func<JingzhunDbContext, Task<int>> count)
    {
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(path), AccessScope.System("test"));
        return await count(db);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
