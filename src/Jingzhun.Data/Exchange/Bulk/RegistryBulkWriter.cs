using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>What a bulk load wrote, counted as the importer counts it.</summary>
public sealed record BulkLoadCounts(long HouseholdsCreated, long HouseholdsUpdated, long HouseholdsUnchanged,
    long MembersCreated, long MembersUpdated, long IncomesCreated, long IncomesUpdated, int Chunks);

/// <summary>
/// Writes households, members and incomes in chunks, each chunk one transaction: the rows go into
/// temporary staging tables (binary COPY on PostgreSQL, a prepared insert on SQLite), then set-based
/// statements merge them into the real tables: households upserted on their number (INSERT … SELECT …
/// ON CONFLICT DO UPDATE), members updated by resident ID within the household or inserted, incomes
/// upserted on household and year. Rows that would not change are not touched, so running the same
/// rows again changes nothing, and a load that stopped halfway converges when run again.
/// Only an initial load creates households, each with its status history (its own, or one entry marked
/// <see cref="StatusChangeSource.InitialLoad"/>); a registered household's number, status, status year
/// and identified year are never changed here. Each chunk writes one summary entry into the audit hash
/// chain. Nothing is deleted.
/// </summary>
internal sealed class RegistryBulkWriter
{
    private const string H = "jz_bulk_h", M = "jz_bulk_m", I = "jz_bulk_i", S = "jz_bulk_s";
    private const string Touched = "jz_bulk_touched", Created = "jz_bulk_created", Seen = "jz_bulk_seen";

    private readonly BulkSession _session;
    private readonly string _source;
    private readonly bool _initialLoad;
    private readonly List<Household> _households = [];
    private readonly List<(string Number, Member Member)> _members = [];
    private readonly List<(string Number, HouseholdIncome Income)> _incomes = [];
    private readonly List<(string Number, HouseholdStatusChange Change)> _history = [];
    private long _householdsCreated, _householdsChanged, _membersCreated, _membersUpdated, _incomesCreated, _incomesUpdated;

    private RegistryBulkWriter(BulkSession session, string source, bool initialLoad)
    {
        _session = session;
        _source = source;
        _initialLoad = initialLoad;
    }

    public int Chunks { get; private set; }

    /// <summary>Time spent putting rows into the staging tables (profiling: the rest of a flush is the merge statements).</summary>
    public TimeSpan CopyTime { get; private set; }

    /// <summary>Time spent in flushes, copies and merges together.</summary>
    public TimeSpan FlushTime { get; private set; }
    public int Pending => _households.Count + _members.Count + _incomes.Count;

    // A row that already carries its creation time (a generated household) keeps it; rows from a file are created now.
    private static readonly (string, BulkType)[] HouseholdStaging = [.. BulkColumns.Household.Select(c => (c.Name, c.Type)), ("CreatedAt", BulkType.Timestamp)];
    private static readonly (string, BulkType)[] MemberStaging = [("Number", BulkType.Code), .. BulkColumns.Member.Select(c => (c.Name, c.Type)), ("CreatedAt", BulkType.Timestamp)];

    private static object? CreatedAt(DateTime at) => at == default ? null : DateTime.SpecifyKind(at, DateTimeKind.Utc);
    private static readonly (string, BulkType)[] HistoryStaging =
        [("Number", BulkType.Code), ("Year", BulkType.Int), ("From", BulkType.Int), ("To", BulkType.Int), ("Reason", BulkType.Text), ("Actor", BulkType.Text), ("At", BulkType.Timestamp), ("Source", BulkType.Int)];
    private static readonly (string, BulkType)[] IncomeStaging = [("Number", BulkType.Code), .. BulkColumns.Income.Select(c => (c.Name, c.Type))];

