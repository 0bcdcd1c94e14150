using Jingzhun.Data.Database;
using Jingzhun.Data.ScaleOut;
using Npgsql;

namespace Jingzhun.Data.Tests.ScaleOut;

/// <summary>
/// The registry sharded by county code over postgres_fdw, on loopback (docs/scale-out.md): two
/// migrated Jingzhun databases each hold one county, a third coordinates. Reports over the
/// coordinator see both counties, touch only the shard of a county asked for, and push counts and
/// the household–member join down to the shards.
/// </summary>
public sealed class ShardLayoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Coordinator_counts_every_shard_and_prunes_to_the_county_asked_for()
    {
        await using var east = await (await TestDatabase.PostgresAsync()).WithDemoAsync(120, seed: 3);
        await using var west = await (await TestDatabase.PostgresAsync()).WithDemoAsync(80, seed: 4);
        await MoveToCountyAsync(west, "990122");
        await using var coordinator = await TestDatabase.PostgresAsync();
        await ShardLayout.CreateCoordinatorAsync(coordinator.Target.ConnectionString,
        [
            new Shard("east", east.Target.ConnectionString, ["990121"]),
            new Shard("west", west.Target.ConnectionString, ["990122", "990123"]),
        ], Ct);

        var counts = await RowsAsync(coordinator, """
            SELECT h."CountyCode", count(DISTINCT h."Id"), count(m."Id")
            FROM "Households" h JOIN "Members" m ON m."HouseholdId" = h."Id" AND m."CountyCode" = h."CountyCode"
            GROUP BY h."CountyCode" ORDER BY 1
            """);
        Assert.Equal(
        [
            ["990121", "120", await ScalarAsync(east, """SELECT count(*) FROM "Members" """)],
            ["990122", "80", await ScalarAsync(west, """SELECT count(*) FROM "Members" """)],
        ], counts);

        var oneCounty = string.Join('\n', (await RowsAsync(coordinator,
            """EXPLAIN (VERBOSE) SELECT count(*) FROM "Households" WHERE "CountyCode" = '990122'""")).Select(r => r[0]));
        Assert.Contains("shard_west", oneCounty);
        Assert.DoesNotContain("shard_east", oneCounty);
    }

    [Fact]
    public async Task Counts_and_the_household_member_join_run_on_the_shards()
    {
        await using var east = await (await TestDatabase.PostgresAsync()).WithDemoAsync(30, seed: 5);
        await using var west = await (await TestDatabase.PostgresAsync()).WithDemoAsync(30, seed: 6);
        await MoveToCountyAsync(west, "990122");
        await using var coordinator = await TestDatabase.PostgresAsync();
        await ShardLayout.CreateCoordinatorAsync(coordinator.Target.ConnectionString,
            [new Shard("east", east.Target.ConnectionString, ["990121"]), new Shard("west", west.Target.ConnectionString, ["990122"])], Ct);

        // Partition-wise planning is off by default in PostgreSQL; a report connection turns it on.
        const string partitionwise = "SET enable_partitionwise_aggregate = on; SET enable_partitionwise_join = on; ";
        var counts = await PlanAsync(coordinator, partitionwise + """
            EXPLAIN (VERBOSE) SELECT "CountyCode", "Status", count(*) FROM "Households" GROUP BY "CountyCode", "Status"
            """);
        Assert.True(CountOf(counts, "Relations: Aggregate on") == 2, counts);

        var join = await PlanAsync(coordinator, partitionwise + """
            EXPLAIN (VERBOSE) SELECT h."CountyCode", h."Status", count(*)
            FROM "Households" h JOIN "Members" m ON m."HouseholdId" = h."Id" AND m."CountyCode" = h."CountyCode"
            GROUP BY h."CountyCode", h."Status"
            """);
        // Co-located: each shard joins its own households and members, and only the joined rows travel.
        Assert.Contains("""(shard_east."Households" h_1) INNER JOIN (shard_east."Members" m_1)""", join);
        Assert.Contains("""(shard_west."Households" h_2) INNER JOIN (shard_west."Members" m_2)""", join);
    }

    private static async Task<string> PlanAsync(TestDatabase database, string sql) =>
        string.Join('\n', (await RowsAsync(database, sql)).Select(r => r[0]));

    [Fact]
    public void A_county_on_two_shards_or_a_bad_name_is_refused()
    {
        var twice = Assert.Throws<ArgumentException>(() => ShardLayout.CoordinatorSql(
            [new Shard("a", "Host=x", ["990121"]), new Shard("b", "Host=y", ["990121"])]));
        Assert.Contains("990121", twice.Message);
        Assert.Throws<ArgumentException>(() => ShardLayout.CoordinatorSql([new Shard("a;drop", "Host=x", ["990121"])]));
        Assert.Throws<ArgumentException>(() => ShardLayout.CoordinatorSql([new Shard("a", "Host=x", ["99012"])]));
    }

    /// <summary>Gives the demo county of a database another county code, as if it were a second county.</summary>
    private static async Task MoveToCountyAsync(TestDatabase database, string county)
    {
        var sql = $"""
            UPDATE "Households" SET "CountyCode" = '{county}', "VillageCode" = '{county}' || substr("VillageCode", 7), "Number" = '{county}' || substr("Number", 7);
            UPDATE "Members" SET "CountyCode" = '{county}';
            UPDATE "Incomes" SET "CountyCode" = '{county}';
            UPDATE "StatusChanges" SET "CountyCode" = '{county}';
            """;
        await RowsAsync(database, sql);
    }

    private static async Task<string> ScalarAsync(TestDatabase database, string sql) => (await RowsAsync(database, sql))[0][0];

    private static async Task<List<string[]>> RowsAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.Target.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string[]>();
        do
        {
            while (await reader.ReadAsync(Ct))
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        } while (await reader.NextResultAsync(Ct));
        return rows;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
