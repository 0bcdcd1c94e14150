using System.Data.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// The checks across rows of <see cref="ImportChecks"/>, for files too large to hold: while the file
/// is read, the keys of each row (number, row, and the resident ID, relation and state of a member, or
/// the year of an income) go into temporary tables in the database, and the checks are queries over
/// those tables and the registry. Memory holds only the errors.
/// </summary>
internal sealed class BulkImportChecks(BulkSession session)
{
    public const string CH = "jz_check_h", CM = "jz_check_m", CI = "jz_check_i", Bad = "jz_check_bad";
    private const string Heads = "jz_check_heads", Present = "jz_check_present";

    // Whole rows, under their stored columns' names (the checks read the keys among them: number, row, status and its
    // years, monitoring; resident ID, relation, state; year, members counted), so that the second pass writes from here.
    private static readonly BulkColumn<Household>[] HouseholdColumns = [.. BulkColumns.Household.Where(c => c.Name != nameof(Household.Number))];
    private static readonly (string, BulkType)[] HouseholdKeys =
        [("Number", BulkType.Code), ("Row", BulkType.Int), .. HouseholdColumns.Select(c => (c.Name, c.Type))];
    private static readonly (string, BulkType)[] MemberKeys =
        [("Number", BulkType.Code), ("Row", BulkType.Int), .. BulkColumns.Member.Select(c => (c.Name, c.Type))];
    private static readonly (string, BulkType)[] IncomeKeys =
        [("Number", BulkType.Code), ("Row", BulkType.Int), .. BulkColumns.Income.Select(c => (c.Name, c.Type))];

    public static object?[] HouseholdRow(string number, int row, Household h) => [Storable(number), row, .. HouseholdColumns.Select(c => Storable(c.Get(h)))];
    public static object?[] MemberRow(string number, int row, Member m) => [Storable(number), row, .. BulkColumns.Member.Select(c => Storable(c.Get(m)))];
    public static object?[] IncomeRow(string number, int row, HouseholdIncome i) => [Storable(number), row, .. BulkColumns.Income.Select(c => c.Get(i))];

    /// <summary>
    /// A text the database cannot hold (a control character, half a surrogate pair) is staged empty: its row is already
    /// refused by the field checks (<see cref="StoredText"/>), and PostgreSQL would refuse the whole staging copy.
    /// </summary>
    private static object? Storable(object? value) => value is string text && StoredText.Unstorable(text) is not null ? "" : value;

    public async Task CreateAsync(CancellationToken ct)
    {
        await session.CreateStagingAsync(CH, HouseholdKeys, "", ct);
        await session.CreateStagingAsync(CM, MemberKeys, "", ct);
        await session.CreateStagingAsync(CI, IncomeKeys, "", ct);
    }

    public RowSink Households() => session.Sink(CH, HouseholdKeys);
    public RowSink Members() => session.Sink(CM, MemberKeys);
    public RowSink Incomes() => session.Sink(CI, IncomeKeys);

