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

    /// <summary>
    /// PostgreSQL connections go back to the pool without a reset (JingzhunDb.SessionSettings): a bulk session of its own
    /// leaves its connection with the settings it found and no temporary table, so the next request on that connection
    /// sees neither its 64 MB of work memory nor the rows of its file.
    /// </summary>
    [Fact]
    public async Task A_bulk_session_hands_its_PostgreSQL_connection_back_with_the_settings_it_found_and_no_staged_rows()
    {
        await using var database = await TestDatabase.PostgresAsync();
        string found;
        await using (var plain = JingzhunDb.Create(DatabaseTarget.Parse(database.Target.ConnectionString + ";No Reset On Close=false"), AccessScope.System("test")))
            found = await SqlScalar.SettingAsync(plain, "work_mem");
        Assert.NotEqual("64MB", found);

        // Tests running beside this one clear every pool of the process when they drop their databases
        // (NpgsqlConnection.ClearAllPools): then the session's connection is closed, not handed back, and the session is
        // run again until the pool hands its connection to the next use.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            long backend;
            await using (var session = await BulkSession.OpenAsync(database.Target, AccessScope.System("test"), Ct))
            {
                backend = await SqlScalar.ReadAsync(session.Db, "SELECT pg_backend_pid()");
                await session.ExecuteAsync("CREATE TEMP TABLE IF NOT EXISTS staged_probe (\"ResidentId\" text); INSERT INTO staged_probe VALUES ('110101199001011234')", Ct);
                Assert.Equal("64MB", await SqlScalar.SettingAsync(session.Db, "work_mem"));
                Assert.Equal(1, await TemporaryTablesAsync(session.Db));
            }
            // The pool hands the session's connection to one of these (nothing else of this connection string is open).
            var contexts = Enumerable.Range(0, 3).Select(_ => JingzhunDb.Create(database.Target, AccessScope.System("test"))).ToList();
            try
            {
                var backends = new List<long>();
                foreach (var db in contexts)
                {
                    await db.Database.OpenConnectionAsync(Ct);
                    backends.Add(await SqlScalar.ReadAsync(db, "SELECT pg_backend_pid()"));
                }
                if (!backends.Contains(backend)) continue;
                var reused = contexts[backends.IndexOf(backend)];
                Assert.Equal(found, await SqlScalar.SettingAsync(reused, "work_mem"));
                Assert.Equal(0, await TemporaryTablesAsync(reused));
                return;
            }
            finally
            {
                foreach (var db in contexts) await db.DisposeAsync();
            }
        }
        Assert.Fail("the pool never handed the bulk session's connection to the next use");
    }

    [Fact]
    public async Task A_bulk_session_inside_a_PostgreSQL_transaction_drops_its_staged_rows_with_it()
    {
        await using var database = await TestDatabase.PostgresAsync();
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        await using (var session = await BulkSession.OverAsync(db, Ct))
        {
            await session.ExecuteAsync("CREATE TEMP TABLE staged_probe (\"ResidentId\" text)", Ct);
            Assert.Equal(1, await TemporaryTablesAsync(db));
        }
        Assert.Equal(0, await TemporaryTablesAsync(db));
        await transaction.CommitAsync(Ct);
    }

    /// <summary>Temporary tables of every session of the database: another session's are listed too.</summary>
    private static Task<long> TemporaryTablesAsync(JingzhunDbContext db) =>
        SqlScalar.ReadAsync(db, "SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND relkind = 'r'");

    private static Task<long> CacheSizeAsync(JingzhunDbContext db) => SqlScalar.ReadAsync(db, "PRAGMA cache_size;");
}
