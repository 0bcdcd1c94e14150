namespace Jingzhun.Cli.Tests.ScaleOut;

/// <summary><c>jingzhun scale-out coordinator</c>: the script for good shards, a refusal for bad ones.</summary>
public sealed class ScaleOutCommandTests
{
    [Fact]
    public async Task Coordinator_script_for_two_shards_returns_0()
    {
        Assert.Equal(0, await Program.RunAsync(["scale-out", "coordinator",
            "--shard", "east|Host=10.0.0.2;Database=jingzhun|990121,990122", "--shard", "west|Host=10.0.0.3;Database=jingzhun|990123"]));
    }

    [Theory]
    [InlineData("east|Host=10.0.0.2")]                    // no counties
    [InlineData("east|Host=10.0.0.2|9901")]              // not a county code
    [InlineData("ea st|Host=10.0.0.2|990121")]           // not an identifier
    public async Task A_malformed_shard_returns_1(string shard)
    {
        Assert.Equal(1, await Program.RunAsync(["scale-out", "coordinator", "--shard", shard]));
    }

    [Fact]
    public async Task Applying_to_a_SQLite_file_returns_1()
    {
        var db = Path.Combine(Path.GetTempPath(), $"jz-scale-{Guid.NewGuid():N}.db");
        Assert.Equal(1, await Program.RunAsync(["scale-out", "coordinator", "--shard", "east|Host=x|990121", "--apply", "--db", db]));
        Assert.False(File.Exists(db));
    }
}