    /// <summary>Indexes the keys once they are all in, and runs the checks.</summary>
    public async Task RunAsync(ImportFile file, string householdsTable, string membersTable, string incomesTable, bool initialLoad, CancellationToken ct)
    {
        // Identifiers a spreadsheet turned into numbers, or a damaged header, refuse the file whole; checks across rows would only add noise.
        if (file.SkipsCrossChecks) return;
        var s = session;
        await s.ExecuteAsync($"CREATE INDEX IF NOT EXISTS jz_check_h_number ON {CH} (\"Number\")", ct);
        await s.ExecuteAsync($"CREATE INDEX IF NOT EXISTS jz_check_m_number ON {CM} (\"Number\", \"ResidentId\")", ct);
        await s.ExecuteAsync($"CREATE INDEX IF NOT EXISTS jz_check_i_number ON {CI} (\"Number\", \"Year\")", ct);
        if (s.IsPostgres) foreach (var t in new[] { CH, CM, CI }) await s.ExecuteAsync($"ANALYZE {t}", ct);

        // A household number twice in the file.
        await ReadAsync($"""
            SELECT c."Number", c."Row", d."First" FROM {CH} c
            JOIN (SELECT "Number", MIN("Row") AS "First" FROM {CH} GROUP BY "Number" HAVING COUNT(*) > 1) d ON d."Number" = c."Number"
            WHERE c."Row" > d."First" ORDER BY c."Row"
            """, r =>
        {
            var (number, row, first) = (r.GetString(0), r.GetInt32(1), r.GetInt32(2));
            file.Errors.Add(new(householdsTable, row, RegistryTables.HouseholdNumberHeader,
                $"户编号{number}在文件中重复（第{first}行已有）", $"household number {number} appears twice in the file (first in row {first})", number));
        }, ct);

        // In an initial load, a number taken outside the actor's region cannot be created. Outside one, such a number reads
        // like a number not registered (below), so that the report does not tell which numbers exist elsewhere.
        if (s.Db.Scope.RegionPrefix.Length > 0 && initialLoad)
            await ReadAsync($"""
                SELECT c."Number", c."Row" FROM {CH} c JOIN "Households" cur ON cur."Number" = c."Number"
                WHERE NOT ({s.InScope("cur.\"VillageCode\"")}) ORDER BY c."Row"
                """, r =>
            {
                var (chinese, english) = Registry.RegistryStatusRules.NumberUnavailable(r.GetString(0));
                file.Errors.Add(new(householdsTable, r.GetInt32(1), RegistryTables.HouseholdNumberHeader, chinese, english, r.GetString(0)));
            }, ct);

        // Status only through cases: a registered household's row may repeat its status and years (a year left
        // empty keeps the stored one), never change them.
        await ReadAsync($"""
            SELECT c."Number", c."Row", c."Status", c."StatusYear", c."IdentifiedYear", cur."Status", cur."StatusYear", cur."IdentifiedYear",
                   c."Monitoring", cur."Monitoring"
            FROM {CH} c JOIN "Households" cur ON cur."Number" = c."Number"
            WHERE {s.InScope("cur.\"VillageCode\"")} AND (cur."Status" <> c."Status"
               OR (c."StatusYear" <> 0 AND c."StatusYear" <> cur."StatusYear") OR (c."IdentifiedYear" <> 0 AND c."IdentifiedYear" <> cur."IdentifiedYear")
               OR cur."Monitoring" <> c."Monitoring")
            ORDER BY c."Row"
            """, r =>
        {
            var number = r.GetString(0);
            foreach (var e in ImportChecks.StatusErrors((HouseholdStatus)r.GetInt32(2), r.GetInt32(3), r.GetInt32(4),
                             (HouseholdStatus)r.GetInt32(5), r.GetInt32(6), r.GetInt32(7))
                         .Concat(ImportChecks.MonitoringErrors((MonitoringCategory)r.GetInt32(8), (MonitoringCategory)r.GetInt32(9))))
                file.Errors.Add(new(householdsTable, r.GetInt32(1), RegistryTables.HeaderOf(RegistryTables.HouseholdColumns, e.Field), e.Text, number));
        }, ct);

        // Only an initial load creates households: elsewhere a number not in the registry within the actor's region is refused.
        if (!initialLoad)
            await ReadAsync($"""
                SELECT c."Number", c."Row" FROM {CH} c
                WHERE NOT EXISTS (SELECT 1 FROM "Households" cur WHERE cur."Number" = c."Number" AND {s.InScope("cur.\"VillageCode\"")}) ORDER BY c."Row"
                """, r =>
            {
                var (chinese, english) = Registry.RegistryStatusRules.UnknownHousehold(r.GetString(0));
                file.Errors.Add(new(householdsTable, r.GetInt32(1), RegistryTables.HouseholdNumberHeader, chinese, english, r.GetString(0)));
            }, ct);

        // Members and incomes of a household that is neither in the file nor (within reach) in the database.
        foreach (var (table, name) in new[] { (CM, membersTable), (CI, incomesTable) })
            await ReadAsync($"""
                SELECT c."Number", c."Row" FROM {table} c
                WHERE c."Number" <> '' AND NOT EXISTS (SELECT 1 FROM {CH} h WHERE h."Number" = c."Number")
                  AND NOT EXISTS (SELECT 1 FROM "Households" cur WHERE cur."Number" = c."Number" AND {s.InScope("cur.\"VillageCode\"")})
                ORDER BY c."Row"
                """, r =>
            {
                var (chinese, english) = Registry.RegistryStatusRules.UnknownHouseholdOfRow(r.GetString(0));
                file.Errors.Add(new(name, r.GetInt32(1), RegistryTables.HouseholdNumberHeader, chinese, english, r.GetString(0)));
            }, ct);

        await HeadsAsync(file, membersTable, ct);
        await DuplicateIdsAsync(file, membersTable, ct);

        // An income year twice for a household.
        await ReadAsync($"""
            SELECT c."Number", c."Row", c."Year" FROM {CI} c
            JOIN (SELECT "Number", "Year", MIN("Row") AS "First" FROM {CI} GROUP BY "Number", "Year" HAVING COUNT(*) > 1) d
              ON d."Number" = c."Number" AND d."Year" = c."Year"
            WHERE c."Row" > d."First" ORDER BY c."Row"
            """, r =>
        {
            var (number, row, year) = (r.GetString(0), r.GetInt32(1), r.GetInt32(2));
            file.Errors.Add(new(incomesTable, row, "年度", $"户{number}的{year}年收入重复", $"income of {year} appears twice for household {number}", number));
        }, ct);

        await MembersCountedAsync(file, incomesTable, ct);
    }

