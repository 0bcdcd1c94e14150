using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;

namespace Jingzhun.Web.Tests.Statistics;

// Hosts whose statistics and reports read from the streaming replica named by JINGZHUN_TEST_PG_REPLICA (.ci/run starts
// one beside the primary); skipped with that reason when none is given. Each runs the statistics tests unchanged.
public sealed class PostgresReplicaHost() : HostFixture(Engine.Postgres, reportsOnReplica: true);

public sealed class PostgresReplicaDemoHost() : HostFixture(Engine.Postgres, new() { ["demo-history"] = "true" }, reportsOnReplica: true);

public sealed class EmptyPostgresReplicaHost() : HostFixture(Engine.Postgres, new() { ["demo-households"] = "0" }, reportsOnReplica: true);

public sealed class PostgresReplicaPlansHost() : HostFixture(Engine.Postgres, reportsOnReplica: true);

public sealed class AggregateTestsOnReplica(PostgresReplicaDemoHost fixture) : AggregateTests(fixture), IClassFixture<PostgresReplicaDemoHost>;

/// <summary>A replica host with the live statistics' shorter waits of <see cref="LiveStatisticsTests.Waits"/>.</summary>
public sealed class PostgresReplicaLiveHost() : HostFixture(Engine.Postgres, LiveStatisticsTests.Waits, reportsOnReplica: true);

public sealed class LiveStatisticsTestsOnReplica(PostgresReplicaLiveHost fixture) : LiveStatisticsTests(fixture), IClassFixture<PostgresReplicaLiveHost>;

public sealed class IncomeStatsTestsOnReplica(PostgresReplicaHost fixture) : IncomeStatsTests(fixture), IClassFixture<PostgresReplicaHost>;

public sealed class MeasuresApiTestsOnReplica(PostgresReplicaHost fixture) : MeasuresApiTests(fixture), IClassFixture<PostgresReplicaHost>;

public sealed class AssistanceStatsTestsOnReplica(PostgresReplicaHost fixture) : AssistanceStatsTests(fixture), IClassFixture<PostgresReplicaHost>;

public sealed class FundFiguresStatsTestsOnReplica(PostgresReplicaHost fixture) : FundFiguresStatsTests(fixture), IClassFixture<PostgresReplicaHost>;

public sealed class LinzhiReferenceTestsOnReplica(EmptyPostgresReplicaHost fixture) : LinzhiReferenceTests(fixture), IClassFixture<EmptyPostgresReplicaHost>;

public sealed class ExitPlanTestsOnReplica(PostgresReplicaPlansHost fixture) : ExitPlanTests(fixture), IClassFixture<PostgresReplicaPlansHost>;