    /// <param name="initialLoad">Whether new households are created (a county's initial load); otherwise only registered ones are updated.</param>
    public static async Task<RegistryBulkWriter> OpenAsync(BulkSession session, string source, bool initialLoad, CancellationToken ct)
    {
        await session.CreateStagingAsync(H, HouseholdStaging, "\"Id\" bigint, \"OldStatus\" integer, \"New\" integer NOT NULL DEFAULT 1, \"Changed\" integer NOT NULL DEFAULT 0", ct);
        await session.CreateStagingAsync(M, MemberStaging, "\"HouseholdId\" bigint, \"CountyCode\" text, \"Id\" bigint, \"Changed\" integer NOT NULL DEFAULT 0", ct);
        await session.CreateStagingAsync(S, HistoryStaging, "", ct);
        await session.CreateStagingAsync(I, IncomeStaging, "\"HouseholdId\" bigint, \"CountyCode\" text, \"Found\" integer NOT NULL DEFAULT 0, \"Changed\" integer NOT NULL DEFAULT 0", ct);
        // Every merge joins the staging tables by household number; without an index SQLite joins them row by row.
        foreach (var t in new[] { H, M, S, I })
            await session.ExecuteAsync($"CREATE INDEX IF NOT EXISTS {t.Trim('"')}_number ON {t} (\"Number\")", ct);
        foreach (var t in new[] { Touched, Created, Seen })
        {
            await session.ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {t} (\"Id\" bigint PRIMARY KEY)", ct);
            await session.ExecuteAsync(session.Truncate(t), ct);
        }
        return new RegistryBulkWriter(session, source, initialLoad);
    }

    public void Add(Household household)
    {
        _households.Add(household);
        foreach (var m in household.Members) _members.Add((household.Number, m));
        foreach (var i in household.Incomes) _incomes.Add((household.Number, i));
        foreach (var c in household.StatusHistory) _history.Add((household.Number, c));
    }

    public void AddMember(string number, Member member) => _members.Add((number, member));
    public void AddIncome(string number, HouseholdIncome income) => _incomes.Add((number, income));

    /// <summary>Writes what is pending as one transaction with its audit entry.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (Pending == 0) return;
        ct.ThrowIfCancellationRequested();
        var flush = System.Diagnostics.Stopwatch.StartNew();
        var now = _session.Now();
        // Its own transaction, unless the caller's is open (the demo's seeding): then the chunk is part of that one.
        await using var transaction = _session.Db.Database.CurrentTransaction is null ? await _session.BeginAsync(ct) : null;
        var created = 0L; var changed = 0L; var membersNew = 0L; var membersChanged = 0L; var incomesNew = 0L; var incomesChanged = 0L;
        if (_households.Count > 0) (created, changed) = await HouseholdsAsync(now, ct);
        if (_members.Count > 0) (membersNew, membersChanged) = await MembersAsync(now, ct);
        if (_incomes.Count > 0) (incomesNew, incomesChanged) = await IncomesAsync(ct);
        Chunks++;
        var db = _session.Db;
        // A chunk that changed nothing (a re-run over rows already written) leaves no trace, like an unchanged save.
        if (created + changed + membersNew + membersChanged + incomesNew + incomesChanged > 0)
            db.AuditEntries.Add(Audit.BulkAuditLine.For(db, now,
            (_initialLoad ? "首次导入 / initial load: " : "") + $"批量写入{_source}第{Chunks}批：新增{created}户、更新{changed}户，新增{membersNew}人、更新{membersChanged}人，新增{incomesNew}条、更新{incomesChanged}条收入 / " +
                     $"bulk load of {_source}, chunk {Chunks}: households {created} created, {changed} updated; members {membersNew} created, {membersChanged} updated; incomes {incomesNew} created, {incomesChanged} updated"));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        _householdsCreated += created; _householdsChanged += changed;
        _membersCreated += membersNew; _membersUpdated += membersChanged;
        _incomesCreated += incomesNew; _incomesUpdated += incomesChanged;
        _households.Clear(); _members.Clear(); _incomes.Clear(); _history.Clear();
        FlushTime += flush.Elapsed;
    }

    private string Differs<T>(IEnumerable<BulkColumn<T>> columns, string a, string b) =>
        string.Join(" OR ", columns.Select(c => _session.Distinct($"{a}.{c.Quoted}", $"{b}.{c.Quoted}")));

