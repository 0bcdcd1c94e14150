namespace Jingzhun.Cli.Tests;

/// <summary>Every import refuses a file that is not there before it opens (or creates) a database.</summary>
[Collection("console")] // standard error is process-wide
public sealed class MissingFileTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("missing");

    [Theory]
    [InlineData("households", "import")]
    [InlineData("accounts", "import")]
    [InlineData("regions", "import")]
    public async Task An_import_of_a_file_that_is_not_there_is_refused_without_touching_a_database(string area, string verb)
    {
        var db = _cli.PathOf("never.db");
        var missing = _cli.PathOf("no-such-file.xlsx");
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await _cli.RunAsync("", area, verb, missing, "--as", "admin", "--password-stdin", "--db", db);
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(1, code);
        Assert.Contains($"找不到文件 / file not found: {missing}", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