/// <summary>
/// With a replica configured, reports read there and nothing else does: the report sessions appear on the replica, a plan
/// set through the statistics API is written on the main database, the replica's context and sessions refuse writes, and
/// the operator's health page says how far the replica is behind.
/// </summary>
public sealed class ReportReplicaTests(PostgresReplicaHost fixture) : IClassFixture<PostgresReplicaHost>
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";

    [Fact]
    public async Task Statistics_and_report_pages_read_from_the_replica()
    {
        using var county = await Host.SignInAsync("county");

        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/stats/{County}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/stats/{County}?asOf=live", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/stats/{County}/report", Ct)).StatusCode);

        // The host's report sessions stay in its pool, connected to the replica under their application name.
        await using var replica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Host.ReportsDatabase) { ApplicationName = "test" }.ConnectionString);
        await replica.OpenAsync(Ct);
        await using var sessions = new NpgsqlCommand(
            "SELECT pg_is_in_recovery(), count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", replica);
        sessions.Parameters.AddWithValue("name", ReportReplica.ApplicationName);
        await using var row = await sessions.ExecuteReaderAsync(Ct);
        await row.ReadAsync(Ct);
        Assert.True(row.GetBoolean(0), "the reports database is a standby");
        Assert.True(row.GetInt64(1) > 0, "no report session on the replica");
    }

    [Fact]
    public async Task Statistics_pages_and_endpoints_run_their_statements_over_one_replica_connection()
    {
        await using var main = Host.OpenDatabase();
        var countyAccount = await main.Accounts.Where(a => a.UserName == "county").Select(a => a.Id).SingleAsync(Ct);
        await using var reports = JingzhunDb.Create(DatabaseTarget.Parse(Host.ReportsDatabase!), AccessScope.System("test"));
        // Open connections name their databases as the host's do.
        await main.Database.OpenConnectionAsync(Ct);
        await reports.Database.OpenConnectionAsync(Ct);
        using var county = await Host.SignInAsync("county");
        foreach (var path in new[] { $"/api/stats/{County}", $"/stats/{County}?asOf=live" })
        {
            using var onMain = await ConnectionOpens.ListenAsync(main, countyAccount, Ct);
            using var onReplica = await ConnectionOpens.ListenAsync(reports, countyAccount, Ct);
            Assert.Equal(HttpStatusCode.OK, (await county.GetAsync(path, Ct)).StatusCode);
            // The report context held its replica connection for all its statements; the main database's was not held
            // for it (a context there, if any, opened once too).
            Assert.NotEmpty(onReplica.PerContext);
            Assert.All(onReplica.PerContext, n => Assert.Equal(1, n));
            Assert.All(onMain.PerContext, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public async Task A_plan_set_on_the_statistics_API_is_written_on_the_main_database_and_read_back_from_the_replica()
    {
        using var county = await Host.SignInAsync("county");

        var put = await county.PutAsJsonAsync($"/api/stats/{County}/plans/2033", new { plannedHouseholds = 12, plannedPeople = 34, note = "副本" }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await using var main = Host.OpenDatabase();
        Assert.True(await main.ExitPlans.AnyAsync(p => p.RegionCode == County && p.Year == 2033 && p.PlannedPeople == 34, Ct));
        var plans = (await county.GetFromJsonAsync<JsonObject>($"/api/stats/{County}/plans", Ct))!;
        Assert.Contains(plans["versions"]!.AsArray(), v => (int)v!["year"]! == 2033 && (int)v["plannedPeople"]! == 34);
    }

    [Fact]
    public async Task The_replica_context_and_its_sessions_refuse_to_write_even_when_pointed_at_the_main_database()
    {
        var main = DatabaseTarget.Parse(Host.Database);
        await using var reports = ReportReplica.Resolve(main, Host.ReportsDatabase)!.Open(AccessScope.System("test"), TimeProvider.System);
        reports.AuditEntries.Add(new Domain.Audit.AuditEntry());
        await Assert.ThrowsAsync<InvalidOperationException>(() => reports.SaveChangesAsync(Ct));

        // A setting that names the main database by mistake still gets read-only sessions.
        await using var misnamed = ReportReplica.Resolve(main, Host.Database)!.Open(AccessScope.System("test"), TimeProvider.System);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => misnamed.Database.ExecuteSqlRawAsync("CREATE TABLE \"NotAllowed\" (\"Id\" int)", Ct));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
    }

    [Fact]
    public async Task The_health_page_tells_the_operator_how_far_the_replica_is_behind()
    {
        using var admin = await Host.SignInAsync("admin");
        using var county = await Host.SignInAsync("county");

        var page = await admin.GetStringAsync("/system/health", Ct);

        Assert.Contains("id=\"health-replica\"", page);
        Assert.True(page.Contains("已同步", StringComparison.Ordinal) || page.Contains("报表副本落后主数据库约", StringComparison.Ordinal), page);
        Assert.DoesNotContain("无法连接", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/system/health", Ct)).StatusCode);

        await admin.GetAsync("/lang/en?returnUrl=/system/health", Ct);
        var english = await admin.GetStringAsync("/system/health", Ct);
        Assert.True(english.Contains("Up to date", StringComparison.Ordinal) || english.Contains("behind the main database", StringComparison.Ordinal), english);
    }

    [Fact]
    public async Task The_lag_is_measured_against_the_main_database()
    {
        var main = DatabaseTarget.Parse(Host.Database);
        var replica = ReportReplica.Resolve(main, Host.ReportsDatabase)!;

        var lag = await replica.LagAsync(main, Ct);

        Assert.True(lag.Reachable && lag.IsStandby, lag.Error);
        Assert.True(lag.BytesBehind >= 0);
        Assert.True(lag.Behind >= TimeSpan.Zero);
    }
}

/// <summary>Without a replica the health page says that reports read the main database; a replica needs PostgreSQL on both sides.</summary>
public sealed class HealthPageWithoutReplicaTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_health_page_says_no_replica_is_configured()
    {
        using var admin = await fixture.Host.SignInAsync("admin");

        var page = await admin.GetStringAsync("/system/health", Ct);

        Assert.Contains("未配置报表副本", page);
        Assert.Contains("正常连接", page);
    }

    [Fact]
    public void A_replica_is_refused_for_SQLite_and_absent_without_a_setting()
    {
        var sqlite = DatabaseTarget.Parse("data/x.db");
        var postgres = DatabaseTarget.Parse("Host=127.0.0.1;Database=main");

        Assert.Null(ReportReplica.Resolve(postgres, ""));
        Assert.Throws<InvalidOperationException>(() => ReportReplica.Resolve(sqlite, "Host=127.0.0.1;Database=replica"));
        Assert.Throws<InvalidOperationException>(() => ReportReplica.Resolve(postgres, "data/replica.db"));
        var replica = ReportReplica.Resolve(postgres, "Host=127.0.0.1;Port=55433;Database=main")!;
        Assert.Contains("default_transaction_read_only=on", replica.Target.ConnectionString);
        Assert.Contains("jit=off", replica.Target.ConnectionString);
    }
}