    private async Task<(long Created, long Changed)> HouseholdsAsync(DateTime now, CancellationToken ct)
    {
        var s = _session;
        await s.ExecuteAsync(s.Truncate(H), ct);
        var copy = System.Diagnostics.Stopwatch.StartNew();
        using (var sink = s.Sink(H, HouseholdStaging))
        {
            foreach (var h in _households) sink.Add([.. BulkColumns.Household.Select(c => c.Get(h)), CreatedAt(h.CreatedAt)]);
            sink.Complete();
        }
        CopyTime += copy.Elapsed;
        var cols = BulkColumns.Household;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        (string, object)[] p = [("now", now), ("actor", s.Db.Scope.Actor), ("year", now.Year)];
        await s.ExecuteAsync($"UPDATE {H} SET \"Id\" = cur.\"Id\", \"OldStatus\" = cur.\"Status\", \"New\" = 0 FROM \"Households\" AS cur WHERE cur.\"Number\" = {H}.\"Number\"", ct);
        // Only an initial load creates households (the checks refuse unknown numbers before; this is the guard).
        if (!_initialLoad) await s.ExecuteAsync($"DELETE FROM {H} WHERE \"New\" = 1", ct);
        // Number, status and its years are never the writer's to change: a registered household keeps its own.
        await s.ExecuteAsync($"""
            UPDATE {H} SET "Status" = cur."Status", "StatusYear" = cur."StatusYear", "IdentifiedYear" = cur."IdentifiedYear"
            FROM "Households" AS cur WHERE cur."Id" = {H}."Id" AND {H}."New" = 0
            """, ct);
        // The year of a new household's status: the file's, else the identification year, else this year.
        await s.ExecuteAsync($"UPDATE {H} SET \"StatusYear\" = CASE WHEN \"StatusYear\" > 0 THEN \"StatusYear\" WHEN \"IdentifiedYear\" > 0 THEN \"IdentifiedYear\" ELSE @year END WHERE \"New\" = 1", ct, p);
        await s.ExecuteAsync($"UPDATE {H} SET \"Changed\" = 1 FROM \"Households\" AS cur WHERE cur.\"Id\" = {H}.\"Id\" AND ({Differs(cols, "cur", H)})", ct);
        await s.ExecuteAsync($"""
            INSERT INTO "Households" ({names}, "Version", "CreatedAt", "UpdatedAt")
            SELECT {names}, 0, COALESCE("CreatedAt", @now), @now FROM {H} WHERE "New" = 1 OR "Changed" = 1
            ON CONFLICT ("Number") DO UPDATE SET {string.Join(", ", cols.Skip(1).Select(c => $"{c.Quoted} = excluded.{c.Quoted}"))},
                "Version" = "Households"."Version" + 1, "UpdatedAt" = excluded."UpdatedAt"
            """, ct, p);
        await s.ExecuteAsync($"UPDATE {H} SET \"Id\" = cur.\"Id\" FROM \"Households\" AS cur WHERE {H}.\"New\" = 1 AND cur.\"Number\" = {H}.\"Number\"", ct);
        // A new household brings its own status history when it has one (generated households do); otherwise it
        // starts outside the registry, so that its status has a history from the first day.
        await s.ExecuteAsync(s.Truncate(S), ct);
        if (_history.Count > 0)
        {
            using (var sink = s.Sink(S, HistoryStaging))
            {
                foreach (var (number, c) in _history)
                    sink.Add(number, c.Year, (int)c.From, (int)c.To, c.Reason, c.Actor, DateTime.SpecifyKind(c.At, DateTimeKind.Utc), (int)c.Source);
                sink.Complete();
            }
            await s.ExecuteAsync($"""
                INSERT INTO "StatusChanges" ("HouseholdId", "CountyCode", "Year", "From", "To", "Reason", "Actor", "At", "Source")
                SELECT h."Id", h."CountyCode", c."Year", c."From", c."To", c."Reason", c."Actor", c."At", c."Source" FROM {S} c JOIN {H} h ON h."Number" = c."Number"
                WHERE h."New" = 1
                """, ct);
        }
        await s.ExecuteAsync($"""
            INSERT INTO "StatusChanges" ("HouseholdId", "CountyCode", "Year", "From", "To", "Reason", "Actor", "At", "Source")
            SELECT "Id", "CountyCode", "StatusYear", {(int)HouseholdStatus.NotPoor}, "Status", '{Registry.RegistryStatusRules.InitialLoadReason}', @actor, @now, {(int)StatusChangeSource.InitialLoad} FROM {H}
            WHERE "New" = 1 AND "Status" <> {(int)HouseholdStatus.NotPoor} AND NOT EXISTS (SELECT 1 FROM {S} c WHERE c."Number" = {H}."Number")
            """, ct, p);
        // A household moved to another county takes its rows with it: the county code is the shard key.
        foreach (var table in new[] { "Members", "Incomes" })
            await s.ExecuteAsync($"UPDATE \"{table}\" SET \"CountyCode\" = {H}.\"CountyCode\" FROM {H} WHERE \"{table}\".\"HouseholdId\" = {H}.\"Id\" AND {H}.\"Changed\" = 1 AND \"{table}\".\"CountyCode\" <> {H}.\"CountyCode\"", ct);
        await s.ExecuteAsync($"INSERT INTO {Touched} (\"Id\") SELECT \"Id\" FROM {H} WHERE \"Changed\" = 1 ON CONFLICT DO NOTHING", ct);
        await s.ExecuteAsync($"INSERT INTO {Created} (\"Id\") SELECT \"Id\" FROM {H} WHERE \"New\" = 1 ON CONFLICT DO NOTHING", ct);
        await s.ExecuteAsync($"INSERT INTO {Seen} (\"Id\") SELECT \"Id\" FROM {H} WHERE \"New\" = 0 ON CONFLICT DO NOTHING", ct);
        return (await s.CountAsync($"SELECT COUNT(*) FROM {H} WHERE \"New\" = 1", ct), await s.CountAsync($"SELECT COUNT(*) FROM {H} WHERE \"Changed\" = 1", ct));
    }

