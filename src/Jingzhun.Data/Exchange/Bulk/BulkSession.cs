using System.Data.Common;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// One open connection for bulk work, through a context so that audit entries are saved and sealed
/// in the same transaction as the rows. The only place that differs by provider: how rows reach a
/// staging table (PostgreSQL binary COPY; SQLite one prepared INSERT, its parameters rebound per row)
/// and the few words of SQL the two dialects spell differently.
/// </summary>
internal sealed class BulkSession : IAsyncDisposable
{
    private readonly bool _ownsContext;

    private BulkSession(JingzhunDbContext db, DbConnection connection, bool ownsContext = true)
    {
        Db = db;
        Connection = connection;
        _ownsContext = ownsContext;
    }

    /// <summary>JINGZHUN_BULK_TRACE=1: slow statements and the import's phases on standard error (profiling).</summary>
    public static readonly bool Trace = Environment.GetEnvironmentVariable("JINGZHUN_BULK_TRACE") is "1" or "all";

    /// <summary>JINGZHUN_BULK_TRACE=all: every statement, not only the slow ones.</summary>
    private static readonly long TraceMilliseconds = Environment.GetEnvironmentVariable("JINGZHUN_BULK_TRACE") == "all" ? -1 : 100;

    public static void Phase(string what, System.Diagnostics.Stopwatch clock)
    {
        if (Trace) Console.Error.WriteLine($"phase {clock.Elapsed.TotalSeconds,8:0.00} s: {what}");
    }

    public JingzhunDbContext Db { get; }

    /// <summary>The time of the session's clock, for the rows and audit entries it writes.</summary>
    public DateTime Now() => Db.Clock.GetUtcNow().UtcDateTime;
    public DbConnection Connection { get; }
    public DatabaseProvider Provider => Db.Provider;
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public static async Task<BulkSession> OpenAsync(DatabaseTarget target, AccessScope scope, CancellationToken ct, TimeProvider? clock = null)
    {
        var db = JingzhunDb.Create(target, scope, clock);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var session = new BulkSession(db, connection);
        if (!session.IsPostgres)
        {
            await session.EnlargeCacheAsync(ct);
            await session.ExecuteAsync("PRAGMA temp_store=FILE;", ct);
        }
        else
            await session.TunePostgresAsync(ct);
        return session;
    }

    /// <summary>
    /// Bulk work inside a context that is already at work, such as the demo's seeding: the same connection and the same
    /// transaction, so the rows are written whole or not at all with the rest. The context stays the caller's to close.
    /// </summary>
    public static async Task<BulkSession> OverAsync(JingzhunDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var session = new BulkSession(db, db.Database.GetDbConnection(), ownsContext: false);
        // SQLite refuses to move temporary storage inside a transaction; the page cache may grow at any time. PostgreSQL's
        // tuning is left out: its refused setting (see TunePostgresAsync) would abort the caller's transaction, and work
        // done inside another's transaction is small by nature (the demo's chunks, a year-end's batches).
        if (!session.IsPostgres)
        {
            await session.EnlargeCacheAsync(ct);
            if (db.Database.CurrentTransaction is null) await session.ExecuteAsync("PRAGMA temp_store=FILE;", ct);
        }
        return session;
    }

    /// <summary>The SQLite page cache of the connection before the session gave it 64 MiB (<see cref="EnlargeCacheAsync"/>).</summary>
    private long? _cacheSizeBefore;

