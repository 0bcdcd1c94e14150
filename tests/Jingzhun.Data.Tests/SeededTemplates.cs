using System.Collections.Concurrent;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Demo;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jingzhun.Data.Tests;

/// <summary>
/// Seeded demo databases kept as templates. Seeding the demo county takes seconds even for twenty households (its
/// assistance, funds, assessments, designations and census are written through the audited context), the suite seeds
/// well over a hundred, and a demo seeded with the same options is the same rows. So the first test that asks for a kind
/// (engine and options) seeds it once into a template, and every test gets a copy: the file on SQLite, with the audit key
/// it was sealed with (all SQLite templates share one folder, so one key), and <c>CREATE DATABASE … TEMPLATE</c> on
/// PostgreSQL, whose test databases share the process's key file anyway. Templates are built without the asking test's
/// cancellation, since other tests wait on them. The SQLite ones are removed when the process ends; the PostgreSQL ones by
/// the next run, which drops those whose process is gone (dropping a database forces a checkpoint: a dozen of them at exit
/// would hold the process past the test runner's ten seconds for it to end).
/// </summary>
internal static class SeededTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Built = new();
    private static readonly string Folder = Directory.CreateTempSubdirectory("jingzhun-templates-").FullName;
    private static Task? _staleDropped;
    private const string PostgresPrefix = "jzt_";

    static SeededTemplates() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteSqliteTemplates();

    /// <summary>The template's file (SQLite) or database name (PostgreSQL) for a demo seeded with these options.</summary>
    public static Task<string> ForAsync(DatabaseProvider provider, DemoOptions options, string? postgresServer) =>
        Built.GetOrAdd($"{provider}|{options}", key => new Lazy<Task<string>>(() => Task.Run(() => provider == DatabaseProvider.Sqlite
            ? BuildSqliteAsync(options, Built.Count)
            : BuildPostgresAsync(options, postgresServer!)))).Value;

    /// <summary>
    /// Makes the target a copy of the template, with the audit key the template was sealed with at the target's key file;
    /// false (nothing copied, the caller seeds its own) when the SQLite file exists or a different key is already there
    /// (another database of the folder sealed its log first). On PostgreSQL the target's database is replaced.
    /// </summary>
    public static async Task<bool> CopyAsync(string template, DatabaseTarget target)
    {
        var postgres = target.Provider == DatabaseProvider.Postgres;
        var source = postgres ? DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = template }.ConnectionString)
                              : DatabaseTarget.Parse(template);
        if (!postgres && File.Exists(target.SqliteFile)) return false;
        var key = target.AuditKeyFile;
        if (File.Exists(key) && !File.ReadAllBytes(key).SequenceEqual(File.ReadAllBytes(source.AuditKeyFile))) return false;
        if (!File.Exists(key)) File.Copy(source.AuditKeyFile, key);
        if (postgres) await CopyPostgresAsync(target.ConnectionString, template, new NpgsqlConnectionStringBuilder(target.ConnectionString).Database!);
        else File.Copy(template, target.SqliteFile!);
        return true;
    }

    private static async Task<string> BuildSqliteAsync(DemoOptions options, int number)
    {
        var file = Path.Combine(Folder, $"template-{number}-{Guid.NewGuid():N}.db");
        var target = DatabaseTarget.Parse(file);
        await JingzhunDb.MigrateAsync(target);
        await DemoSeeder.SeedAsync(target, options);
        // Closed and checkpointed: the one file holds every row (the database stays in WAL mode for its copies).
        SqliteConnection.ClearPool(new SqliteConnection(target.ConnectionString));
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder(target.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        return file;
    }

    private static async Task<string> BuildPostgresAsync(DemoOptions options, string server)
    {
        await LazyInitializer.EnsureInitialized(ref _staleDropped, () => DropStaleAsync(server));
        var name = $"{PostgresPrefix}{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync(server, $"CREATE DATABASE {name} STRATEGY FILE_COPY");
        var target = DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        await JingzhunDb.MigrateAsync(target);
        await DemoSeeder.SeedAsync(target, options);
        // A template may have no session open while it is copied: the seeding's pooled ones (whose pool key is the data
        // layer's own connection string) are ended, and no new one may connect, autovacuum's included.
        await ExecuteAsync(server, $"ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        return name;
    }

    /// <summary>
    /// Creates <paramref name="name"/> as a copy of the template. PostgreSQL refuses a copy while another copy of the same
    /// template is being made (55006), so copies are made one at a time.
    /// <c>STRATEGY FILE_COPY</c> copies the database's files instead of writing every block of it to the WAL (the default
    /// since PostgreSQL 15): about twice as fast here (0.36–0.41 s against 0.61–1.04 s for a 16–32 MB demo), and a report
    /// replica replays one record instead of the whole database. Its two checkpoints cost little with the tests' fsync=off.
    /// </summary>
    private static async Task CopyPostgresAsync(string server, string template, string name)
    {
        await PostgresCopies.WaitAsync();
        try
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
        }
        finally
        {
            PostgresCopies.Release();
        }
    }

    private static readonly SemaphoreSlim PostgresCopies = new(1, 1);

    public static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops the templates of earlier runs whose process has ended (the name carries the process's id).</summary>
    private static async Task DropStaleAsync(string server)
    {
        var names = new List<string>();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var list = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE 'jzt%'", connection);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        foreach (var name in names.Where(IsStale))
        {
            await ExecuteAsync(server, $"ALTER DATABASE {name} WITH IS_TEMPLATE false");
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>A template of ours (jzt_{process id}_…) whose process has ended; a template still being built has no flag yet.</summary>
    private static bool IsStale(string name)
    {
        if (!name.StartsWith(PostgresPrefix, StringComparison.Ordinal)) return false;
        if (!int.TryParse(name[PostgresPrefix.Length..].Split('_')[0], out var pid)) return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    private static void DeleteSqliteTemplates()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* temporary files go anyway */ }
    }
}