    private async Task<(long Created, long Changed)> MembersAsync(DateTime now, CancellationToken ct)
    {
        var s = _session;
        await s.ExecuteAsync(s.Truncate(M), ct);
        var copy = System.Diagnostics.Stopwatch.StartNew();
        using (var sink = s.Sink(M, MemberStaging))
        {
            foreach (var (number, m) in _members) sink.Add([number, .. BulkColumns.Member.Select(c => c.Get(m)), CreatedAt(m.CreatedAt)]);
            sink.Complete();
        }
        CopyTime += copy.Elapsed;
        var cols = BulkColumns.Member;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        await s.ExecuteAsync($"UPDATE {M} SET \"HouseholdId\" = cur.\"Id\", \"CountyCode\" = cur.\"CountyCode\" FROM \"Households\" AS cur WHERE cur.\"Number\" = {M}.\"Number\"", ct);
        // Members are matched by resident ID within their household (IDs are stored in upper case): the present member
        // first (at most one, by the unique index), else a row of someone who left and is listed again.
        var sameMember = $"cur.\"ResidentId\" = {M}.\"ResidentId\" AND cur.\"HouseholdId\" = {M}.\"HouseholdId\"";
        await s.ExecuteAsync($"UPDATE {M} SET \"Id\" = cur.\"Id\" FROM \"Members\" AS cur WHERE {sameMember} AND cur.\"State\" = 1", ct);
        await s.ExecuteAsync($"UPDATE {M} SET \"Id\" = cur.\"Id\" FROM \"Members\" AS cur WHERE {sameMember} AND {M}.\"Id\" IS NULL", ct);
        await s.ExecuteAsync($"UPDATE {M} SET \"Changed\" = 1 FROM \"Members\" AS cur WHERE cur.\"Id\" = {M}.\"Id\" AND ({Differs(cols, "cur", M)} OR {s.Distinct("cur.\"CountyCode\"", $"{M}.\"CountyCode\"")})", ct);
        var created = await s.CountAsync($"SELECT COUNT(*) FROM {M} WHERE \"Id\" IS NULL AND \"HouseholdId\" IS NOT NULL", ct);
        var changed = await s.CountAsync($"SELECT COUNT(*) FROM {M} WHERE \"Changed\" = 1", ct);
        await s.ExecuteAsync($"""
            UPDATE "Members" SET {string.Join(", ", cols.Select(c => $"{c.Quoted} = {M}.{c.Quoted}"))}, "CountyCode" = {M}."CountyCode",
                "Version" = "Members"."Version" + 1, "UpdatedAt" = @now
            FROM {M} WHERE "Members"."Id" = {M}."Id" AND {M}."Changed" = 1
            """, ct, ("now", now));
        await s.ExecuteAsync($"""
            INSERT INTO "Members" ("HouseholdId", "CountyCode", {names}, "Version", "CreatedAt", "UpdatedAt")
            SELECT "HouseholdId", "CountyCode", {names}, 0, COALESCE("CreatedAt", @now), @now FROM {M} WHERE "Id" IS NULL AND "HouseholdId" IS NOT NULL
            """, ct, ("now", now));
        await s.ExecuteAsync($"INSERT INTO {Touched} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {M} WHERE (\"Changed\" = 1 OR \"Id\" IS NULL) AND \"HouseholdId\" IS NOT NULL AND {NotCreated(M)} ON CONFLICT DO NOTHING", ct);
        await s.ExecuteAsync($"INSERT INTO {Seen} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {M} WHERE \"HouseholdId\" IS NOT NULL AND {NotCreated(M)} ON CONFLICT DO NOTHING", ct);
        return (created, changed);
    }

    private async Task<(long Created, long Changed)> IncomesAsync(CancellationToken ct)
    {
        var s = _session;
        await s.ExecuteAsync(s.Truncate(I), ct);
        var copy = System.Diagnostics.Stopwatch.StartNew();
        using (var sink = s.Sink(I, IncomeStaging))
        {
            foreach (var (number, i) in _incomes) sink.Add([number, .. BulkColumns.Income.Select(c => c.Get(i))]);
            sink.Complete();
        }
        CopyTime += copy.Elapsed;
        var cols = BulkColumns.Income;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        await s.ExecuteAsync($"UPDATE {I} SET \"HouseholdId\" = cur.\"Id\", \"CountyCode\" = cur.\"CountyCode\" FROM \"Households\" AS cur WHERE cur.\"Number\" = {I}.\"Number\"", ct);
        await s.ExecuteAsync($"""
            UPDATE {I} SET "Found" = 1, "Changed" = CASE WHEN {Differs(cols, "cur", I)} OR {s.Distinct("cur.\"CountyCode\"", $"{I}.\"CountyCode\"")} THEN 1 ELSE 0 END
            FROM "Incomes" AS cur WHERE cur."HouseholdId" = {I}."HouseholdId" AND cur."Year" = {I}."Year"
            """, ct);
        var created = await s.CountAsync($"SELECT COUNT(*) FROM {I} WHERE \"Found\" = 0 AND \"HouseholdId\" IS NOT NULL", ct);
        var changed = await s.CountAsync($"SELECT COUNT(*) FROM {I} WHERE \"Changed\" = 1", ct);
        await s.ExecuteAsync($"""
            INSERT INTO "Incomes" ("HouseholdId", "CountyCode", {names})
            SELECT "HouseholdId", "CountyCode", {names} FROM {I} WHERE "HouseholdId" IS NOT NULL AND ("Found" = 0 OR "Changed" = 1)
            ON CONFLICT ("HouseholdId", "Year") DO UPDATE SET {string.Join(", ", cols.Skip(1).Select(c => $"{c.Quoted} = excluded.{c.Quoted}"))}, "CountyCode" = excluded."CountyCode"
            """, ct);
        await s.ExecuteAsync($"INSERT INTO {Touched} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {I} WHERE (\"Changed\" = 1 OR \"Found\" = 0) AND \"HouseholdId\" IS NOT NULL AND {NotCreated(I)} ON CONFLICT DO NOTHING", ct);
        await s.ExecuteAsync($"INSERT INTO {Seen} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {I} WHERE \"HouseholdId\" IS NOT NULL AND {NotCreated(I)} ON CONFLICT DO NOTHING", ct);
        return (created, changed);
    }

    /// <summary>
    /// A staged row whose household was not created by this writer. The counts leave created households out of the updated
    /// and unchanged ones (<see cref="CountsAsync"/>), so their member and income rows need not be recorded as touched or
    /// seen: in an initial load that is every row, and recording them cost a sort and an insert per chunk.
    /// </summary>
    private static string NotCreated(string staging) => $"NOT EXISTS (SELECT 1 FROM {Created} c WHERE c.\"Id\" = {staging}.\"HouseholdId\")";

    /// <summary>
    /// After the last chunk of a load, outside any transaction of the caller's: PostgreSQL's planner statistics of the
    /// registry's tables, taken now rather than when autovacuum next comes by. Planned for tables it still thinks empty,
    /// the first export after a county's first load took 13–20 s for its household pages, against half a second.
    /// </summary>
    public async Task AnalyzeAsync(CancellationToken ct)
    {
        var written = _householdsCreated + _householdsChanged + _membersCreated + _membersUpdated + _incomesCreated + _incomesUpdated;
        if (written > 0 && _session.IsPostgres && _session.Db.Database.CurrentTransaction is null)
            await _session.ExecuteAsync("ANALYZE \"Households\", \"Members\", \"Incomes\"", ct);
    }

    /// <summary>The counts of everything written through this writer; households changed by any of their rows count as updated once.</summary>
    public async Task<BulkLoadCounts> CountsAsync(CancellationToken ct)
    {
        var s = _session;
        var updated = await s.CountAsync($"SELECT COUNT(*) FROM {Touched} t WHERE NOT EXISTS (SELECT 1 FROM {Created} c WHERE c.\"Id\" = t.\"Id\")", ct);
        var unchanged = await s.CountAsync($"SELECT COUNT(*) FROM {Seen} t WHERE NOT EXISTS (SELECT 1 FROM {Created} c WHERE c.\"Id\" = t.\"Id\") AND NOT EXISTS (SELECT 1 FROM {Touched} c WHERE c.\"Id\" = t.\"Id\")", ct);
        return new BulkLoadCounts(_householdsCreated, updated, unchanged, _membersCreated, _membersUpdated, _incomesCreated, _incomesUpdated, Chunks);
    }
}
