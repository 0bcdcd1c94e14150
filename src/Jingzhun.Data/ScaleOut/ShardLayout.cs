using System.Text;
using Npgsql;

namespace Jingzhun.Data.ScaleOut;

/// <summary>One PostgreSQL server (or database) holding the registry of some counties, all of them migrated with the same schema.</summary>
/// <param name="Name">A short name: letters, digits and underscores; it names the foreign server and the schema of its tables.</param>
/// <param name="ConnectionString">How the coordinator reaches the shard (host, port, database, user, password).</param>
/// <param name="Counties">The 6-digit county codes whose households live on this shard.</param>
public sealed record Shard(string Name, string ConnectionString, IReadOnlyList<string> Counties);

/// <summary>
/// The SQL that turns one PostgreSQL database into the coordinator of a registry sharded by county code
/// (DESIGN §7): each household-scoped table becomes a table partitioned by list of <c>CountyCode</c>
/// whose partitions are the shards' own tables, reached through postgres_fdw. Reports read the
/// coordinator; PostgreSQL prunes to the shards that hold the counties asked for and pushes counts and
/// joins down to them, because every household-scoped table carries the county code and is
/// partitioned the same way. Writes go to a county's own shard, which is a complete Jingzhun database.
/// </summary>
public static class ShardLayout
{
    /// <summary>The tables that carry the county code: the registry and everything attached to a household.</summary>
    public static readonly IReadOnlyList<string> ShardedTables =
        ["Households", "Members", "Incomes", "StatusChanges", "Measures", "Assignments", "Cases", "Batches", "Snapshots"];

    /// <summary>Tables every node keeps whole (regions and rules): copied to each shard, never partitioned.</summary>
    public static readonly IReadOnlyList<string> ReferenceTables = ["Regions", "RuleSets"];

    /// <summary>The statements, in order; each may be run on its own.</summary>
    public static IReadOnlyList<string> CoordinatorSql(IReadOnlyList<Shard> shards)
    {
        Validate(shards);
        var sql = new List<string> { "CREATE EXTENSION IF NOT EXISTS postgres_fdw" };
        foreach (var shard in shards) sql.AddRange(ServerSql(shard));
        // The parent tables take their columns from the first shard: all shards run the same migrations.
        var first = shards[0].Name;
        foreach (var table in ShardedTables)
        {
            sql.Add($"CREATE TABLE {Quote(table)} (LIKE {SchemaOf(first)}.{Quote(table)}) PARTITION BY LIST (\"CountyCode\")");
            foreach (var shard in shards)
                sql.Add($"ALTER TABLE {Quote(table)} ATTACH PARTITION {SchemaOf(shard.Name)}.{Quote(table)} " +
                        $"FOR VALUES IN ({string.Join(", ", shard.Counties.Select(Literal))})");
        }
        return sql;
    }

    /// <summary>Runs <see cref="CoordinatorSql"/> on the coordinator database in one transaction.</summary>
    public static async Task CreateCoordinatorAsync(string coordinatorConnectionString, IReadOnlyList<Shard> shards, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(coordinatorConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var statement in CoordinatorSql(shards))
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>A script for psql, for a database administrator to read before running.</summary>
    public static string Script(IReadOnlyList<Shard> shards)
    {
        var script = new StringBuilder("-- Jingzhun coordinator over ").Append(shards.Count).AppendLine(" shards, partitioned by county code");
        foreach (var statement in CoordinatorSql(shards)) script.Append(statement).AppendLine(";");
        return script.ToString();
    }

    private static IEnumerable<string> ServerSql(Shard shard)
    {
        var c = new NpgsqlConnectionStringBuilder(shard.ConnectionString);
        var options = new List<string> { $"host {Literal(c.Host ?? "127.0.0.1")}", $"port {Literal(c.Port.ToString())}", $"dbname {Literal(c.Database ?? "postgres")}" };
        // Remote estimates let the planner see that a count or a join is cheaper on the shard than
        // shipping its rows; a larger fetch size suits the report scans that do ship rows.
        options.Add("use_remote_estimate 'true'");
        options.Add("fetch_size '10000'");
        var user = new List<string> { $"user {Literal(c.Username ?? "postgres")}" };
        if (!string.IsNullOrEmpty(c.Password)) user.Add($"password {Literal(c.Password)}");
        var server = Quote("shard_" + shard.Name);
        yield return $"CREATE SERVER {server} FOREIGN DATA WRAPPER postgres_fdw OPTIONS ({string.Join(", ", options)})";
        yield return $"CREATE USER MAPPING FOR CURRENT_USER SERVER {server} OPTIONS ({string.Join(", ", user)})";
        yield return $"CREATE SCHEMA {SchemaOf(shard.Name)}";
        yield return $"IMPORT FOREIGN SCHEMA public LIMIT TO ({string.Join(", ", ShardedTables.Select(Quote))}) FROM SERVER {server} INTO {SchemaOf(shard.Name)}";
    }

    private static void Validate(IReadOnlyList<Shard> shards)
    {
        if (shards.Count == 0) throw new ArgumentException("至少需要一个分片 / at least one shard is needed");
        foreach (var shard in shards)
        {
            if (shard.Name.Length == 0 || !shard.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                throw new ArgumentException($"分片名只能含字母、数字和下划线：{shard.Name} / a shard name holds only letters, digits and underscores: {shard.Name}");
            if (shard.Counties.Count == 0)
                throw new ArgumentException($"分片{shard.Name}没有县 / shard {shard.Name} holds no county");
            var bad = shard.Counties.FirstOrDefault(c => c.Length != 6 || !c.All(char.IsAsciiDigit));
            if (bad is not null) throw new ArgumentException($"县代码应为6位数字：{bad} / a county code is 6 digits: {bad}");
        }
        var twice = shards.SelectMany(s => s.Counties).GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"县{twice.Key}分在多个分片 / county {twice.Key} is on more than one shard");
    }

    private static string SchemaOf(string shard) => Quote("shard_" + shard);
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
