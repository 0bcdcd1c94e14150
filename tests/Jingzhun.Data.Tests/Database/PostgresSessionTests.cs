using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jingzhun.Data.Tests.Database;

public sealed class PostgresSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> SettingAsync(DatabaseTarget target, string name)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        return await db.Database.SqlQuery<string>($"SELECT current_setting({name}) AS \"Value\"").SingleAsync(Ct);
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
}
