using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// On SQLite the saves of one process queue for the database in turn. Before, each polled SQLite's lock until its busy
/// timeout, and under many clerks saving at once a save could miss every turn and fail with "database is locked" (37 of
/// 218,373 saves in the 10 M soak, with the 30-second timeout). Here SQLite's own wait is cut to 1 s, and 40 clerks save
/// 8 times each at once: every save succeeds, and each household holds its last edit.
/// </summary>
public sealed class SqliteWriterQueueTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Saves_made_at_once_by_many_clerks_all_succeed_however_short_SQLite_waits_for_its_lock()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "writer-queue").WithDemoAsync(40, 5);
        List<long> ids;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            ids = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(Ct);
        Assert.Equal(40, ids.Count);
        // Microsoft.Data.Sqlite retries a busy database until the command timeout: 1 s here, 30 s by default.
        var target = database.Target with { ConnectionString = database.Target.ConnectionString + ";Default Timeout=1" };

        const int rounds = 8;
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            for (var round = 1; round <= rounds; round++)
            {
                await using var db = JingzhunDb.Create(target, AccessScope.System($"clerk-{id}"));
                var form = HouseholdForm.From(await db.Households.FirstAsync(h => h.Id == id, Ct));
                form.Address = $"排队保存 {id} #{round}";
                var saved = await RegistryEditing.UpdateAsync(db, id, form, "queue test", Ct);
                Assert.True(saved.Outcome == EditOutcome.Saved, $"household {id}, save {round}: {saved.Outcome}");
            }
        }, Ct)));

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var addresses = await check.Households.ToDictionaryAsync(h => h.Id, h => h.Address, Ct);
        foreach (var id in ids) Assert.Equal($"排队保存 {id} #{rounds}", addresses[id]);
    }

    /// <summary>
    /// A request holds its connection until it ends; one waiting behind other saves gives it back to the pool meanwhile, so
    /// that 200 clerks saving at once do not keep 200 SQLite connections, each with a page cache of its own. Here another
    /// process holds SQLite's write lock: the first save takes its turn and waits at that lock with its connection, the other
    /// 19 wait in the queue, and only one of the 20 requests' connections is open. Each is open again after its save.
    /// </summary>
    [Fact]
    public async Task A_request_waiting_for_its_turn_to_save_gives_its_connection_back_meanwhile()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "writer-queue-connections").WithDemoAsync(20, 6);
        var requests = new List<(long Id, JingzhunDbContext Db, HouseholdForm Form)>();
        var open = 0;
        try
        {
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
                foreach (var id in await db.Households.OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(Ct))
                {
                    var request = JingzhunDb.Create(database.Target, AccessScope.System($"clerk-{id}"));
                    request.Database.GetDbConnection().StateChange += (_, e) =>
                        Interlocked.Add(ref open, e.CurrentState == ConnectionState.Open ? 1 : e.OriginalState == ConnectionState.Open ? -1 : 0);
                    await request.HoldConnectionAsync(Ct);
                    var form = HouseholdForm.From(await request.Households.FirstAsync(h => h.Id == id, Ct));
                    form.Address = $"轮候保存 {id}";
                    requests.Add((id, request, form));
                }
            Assert.Equal(20, requests.Count);
            Assert.Equal(20, Volatile.Read(ref open));

            await using var otherProcess = new SqliteConnection(database.Target.ConnectionString);
            await otherProcess.OpenAsync(Ct);
            await using (var begin = otherProcess.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(Ct);
            }
            var saves = requests.Select(r => Task.Run(() => RegistryEditing.UpdateAsync(r.Db, r.Id, r.Form, "queue test", Ct), Ct)).ToList();
            var fewest = Volatile.Read(ref open);
            for (var waited = 0; waited < 200 && fewest > 1; waited++)
            {
                await Task.Delay(50, Ct);
                fewest = Math.Min(fewest, Volatile.Read(ref open));
            }
            await using (var rollback = otherProcess.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync(Ct);
            }
            var saved = await Task.WhenAll(saves);

            Assert.Equal(1, fewest);
            Assert.All(saved, s => Assert.Equal(EditOutcome.Saved, s.Outcome));
            Assert.All(requests, r => Assert.Equal(ConnectionState.Open, r.Db.Database.GetDbConnection().State));
            await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var addresses = await check.Households.ToDictionaryAsync(h => h.Id, h => h.Address, Ct);
            foreach (var (id, _, _) in requests) Assert.Equal($"轮候保存 {id}", addresses[id]);
        }
        finally
        {
            foreach (var (_, db, _) in requests) await db.DisposeAsync();
        }
    }
}
