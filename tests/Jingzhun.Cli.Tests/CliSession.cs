using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jingzhun.Cli.Tests;

/// <summary>
/// The command line run in-process as an operator would: databases made for the test (a SQLite file, or a new
/// PostgreSQL database on the server named by <c>JINGZHUN_TEST_PG</c>; the test skips without one), standard input
/// given, and what the command prints captured. Tests that use it belong to the "console" collection:
/// standard input and the console are process-wide.
/// </summary>
public sealed class CliSession(string prefix) : IAsyncDisposable
{
    public const string PostgresVariable = "JINGZHUN_TEST_PG";

    private readonly string _folder = Directory.CreateTempSubdirectory($"jingzhun-{prefix}-").FullName;
    private readonly List<string> _postgresDatabases = [];
    private StringWriter _output = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>What the last command printed.</summary>
    public string Output => _output.ToString();

    /// <summary>A --db value for the engine ("sqlite" or "postgres"): a new SQLite file, or a new PostgreSQL database.</summary>
    public async Task<string> DatabaseAsync(string engine)
    {
        if (engine == "sqlite") return PathOf($"{Guid.NewGuid():N}.db");
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server)) Assert.Skip($"set {PostgresVariable}=Host=127.0.0.1;Port=55432;Username=postgres to run PostgreSQL tests");
        var name = $"jz_{prefix}_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} STRATEGY FILE_COPY", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }
        _postgresDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Runs a command line with <paramref name="stdin"/> as standard input; what it prints is in <see cref="Output"/>.</summary>
    public async Task<int> RunAsync(string stdin, params string[] args)
    {
        _output = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(_output), Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 400; // no wrapping inside a printed password line
        Spectre.Console.AnsiConsole.Console = console;
        var previous = Console.In;
        Console.SetIn(new StringReader(stdin));
        try
        {
            return await Program.RunAsync(args);
        }
        finally
        {
            Console.SetIn(previous);
        }
    }

    /// <summary>Runs a command line that must succeed; a failure shows what it printed.</summary>
    public async Task SucceedsAsync(string stdin, params string[] args)
    {
        var code = await RunAsync(stdin, args);
        Assert.True(code == 0, $"jingzhun {string.Join(' ', args)} → {code}\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* left to the OS temp cleaner */ }
        if (_postgresDatabases.Count == 0) return;
        NpgsqlConnection.ClearAllPools();
        var server = Environment.GetEnvironmentVariable(PostgresVariable)!;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        foreach (var name in _postgresDatabases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
