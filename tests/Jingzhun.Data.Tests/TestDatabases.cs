using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Demo;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jingzhun.Data.Tests;

/// <summary>
/// Real databases for tests: a SQLite file in a temporary folder, or a fresh PostgreSQL database
/// on the server named by <c>JINGZHUN_TEST_PG</c> (created for the test and dropped after it).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "JINGZHUN_TEST_PG";

    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseTarget target, string? server = null, string? name = null)
    {
        Target = target;
        _postgresServer = server;
        _postgresName = name;
    }

    public DatabaseTarget Target { get; }

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider, TestFolder folder, string name) =>
        provider == DatabaseProvider.Postgres ? PostgresAsync() : Task.FromResult(Sqlite(folder, name));

    public static TestDatabase Sqlite(TestFolder folder, string name) => new(DatabaseTarget.Parse(folder.File(name + ".db")));

    /// <summary>A new, empty PostgreSQL database; skips the test when no server is configured.</summary>
    public static async Task<TestDatabase> PostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
            Assert.Skip($"set {PostgresVariable}=Host=127.0.0.1;Port=55432;Username=postgres to run PostgreSQL tests");
        var name = "jz_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} STRATEGY FILE_COPY", connection);
            await create.ExecuteNonQueryAsync();
        }
        var target = DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        return new TestDatabase(target, server, name);
    }

    /// <summary>Migrated, with the demo county's regions and no household: what an import needs.</summary>
    public Task<TestDatabase> WithRegionsAsync() => WithDemoAsync(new DemoOptions(Households: 0));

    public Task<TestDatabase> WithDemoAsync(int households, int seed = 7) => WithDemoAsync(new DemoOptions(households, seed));

    /// <summary>Migrated and seeded with the demo: a copy of a seeded template (<see cref="SeededTemplates"/>) where it can be.</summary>
    public async Task<TestDatabase> WithDemoAsync(DemoOptions options)
    {
        // On PostgreSQL the empty database made for the test is replaced by the copy (nobody has opened it yet).
        var template = await SeededTemplates.ForAsync(Target.Provider, options, _postgresServer);
        if (await SeededTemplates.CopyAsync(template, Target)) return this;
        await JingzhunDb.MigrateAsync(Target);
        await DemoSeeder.SeedAsync(Target, options);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is null)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgresServer) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("jingzhun-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* a file still open on a slow disk; the OS cleans temp */ }
    }
}
