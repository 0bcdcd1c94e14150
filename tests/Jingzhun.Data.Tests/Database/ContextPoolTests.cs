using System.Reflection;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// Contexts come from a pool per database and kind of reader (<see cref="JingzhunDb.Create"/>). A context rented again
/// must carry nothing of its last use into the next: not its reader, read log, reason, counties, save hook, tracked rows,
/// connection, transaction or change tracker settings. Whatever a use leaves behind, in whatever order readers come.
/// </summary>
public abstract class ContextPoolTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    /// <summary>What one use of a context leaves behind before it is disposed.</summary>
    private sealed record Use(int Reader, bool Reason, bool Summary, bool Read, bool County, bool ReadOnly, bool Hook,
        bool Tracks, bool NoDetect, bool Connection, bool Transaction, bool Shared);

    private static readonly Gen<Use> Uses = Gen.Select(Gen.Int[0, 4], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool)
        .SelectMany(a => Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool).Select(b =>
            new Use(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, a.Item8, b.Item1, b.Item2, b.Item3, b.Item4)));

    [Fact]
    public async Task A_rented_context_carries_nothing_of_its_last_use_and_reads_as_its_new_reader()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "pool")).WithDemoAsync(200, 9);
        var (readers, expected) = await ReadersAsync(database);
        var instances = new HashSet<JingzhunDbContext>(ReferenceEqualityComparer.Instance);
        var rents = 0;
        var gate = new object();

        await Uses.List[1, 8].SampleAsync(async uses =>
        {
            foreach (var use in uses)
            {
                var scope = readers[use.Reader];
                var db = JingzhunDb.Create(database.Target, scope);
                lock (gate)
                {
                    rents++;
                    instances.Add(db);
                }
                AssertFresh(db, scope, database.Target);
                Assert.Equal(expected[use.Reader], await db.Households.CountAsync(Ct));
                // On the server too: connections go back to the pool without a reset, but never inside a transaction.
                if (provider == DatabaseProvider.Postgres)
                    Assert.Null(await db.Database.SqlQuery<long?>($"SELECT txid_current_if_assigned() AS \"Value\"").SingleAsync(Ct));
                await LeaveBehindAsync(db, use);
                if (use.Shared)
                {
                    // Two holders of one use (the web host's report reads without a replica): given back once.
                    db.Share();
                    await db.DisposeAsync();
                    Assert.Equal(scope, db.Scope);
                }
                await db.DisposeAsync();
                await db.DisposeAsync(); // a second disposal of the same use gives nothing back
            }
        }, iter: 40);

        // The pool did its work: far fewer contexts than rents. CsCheck runs samples on every core at once, so up to one
        // context per kind of reader (four) and sampling thread is out at a time.
        Assert.True(instances.Count <= 4 * Environment.ProcessorCount && instances.Count * 4 < rents, $"{instances.Count} contexts for {rents} rents");
    }

    [Fact]
    public async Task A_context_with_two_holders_stays_out_of_its_pool_until_both_have_disposed_it()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "pool-shared")).WithDemoAsync(20, 9);
        var (readers, _) = await ReadersAsync(database);
        var shared = JingzhunDb.Create(database.Target, readers[1]);
        shared.Share();
        await shared.DisposeAsync();

        // One holder is done, the other still reads through it: a second use of the same kind gets another context.
        await using (var other = JingzhunDb.Create(database.Target, readers[1] with { Actor = "second" }))
        {
            Assert.NotSame(shared, other);
            Assert.Equal(readers[1].Actor, shared.Scope.Actor);
            Assert.True(await shared.Households.AnyAsync(Ct));
        }
        await shared.DisposeAsync();
        await shared.DisposeAsync();

        // Both are done: it is back, once. Two uses at once get two contexts.
        await using var a = JingzhunDb.Create(database.Target, readers[1]);
        await using var b = JingzhunDb.Create(database.Target, readers[1] with { Actor = "third" });
        Assert.NotSame(a, b);
        Assert.Equal(("third", readers[1].Actor), (b.Scope.Actor, a.Scope.Actor));
    }

    private static void AssertFresh(JingzhunDbContext db, AccessScope scope, DatabaseTarget target)
    {
        Assert.Same(scope, db.Scope);
        Assert.Same(target, db.Target);
        Assert.Same(TimeProvider.System, db.Clock);
        Assert.Null(db.ChangeReason);
        Assert.Null(db.BulkAuditSummary);
        Assert.Empty(db.HouseholdsRead);
        Assert.Empty(db.ChangedCounties);
        Assert.Empty(db.ChangedKeptCounties);
        Assert.False(db.ReadOnly);
        Assert.Null(db.RegistrySaved);
        Assert.Empty(db.ChangeTracker.Entries());
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        Assert.Equal(QueryTrackingBehavior.TrackAll, db.ChangeTracker.QueryTrackingBehavior);
        Assert.Null(db.Database.CurrentTransaction);
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
        // Every other field of the context, including any added later, is empty at a rent: a field a use sets that the
        // lease does not set again would carry one reader's state into the next one's request.
        foreach (var field in typeof(JingzhunDbContext).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        {
            if (SetByTheLease.Contains(field.Name)) continue;
            var value = field.GetValue(db);
            Assert.True(value is null or false or 0 || value is System.Collections.IEnumerable items && !items.GetEnumerator().MoveNext(),
                $"{field.Name} is {value} at a rent");
        }
    }

    /// <summary>The fields a rent gives the new use's values (checked above by name), and the kind of reader the model is for.</summary>
    private static readonly HashSet<string> SetByTheLease =
        ["<Scope>k__BackingField", "<Target>k__BackingField", "<Clock>k__BackingField", "<ScopeSampleOnly>k__BackingField", "leased"];

    private static async Task LeaveBehindAsync(JingzhunDbContext db, Use use)
    {
        if (use.Reason) db.ChangeReason = "left behind";
        if (use.Summary) db.BulkAuditSummary = "left behind";
        if (use.Read) db.HouseholdsRead[1] = "000000000000";
        if (use.County) { db.ChangedCounties.Add("000000"); db.ChangedKeptCounties.Add("000001"); }
        if (use.ReadOnly) db.ReadOnly = true;
        if (use.Hook) db.RegistrySaved = _ => throw new InvalidOperationException("a hook of an earlier use");
        if (use.Tracks) await db.Households.Take(2).ToListAsync(Ct);
        if (use.NoDetect) { db.ChangeTracker.AutoDetectChangesEnabled = false; db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking; }
        if (use.Connection) await db.HoldConnectionAsync(Ct);
        if (use.Transaction)
        {
            await db.Database.BeginTransactionAsync(Ct);
            // Gives the transaction an id on PostgreSQL, as a write would: the next use must not find it.
            if (db.Provider == DatabaseProvider.Postgres) await db.Database.SqlQuery<long>($"SELECT txid_current() AS \"Value\"").SingleAsync(Ct);
        }
    }

    /// <summary>Five readers of the three kinds (every other reader, with and without the read log; assessors, both ways) and what each sees.</summary>
    private static async Task<(AccessScope[] Readers, int[] Households)> ReadersAsync(TestDatabase database)
    {
        var (county, assessor) = await ReaderKindTests.ReadersAsync(database);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var readers = new[]
        {
            AccessScope.System("test"),
            AccessScope.For(county),
            AccessScope.For(county) with { AuditsReads = true },
            AccessScope.For(assessor),
            AccessScope.For(assessor) with { AuditsReads = false },
        };
        var prefix = AccessScope.For(county).RegionPrefix;
        var all = await system.Households.CountAsync(Ct);
        var inCounty = await system.Households.CountAsync(h => h.VillageCode.StartsWith(prefix), Ct);
        var sample = await system.Assignments.Where(a => a.AccountId == assessor.Id && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)
            .Select(a => a.HouseholdId).Distinct().CountAsync(Ct);
        Assert.True(sample > 0 && sample < inCounty && inCounty <= all, $"sample {sample}, county {inCounty}, all {all}");
        return (readers, [all, inCounty, inCounty, sample, sample]);
    }
}

public sealed class ContextPoolOnSqlite() : ContextPoolTests(DatabaseProvider.Sqlite);

public sealed class ContextPoolOnPostgres() : ContextPoolTests(DatabaseProvider.Postgres);
