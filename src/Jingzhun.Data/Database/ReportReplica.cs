using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jingzhun.Data.Database;

/// <summary>
/// A PostgreSQL streaming replica that statistics and reports read from (docs/scale-out.md), named by the setting
/// <c>reports-db</c> or <c>JINGZHUN_REPORTS_DB</c>. Reports only read the aggregates, which are refreshed on the main
/// database and reach the replica within the replication lag; every write stays on the main database. Its contexts refuse
/// to save, and its sessions are read-only, so that even a setting that names the main database by mistake cannot write.
/// </summary>
public sealed record ReportReplica(DatabaseTarget Target)
{
    public const string EnvironmentVariable = "JINGZHUN_REPORTS_DB";

    /// <summary>The key under which the web host registers the context that report pages read through.</summary>
    public const string Reads = "reports";

    /// <summary>How the replica's sessions name themselves in <c>pg_stat_activity</c>, unless the setting names them.</summary>
    public const string ApplicationName = "jingzhun-reports";

    /// <summary>The configured replica, or null when reports read the main database.</summary>
    public static ReportReplica? Resolve(DatabaseTarget main, string? option)
    {
        var value = !string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        var target = DatabaseTarget.Parse(value);
        if (target.Provider != DatabaseProvider.Postgres || main.Provider != DatabaseProvider.Postgres)
            throw new InvalidOperationException(
                "reports-db: 报表副本是 PostgreSQL 主库的流复制备库 / a report replica is a streaming replica of a PostgreSQL main database");
        return new(target with { ConnectionString = ReadOnlySessions(target.ConnectionString) });
    }

    /// <summary>A context on the replica in the reader's scope: the same scope filter as on the main database, no tracking, no saving.</summary>
    public JingzhunDbContext Open(AccessScope scope, TimeProvider clock)
    {
        var db = JingzhunDb.Create(Target, scope, clock);
        db.ReadOnly = true;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return db;
    }

    /// <summary>
    /// Sessions that refuse writes (<c>default_transaction_read_only</c>) and name themselves; JIT stays off as on the
    /// main database (<see cref="JingzhunDb.SessionSettings"/>), unless the setting chose its own options.
    /// </summary>
    public static string ReadOnlySessions(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{(string.IsNullOrEmpty(builder.Options) ? "-c jit=off" : builder.Options)} -c default_transaction_read_only=on";
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = ApplicationName;
        return builder.ConnectionString;
    }

    /// <summary>
    /// How far the replica is behind the main database: the bytes of write-ahead log it has not yet applied, and the age
    /// of the last transaction it applied when there are any (zero when it has applied everything).
    /// </summary>
    public async Task<ReplicaLag> LagAsync(DatabaseTarget main, CancellationToken ct = default)
    {
        string? replayed;
        bool standby;
        double? sinceLastApplied;
        try
        {
            await using var replica = new NpgsqlConnection(Target.ConnectionString);
            await replica.OpenAsync(ct);
            await using var read = new NpgsqlCommand(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8", replica);
            await using var row = await read.ExecuteReaderAsync(ct);
            await row.ReadAsync(ct);
            standby = row.GetBoolean(0);
            replayed = row.IsDBNull(1) ? null : row.GetString(1);
            sinceLastApplied = row.IsDBNull(2) ? null : row.GetDouble(2);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return ReplicaLag.Unreachable(e.Message);
        }
        if (!standby || replayed is null) return new ReplicaLag(true, false, null, null, null);

        await using var primary = new NpgsqlConnection(main.ConnectionString);
        await primary.OpenAsync(ct);
        await using var diff = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), @replayed::pg_lsn)::bigint", primary);
        diff.Parameters.AddWithValue("replayed", replayed);
        var bytes = Math.Max(0L, (long)(await diff.ExecuteScalarAsync(ct))!);
        var behind = bytes == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(0, sinceLastApplied ?? 0));
        return new ReplicaLag(true, true, bytes, behind, null);
    }
}

/// <summary>What the operator's health page says about the report replica.</summary>
/// <param name="Reachable">Whether a session on the replica could be opened.</param>
/// <param name="IsStandby">Whether it is a standby in recovery (a replica), not a server that accepts writes.</param>
/// <param name="BytesBehind">Write-ahead log written on the main database and not yet applied on the replica.</param>
/// <param name="Behind">Zero when everything is applied; else the age of the last transaction the replica applied.</param>
/// <param name="Error">Why it could not be reached.</param>
public sealed record ReplicaLag(bool Reachable, bool IsStandby, long? BytesBehind, TimeSpan? Behind, string? Error)
{
    public static ReplicaLag Unreachable(string error) => new(false, false, null, null, error);
}
