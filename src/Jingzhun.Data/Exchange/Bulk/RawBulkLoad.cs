using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// The baseline the bulk import is measured against: the provider's plain bulk load of the same rows,
/// with no checks, no matching and no audit: the three CSV files parsed cell by cell and written
/// straight into the tables (PostgreSQL: binary COPY into Households, Members and Incomes;
/// SQLite: prepared inserts in one transaction), with the ids assigned here. Meant for an empty
/// registry; it keeps a map from household number to id, so unlike the import its memory grows with the file.
/// </summary>
public static class RawBulkLoad
{
    public static async Task<long> LoadAsync(DatabaseTarget target, string csvPath, CancellationToken ct = default)
    {
        await using var session = await BulkSession.OpenAsync(target, AccessScope.System("raw"), ct);
        // Unchecked and unaudited, it writes statuses as the file has them: only ever into an empty registry (a benchmark's first load).
        if (await session.CountAsync("SELECT COUNT(*) FROM \"Households\"", ct) > 0)
            throw new InvalidOperationException("raw-load 只能写入空库 / raw-load writes only into an empty registry");
        var now = session.Now();
        var next = await session.CountAsync("SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Households\"", ct) + 1;
        var ids = new Dictionary<string, (long Id, string County)>(StringComparer.Ordinal);
        long rows = 0;
        await using var transaction = await session.BeginAsync(ct);

        (string, BulkType)[] householdColumns = [("Id", BulkType.Long), .. BulkColumns.Household.Select(c => (c.Name, c.Type)),
            ("Version", BulkType.Int), ("CreatedAt", BulkType.Timestamp), ("UpdatedAt", BulkType.Timestamp)];
        using (var sink = session.Sink("\"Households\"", householdColumns))
        {
            foreach (var h in Rows(csvPath, RegistryTables.HouseholdsSheet, RegistryTables.HouseholdColumns, () => new Household { Number = "", VillageCode = "" }))
            {
                ids[h.Number] = (next, Household.CountyOf(h.VillageCode));
                sink.Add([next++, .. BulkColumns.Household.Select(c => c.Get(h)), 0, now, now]);
                rows++;
            }
            sink.Complete();
        }
        (string, BulkType)[] memberColumns = [("HouseholdId", BulkType.Long), ("CountyCode", BulkType.Code), .. BulkColumns.Member.Select(c => (c.Name, c.Type)),
            ("Version", BulkType.Int), ("CreatedAt", BulkType.Timestamp), ("UpdatedAt", BulkType.Timestamp)];
        using (var sink = session.Sink("\"Members\"", memberColumns))
        {
            foreach (var r in Rows(csvPath, RegistryTables.MembersSheet, RegistryTables.MemberColumns, () => new MemberRow()))
            {
                var (id, county) = ids[r.HouseholdNumber];
                sink.Add([id, county, .. BulkColumns.Member.Select(c => c.Get(r.Member)), 0, now, now]);
                rows++;
            }
            sink.Complete();
        }
        (string, BulkType)[] incomeColumns = [("HouseholdId", BulkType.Long), ("CountyCode", BulkType.Code), .. BulkColumns.Income.Select(c => (c.Name, c.Type))];
        using (var sink = session.Sink("\"Incomes\"", incomeColumns))
        {
            foreach (var r in Rows(csvPath, RegistryTables.IncomesSheet, RegistryTables.IncomeColumns, () => new IncomeRow()))
            {
                var (id, county) = ids[r.HouseholdNumber];
                sink.Add([id, county, .. BulkColumns.Income.Select(c => c.Get(r.Income))]);
                rows++;
            }
            sink.Complete();
        }
        if (session.IsPostgres)
            await session.ExecuteAsync("SELECT setval(pg_get_serial_sequence('\"Households\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Households\"))", ct);
        await transaction.CommitAsync(ct);
        return rows;
    }

    /// <summary>The rows of one CSV table, each cell parsed by its column and nothing checked.</summary>
    private static IEnumerable<TRow> Rows<TRow>(string csvPath, string sheet, IReadOnlyList<ExchangeColumn<TRow>> columns, Func<TRow> create)
    {
        Dictionary<ExchangeColumn<TRow>, string>? headers = null;
        foreach (var row in TableReader.Rows(csvPath, ExchangeFormat.Csv, sheet))
        {
            headers ??= columns.Select(c => (c, h: row.Cells.Keys.FirstOrDefault(c.Matches))).Where(x => x.h is not null).ToDictionary(x => x.c, x => x.h!);
            var value = create();
            foreach (var (column, header) in headers) column.Read(value, row.Cells[header]);
            yield return value;
        }
    }
}
