using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Cli.Tests.Assistance;

/// <summary><c>jingzhun assistance cadres import</c> as a county officer, on both engines: a bad row writes nothing, --skip-invalid writes the good one.</summary>
[Collection("console")]
public sealed class RosterCommandTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("roster");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_roster_file_with_a_bad_row_writes_nothing_and_skip_invalid_writes_the_good_row(string engine)
    {
        var db = await _cli.DatabaseAsync(engine);
        await _cli.SucceedsAsync("", "demo", "--households", "40", "--seed", "7", "--db", db);
        var file = _cli.PathOf("花名册.csv");
        await File.WriteAllTextAsync(file, "姓名,工作单位,职务,联系电话,层级\n命令行甲,县农业农村局,科员,13800001111,县级\n命令行乙,县教育局,科员,12345,县级\n", Encoding.UTF8, Ct);

        Assert.Equal(1, await _cli.RunAsync("demo2025\n", "assistance", "cadres", "import", file, "--county", "990121", "--as", "village", "--password-stdin", "--db", db));
        Assert.Equal(2, await _cli.RunAsync("demo2025\n", "assistance", "cadres", "import", file, "--county", "990121", "--as", "county", "--password-stdin", "--db", db));
        Assert.Contains("联系电话", _cli.Output);
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.False(await read.Cadres.AnyAsync(c => c.Name.StartsWith("命令行"), Ct));

        await _cli.SucceedsAsync("demo2025\n", "assistance", "cadres", "import", file, "--county", "990121", "--skip-invalid", "--as", "county", "--password-stdin", "--db", db);
        Assert.Contains("导入完成", _cli.Output);
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.Equal(["命令行甲"], await read.Cadres.Where(c => c.Name.StartsWith("命令行")).Select(c => c.Name).ToListAsync(Ct));
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
