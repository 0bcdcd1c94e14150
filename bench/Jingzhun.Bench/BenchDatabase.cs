using Jingzhun.Data.Database;
using Npgsql;

namespace Jingzhun.Bench;

/// <summary>A fresh database for one part of a run: a SQLite file in the work folder, or a new PostgreSQL database.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _server;
    private readonly string _name;
    private readonly bool _keep;

    private BenchDatabase(DatabaseTarget target, string value, string? server, string name, bool keep)
    {
        Target = target;
        Value = value;
        _server = server;
        _name = name;
        _keep = keep;
    }

    public DatabaseTarget Target { get; }

    /// <summary>The <c>--db</c> value for the command-line tool and the web host.</summary>
    public string Value { get; }

    /// <summary>
    /// Loads the run's synthetic province (<c>--households</c>, <c>--seed</c>, <c>--cities</c>) into this database through
    /// the bulk loader, and notes how long it took. Returns the generator, whose regions the scenario may need.
    /// </summary>
    public async Task<Domain.Demo.ProvinceGenerator> LoadProvinceAsync(BenchOptions options, List<string> notes, CancellationToken ct)
    {
        var generator = new Domain.Demo.ProvinceGenerator(new Domain.Demo.ProvinceOptions(options.Households, options.Seed) { Cities = options.Cities });
        options.Log($"loading {options.Households:#,0} households (the province generator through the bulk loader)");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await JingzhunDb.MigrateAsync(Target, ct);
        await Data.Demo.ProvinceSeeder.SeedAsync(Target, generator, null, ct);
        notes.Add($"Registry: {options.Households:#,0} households of the synthetic province loaded in {watch.Elapsed.TotalSeconds:0.0} s.");
        return generator;
    }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options, string workDirectory, string purpose, CancellationToken ct)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(workDirectory, $"{purpose}.db");
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
            var value = path;
            return new BenchDatabase(DatabaseTarget.Parse(value), value, null, path, options.Keep);
        }
        var server = options.PostgresServer ?? throw new ArgumentException("PostgreSQL needs --pg \"Host=…;Username=…\" / 需要 --pg 连接串");
        var name = $"jzbench_{purpose}_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        // No command timeout: at 10 M households one GROUP BY or one chunk's merge can take longer than Npgsql's 30 s default.
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
        return new BenchDatabase(DatabaseTarget.Parse(cs), cs, server, name, options.Keep);
    }

    /// <summary>
    /// The registry an earlier <c>--scenario exchange --keep</c> run imported (<see cref="BenchOptions.Database"/>): opened as it is,
    /// never dropped. It must be of the run's engine and hold the registry's tables.
    /// </summary>
    public static async Task<BenchDatabase> ExistingAsync(BenchOptions options, CancellationToken ct)
    {
        var value = options.Database ?? throw new ArgumentException("--scenario web needs --database, the imported registry of an exchange run / 需要 --database");
        var target = DatabaseTarget.Parse(value);
        if (target.Provider != options.Provider)
            throw new ArgumentException($"--database is a {target.Provider} database, the run's --provider is {options.Provider} / 数据库类型与 --provider 不符");
        if (target.Provider == DatabaseProvider.Sqlite && !File.Exists(value))
            throw new FileNotFoundException($"no such database file: {value} / 找不到数据库文件", value);
        // An up-to-date registry has nothing to migrate; one of older code is brought up to date as the web host would.
        await JingzhunDb.MigrateAsync(target, ct);
        return new BenchDatabase(target, value, null, value, keep: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_keep) return;
        if (_server is null)
        {
            foreach (var f in new[] { _name, _name + "-wal", _name + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
            return;
        }
        await DropAsync(_server, _name);
    }

    /// <summary>Drops a registry an exchange run kept (<see cref="BenchReport.KeptRegistry"/>): a SQLite file stays with its work folder.</summary>
    public static async Task DropKeptAsync(BenchOptions options, string kept)
    {
        if (options.Provider == DatabaseProvider.Postgres)
            await DropAsync(options.PostgresServer!, new NpgsqlConnectionStringBuilder(kept).Database!);
    }

    private static async Task DropAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
