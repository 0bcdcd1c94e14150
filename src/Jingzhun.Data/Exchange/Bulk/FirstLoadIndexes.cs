namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// A county's first load into an empty registry on PostgreSQL: the members' and incomes' lookup indexes (by name, by
/// resident ID, by household; not the primary keys and not the unique indexes, which the writer's statements and the
/// registry's rules rely on) and their foreign keys are dropped before those rows are written and made again after
/// them, in one transaction with the rows. Kept up to date row by row, the name and resident-ID indexes cost each member
/// a write to a random page and each key a lookup of its household; made once from the finished table, an index costs
/// one sort and a key one join (measured in docs/benchmarks.md). The transaction makes it all or nothing: a load that
/// stops leaves the tables as they were, indexes, keys and all, and running it again writes the members through the
/// chunked path. Readers of the two tables wait for it to end, which on an empty registry is nothing a user had. SQLite
/// is not changed: its import meets its goal as it is.
/// </summary>
internal sealed class FirstLoadIndexes
{
    private static readonly string[] Tables = ["Members", "Incomes"];
    private readonly BulkSession _session;
    private readonly List<string> _definitions;

    private FirstLoadIndexes(BulkSession session, List<string> definitions)
    {
        _session = session;
        _definitions = definitions;
    }

    /// <summary>The statements that make the dropped indexes and foreign keys again, as the database printed them.</summary>
    public IReadOnlyList<string> Definitions => _definitions;

    /// <summary>Whether this load may take the path: PostgreSQL, an initial load, and no household, member or income stored.</summary>
    public static async Task<bool> AppliesAsync(BulkSession session, bool initialLoad, CancellationToken ct) =>
        session.IsPostgres && initialLoad && await session.CountAsync("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM "Households") OR EXISTS (SELECT 1 FROM "Members") OR EXISTS (SELECT 1 FROM "Incomes")
                   THEN 1 ELSE 0 END
            """, ct) == 0;

    /// <summary>
    /// Inside the caller's transaction: drops the lookup indexes and the foreign keys of the members and incomes, keeping
    /// how to make them again.
    /// </summary>
    public static async Task<FirstLoadIndexes> DropAsync(BulkSession session, CancellationToken ct)
    {
        var tables = string.Join(", ", Tables.Select(t => $"'\"{t}\"'::regclass"));
        var indexes = await PairsAsync(session, $"""
            SELECT c.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
            WHERE x.indrelid IN ({tables}) AND NOT x.indisprimary AND NOT x.indisunique ORDER BY c.relname
            """, ct);
        var keys = await PairsAsync(session, $"""
            SELECT k.conname, 'ALTER TABLE ' || k.conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
            FROM pg_constraint k WHERE k.conrelid IN ({tables}) AND k.contype = 'f' ORDER BY k.conname
            """, ct);
        foreach (var (name, _) in indexes) await session.ExecuteAsync($"DROP INDEX {Quoted(name)}", ct);
        foreach (var (name, definition) in keys)
            await session.ExecuteAsync($"{definition[..definition.IndexOf(" ADD CONSTRAINT ", StringComparison.Ordinal)]} DROP CONSTRAINT {Quoted(name)}", ct);
        // Indexes first: checking a foreign key again is one join over the rows, which the household index serves.
        return new FirstLoadIndexes(session, [.. indexes.Select(i => i.Definition), .. keys.Select(k => k.Definition)]);
    }

    private static string Quoted(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task<List<(string Name, string Definition)>> PairsAsync(BulkSession session, string sql, CancellationToken ct)
    {
        var pairs = new List<(string, string)>();
        await using var command = session.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetString(0), reader.GetString(1)));
        return pairs;
    }

    /// <summary>Builds the dropped indexes and foreign keys again from the rows now written (a key checks every row).</summary>
    public async Task BuildAsync(CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var definition in _definitions) await _session.ExecuteAsync(definition, ct);
        BulkSession.Phase($"first load: {_definitions.Count} indexes and foreign keys made again", clock);
    }
}
