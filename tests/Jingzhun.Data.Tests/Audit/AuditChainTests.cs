using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Jingzhun.Data.Registry;

namespace Jingzhun.Data.Tests.Audit;

/// <summary>
/// The audit log's keyed chain on a real database: clean when untouched, and the first tampered entry named; checked
/// against its checkpoints, so that a cut-off tail or a chain resealed without the key is reported too.
/// </summary>
public abstract class AuditChainTests : IAsyncLifetime
{
    private readonly string _database;
    private readonly string? _server;
    private readonly Action _drop;
    private static readonly DemoOptions Demo = new(60, Seed: 5);
    // Every database gets its own copy of the key and its own checkpoints, so that a test that spoils them spoils nobody else's.
    private readonly string _auditFolder = Directory.CreateTempSubdirectory("jingzhun-audit-key-").FullName;

    protected AuditChainTests(bool postgres)
    {
        if (postgres)
        {
            var server = Environment.GetEnvironmentVariable("JINGZHUN_TEST_PG");
            if (string.IsNullOrWhiteSpace(server)) Assert.Skip("set JINGZHUN_TEST_PG=\"Host=127.0.0.1;Port=5432;Username=postgres\" to run PostgreSQL tests");
            var name = $"jz_audit_{Guid.NewGuid():N}"[..24];
            _server = server;
            _database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            _drop = () => { NpgsqlConnection.ClearAllPools(); Execute(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); };
        }
        else
        {
            var dir = Directory.CreateTempSubdirectory("jingzhun-audit-").FullName;
            _database = Path.Combine(dir, "audit.db");
            _drop = () => { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(dir, true); };
        }
    }

