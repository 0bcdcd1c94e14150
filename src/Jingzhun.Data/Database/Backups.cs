using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Jingzhun.Data.Audit;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jingzhun.Data.Database;

/// <summary>
/// What a backup held, written beside it (<c>FILE.manifest.json</c>): the engine, when, from where, the last schema
/// migration, the rows of every table and the audit chain's head, all read from the very snapshot that was backed up.
/// A restore is checked against it.
/// </summary>
public sealed record BackupManifest(string Engine, DateTime CreatedAt, string Source, string? Migration,
    SortedDictionary<string, long> Tables, BackupManifest.AuditHead Audit)
{
    /// <summary>The audit chain at backup time; <see cref="KeyId"/> names the key that sealed it (never the key itself).</summary>
    public sealed record AuditHead(long Entries, long HeadIndex, string HeadHash, string? KeyId);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathFor(string backupFile) => Path.GetFullPath(backupFile) + ".manifest.json";

    public async Task WriteAsync(string backupFile, CancellationToken ct) =>
        await File.WriteAllTextAsync(PathFor(backupFile), JsonSerializer.Serialize(this, Json), ct);

    public static async Task<BackupManifest> ReadAsync(string backupFile, CancellationToken ct)
    {
        var path = PathFor(backupFile);
        if (!File.Exists(path))
            throw new InvalidOperationException($"找不到备份清单{path}（备份时与备份文件一同写出） / no backup manifest {path} (written beside the backup)");
        return JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(path, ct), Json)
               ?? throw new InvalidOperationException($"备份清单{path}无法读取 / the backup manifest {path} is unreadable");
    }
}

/// <summary>
/// <c>jingzhun db backup</c> and <c>db restore</c>: SQLite through its online backup API, PostgreSQL through
/// <c>pg_dump -Fc</c> and <c>pg_restore</c> (found on PATH, the password handed over in PGPASSWORD, never on a command line).
/// </summary>
public static class Backups
{
    private const string MigrationsTable = "__EFMigrationsHistory";

    /// <summary>
    /// Backs <paramref name="source"/> up to <paramref name="file"/> and writes its manifest, dated <paramref name="now"/>;
    /// <paramref name="status"/> hears each step.
    /// </summary>
    public static async Task<BackupManifest> BackupAsync(DatabaseTarget source, string file, DateTime now, Action<string> status, CancellationToken ct)
    {
        file = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var manifest = source.Provider == DatabaseProvider.Postgres
            ? await BackupPostgresAsync(source, file, now, status, ct)
            : await BackupSqliteAsync(source, file, now, status, ct);
        await manifest.WriteAsync(file, ct);
        return manifest;
    }

