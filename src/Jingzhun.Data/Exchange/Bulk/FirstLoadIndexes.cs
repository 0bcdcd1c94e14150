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
    private readonly List<string> _makes;

    private FirstLoadIndexes(BulkSession session, List<string> makes)
    {
        _session = session;
        _makes = makes;
    }

    /// <summary>Whether this load may take the path: PostgreSQL, an initial load, and no household, member or income stored.</summary>
    public static async Task<bool> AppliesAsync(BulkSession session, bool initialLoad, CancellationToken ct) =>
        session.IsPostgres && initialLoad && await session.CountAsync("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM "Households") OR EXISTS (SELECT 1 FROM "Members") OR EXISTS (SELECT 1 FROM "Incomes")
                   THEN 1 ELSE 0 END
            """, ct) == 0;

    /// <summary>
    /// Inside the caller's transaction: drops the lookup indexes and the foreign keys of the members and incomes, keeping
    /// the statements that make them again, as the database prints them.
    /// </summary>
    public static async Task<FirstLoadIndexes> DropAsync(BulkSession session, CancellationToken ct)
    {
        var tables = string.Join(", ", Tables.Select(t => $"'\"{t}\"'::regclass"));
        // Indexes first: checking a foreign key again is one join over the rows, which the household index serves.
        var statements = await StatementsAsync(session, $"""
            SELECT 'DROP INDEX ' || x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid), 1, x.indexrelid::regclass::text
            FROM pg_index x WHERE x.indrelid IN ({tables}) AND NOT x.indisprimary AND NOT x.indisunique
            UNION ALL
            SELECT 'ALTER TABLE ' || k.conrelid::regclass::text || ' DROP CONSTRAINT ' || quote_ident(k.conname),
                   'ALTER TABLE ' || k.conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid),
                   2, k.conname::text
            FROM pg_constraint k WHERE k.conrelid IN ({tables}) AND k.contype = 'f'
            ORDER BY 3, 4
            """, ct);
        foreach (var (drop, _) in statements) await session.ExecuteAsync(drop, ct);
        return new FirstLoadIndexes(session, [.. statements.Select(s => s.Make)]);
    }

    private static async Task<List<(string Drop, string Make)>> StatementsAsync(BulkSession session, string sql, CancellationToken ct)
    {
        var statements = new List<(string, string)>();
        await using var command = session.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) statements.Add((reader.GetString(0), reader.GetString(1)));
        return statements;
    }

    /// <summary>Builds the dropped indexes and foreign keys again from the rows now written (a key checks every row).</summary>
    public async Task BuildAsync(CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var make in _makes) await _session.ExecuteAsync(make, ct);
        BulkSession.Phase($"first load: {_makes.Count} indexes and foreign keys made again", clock);
    }
}
