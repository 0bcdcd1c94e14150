using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jingzhun.Data.Tests.Audit;

/// <summary>The audit log's hash chain on a real database: clean when untouched, and the first tampered entry named.</summary>
public abstract class AuditChainTests : IAsyncLifetime
{
    private readonly string _database;
    private readonly Action _drop;

    protected AuditChainTests(bool postgres)
    {
        if (postgres)
        {
            var server = Environment.GetEnvironmentVariable("JINGZHUN_TEST_PG");
            if (string.IsNullOrWhiteSpace(server)) Assert.Skip("set JINGZHUN_TEST_PG=\"Host=127.0.0.1;Port=5432;Username=postgres\" to run PostgreSQL tests");
            var name = $"jz_audit_{Guid.NewGuid():N}"[..24];
            Execute(server, $"CREATE DATABASE {name}");
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

    private DatabaseTarget Target => DatabaseTarget.Parse(_database);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await JingzhunDb.MigrateAsync(Target, Ct);
        await DemoSeeder.SeedAsync(Target, new DemoOptions(60, Seed: 5), cancellationToken: Ct);
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
    public async Task An_entry_edited_in_the_database_is_named()
    {
        var victim = await EntryAsync(skip: 4);
        await SqlAsync($"UPDATE \"AuditEntries\" SET \"NewValue\" = '13800000000' WHERE \"Id\" = {victim.Id}");
        var broken = await VerifyAsync();
        Assert.Equal(victim.Id, broken!.EntryId);
        Assert.Contains("篡改", broken.Chinese);
    }

    [Fact]
    public async Task A_removed_entry_is_detected_where_the_chain_breaks()
    {
        var victim = await EntryAsync(skip: 3);
        await SqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {victim.Id}");
        var broken = await VerifyAsync();
        Assert.Equal(victim.ChainIndex + 1, broken!.ChainIndex);
        Assert.Contains("removed", broken.English);
    }

    [Fact]
    public async Task An_entry_inserted_behind_the_applications_back_is_detected()
    {
        await SqlAsync("INSERT INTO \"AuditEntries\" (\"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"RegionCode\") " +
                       "VALUES ('2026-01-01 00:00:00', 'intruder', 2, 'Household', 'x', '990121001001')");
        var broken = await VerifyAsync();
        Assert.NotNull(broken);
        Assert.Contains("inserted", broken.English);
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
