using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jingzhun.Data.Tests.Database;

public sealed class PostgresSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> SettingAsync(DatabaseTarget target, string name)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        return await SqlScalar.SettingAsync(db, name);
    }

    [Fact]
    public async Task Sessions_run_without_the_jit_compiler_whatever_the_server_default()
    {
        await using var database = await TestDatabase.PostgresAsync();
        // The server's own default (on, as PostgreSQL ships) is what a plain connection sees.
        await using (var plain = new NpgsqlConnection(database.Target.ConnectionString))
        {
            await plain.OpenAsync(Ct);
            await using var show = new NpgsqlCommand("SHOW jit", plain);
            Assert.Equal("on", await show.ExecuteScalarAsync(Ct));
        }

        Assert.Equal("off", await SettingAsync(database.Target, "jit"));
    }

    [Fact]
    public async Task A_connection_string_with_its_own_session_options_keeps_them()
    {
        await using var database = await TestDatabase.PostgresAsync();
        var own = DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(database.Target.ConnectionString) { Options = "-c work_mem=7MB" }.ConnectionString);

        Assert.Equal("7MB", await SettingAsync(own, "work_mem"));
        Assert.Equal("on", await SettingAsync(own, "jit"));
    }

    /// <summary>Counts the statements prepared on the context's connection after the same lookup ran <paramref name="times"/> times.</summary>
    private static async Task<long> PreparedAfterAsync(DatabaseTarget target, int times)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        await db.Database.OpenConnectionAsync(Ct);
        for (var i = 0; i < times; i++)
            await db.Accounts.AsNoTracking().Where(a => a.Id == i).Select(a => a.UserName).FirstOrDefaultAsync(Ct);
        return await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync(Ct);
    }

    [Fact]
    public async Task Statements_run_again_and_again_are_prepared_on_the_server_unless_the_connection_string_says_otherwise()
    {
        await using var database = await (await TestDatabase.PostgresAsync()).WithDemoAsync(0);
        Assert.True(await PreparedAfterAsync(database.Target, 10) >= 1);
        var own = DatabaseTarget.Parse(database.Target.ConnectionString + ";Max Auto Prepare=0");
        Assert.Equal(0, await PreparedAfterAsync(own, 10));
    }

    /// <summary>The live rows a full refresh stored: every area's figures and every breakdown cell, in one comparable order.</summary>
    private static async Task<List<string>> LiveRowsAsync(JingzhunDbContext db) =>
        [
            .. (await db.Aggregates.AsNoTracking().Where(a => a.Year == AreaAggregate.LiveYear).OrderBy(a => a.RegionCode).ToListAsync(Ct))
                .Select(a => System.Text.Json.JsonSerializer.Serialize(a)),
            .. (await db.Breakdowns.AsNoTracking().Where(b => b.Year == AreaAggregate.LiveYear)
                    .OrderBy(b => b.RegionCode).ThenBy(b => b.Dimension).ThenBy(b => b.Value).ThenBy(b => b.Status).ToListAsync(Ct))
                .Select(b => $"{b.RegionCode} {b.Dimension} {b.Value} {b.Status} {b.Households} {b.People}"),
        ];

    [Fact]
    public async Task A_refresh_of_the_whole_registry_counts_the_same_compiled_and_gives_the_transaction_its_own_settings_back()
    {
        await using var database = await (await TestDatabase.PostgresAsync()).WithDemoAsync(300);
        var now = new DateTime(2026, 6, 30, 8, 0, 0, DateTimeKind.Utc);
        List<string> interpreted;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            await AreaStatistics.RefreshAsync(db, now, Ct);
            interpreted = await LiveRowsAsync(db);
        }

        // A demo county is far below the cost at which PostgreSQL compiles: with the thresholds at zero, the refresh's passes
        // are compiled whenever the refresh turns the compiler on, and must count exactly what the interpreted passes counted.
        var eager = DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(database.Target.ConnectionString)
        {
            Options = "-c jit=off -c jit_above_cost=0 -c jit_inline_above_cost=0 -c jit_optimize_above_cost=0",
        }.ConnectionString);
        await using (var plain = new NpgsqlConnection(database.Target.ConnectionString))
        {
            // True only where the server has its compiler (llvmjit) and the session has jit on, as the server's default is.
            await plain.OpenAsync(Ct);
            await using var available = new NpgsqlCommand("SELECT pg_jit_available()", plain);
            if (await available.ExecuteScalarAsync(Ct) is not true)
                Assert.Skip("this PostgreSQL server has no JIT compiler (llvmjit) to compile the refresh with");
        }
        await using (var db = JingzhunDb.Create(eager, AccessScope.System("test")))
        {
            // Inside a caller's transaction (a year-end freeze refreshes in its own), as the transaction's later statements see it.
            // Its own setting of the memory cap too, which the refresh raises for its passes and must give back as it was.
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '7MB'", Ct);
            await AreaStatistics.RefreshAsync(db, now, Ct);
            Assert.Equal("off", await SqlScalar.SettingAsync(db, "jit"));
            Assert.Equal("7MB", await SqlScalar.SettingAsync(db, "work_mem"));
            await transaction.CommitAsync(Ct);
            Assert.Equal(interpreted, await LiveRowsAsync(db));
        }
    }
}
