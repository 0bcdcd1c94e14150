using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Cli.Tests.Audit;

/// <summary><c>jingzhun audit checkpoint</c> and <c>audit verify</c> on both engines, as an operator runs them.</summary>
[Collection("console")]
public sealed class AuditCommandTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("audit");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Verify_passes_against_the_checkpoints_then_reports_a_cut_off_tail_with_exit_code_3(string engine)
    {
        var db = await _cli.DatabaseAsync(engine);
        var key = _cli.PathOf("keys/audit.key");
        await _cli.SucceedsAsync("", "--db", db, "--audit-key", key, "demo", "--households", "30");
        await _cli.SucceedsAsync("", "--db", db, "--audit-key", key, "audit", "checkpoint");
        Assert.True(File.Exists(_cli.PathOf("keys/audit-checkpoints.jsonl")));
        await _cli.SucceedsAsync("", "--db", db, "--audit-key", key, "audit", "verify");
        Assert.Contains("matches all 2 checkpoints", _cli.Output); // the demo's year-ends wrote the first

        await using (var context = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
        {
            var last = await context.AuditEntries.MaxAsync(a => a.ChainIndex!.Value, Ct);
            await context.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"ChainIndex\" > {last - 2}", Ct);
        }
        Assert.Equal(3, await _cli.RunAsync("", "--db", db, "--audit-key", key, "audit", "verify"));
        Assert.Contains("审计日志链完整", _cli.Output); // the chain itself still holds together…
        Assert.Contains("tail was cut off", _cli.Output); // …but not with what the checkpoints recorded
        Assert.Contains("尾部被截断", _cli.Output);
        Assert.Equal(3, await _cli.RunAsync("", "--db", db, "--audit-key", key, "audit", "checkpoint"));
    }

    [Fact]
    public async Task Verify_with_another_key_reports_every_entry_and_checkpoint_as_unproven()
    {
        var db = await _cli.DatabaseAsync("sqlite");
        await _cli.SucceedsAsync("", "--db", db, "demo", "--households", "20");
        await _cli.SucceedsAsync("", "--db", db, "audit", "verify");
        Assert.True(File.Exists(_cli.PathOf("audit.key"))); // the default: beside the SQLite file
        await File.WriteAllTextAsync(_cli.PathOf("other.key"), Convert.ToBase64String(new byte[32]), Ct);
        Assert.Equal(3, await _cli.RunAsync("", "--db", db, "--audit-key", _cli.PathOf("other.key"), "--audit-checkpoints", _cli.PathOf("audit-checkpoints.jsonl"),
            "audit", "verify"));
        Assert.Contains("not sealed with this audit key", _cli.Output);
        Assert.Contains("fails its MAC", _cli.Output);
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