    /// <summary>
    /// Gives the SQLite connection a 64 MiB page cache for the session's work, and remembers what it had. The connection goes
    /// back to the pool when the session ends, pragmas and all: left enlarged, every pooled connection that ever served a
    /// recount or an import would keep a cache of its own of up to 64 MiB, filling with a large registry's pages over the
    /// hours (the web host's resident memory grew by 670 MiB in a 10-minute soak at 10 M while its managed heap stayed flat).
    /// </summary>
    private async Task EnlargeCacheAsync(CancellationToken ct)
    {
        await using (var read = Command("PRAGMA cache_size;"))
            _cacheSizeBefore = Convert.ToInt64(await read.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await ExecuteAsync("PRAGMA cache_size=-65536;", ct);
    }

    /// <summary>Puts the connection's page cache back as it was and frees the pages above it.</summary>
    private async Task RestoreCacheAsync()
    {
        if (_cacheSizeBefore is not { } size) return;
        _cacheSizeBefore = null;
        try
        {
            await ExecuteAsync($"PRAGMA cache_size={size}; PRAGMA shrink_memory;", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // A connection that failed mid-work keeps its cache until the pool lets it go; the error that broke it is the one to report.
        }
    }

    /// <summary>
    /// PostgreSQL keeps temporary tables in the session's own buffers, 8 MB by default: a chunk's staging tables (50,000
    /// rows, rewritten by each merge step) outgrow them, and every step then writes them out and reads them back. The
    /// hash joins of the merges get room too. Session settings only, put back when the session ends
    /// (<see cref="PutPostgresSessionBackAsync"/>).
    /// </summary>
    private async Task TunePostgresAsync(CancellationToken ct)
    {
        _tuned = true;
        await ExecuteAsync("SET work_mem = '64MB'", ct);
        try
        {
            await ExecuteAsync("SET temp_buffers = '256MB'", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue)
        {
            // A pooled connection that has used temporary tables before keeps its size; the import is slower, not wrong.
        }
    }

    /// <summary>Whether this session changed its PostgreSQL session's settings (<see cref="TunePostgresAsync"/>).</summary>
    private bool _tuned;

    /// <summary>
    /// The pool hands a PostgreSQL connection to the next use as it was given back, without a reset
    /// (<see cref="JingzhunDb.SessionSettings"/>): what a bulk session changed in its database session it puts back itself.
    /// Its settings, and its temporary tables, which hold the rows of the file (names, ID numbers) and would otherwise
    /// stay on the server for as long as the connection lives. Inside a caller's transaction the tables go at its commit;
    /// at its rollback those made in it go anyway.
    /// </summary>
    private async Task PutPostgresSessionBackAsync()
    {
        // A connection broken by the work is closed already: nothing of it goes back to the pool.
        if (!IsPostgres || Connection.State != System.Data.ConnectionState.Open) return;
        try
        {
            await ExecuteAsync(_tuned ? "RESET ALL; DISCARD TEMP" : "DISCARD TEMP", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection is not reused; a failed transaction is rolled back by its owner. The error that broke
            // the work is the one to report.
        }
    }

    private DbTransaction? Transaction => Db.Database.CurrentTransaction?.GetDbTransaction();

    public Task<IDbContextTransaction> BeginAsync(CancellationToken ct) => Db.Database.BeginTransactionAsync(ct);

    /// <summary>"a differs from b", NULLs included.</summary>
    public string Distinct(string a, string b) => IsPostgres ? $"{a} IS DISTINCT FROM {b}" : $"{a} IS NOT {b}";

    public string Truncate(string table) => IsPostgres ? $"TRUNCATE {table}" : $"DELETE FROM {table}";

    /// <summary>A condition that keeps a household within the actor's region (the query filter, for raw SQL).</summary>
    public string InScope(string villageColumn) => Db.Scope.RegionPrefix.Length == 0
        ? "1 = 1"
        : $"substr({villageColumn}, 1, {Db.Scope.RegionPrefix.Length}) = @scope";

    public DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters) Add(command, name, value);
        if (Db.Scope.RegionPrefix.Length > 0 && sql.Contains("@scope", StringComparison.Ordinal)) Add(command, "scope", Db.Scope.RegionPrefix);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var n = await command.ExecuteNonQueryAsync(ct);
        Traced(sql, clock);
        return n;
    }

    /// <summary>A statement's time on standard error, when tracing and it was slow (or always, with JINGZHUN_BULK_TRACE=all).</summary>
    public static void Traced(string sql, System.Diagnostics.Stopwatch clock)
    {
        if (Trace && clock.ElapsedMilliseconds > TraceMilliseconds) Console.Error.WriteLine($"{clock.ElapsedMilliseconds} ms: {sql.ReplaceLineEndings(" ")[..Math.Min(150, sql.Length)]}");
    }

    public async Task<long> CountAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        Traced(sql, clock);
        return count;
    }

    /// <summary>Creates (or empties) a temporary staging table of these columns.</summary>
    public async Task CreateStagingAsync(string table, IEnumerable<(string Name, BulkType Type)> columns, string extra, CancellationToken ct)
    {
        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\" {c.Type.SqlType(Provider)}"));
        if (extra.Length > 0) list += ", " + extra;
        await ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {table} ({list})", ct);
        await ExecuteAsync(Truncate(table), ct);
    }

    /// <summary>Starts writing rows into a staging table: binary COPY on PostgreSQL, a prepared INSERT on SQLite.</summary>
    public RowSink Sink(string table, IReadOnlyList<(string Name, BulkType Type)> columns)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (IsPostgres)
        {
            var importer = ((NpgsqlConnection)Connection).BeginBinaryImport($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)");
            return new CopySink(importer, columns.Select(c => c.Type.NpgsqlType()).ToArray());
        }
        var command = (SqliteCommand)Command($"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})");
        for (var i = 0; i < columns.Count; i++) command.Parameters.Add(new SqliteParameter("$p" + i, null));
        command.Prepare();
        return new InsertSink(command);
    }

    public async ValueTask DisposeAsync()
    {
        await RestoreCacheAsync();
        await PutPostgresSessionBackAsync();
        // Balances the open of OpenAsync or OverAsync (EF keeps the connection open while a transaction is).
        await Db.Database.CloseConnectionAsync();
        if (_ownsContext) await Db.DisposeAsync();
    }
}

/// <summary>Rows into one staging table; <see cref="Complete"/> finishes the load.</summary>
internal abstract class RowSink : IDisposable
{
    public long Rows { get; protected set; }
    public abstract void Add(params object?[] values);
    public abstract void Complete();
    public abstract void Dispose();
}

internal sealed class CopySink(NpgsqlBinaryImporter importer, NpgsqlDbType[] types) : RowSink
{
    public override void Add(params object?[] values)
    {
        importer.StartRow();
        for (var i = 0; i < types.Length; i++)
        {
            if (values[i] is null) importer.WriteNull();
            else importer.Write(values[i], types[i]);
        }
        Rows++;
    }

    public override void Complete() => importer.Complete();
    public override void Dispose() => importer.Dispose();
}

internal sealed class InsertSink(SqliteCommand command) : RowSink
{
    public override void Add(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
        Rows++;
    }

    public override void Complete() { }
    public override void Dispose() => command.Dispose();
}
