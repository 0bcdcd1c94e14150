using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// A bulk session gives its SQLite connection a 64 MiB page cache for its work and puts back the cache it found when it
/// ends: the connection goes back to the pool, and a cache left enlarged on every pooled connection that ever served a
/// recount or an import grew the web host's memory without bound.
/// </summary>
public sealed class BulkSessionTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_bulk_session_leaves_the_SQLite_connection_with_the_page_cache_it_found()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, _folder, "bulk-cache");
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await db.Database.OpenConnectionAsync(Ct);
        var found = await CacheSizeAsync(db);
        Assert.NotEqual(-65536, found);

        await using (await BulkSession.OverAsync(db, Ct))
            Assert.Equal(-65536, await CacheSizeAsync(db));
        Assert.Equal(found, await CacheSizeAsync(db));

        // Inside the caller's transaction too (the demo's seeding, a year-end's batches).
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await using (await BulkSession.OverAsync(db, Ct))
                Assert.Equal(-65536, await CacheSizeAsync(db));
            Assert.Equal(found, await CacheSizeAsync(db));
        }
    }

    [Fact]
    public async Task A_bulk_session_of_its_own_hands_its_connection_back_to_the_pool_with_the_page_cache_it_found()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, _folder, "bulk-own-cache");
        long found;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            await db.Database.OpenConnectionAsync(Ct);
            found = await CacheSizeAsync(db);
        }
        await using (var session = await BulkSession.OpenAsync(database.Target, AccessScope.System("test"), Ct))
            Assert.Equal(-65536, await CacheSizeAsync(session.Db));
        // The pool hands out the connection the session gave back (one connection string, nothing else open).
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            await db.Database.OpenConnectionAsync(Ct);
            Assert.Equal(found, await CacheSizeAsync(db));
        }
    }

    private static Task<long> CacheSizeAsync(JingzhunDbContext db) => SqlScalar.ReadAsync(db, "PRAGMA cache_size;");
}