    private static async Task<BackupManifest> BackupSqliteAsync(DatabaseTarget source, string file, DateTime now, Action<string> status, CancellationToken ct)
    {
        if (source.SqliteFile is not { } path || !File.Exists(path))
            throw new InvalidOperationException($"数据库文件{source.Description}不存在 / the database file {source.Description} does not exist");
        if (File.Exists(file)) File.Delete(file);
        status("复制数据库（SQLite 在线备份） / copying the database (SQLite online backup)…");
        await using (var from = new SqliteConnection(source.ConnectionString))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
            // One self-contained file (no -wal beside it), which can be opened read-only, copied and restored as it is.
            await using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteNonQueryAsync(ct);
        }
        // Counted on the copy itself: the manifest describes exactly what the backup holds.
        status("清点备份 / counting the backup…");
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
        await copy.OpenAsync(ct);
        return await DescribeAsync(copy, null, source, now, ct);
    }

    private static async Task<BackupManifest> BackupPostgresAsync(DatabaseTarget source, string file, DateTime now, Action<string> status, CancellationToken ct)
    {
        var tool = PostgresTool("pg_dump");
        var cs = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        await using var connection = new NpgsqlConnection(source.ConnectionString);
        await connection.OpenAsync(ct);
        // One snapshot for the counts and the dump: pg_dump imports the snapshot this transaction exports.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var snapshot = (string)(await ScalarAsync(connection, transaction, "SELECT pg_export_snapshot()", ct))!;
        status("清点数据库 / counting the database…");
        var manifest = await DescribeAsync(connection, transaction, source, now, ct);
        status("pg_dump…");
        await RunAsync(tool, cs, ["--format=custom", $"--snapshot={snapshot}", "--file", file, "--dbname", cs.Database ?? cs.Username ?? ""], status, ct);
        await transaction.CommitAsync(ct);
        return manifest;
    }

    /// <summary>Whether the target holds no table at all (a SQLite file absent or empty, or a PostgreSQL database just created).</summary>
    public static async Task<bool> IsEmptyAsync(DatabaseTarget target, CancellationToken ct)
    {
        if (target.Provider == DatabaseProvider.Sqlite && (target.SqliteFile is not { } path || !File.Exists(path) || new FileInfo(path).Length == 0))
            return true;
        await using var db = JingzhunDb.Create(target, AccessScope.System("restore"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var sql = target.Provider == DatabaseProvider.Postgres
            ? "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        return Convert.ToInt64(await ScalarAsync(connection, null, sql, ct)) == 0;
    }

    /// <summary>
    /// Restores <paramref name="file"/> into <paramref name="target"/>. With <paramref name="replace"/> a non-empty target is
    /// overwritten: a SQLite file page by page, a PostgreSQL database by dropping its public schema with everything in it.
    /// </summary>
    public static async Task RestoreAsync(DatabaseTarget target, string file, BackupManifest manifest, bool replace, Action<string> status,
        CancellationToken ct)
    {
        file = Path.GetFullPath(file);
        if (!File.Exists(file)) throw new InvalidOperationException($"备份文件{file}不存在 / the backup file {file} does not exist");
        var engine = target.Provider.ToString();
        if (manifest.Engine != engine)
            throw new InvalidOperationException($"这是{manifest.Engine}的备份，不能还原到{engine}数据库 / a {manifest.Engine} backup cannot be restored into a {engine} database");
        if (!replace && !await IsEmptyAsync(target, ct))
            throw new InvalidOperationException($"目标数据库{target.Description}不是空的；只还原到空数据库（或加 --replace 覆盖） / " +
                                                $"the target {target.Description} is not empty: restore goes into an empty database only (or add --replace)");
        if (target.Provider == DatabaseProvider.Postgres) await RestorePostgresAsync(target, file, replace, status, ct);
        else await RestoreSqliteAsync(target, file, status, ct);
    }

    private static async Task RestoreSqliteAsync(DatabaseTarget target, string file, Action<string> status, CancellationToken ct)
    {
        target.EnsureDirectory();
        status("写入数据库（SQLite 在线备份） / writing the database (SQLite online backup)…");
        await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString))
        await using (var to = new SqliteConnection(target.ConnectionString))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
            await using var wal = to.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;"; // as JingzhunDb.MigrateAsync leaves every database
            await wal.ExecuteNonQueryAsync(ct);
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task RestorePostgresAsync(DatabaseTarget target, string file, bool replace, Action<string> status, CancellationToken ct)
    {
        var tool = PostgresTool("pg_restore");
        var cs = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        if (replace)
        {
            status("清除目标数据库的 public 模式 / dropping the target's public schema…");
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(ct);
            await ScalarAsync(connection, null, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", ct);
            NpgsqlConnection.ClearPool(connection);
        }
        status("pg_restore…");
        await RunAsync(tool, cs, ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", cs.Database ?? cs.Username ?? "", file], status, ct);
    }

    /// <summary>Rows per table now, for the tables the manifest lists (-1 where a table is missing).</summary>
    public static async Task<SortedDictionary<string, long>> CountAsync(DatabaseTarget target, IEnumerable<string> tables, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("restore"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            try
            {
                counts[table] = Convert.ToInt64(await ScalarAsync(connection, null, $"SELECT count(*) FROM \"{table}\"", ct));
            }
            catch (DbException)
            {
                counts[table] = -1;
            }
        }
        return counts;
    }

    /// <summary>The manifest of what <paramref name="connection"/> sees: every table of the model and the migrations, the audit head.</summary>
    private static async Task<BackupManifest> DescribeAsync(DbConnection connection, DbTransaction? transaction, DatabaseTarget source, DateTime now,
        CancellationToken ct)
    {
        await using var model = JingzhunDb.Create(source, AccessScope.System("backup"));
        var tables = model.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Append(MigrationsTable).Distinct().Order(StringComparer.Ordinal);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            counts[table] = Convert.ToInt64(await ScalarAsync(connection, transaction, $"SELECT count(*) FROM \"{table}\"", ct));
        var migration = await ScalarAsync(connection, transaction,
            $"SELECT \"MigrationId\" FROM \"{MigrationsTable}\" ORDER BY \"MigrationId\" DESC LIMIT 1", ct) as string;
        var head = await HeadAsync(connection, transaction, ct);
        var key = AuditKey.TryRead(source.AuditKeyFile);
        var audit = new BackupManifest.AuditHead(counts.GetValueOrDefault("AuditEntries"), head.Index, head.Hash, key is null ? null : AuditHash.KeyId(key));
        return new BackupManifest(source.Provider.ToString(), now, source.Identity, migration, counts, audit);
    }

    private static async Task<(long Index, string Hash)> HeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT \"ChainIndex\", \"Hash\" FROM \"AuditEntries\" WHERE \"ChainIndex\" IS NOT NULL ORDER BY \"ChainIndex\" DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1)) : (0, "");
    }

    /// <summary>The key that sealed the chain the manifest describes is the target's key (by id; null when unknown).</summary>
    public static bool? SameKey(BackupManifest manifest, DatabaseTarget target) =>
        manifest.Audit.KeyId is null || AuditKey.TryRead(target.AuditKeyFile) is not { } key ? null : AuditHash.KeyId(key) == manifest.Audit.KeyId;

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    /// <summary>A PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql (Debian's layout).</summary>
    public static string PostgresTool(string name) => FindPostgresTool(name)
        ?? throw new InvalidOperationException($"找不到{name}：请安装 PostgreSQL 客户端程序并把它们放进 PATH / {name} not found: install the PostgreSQL client programs and put them on PATH");

    public static string? FindPostgresTool(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;
        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
            : null;
    }

    // Connection details go in arguments and environment; the password only in PGPASSWORD, never in an argument
    // (arguments are visible to every user of the machine through ps).
    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder cs, IEnumerable<string> arguments, Action<string> status, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["--host", cs.Host ?? "localhost", "--port", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--no-password", "--verbose"])
            start.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(cs.Username)) { start.ArgumentList.Add("--username"); start.ArgumentList.Add(cs.Username); }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(cs.Password)) start.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var tail = new Queue<string>();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        while (await process.StandardError.ReadLineAsync(ct) is { } line)
        {
            status($"{Path.GetFileName(tool)}: {line}");
            tail.Enqueue(line);
            if (tail.Count > 12) tail.Dequeue();
        }
        await output;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(tool)}失败（退出码{process.ExitCode}） / {Path.GetFileName(tool)} failed (exit code {process.ExitCode}):\n" +
                                                string.Join('\n', tail));
    }
}
