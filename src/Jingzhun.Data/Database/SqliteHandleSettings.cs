using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jingzhun.Data.Database;

/// <summary>
/// Settings of every SQLite connection EF Core opens. A pooled connection keeps its SQLite handle, and the handle keeps its
/// settings, so they are made once a handle, not at every open.
/// <list type="bullet">
/// <item>LIKE is case-sensitive, as PostgreSQL's is. SQLite's own LIKE folds ASCII case, and so cannot use an index of a
/// code column (binary collation) for a prefix: every query scoped to an area (<c>"VillageCode" LIKE '990121%'</c>) read the
/// whole table. Case-sensitive, a prefix is a range of the index: the households of a county in a registry of 10 M, 1.7 s →
/// 35 ms. Codes are digits; a name searched by its beginning is matched as PostgreSQL matches it.</item>
/// <item>Each connection's own page cache is held to <see cref="PageCacheKiB"/>. A web host keeps a pooled connection for
/// every request it ever ran at once, and SQLite's default of 2 MiB each filled slowly under a long peak as the requests
/// read pages all over a large registry: in the 10 M soak the host grew 640 → 974 MiB in 10 minutes with a flat managed
/// heap, and stayed at 745 → 746 MiB with this limit, its saves and lookups no slower (docs/benchmarks.md). The pages
/// stay in the operating system's file cache, which all connections share. A bulk session raises its own connection's
/// cache for its length (<c>BulkSession</c>) and puts back this one.</item>
/// </list>
/// </summary>
internal sealed class SqliteHandleSettings : DbConnectionInterceptor
{
    public const int PageCacheKiB = 512;

    public static readonly SqliteHandleSettings Instance = new();

    private static readonly ConditionalWeakTable<object, object> Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Done.TryGetValue(handle, out _)) return;
        using var command = connection.CreateCommand();
        // A connection without pooling is closed at once (EF opens one, read-only, to answer CanConnect: the host's /health),
        // so its cache needs no limit; and setting the cache makes SQLite read the whole schema first, which at every
        // /health took it from 3,258 to 886 requests a second on the 10 M registry.
        command.CommandText = new SqliteConnectionStringBuilder(connection.ConnectionString).Pooling
            ? $"PRAGMA case_sensitive_like = ON; PRAGMA cache_size = -{PageCacheKiB};"
            : "PRAGMA case_sensitive_like = ON;";
        command.ExecuteNonQuery();
        Done.AddOrUpdate(handle, Instance);
    }
}
