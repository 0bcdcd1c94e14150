using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// Every SQLite connection a context opens, new or handed out again by the pool, tells case apart in LIKE (as PostgreSQL
/// does, so that an area's prefix is a range of its index) and holds its own page cache to 512 KiB (a web host's pooled
/// connections each filled SQLite's default 2 MiB under a long peak: the 10 M soak's memory grew by half).
/// </summary>
public sealed class SqliteHandleSettingsTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_connection_a_context_opens_has_a_small_page_cache_and_a_LIKE_that_tells_case_apart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, _folder, "handle-settings");
        // Eight at once: eight handles, each set up when first opened.
        var contexts = Enumerable.Range(0, 8).Select(_ => JingzhunDb.Create(database.Target, AccessScope.System("test"))).ToList();
        try
        {
            foreach (var db in contexts) await db.Database.OpenConnectionAsync(Ct);
            foreach (var db in contexts)
            {
                Assert.Equal(-SqliteHandleSettings.PageCacheKiB, await SqlScalar.ReadAsync(db, "PRAGMA cache_size;"));
                Assert.Equal(0, await SqlScalar.ReadAsync(db, "SELECT 'ABC' LIKE 'abc';"));
                Assert.Equal(1, await SqlScalar.ReadAsync(db, "SELECT '990121001' LIKE '990121%';"));
            }
            // A bulk session's larger cache is its own: the connection goes back with the small one.
            await using (await BulkSession.OverAsync(contexts[0], Ct))
                Assert.Equal(-65536, await SqlScalar.ReadAsync(contexts[0], "PRAGMA cache_size;"));
            Assert.Equal(-SqliteHandleSettings.PageCacheKiB, await SqlScalar.ReadAsync(contexts[0], "PRAGMA cache_size;"));
        }
        finally
        {
            foreach (var db in contexts) await db.DisposeAsync();
        }
        // The pool hands the same handles out again, settings kept.
        for (var i = 0; i < 8; i++)
        {
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            await db.Database.OpenConnectionAsync(Ct);
            Assert.Equal(-SqliteHandleSettings.PageCacheKiB, await SqlScalar.ReadAsync(db, "PRAGMA cache_size;"));
            Assert.Equal(0, await SqlScalar.ReadAsync(db, "SELECT 'ABC' LIKE 'abc';"));
        }
    }

    /// <summary>
    /// A connection without pooling dies when it closes (EF opens one, read-only, for every <c>CanConnect</c>: the host's
    /// /health), so it is not given the cache limit, whose PRAGMA makes SQLite read the whole schema first; its LIKE still
    /// tells case apart.
    /// </summary>
    [Fact]
    public async Task A_connection_without_pooling_keeps_SQLite_s_own_cache_and_a_LIKE_that_tells_case_apart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, _folder, "handle-settings-unpooled");
        long sqliteDefault;
        await using (var plain = new Microsoft.Data.Sqlite.SqliteConnection(database.Target.ConnectionString + ";Pooling=False"))
        {
            await plain.OpenAsync(Ct);
            sqliteDefault = await SqlScalar.ReadAsync(plain, "PRAGMA cache_size;");
        }
        Assert.NotEqual(-SqliteHandleSettings.PageCacheKiB, sqliteDefault);

        var unpooled = database.Target with { ConnectionString = database.Target.ConnectionString + ";Pooling=False" };
        await using var db = JingzhunDb.Create(unpooled, AccessScope.System("test"));
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(sqliteDefault, await SqlScalar.ReadAsync(db, "PRAGMA cache_size;"));
        Assert.Equal(0, await SqlScalar.ReadAsync(db, "SELECT 'ABC' LIKE 'abc';"));
    }
}