    /// <summary>
    /// 人口数 against the present members the household will have after the import (the file's, with the stored ones the
    /// file does not name): equal, or the number already saved for that year (RegistryValidation.ImportedMembersCounted).
    /// </summary>
    private async Task MembersCountedAsync(ImportFile file, string incomesTable, CancellationToken ct)
    {
        var s = session;
        var present = (int)MemberState.Present;
        // The present members of each household, counted into a table of their own first: joined to the income rows as a
        // subquery, PostgreSQL's planner guessed 200 households for a million and looked each one's incomes up by index.
        await s.ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {Present} (\"Number\" {(s.IsPostgres ? "text COLLATE \"C\"" : "TEXT")} PRIMARY KEY, \"Present\" integer)", ct);
        await s.ExecuteAsync(s.Truncate(Present), ct);
        await s.ExecuteAsync($"""
            INSERT INTO {Present} ("Number", "Present")
            SELECT a."Number", COUNT(*) FROM (
                SELECT "Number" FROM {CM} WHERE "State" = {present}
                UNION ALL
                SELECT cur."Number" FROM "Members" m JOIN "Households" cur ON cur."Id" = m."HouseholdId"
                WHERE m."State" = {present} AND {s.InScope("cur.\"VillageCode\"")}
                  AND cur."Number" IN (SELECT "Number" FROM {CI})
                  AND NOT EXISTS (SELECT 1 FROM {CM} x WHERE x."Number" = cur."Number" AND upper(x."ResidentId") = upper(m."ResidentId"))
            ) a GROUP BY a."Number"
            """, ct);
        if (s.IsPostgres) await s.ExecuteAsync($"ANALYZE {Present}", ct);
        await ReadAsync($"""
            SELECT c."Number", c."Row", c."MembersCounted", p."Present", saved."MembersCounted" FROM {CI} c
            JOIN {Present} p ON p."Number" = c."Number"
            LEFT JOIN (SELECT cur."Number", i."Year", i."MembersCounted" FROM "Incomes" i JOIN "Households" cur ON cur."Id" = i."HouseholdId"
                       WHERE {s.InScope("cur.\"VillageCode\"")} AND cur."Number" IN (SELECT "Number" FROM {CI})) saved
              ON saved."Number" = c."Number" AND saved."Year" = c."Year"
            WHERE c."Number" <> '' AND c."MembersCounted" <> p."Present" ORDER BY c."Row"
            """, r =>
        {
            // Only the rows counting other than the present members are read: the rule passes every other one (its first
            // test), and an initial load's half a million income rows need not cross to be told so.
            var (number, row, counted) = (r.GetString(0), r.GetInt32(1), r.GetInt32(2));
            var members = Convert.ToInt32(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
            int? saved = r.IsDBNull(4) ? null : r.GetInt32(4);
            if (RegistryValidation.ImportedMembersCounted(counted, members, saved) is { } error)
                file.Errors.Add(new(incomesTable, row, RegistryTables.HeaderOf(RegistryTables.IncomeColumns, error.Field), error.Text, number));
        }, ct);
    }

    /// <summary>
    /// One head among the present members a household will have after the import: the file's members
    /// with the stored ones the file does not name. The error is shown on the file's heads when it has
    /// several, else on the household's first present row (or its first row).
    /// </summary>
    private async Task HeadsAsync(ImportFile file, string membersTable, CancellationToken ct)
    {
        var s = session;
        int head = (int)Relation.Head, present = (int)MemberState.Present;
        await s.ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {Heads} (\"Number\" {(s.IsPostgres ? "text COLLATE \"C\"" : "TEXT")} PRIMARY KEY, \"Heads\" integer)", ct);
        await s.ExecuteAsync(s.Truncate(Heads), ct);
        await s.ExecuteAsync($"""
            INSERT INTO {Heads} ("Number", "Heads")
            SELECT a."Number", SUM(CASE WHEN a."Relation" = {head} THEN 1 ELSE 0 END) FROM (
                SELECT "Number", "Relation" FROM {CM} WHERE "State" = {present} AND "Number" <> ''
                UNION ALL
                SELECT cur."Number", m."Relation" FROM "Members" m JOIN "Households" cur ON cur."Id" = m."HouseholdId"
                WHERE m."State" = {present} AND {s.InScope("cur.\"VillageCode\"")}
                  AND cur."Number" IN (SELECT "Number" FROM {CM})
                  AND NOT EXISTS (SELECT 1 FROM {CM} c WHERE c."Number" = cur."Number" AND upper(c."ResidentId") = upper(m."ResidentId"))
            ) a GROUP BY a."Number" HAVING SUM(CASE WHEN a."Relation" = {head} THEN 1 ELSE 0 END) <> 1
            """, ct);
        string? current = null;
        var rows = new List<(int Row, int Relation, int State)>();
        var heads = 0;
        void Blame()
        {
            if (current is null || rows.Count == 0) return;
            var presentRows = rows.Where(r => r.State == present).ToList();
            var fileHeads = presentRows.Where(r => r.Relation == head).ToList();
            var blamed = (fileHeads.Count > 1 ? fileHeads : presentRows.Take(1)).DefaultIfEmpty(rows[0]);
            foreach (var r in blamed)
                file.Errors.Add(new(membersTable, r.Row, RegistryTables.HeaderOf(RegistryTables.MemberColumns, nameof(Relation)),
                    $"一户应有且只有一名户主，实有{heads}名", $"A household has exactly one head, not {heads}", current));
        }
        await ReadAsync($"""
            SELECT c."Number", c."Row", c."Relation", c."State", b."Heads" FROM {CM} c JOIN {Heads} b ON b."Number" = c."Number"
            ORDER BY c."Number", c."Row"
            """, r =>
        {
            var number = r.GetString(0);
            if (number != current)
            {
                Blame();
                current = number;
                rows.Clear();
                heads = Convert.ToInt32(r.GetValue(4), System.Globalization.CultureInfo.InvariantCulture);
            }
            rows.Add((r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)));
        }, ct);
        Blame();
    }

    /// <summary>A resident ID twice among a household's present members in the file (stored ones the file names are replaced).</summary>
    private async Task DuplicateIdsAsync(ImportFile file, string membersTable, CancellationToken ct)
    {
        var present = (int)MemberState.Present;
        await ReadAsync($"""
            SELECT c."Number", c."Row", upper(c."ResidentId") FROM {CM} c
            JOIN (SELECT "Number", upper("ResidentId") AS "Id", MIN("Row") AS "First" FROM {CM} WHERE "State" = {present} AND "Number" <> ''
                  GROUP BY "Number", upper("ResidentId") HAVING COUNT(*) > 1) d ON d."Number" = c."Number" AND d."Id" = upper(c."ResidentId")
            WHERE c."State" = {present} AND c."Row" > d."First" ORDER BY c."Row"
            """, r =>
        {
            var (number, row, id) = (r.GetString(0), r.GetInt32(1), r.GetString(2));
            file.Errors.Add(new(membersTable, row, RegistryTables.HeaderOf(RegistryTables.MemberColumns, nameof(Member.ResidentId)),
                $"身份证号{id}在本户重复", $"Resident ID {id} appears twice in the household", number));
        }, ct);
    }

    /// <summary>Of the households with bad rows, those the import would otherwise have written: in the file, or stored within reach.</summary>
    public async Task<List<string>> SkippedAsync(IReadOnlyCollection<string> bad, CancellationToken ct)
    {
        var s = session;
        await s.CreateStagingAsync(Bad, [("Number", BulkType.Code)], "", ct);
        using (var sink = s.Sink(Bad, [("Number", BulkType.Code)]))
        {
            foreach (var n in bad) sink.Add(n);
            sink.Complete();
        }
        var skipped = new List<string>();
        await ReadAsync($"""
            SELECT b."Number" FROM {Bad} b
            WHERE EXISTS (SELECT 1 FROM {CH} c WHERE c."Number" = b."Number")
               OR EXISTS (SELECT 1 FROM "Households" cur WHERE cur."Number" = b."Number" AND {s.InScope("cur.\"VillageCode\"")})
            ORDER BY b."Number"
            """, r => skipped.Add(r.GetString(0)), ct);
        return skipped;
    }

    private async Task ReadAsync(string sql, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = session.Command(sql);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) row(reader);
        BulkSession.Traced(sql, clock);
    }
}
