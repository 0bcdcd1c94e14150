using System.Text.Json.Nodes;
using Jingzhun.Data.Database;

namespace Jingzhun.Cli.Tests.Database;

/// <summary><c>jingzhun db backup</c> and <c>db restore</c>: the demo county restored into an empty database verifies and counts the same.</summary>
[Collection("console")]
public sealed class BackupRestoreTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("backup");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_backup_restored_into_an_empty_database_verifies_and_has_the_same_rows(string engine)
    {
        if (engine == "postgres" && (Backups.FindPostgresTool("pg_dump") is null || Backups.FindPostgresTool("pg_restore") is null))
            Assert.Skip("pg_dump/pg_restore not on PATH (nor under /usr/lib/postgresql): install the PostgreSQL client programs to run this test");
        var source = await _cli.DatabaseAsync(engine);
        var key = _cli.PathOf("keys/audit.key"); // source and restored database share the key, as an operator's do
        var backup = _cli.PathOf("backups/county.backup");
        await _cli.SucceedsAsync("", "--db", source, "--audit-key", key, "demo", "--households", "30");

        await _cli.SucceedsAsync("", "--db", source, "--audit-key", key, "db", "backup", backup);
        Assert.True(File.Exists(backup));
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(backup + ".manifest.json", Ct))!;
        Assert.Equal(30, (long)manifest["tables"]!["Households"]!);
        Assert.True((long)manifest["audit"]!["entries"]! > 0);

        var restored = await _cli.DatabaseAsync(engine);
        await _cli.SucceedsAsync("", "--db", restored, "--audit-key", key, "db", "restore", backup);
        Assert.DoesNotContain("✗", _cli.Output);
        Assert.Contains("审计日志链完整", _cli.Output);
        await _cli.SucceedsAsync("", "--db", restored, "--audit-key", key, "audit", "verify");

        // Not into a database that holds anything, unless asked to replace it.
        Assert.Equal(2, await _cli.RunAsync("", "--db", restored, "--audit-key", key, "db", "restore", backup));
        Assert.Contains("not empty", _cli.Output);
        await _cli.SucceedsAsync("", "--db", restored, "--audit-key", key, "db", "restore", backup, "--replace");
        Assert.Contains("--replace", _cli.Output);

        // A restore that does not hold what the manifest says it should fails, and says which table.
        manifest["tables"]!["Households"] = 31;
        await File.WriteAllTextAsync(backup + ".manifest.json", manifest.ToJsonString(), Ct);
        Assert.Equal(1, await _cli.RunAsync("", "--db", restored, "--audit-key", key, "db", "restore", backup, "--replace"));
        Assert.Contains("row counts differ", _cli.Output);
    }

    [Fact]
    public async Task Restore_without_a_manifest_fails_with_a_clear_message()
    {
        var target = await _cli.DatabaseAsync("sqlite");
        await File.WriteAllTextAsync(_cli.PathOf("lonely.backup"), "x", Ct);
        Assert.Equal(1, await _cli.RunAsync("", "--db", target, "db", "restore", _cli.PathOf("lonely.backup")));
        Assert.Contains("manifest", _cli.Output);
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