    private DatabaseTarget Target => DatabaseTarget.Parse(_database).WithAuditFiles(Path.Combine(_auditFolder, "audit.key"), null);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // A copy of the seeded demo (SeededTemplates) with the key it was sealed with, in this test's own key folder.
        var template = await SeededTemplates.ForAsync(Target.Provider, Demo, _server);
        if (!await SeededTemplates.CopyAsync(template, Target)) throw new InvalidOperationException($"{_database} was not a new database with a new key folder");
        // A few ordinary edits, each writing several audit entries.
        for (var i = 0; i < 3; i++)
        {
            await using var db = JingzhunDb.Create(Target, AccessScope.System($"editor{i}"));
            var household = await db.Households.OrderBy(h => h.Id).Skip(i).FirstAsync(Ct);
            var form = HouseholdForm.From(household);
            form.Phone = $"1390000000{i}";
            form.VillagerGroup = $"{i + 1}组";
            await RegistryEditing.UpdateAsync(db, household.Id, form, "test", Ct);
        }
    }

    public ValueTask DisposeAsync()
    {
        _drop();
        Directory.Delete(_auditFolder, true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_untouched_log_verifies_clean()
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        var (verified, broken) = await AuditChain.VerifyAsync(db, ct: Ct);
        Assert.Null(broken);
        Assert.Equal(await db.AuditEntries.IgnoreQueryFilters().CountAsync(Ct), verified);
        Assert.True(verified >= 7);
    }

    [Fact]
    public async Task Households_saved_at_once_are_sealed_one_after_another_into_one_unbroken_chain_with_their_marks()
    {
        // Each save takes the chain's lock and reads its head in one step, and marks its county in one statement while it
        // holds the lock: twelve saves racing from connections of their own must still leave every entry sealed once, in
        // one chain without a gap or a fork, and every county marked for its recount.
        long[] ids;
        await using (var db = JingzhunDb.Create(Target, AccessScope.System()))
            ids = await db.Households.OrderByDescending(h => h.Id).Select(h => h.Id).Take(12).ToArrayAsync(Ct);
        long before;
        await using (var db = JingzhunDb.Create(Target, AccessScope.System()))
        {
            before = await db.AuditEntries.IgnoreQueryFilters().CountAsync(Ct);
            await db.StaleCounties.ExecuteDeleteAsync(Ct);
            await db.StaleKeptCounties.ExecuteDeleteAsync(Ct);
        }
        // Each racer loads its household, then all save at once.
        var loaded = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcomes = await Task.WhenAll(ids.Select((id, i) => Task.Run(async () =>
        {
            await using var db = JingzhunDb.Create(Target, AccessScope.System($"racer{i}"));
            var household = await db.Households.FirstAsync(h => h.Id == id, Ct);
            var form = HouseholdForm.From(household);
            form.Phone = $"1370000{i:0000}";
            if (Interlocked.Increment(ref loaded) == ids.Length) go.SetResult();
            await go.Task.WaitAsync(Ct);
            return (await RegistryEditing.UpdateAsync(db, id, form, "racing saves", Ct)).Outcome;
        }, Ct)));
        Assert.All(outcomes, o => Assert.Equal(EditOutcome.Saved, o));

        await using var check = JingzhunDb.Create(Target, AccessScope.System());
        var (verified, broken) = await AuditChain.VerifyAsync(check, ct: Ct);
        Assert.Null(broken);
        var entries = await check.AuditEntries.IgnoreQueryFilters().CountAsync(Ct);
        Assert.Equal(entries, verified);
        // Every racer's change is in the chain: at least one entry each, by its actor.
        Assert.True(entries >= before + ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var actor = $"racer{i}";
            Assert.True(await check.AuditEntries.IgnoreQueryFilters().AnyAsync(a => a.Actor == actor && a.HouseholdId == ids[i] && a.ChainIndex != null, Ct), actor);
        }
        var counties = await check.Households.Where(h => ids.Contains(h.Id)).Select(h => h.VillageCode.Substring(0, 6)).Distinct().OrderBy(c => c).ToListAsync(Ct);
        Assert.Equal(counties, await check.StaleCounties.Select(s => s.CountyCode).OrderBy(c => c).ToListAsync(Ct));
        Assert.Subset(await check.StaleKeptCounties.Select(s => s.CountyCode).ToHashSetAsync(Ct), counties.ToHashSet());
    }

    [Fact]
    public async Task A_transaction_saving_twice_and_a_save_of_another_county_never_wait_for_each_other_in_a_circle()
    {
        // The chain's lock is the first lock a save takes that another save can want: a transaction of several saves holds
        // it from its first seal to its commit, and its later saves mark counties meanwhile. A save that locked a county's
        // mark before waiting for the chain would hold what such a transaction wants next, while wanting what it holds.
        if (Target.Provider != DatabaseProvider.Postgres) Assert.Skip("SQLite writes one transaction at a time: no two hold locks at once");
        var second = new DemoGenerator(Demo with { ExitedCountyHouseholds = 4 });
        await using (var db = JingzhunDb.Create(Target, AccessScope.System()))
        {
            db.Regions.AddRange(second.ExitedCountyRegions());
            await db.SaveChangesAsync(Ct);
            await DemoSeeder.AddHouseholdsAsync(db, second.ExitedCountyHouseholds(), "test", cancellationToken: Ct);
        }
        long mine, theirs, next;
        await using (var db = JingzhunDb.Create(Target, AccessScope.System()))
        {
            mine = await db.Households.Where(h => h.CountyCode == DemoGenerator.CountyPrefix).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
            var other = await db.Households.Where(h => h.CountyCode == DemoGenerator.ExitedCountyPrefix).OrderBy(h => h.Id).Select(h => h.Id).Take(2).ToListAsync(Ct);
            (theirs, next) = (other[0], other[1]);
        }

        await using var many = JingzhunDb.Create(Target, AccessScope.System("many"));
        await using var transaction = await many.Database.BeginTransactionAsync(Ct);
        Assert.Equal(EditOutcome.Saved, (await EditPhoneAsync(many, mine, "13700000001")).Outcome);
        // The other county's save starts now and waits for the transaction's locks.
        var single = Task.Run(async () =>
        {
            await using var db = JingzhunDb.Create(Target, AccessScope.System("single"));
            return (await EditPhoneAsync(db, theirs, "13700000002")).Outcome;
        }, Ct);
        await using (var watcher = new NpgsqlConnection(_database))
        {
            await watcher.OpenAsync(Ct);
            await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted", watcher);
            for (var tries = 0; (long)(await waiting.ExecuteScalarAsync(Ct))! == 0; tries++)
            {
                Assert.False(single.IsCompleted, "the other county's save did not wait for the transaction");
                Assert.True(tries < 200, "the other county's save never waited");
                await Task.Delay(50, Ct);
            }
        }
        // The transaction's second save marks the other county; PostgreSQL would end one of the two if they waited in a circle.
        Assert.Equal(EditOutcome.Saved, (await EditPhoneAsync(many, next, "13700000003")).Outcome);
        await transaction.CommitAsync(Ct);
        Assert.Equal(EditOutcome.Saved, await single.WaitAsync(TimeSpan.FromSeconds(30), Ct));

        await using var check = JingzhunDb.Create(Target, AccessScope.System());
        var (verified, broken) = await AuditChain.VerifyAsync(check, ct: Ct);
        Assert.Null(broken);
        Assert.Equal(await check.AuditEntries.IgnoreQueryFilters().CountAsync(Ct), verified);
        Assert.Subset(await check.StaleCounties.Select(s => s.CountyCode).ToHashSetAsync(Ct),
            new HashSet<string> { DemoGenerator.CountyPrefix, DemoGenerator.ExitedCountyPrefix });
    }

    private static async Task<EditResult<Domain.Registry.Household>> EditPhoneAsync(JingzhunDbContext db, long id, string phone)
    {
        var form = HouseholdForm.From(await db.Households.AsNoTracking().FirstAsync(h => h.Id == id, Ct));
        form.Phone = phone;
        return await RegistryEditing.UpdateAsync(db, id, form, "test", Ct);
    }

    [Fact]
    public async Task An_entry_edited_in_the_database_is_named()
    {
        var victim = await EntryAsync(skip: 4);
        await SqlAsync($"UPDATE \"AuditEntries\" SET \"NewValue\" = '13800000000' WHERE \"Id\" = {victim.Id}");
        var broken = await VerifyAsync();
        Assert.Equal(victim.Id, broken!.EntryId);
        Assert.Contains("篡改", broken.Text.Chinese);
    }

    [Fact]
    public async Task A_removed_entry_is_detected_where_the_chain_breaks()
    {
        var victim = await EntryAsync(skip: 3);
        await SqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {victim.Id}");
        var broken = await VerifyAsync();
        Assert.Equal(victim.ChainIndex + 1, broken!.ChainIndex);
        Assert.Contains("removed", broken.Text.English);
    }

    [Fact]
    public async Task An_entry_inserted_behind_the_applications_back_is_detected()
    {
        await SqlAsync("INSERT INTO \"AuditEntries\" (\"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"RegionCode\") " +
                       "VALUES ('2026-01-01 00:00:00', 'intruder', 2, 'Household', 'x', '990121001001')");
        var broken = await VerifyAsync();
        Assert.NotNull(broken);
        Assert.Contains("inserted", broken.Text.English);
    }

    [Fact]
    public async Task The_application_refuses_to_change_a_sealed_entry()
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        var entry = await db.AuditEntries.OrderBy(a => a.Id).FirstAsync(Ct);
        entry.Reason = "rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        Assert.Null(await VerifyAsync());
    }

    [Fact]
    public async Task An_intact_log_matches_every_checkpoint()
    {
        await CheckpointAsync();
        await EditAsync(5);
        await CheckpointAsync();
        Assert.Null(await VerifyAsync());
        var (checkedCount, findings) = await CheckAsync();
        Assert.Equal(2, checkedCount);
        Assert.Empty(findings);
    }

    [Fact]
    public async Task A_cut_off_tail_is_reported_against_the_last_checkpoint()
    {
        await CheckpointAsync();
        var last = await LastIndexAsync();
        await SqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"ChainIndex\" > {last - 3}");
        Assert.Null(await VerifyAsync()); // what is left is a perfectly good chain: only the checkpoint knows better
        var finding = Assert.Single((await CheckAsync()).Findings);
        Assert.Contains("截断", finding.Chinese);
        Assert.Contains("tail was cut off", finding.English);
    }

    [Fact]
    public async Task A_log_emptied_entirely_is_reported()
    {
        await CheckpointAsync();
        await SqlAsync("DELETE FROM \"AuditEntries\"");
        Assert.Null(await VerifyAsync());
        Assert.Contains("emptied", Assert.Single((await CheckAsync()).Findings).English);
    }

    [Theory]
    [InlineData("sha")]
    [InlineData("wrong key")]
    public async Task An_entry_edited_and_the_chain_recomputed_without_the_key_is_reported(string reseal)
    {
        await CheckpointAsync();
        var victim = await EntryAsync(skip: 4);
        await SqlAsync($"UPDATE \"AuditEntries\" SET \"NewValue\" = '13800000000' WHERE \"Id\" = {victim.Id}");
        await ResealFromAsync(victim.ChainIndex!.Value, Forger(reseal));

        var broken = await VerifyAsync();
        Assert.Equal(victim.Id, broken!.EntryId);
        Assert.Contains("not sealed with this audit key", broken.Text.English);
        var finding = Assert.Single((await CheckAsync()).Findings);
        Assert.Contains("rewritten and resealed", finding.English);
    }

    [Fact]
    public async Task An_entry_deleted_and_the_chain_resealed_is_reported()
    {
        await CheckpointAsync();
        var victim = await EntryAsync(skip: 3);
        await SqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {victim.Id}");
        await ResealFromAsync(victim.ChainIndex!.Value + 1, Forger("wrong key"), renumber: true);

        var broken = await VerifyAsync();
        Assert.Equal(victim.ChainIndex, broken!.ChainIndex);
        Assert.Contains("tail was cut off", Assert.Single((await CheckAsync()).Findings).English);
    }

    [Fact]
    public async Task An_edited_checkpoint_line_fails_its_mac()
    {
        await CheckpointAsync();
        var file = Target.CheckpointsFile;
        var line = (await File.ReadAllLinesAsync(file, Ct)).Single();
        var checkpoint = System.Text.Json.JsonSerializer.Deserialize<AuditCheckpoint>(line, System.Text.Json.JsonSerializerOptions.Web)!;
        // Someone who cut the log's tail moves the checkpoint back to match: without the key the line no longer verifies.
        var moved = checkpoint with { Entries = checkpoint.Entries - 3, HeadIndex = checkpoint.HeadIndex - 3 };
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(moved, System.Text.Json.JsonSerializerOptions.Web) + "\n", Ct);
        var finding = Assert.Single((await CheckAsync()).Findings);
        Assert.Contains("fails its MAC", finding.English);
        Assert.Contains("签名不符", finding.Chinese);
    }

    [Fact]
    public async Task A_year_end_writes_a_checkpoint()
    {
        await using (var db = JingzhunDb.Create(Target, AccessScope.System()))
            await Jingzhun.Data.YearEnd.YearEndFreeze.FreezeAsync(db, 2025, DateTime.UtcNow, ct: Ct);
        var (checkedCount, findings) = await CheckAsync();
        Assert.Equal(1, checkedCount);
        Assert.Empty(findings);
    }

    [Fact]
    public async Task Without_its_key_the_log_cannot_be_verified()
    {
        File.Delete(Target.AuditKeyFile);
        var broken = await VerifyAsync();
        Assert.Contains("does not exist", broken!.Text.English);
    }

    [Fact]
    public async Task Parallel_first_uses_of_a_key_file_agree_on_one_key()
    {
        var path = Path.Combine(_auditFolder, "parallel", "audit.key");
        var keys = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => AuditKey.ReadOrCreate(path), Ct)));
        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    /// <summary>How an attacker without the key recomputes a seal: plain SHA-256 as before, or HMAC with a key of their own.</summary>
    private static Func<Domain.Audit.AuditEntry, string, string> Forger(string how)
    {
        if (how == "wrong key")
        {
            var wrong = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            return (e, previous) => Domain.Audit.AuditHash.Compute(e, previous, wrong);
        }
        return (e, previous) =>
        {
            var text = string.Join('\u001f', previous, e.ChainIndex, e.Id, e.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
                e.Actor, (int)e.Action, e.EntityType, e.EntityId, e.HouseholdId, e.RegionCode, e.Field, e.OldValue, e.NewValue, e.Reason);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        };
    }

    /// <summary>Rewrites the chain from <paramref name="fromIndex"/> on, as someone with write access to the database could.</summary>
    private async Task ResealFromAsync(long fromIndex, Func<Domain.Audit.AuditEntry, string, string> seal, bool renumber = false)
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        var previous = fromIndex == 1 ? "" : await db.AuditEntries.Where(a => a.ChainIndex < fromIndex).OrderByDescending(a => a.ChainIndex)
            .Select(a => a.Hash).FirstAsync(Ct) ?? "";
        var rest = await db.AuditEntries.AsNoTracking().Where(a => a.ChainIndex >= fromIndex).OrderBy(a => a.ChainIndex).ToListAsync(Ct);
        foreach (var e in rest)
        {
            if (renumber) e.ChainIndex--;
            e.PreviousHash = previous;
            e.Hash = seal(e, previous);
            previous = e.Hash;
            await db.Database.ExecuteSqlAsync(
                $"UPDATE \"AuditEntries\" SET \"ChainIndex\" = {e.ChainIndex}, \"PreviousHash\" = {e.PreviousHash}, \"Hash\" = {e.Hash} WHERE \"Id\" = {e.Id}", Ct);
        }
    }

    private async Task EditAsync(int skip)
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System("editor"));
        await EditPhoneAsync(db, await db.Households.OrderBy(h => h.Id).Skip(skip).Select(h => h.Id).FirstAsync(Ct), "13911112222");
    }

    private async Task CheckpointAsync()
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        await AuditCheckpoints.WriteAsync(db, DateTime.UtcNow, Ct);
    }

    private async Task<(int Checked, List<Bilingual> Findings)> CheckAsync()
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        return await AuditCheckpoints.CheckAsync(db, Ct);
    }

    private async Task<long> LastIndexAsync()
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        return await db.AuditEntries.MaxAsync(a => a.ChainIndex!.Value, Ct);
    }

    private async Task<Domain.Audit.AuditEntry> EntryAsync(int skip)
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.ChainIndex).Skip(skip).FirstAsync(Ct);
    }

    private async Task<AuditChain.Break?> VerifyAsync()
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        return (await AuditChain.VerifyAsync(db, ct: Ct)).FirstBreak;
    }

    private async Task SqlAsync(string sql)
    {
        await using var db = JingzhunDb.Create(Target, AccessScope.System());
        await db.Database.ExecuteSqlRawAsync(sql, Ct);
    }

    private static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

public sealed class AuditChainOnSqlite() : AuditChainTests(postgres: false);

public sealed class AuditChainOnPostgres() : AuditChainTests(postgres: true);
