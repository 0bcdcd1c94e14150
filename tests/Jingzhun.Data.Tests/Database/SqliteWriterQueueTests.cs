using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
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
        await using var database = await (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, _folder, "writer-queue")).WithRegionsAsync();
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoSeeder.AddHouseholdsAsync(db, new DemoGenerator(new DemoOptions(40, 5)).Households(), "test", cancellationToken: Ct);
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
}
