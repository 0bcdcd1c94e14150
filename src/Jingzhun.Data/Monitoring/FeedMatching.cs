using System.Data.Common;
using Jingzhun.Data.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Jingzhun.Data.Monitoring;

/// <summary>What one staged feed row matched: the household in the importer's region, and whether it has a valid consent.</summary>
public readonly record struct FeedMatch(int Row, long HouseholdId, bool Consent);

/// <summary>
/// Set-based matching of a department file against the registry: the rows' resident IDs are staged in a temporary table
/// (binary COPY on PostgreSQL, one prepared insert on SQLite) and joined in one query to present members, their
/// households in the importer's region, and the households' valid data-check consent. The context's connection is kept
/// open for the session, so the staging table lives as long as the context.
/// </summary>
public static class FeedMatching
{
    private const string Staging = "feed_rows";

    /// <summary>Stages (row number, resident ID) pairs, replacing what was staged before.</summary>
    public static async Task StageAsync(JingzhunDbContext db, IEnumerable<(int Row, string ResidentId)> rows, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        var postgres = db.Provider == DatabaseProvider.Postgres;
        await ExecuteAsync(db, postgres
            ? $"CREATE TEMP TABLE IF NOT EXISTS {Staging} (\"Row\" integer NOT NULL, \"ResidentId\" text COLLATE \"C\" NOT NULL)"
            : $"CREATE TEMP TABLE IF NOT EXISTS {Staging} (\"Row\" INTEGER NOT NULL, \"ResidentId\" TEXT NOT NULL)", ct);
        await ExecuteAsync(db, postgres ? $"TRUNCATE {Staging}" : $"DELETE FROM {Staging}", ct);
        var connection = db.Database.GetDbConnection();
        if (postgres)
        {
            await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY {Staging} (\"Row\", \"ResidentId\") FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (row, id) in rows)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(row, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Text, ct);
            }
            await importer.CompleteAsync(ct);
        }
        else
        {
            await using var transaction = db.Database.CurrentTransaction is null ? await connection.BeginTransactionAsync(ct) : null;
            await using var insert = (SqliteCommand)connection.CreateCommand();
            insert.Transaction = (SqliteTransaction?)(transaction ?? db.Database.CurrentTransaction?.GetDbTransaction());
            insert.CommandText = $"INSERT INTO {Staging} (\"Row\", \"ResidentId\") VALUES ($r, $i)";
            var r = insert.Parameters.Add("$r", SqliteType.Integer);
            var i = insert.Parameters.Add("$i", SqliteType.Text);
            insert.Prepare();
            foreach (var (row, id) in rows)
            {
                r.Value = row;
                i.Value = id;
                await insert.ExecuteNonQueryAsync(ct);
            }
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        await ExecuteAsync(db, postgres ? $"ANALYZE {Staging}" : $"ANALYZE temp.{Staging}", ct);
    }

    /// <summary>
    /// The staged rows matched to present members of households whose village lies under <paramref name="regionPrefix"/>,
    /// with the consent check in the same query. Rows that match nothing are not returned.
    /// </summary>
    public static async Task<List<FeedMatch>> MatchAsync(JingzhunDbContext db, string regionPrefix, CancellationToken ct = default)
    {
        // The region is read from the member's own county code (every household-scoped row carries it), as a range of codes
        // the planner can estimate, so a small feed reads only the members it names and a large one hashes them; the
        // consent is an EXISTS the planner may hash. Only a region below the county needs the household's village.
        var below = regionPrefix.Length > 6;
        var sql = $"""
            SELECT s."Row", m."HouseholdId",
                   CASE WHEN EXISTS (SELECT 1 FROM "DataConsents" c WHERE c."HouseholdId" = m."HouseholdId" AND c."WithdrawnAt" IS NULL) THEN 1 ELSE 0 END
            FROM {Staging} s
            JOIN "Members" m ON m."ResidentId" = s."ResidentId" AND m."State" = 1
            WHERE m."CountyCode" >= @countyFrom AND m."CountyCode" <= @countyTo
            {(below ? "AND EXISTS (SELECT 1 FROM \"Households\" h WHERE h.\"Id\" = m.\"HouseholdId\" AND h.\"VillageCode\" >= @from AND h.\"VillageCode\" <= @to)" : "")}
            """;
        var matches = new List<FeedMatch>();
        var at = new Dictionary<int, int>();
        var (from, to) = CodeRange(regionPrefix);
        var county = regionPrefix.Length > 6 ? regionPrefix[..6] : regionPrefix;
        (string, object)[] parameters = [("countyFrom", county.PadRight(6, '0')), ("countyTo", county.PadRight(6, '9')), .. below ? [("from", (object)from), ("to", to)] : Array.Empty<(string, object)>()];
        await using (var command = Command(db, sql, parameters))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var match = new FeedMatch(reader.GetInt32(0), reader.GetInt64(1), Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1);
                if (!at.TryGetValue(match.Row, out var i)) { at[match.Row] = matches.Count; matches.Add(match); continue; }
                // A person present in two households (a registry error): the consenting one, then the lower id.
                var other = matches[i];
                if ((match.Consent && !other.Consent) || (match.Consent == other.Consent && match.HouseholdId < other.HouseholdId)) matches[i] = match;
            }
        return matches;
    }

    /// <summary>The 12-digit village codes that start with <paramref name="prefix"/>, first and last (digits of one length compare alike in every collation).</summary>
    internal static (string From, string To) CodeRange(string prefix) => (prefix.PadRight(12, '0'), prefix.PadRight(12, '9'));

    /// <summary>The benchmark's baseline: the plain join of the staged rows against members, with nothing else.</summary>
    public static async Task<long> PlainJoinAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        long rows = 0;
        await using var command = Command(db, $"SELECT s.\"Row\", m.\"HouseholdId\" FROM {Staging} s JOIN \"Members\" m ON m.\"ResidentId\" = s.\"ResidentId\"");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) { reader.GetInt32(0); reader.GetInt64(1); rows++; }
        return rows;
    }

    public static async Task DropAsync(JingzhunDbContext db, CancellationToken ct = default) =>
        await ExecuteAsync(db, $"DROP TABLE IF EXISTS {Staging}", ct);

    private static async Task ExecuteAsync(JingzhunDbContext db, string sql, CancellationToken ct)
    {
        await using var command = Command(db, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(JingzhunDbContext db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
