using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>What a bulk load wrote, counted as the importer counts it.</summary>
public sealed record BulkLoadCounts(long HouseholdsCreated, long HouseholdsUpdated, long HouseholdsUnchanged,
    long MembersCreated, long MembersUpdated, long IncomesCreated, long IncomesUpdated, int Chunks);

/// <summary>
/// Writes households, members and incomes in chunks, each chunk one transaction. A chunk's household
/// numbers are looked up once. Households this writer creates, and their members, incomes and status
/// history, go straight into the real tables (binary COPY on PostgreSQL, a prepared insert on SQLite):
/// there is nothing stored to match them against. Rows of registered households go into temporary
/// staging tables, and set-based statements merge them: households updated by number, members updated
/// by resident ID within the household or inserted, incomes upserted on household and year. Rows that
/// would not change are not touched, so running the same rows again changes nothing, and a load that
/// stopped halfway converges when run again (its households are registered by then).
/// Only an initial load creates households, each with its status history (its own, or one entry marked
/// <see cref="StatusChangeSource.InitialLoad"/>); a registered household's number, status, status year
/// and identified year are never changed here. Each chunk writes one summary entry into the audit hash
/// chain. Nothing is deleted.
/// </summary>
internal sealed class RegistryBulkWriter
{
    private const string H = "jz_bulk_h", M = "jz_bulk_m", I = "jz_bulk_i", N = "jz_bulk_n";
    private const string Touched = "jz_bulk_touched", Created = "jz_bulk_created", Seen = "jz_bulk_seen";

    private readonly BulkSession _session;
    private readonly string _source;
    private readonly bool _initialLoad;

    /// <summary>
    /// Every household stored was made by this writer: a first load into an empty registry on PostgreSQL
    /// (<see cref="FirstLoadIndexes"/>). Its staged rows then need no matching against stored rows, and each chunk is one
    /// plain insert (<see cref="FirstLoadHouseholdsAsync"/>, <see cref="StagedMembersAsync"/>).
    /// </summary>
    private readonly bool _firstLoad;
    private readonly List<Household> _households = [];
    private readonly List<(string Number, Member Member)> _members = [];
    private readonly List<(string Number, HouseholdIncome Income)> _incomes = [];
    private long _householdsCreated, _householdsChanged, _membersCreated, _membersUpdated, _incomesCreated, _incomesUpdated;

    private RegistryBulkWriter(BulkSession session, string source, bool initialLoad, bool firstLoad)
    {
        _session = session;
        _source = source;
        _initialLoad = initialLoad;
        _firstLoad = firstLoad;
    }

    public int Chunks { get; private set; }

    /// <summary>Time spent in flushes, copies and merges together.</summary>
    public TimeSpan FlushTime { get; private set; }
    public int Pending => _households.Count + _members.Count + _incomes.Count;

    // A row that already carries its creation time (a generated household) keeps it; rows from a file are created now.
    private static readonly (string, BulkType)[] HouseholdStaging = [.. BulkColumns.Household.Select(c => (c.Name, c.Type)), ("CreatedAt", BulkType.Timestamp)];
    private static readonly (string, BulkType)[] MemberStaging = [("HouseholdId", BulkType.Long), ("CountyCode", BulkType.Code), .. BulkColumns.Member.Select(c => (c.Name, c.Type)), ("CreatedAt", BulkType.Timestamp)];

    /// <summary>A member of a household this writer created goes straight into its table: there is no stored row to match.</summary>
    private static readonly (string, BulkType)[] MemberDirect = [.. MemberStaging, ("Version", BulkType.Int), ("UpdatedAt", BulkType.Timestamp)];

    private static object? CreatedAt(DateTime at) => at == default ? null : DateTime.SpecifyKind(at, DateTimeKind.Utc);

    /// <summary>A new household goes straight into its table (<see cref="CreateAsync"/>), with its status year settled here.</summary>
    private static readonly (string, BulkType)[] HouseholdDirect =
        [.. BulkColumns.Household.Select(c => (c.Name, c.Type)), ("Version", BulkType.Int), ("CreatedAt", BulkType.Timestamp), ("UpdatedAt", BulkType.Timestamp)];
    private static readonly int StatusYearColumn = Array.FindIndex(BulkColumns.Household, c => c.Name == nameof(Household.StatusYear));
    private static readonly (string, BulkType)[] HistoryColumns =
        [("HouseholdId", BulkType.Long), ("CountyCode", BulkType.Code), ("Year", BulkType.Int), ("From", BulkType.Int), ("To", BulkType.Int), ("Reason", BulkType.Text),
         ("Actor", BulkType.Text), ("At", BulkType.Timestamp), ("Source", BulkType.Int)];
    private static readonly (string, BulkType)[] IncomeStaging = [("HouseholdId", BulkType.Long), ("CountyCode", BulkType.Code), .. BulkColumns.Income.Select(c => (c.Name, c.Type))];
    private static readonly (string, BulkType)[] NumberStaging = [("Number", BulkType.Code)];

    /// <param name="initialLoad">Whether new households are created (a county's initial load); otherwise only registered ones are updated.</param>
    /// <param name="firstLoad">Whether the registry holds no household but those this writer makes (<see cref="FirstLoadIndexes.AppliesAsync"/>).</param>
    public static async Task<RegistryBulkWriter> OpenAsync(BulkSession session, string source, bool initialLoad, CancellationToken ct, bool firstLoad = false)
    {
        await session.CreateStagingAsync(H, HouseholdStaging, "\"Id\" bigint, \"Changed\" integer NOT NULL DEFAULT 0", ct);
        await session.CreateStagingAsync(M, MemberStaging, "\"Id\" bigint, \"Changed\" integer NOT NULL DEFAULT 0", ct);
        await session.CreateStagingAsync(I, IncomeStaging, "\"Found\" integer NOT NULL DEFAULT 0, \"Changed\" integer NOT NULL DEFAULT 0", ct);
        await session.CreateStagingAsync(N, NumberStaging, "", ct);
        foreach (var t in new[] { Touched, Created, Seen })
        {
            await session.ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {t} (\"Id\" bigint PRIMARY KEY)", ct);
            await session.ExecuteAsync(session.Truncate(t), ct);
        }
        return new RegistryBulkWriter(session, source, initialLoad, initialLoad && firstLoad);
    }

    public void Add(Household household)
    {
        _households.Add(household);
        foreach (var m in household.Members) _members.Add((household.Number, m));
        foreach (var i in household.Incomes) _incomes.Add((household.Number, i));
    }

    public void AddMember(string number, Member member) => _members.Add((number, member));
    public void AddIncome(string number, HouseholdIncome income) => _incomes.Add((number, income));

    /// <summary>Writes what is pending as one transaction with its audit entry.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (Pending == 0) return;
        await ChunkAsync(async now => (
            _households.Count > 0 ? await HouseholdsAsync(now, ct) : default,
            _members.Count > 0 ? await MembersAsync(now, ct) : default,
            _incomes.Count > 0 ? await IncomesAsync(ct) : default), ct);
        _households.Clear(); _members.Clear(); _incomes.Clear();
    }

    /// <summary>
    /// Writes rows an import's first pass staged whole (<see cref="BulkImportChecks"/>), as one chunk: the rows of
    /// <paramref name="source"/> (aliased <c>c</c>) that meet <paramref name="condition"/>, inside the server, so that the
    /// file is not read a second time and the rows do not cross the connection again.
    /// </summary>
    public Task FlushStagedHouseholdsAsync(string source, string condition, CancellationToken ct) =>
        ChunkAsync(async now => (await StagedHouseholdsAsync(source, condition, now, ct), default, default), ct);

    /// <inheritdoc cref="FlushStagedHouseholdsAsync"/>
    public Task FlushStagedMembersAsync(string source, string condition, CancellationToken ct) =>
        ChunkAsync(async now => (default, await StagedMembersAsync(source, condition, now, ct), default), ct);

    /// <inheritdoc cref="FlushStagedHouseholdsAsync"/>
    public Task FlushStagedIncomesAsync(string source, string condition, CancellationToken ct) =>
        ChunkAsync(async now => (default, default, await StagedIncomesAsync(source, condition, ct)), ct);

    /// <summary>One chunk: its own transaction (unless the caller's is open: the demo's seeding), its audit entry, its counts.</summary>
    private async Task ChunkAsync(Func<DateTime, Task<((long Created, long Changed) Households, (long Created, long Changed) Members,
        (long Created, long Changed) Incomes)>> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var flush = System.Diagnostics.Stopwatch.StartNew();
        var now = _session.Now();
        await using var transaction = _session.Db.Database.CurrentTransaction is null ? await _session.BeginAsync(ct) : null;
        var ((created, changed), (membersNew, membersChanged), (incomesNew, incomesChanged)) = await write(now);
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
        FlushTime += flush.Elapsed;
    }

    private string Differs<T>(IEnumerable<BulkColumn<T>> columns, string a, string b) =>
        string.Join(" OR ", columns.Select(c => _session.Distinct($"{a}.{c.Quoted}", $"{b}.{c.Quoted}")));

    private async Task<(long Created, long Changed)> HouseholdsAsync(DateTime now, CancellationToken ct)
    {
        await StageNumbersAsync(_households.Select(h => h.Number), ct);
        var stored = await StoredHouseholdsAsync(ct);
        // Only an initial load creates households (the checks refuse unknown numbers before; this is the guard).
        var created = _initialLoad ? await CreateAsync(_households.Where(h => !stored.ContainsKey(h.Number)).ToList(), now, ct) : 0;
        var changed = await UpdateStoredAsync(_households.Where(h => stored.ContainsKey(h.Number)), now, ct);
        return (created, changed);
    }

    /// <summary>
    /// New households go straight into their table, each with its status history: its own when it brings one (generated
    /// households do), otherwise one entry from outside the registry to its status, so that its status has a history from
    /// the first day. Their ids are read back by number (the chunk's numbers are staged), and noted as created.
    /// </summary>
    private async Task<long> CreateAsync(List<Household> households, DateTime now, CancellationToken ct)
    {
        if (households.Count == 0) return 0;
        var s = _session;
        using (var sink = s.Sink("\"Households\"", HouseholdDirect))
        {
            foreach (var h in households)
            {
                var values = new object?[HouseholdDirect.Length];
                for (var c = 0; c < BulkColumns.Household.Length; c++) values[c] = BulkColumns.Household[c].Get(h);
                values[StatusYearColumn] = StatusYearOf(h, now);
                values[^3] = 0;
                values[^2] = CreatedAt(h.CreatedAt) ?? now;
                values[^1] = now;
                sink.Add(values);
            }
            sink.Complete();
        }
        var ids = await StoredHouseholdsAsync(ct);
        using (var sink = s.Sink(Created, [("Id", BulkType.Long)]))
        {
            foreach (var h in households) sink.Add(ids[h.Number].Id);
            sink.Complete();
        }
        using (var sink = s.Sink("\"StatusChanges\"", HistoryColumns))
        {
            foreach (var h in households)
            {
                var (id, county, _) = ids[h.Number];
                foreach (var c in h.StatusHistory)
                    sink.Add(id, county, c.Year, (int)c.From, (int)c.To, c.Reason, c.Actor, DateTime.SpecifyKind(c.At, DateTimeKind.Utc), (int)c.Source);
                if (h.StatusHistory.Count == 0 && h.Status != HouseholdStatus.NotPoor)
                    sink.Add(id, county, StatusYearOf(h, now), (int)HouseholdStatus.NotPoor, (int)h.Status, Registry.RegistryStatusRules.InitialLoadReason,
                        s.Db.Scope.Actor, now, (int)StatusChangeSource.InitialLoad);
            }
            sink.Complete();
        }
        return households.Count;
    }

    /// <summary>The year of a new household's status: the file's, else the identification year, else this year.</summary>
    private static int StatusYearOf(Household h, DateTime now) => h.StatusYear > 0 ? h.StatusYear : h.IdentifiedYear > 0 ? h.IdentifiedYear : now.Year;

    /// <summary>Registered households: merged through a staging table, their number, status and its years kept as stored.</summary>
    private async Task<long> UpdateStoredAsync(IEnumerable<Household> households, DateTime now, CancellationToken ct)
    {
        var s = _session;
        await s.ExecuteAsync(s.Truncate(H), ct);
        using (var sink = s.Sink(H, HouseholdStaging))
        {
            foreach (var h in households) sink.Add([.. BulkColumns.Household.Select(c => c.Get(h)), CreatedAt(h.CreatedAt)]);
            sink.Complete();
            if (sink.Rows == 0) return 0;
        }
        return await MergeStoredAsync(now, ct);
    }

    /// <summary>Merges the staged rows of registered households; returns how many changed.</summary>
    private async Task<long> MergeStoredAsync(DateTime now, CancellationToken ct)
    {
        var s = _session;
        var cols = BulkColumns.Household;
        await s.ExecuteAsync($"UPDATE {H} SET \"Id\" = cur.\"Id\" FROM \"Households\" AS cur WHERE cur.\"Number\" = {H}.\"Number\"", ct);
        // Number, status and its years are never the writer's to change: a registered household keeps its own.
        await s.ExecuteAsync($"""
            UPDATE {H} SET "Status" = cur."Status", "StatusYear" = cur."StatusYear", "IdentifiedYear" = cur."IdentifiedYear"
            FROM "Households" AS cur WHERE cur."Id" = {H}."Id"
            """, ct);
        await s.ExecuteAsync($"UPDATE {H} SET \"Changed\" = 1 FROM \"Households\" AS cur WHERE cur.\"Id\" = {H}.\"Id\" AND ({Differs(cols, "cur", H)})", ct);
        await s.ExecuteAsync($"""
            UPDATE "Households" SET {string.Join(", ", cols.Where(c => c.Name != nameof(Household.Number)).Select(c => $"{c.Quoted} = {H}.{c.Quoted}"))},
                "Version" = "Households"."Version" + 1, "UpdatedAt" = @now
            FROM {H} WHERE "Households"."Id" = {H}."Id" AND {H}."Changed" = 1
            """, ct, ("now", now));
        // A household moved to another county takes its rows with it: the county code is the shard key.
        foreach (var table in new[] { "Members", "Incomes" })
            await s.ExecuteAsync($"UPDATE \"{table}\" SET \"CountyCode\" = {H}.\"CountyCode\" FROM {H} WHERE \"{table}\".\"HouseholdId\" = {H}.\"Id\" AND {H}.\"Changed\" = 1 AND \"{table}\".\"CountyCode\" <> {H}.\"CountyCode\"", ct);
        await s.ExecuteAsync($"INSERT INTO {Touched} (\"Id\") SELECT \"Id\" FROM {H} WHERE \"Changed\" = 1 ON CONFLICT DO NOTHING", ct);
        // "WHERE 1 = 1": after a bare FROM, SQLite would read ON CONFLICT as the start of a join's condition.
        await s.ExecuteAsync($"INSERT INTO {Seen} (\"Id\") SELECT \"Id\" FROM {H} WHERE 1 = 1 ON CONFLICT DO NOTHING", ct);
        return await s.CountAsync($"SELECT COUNT(*) FROM {H} WHERE \"Changed\" = 1", ct);
    }

    private async Task<(long Created, long Changed)> MembersAsync(DateTime now, CancellationToken ct)
    {
        var s = _session;
        await StageNumbersAsync(_members.Select(m => m.Number), ct);
        var households = await StoredHouseholdsAsync(ct);
        var created = 0L;
        using (var sink = s.Sink("\"Members\"", MemberDirect))
        {
            foreach (var (number, m) in _members)
                if (households.TryGetValue(number, out var h) && h.Created)
                {
                    sink.Add([h.Id, h.CountyCode, .. BulkColumns.Member.Select(c => c.Get(m)), CreatedAt(m.CreatedAt) ?? now, 0, now]);
                    created++;
                }
            sink.Complete();
        }
        await s.ExecuteAsync(s.Truncate(M), ct);
        using (var sink = s.Sink(M, MemberStaging))
        {
            // A row whose household is not stored is not written (the checks refused it before; this is the guard).
            foreach (var (number, m) in _members)
                if (households.TryGetValue(number, out var h) && !h.Created)
                    sink.Add([h.Id, h.CountyCode, .. BulkColumns.Member.Select(c => c.Get(m)), CreatedAt(m.CreatedAt)]);
            sink.Complete();
            if (sink.Rows == 0) return (created, 0);
        }
        var (matchedNew, changed) = await MergeMembersAsync(now, ct);
        return (created + matchedNew, changed);
    }

    /// <summary>Merges the staged members of registered households: matched by resident ID, changed ones updated, new ones added.</summary>
    private async Task<(long Created, long Changed)> MergeMembersAsync(DateTime now, CancellationToken ct)
    {
        var s = _session;
        var cols = BulkColumns.Member;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        // Members are matched by resident ID within their household (IDs are stored in upper case): the present member
        // first (at most one, by the unique index), else a row of someone who left and is listed again.
        var sameMember = $"cur.\"ResidentId\" = {M}.\"ResidentId\" AND cur.\"HouseholdId\" = {M}.\"HouseholdId\"";
        await s.ExecuteAsync($"UPDATE {M} SET \"Id\" = cur.\"Id\" FROM \"Members\" AS cur WHERE {sameMember} AND cur.\"State\" = 1", ct);
        await s.ExecuteAsync($"UPDATE {M} SET \"Id\" = cur.\"Id\" FROM \"Members\" AS cur WHERE {sameMember} AND {M}.\"Id\" IS NULL", ct);
        await s.ExecuteAsync($"UPDATE {M} SET \"Changed\" = 1 FROM \"Members\" AS cur WHERE cur.\"Id\" = {M}.\"Id\" AND ({Differs(cols, "cur", M)} OR {s.Distinct("cur.\"CountyCode\"", $"{M}.\"CountyCode\"")})", ct);
        var created = await s.CountAsync($"SELECT COUNT(*) FROM {M} WHERE \"Id\" IS NULL", ct);
        var changed = await s.CountAsync($"SELECT COUNT(*) FROM {M} WHERE \"Changed\" = 1", ct);
        await s.ExecuteAsync($"""
            UPDATE "Members" SET {string.Join(", ", cols.Select(c => $"{c.Quoted} = {M}.{c.Quoted}"))}, "CountyCode" = {M}."CountyCode",
                "Version" = "Members"."Version" + 1, "UpdatedAt" = @now
            FROM {M} WHERE "Members"."Id" = {M}."Id" AND {M}."Changed" = 1
            """, ct, ("now", now));
        await s.ExecuteAsync($"""
            INSERT INTO "Members" ("HouseholdId", "CountyCode", {names}, "Version", "CreatedAt", "UpdatedAt")
            SELECT "HouseholdId", "CountyCode", {names}, 0, COALESCE("CreatedAt", @now), @now FROM {M} WHERE "Id" IS NULL
            """, ct, ("now", now));
        await s.ExecuteAsync($"INSERT INTO {Touched} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {M} WHERE \"Changed\" = 1 OR \"Id\" IS NULL ON CONFLICT DO NOTHING", ct);
        await s.ExecuteAsync($"INSERT INTO {Seen} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {M} WHERE 1 = 1 ON CONFLICT DO NOTHING", ct);
        return (created, changed);
    }

    private async Task<(long Created, long Changed)> IncomesAsync(CancellationToken ct)
    {
        var s = _session;
        await StageNumbersAsync(_incomes.Select(i => i.Number), ct);
        var households = await StoredHouseholdsAsync(ct);
        var created = 0L;
        using (var sink = s.Sink("\"Incomes\"", IncomeStaging))
        {
            foreach (var (number, i) in _incomes)
                if (households.TryGetValue(number, out var h) && h.Created)
                {
                    sink.Add([h.Id, h.CountyCode, .. BulkColumns.Income.Select(c => c.Get(i))]);
                    created++;
                }
            sink.Complete();
        }
        await s.ExecuteAsync(s.Truncate(I), ct);
        using (var sink = s.Sink(I, IncomeStaging))
        {
            foreach (var (number, i) in _incomes)
                if (households.TryGetValue(number, out var h) && !h.Created)
                    sink.Add([h.Id, h.CountyCode, .. BulkColumns.Income.Select(c => c.Get(i))]);
            sink.Complete();
            if (sink.Rows == 0) return (created, 0);
        }
        var (foundNew, changed) = await MergeIncomesAsync(ct);
        return (created + foundNew, changed);
    }

    /// <summary>Merges the staged incomes of registered households: upserted on household and year.</summary>
    private async Task<(long Created, long Changed)> MergeIncomesAsync(CancellationToken ct)
    {
        var s = _session;
        var cols = BulkColumns.Income;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        await s.ExecuteAsync($"""
            UPDATE {I} SET "Found" = 1, "Changed" = CASE WHEN {Differs(cols, "cur", I)} OR {s.Distinct("cur.\"CountyCode\"", $"{I}.\"CountyCode\"")} THEN 1 ELSE 0 END
            FROM "Incomes" AS cur WHERE cur."HouseholdId" = {I}."HouseholdId" AND cur."Year" = {I}."Year"
            """, ct);
        var created = await s.CountAsync($"SELECT COUNT(*) FROM {I} WHERE \"Found\" = 0", ct);
        var changed = await s.CountAsync($"SELECT COUNT(*) FROM {I} WHERE \"Changed\" = 1", ct);
        await s.ExecuteAsync($"""
            INSERT INTO "Incomes" ("HouseholdId", "CountyCode", {names})
            SELECT "HouseholdId", "CountyCode", {names} FROM {I} WHERE "Found" = 0 OR "Changed" = 1
            ON CONFLICT ("HouseholdId", "Year") DO UPDATE SET {string.Join(", ", cols.Skip(1).Select(c => $"{c.Quoted} = excluded.{c.Quoted}"))}, "CountyCode" = excluded."CountyCode"
            """, ct);
        await s.ExecuteAsync($"INSERT INTO {Touched} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {I} WHERE \"Changed\" = 1 OR \"Found\" = 0 ON CONFLICT DO NOTHING", ct);
        await s.ExecuteAsync($"INSERT INTO {Seen} (\"Id\") SELECT DISTINCT \"HouseholdId\" FROM {I} WHERE 1 = 1 ON CONFLICT DO NOTHING", ct);
        return (created, changed);
    }

    /// <summary>
    /// A chunk of staged households: the registered ones staged and merged as the file's would be, the new ones (an initial
    /// load only) inserted with their status year settled and their initial-load status entry, and noted as created.
    /// </summary>
    private async Task<(long Created, long Changed)> StagedHouseholdsAsync(string source, string condition, DateTime now, CancellationToken ct)
    {
        if (_firstLoad) return (await FirstLoadHouseholdsAsync(source, condition, now, ct), 0);
        var s = _session;
        var cols = BulkColumns.Household;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        var stored = $"EXISTS (SELECT 1 FROM \"Households\" h WHERE h.\"Number\" = c.\"Number\")";
        await s.ExecuteAsync(s.Truncate(H), ct);
        var registered = await s.ExecuteAsync($"INSERT INTO {H} ({names}) SELECT {Of("c", cols)} FROM {source} c WHERE {condition} AND {stored}", ct);
        var changed = registered > 0 ? await MergeStoredAsync(now, ct) : 0;
        // Only an initial load creates households (the checks refuse unknown numbers before; this is the guard).
        if (!_initialLoad) return (0, changed);
        await s.ExecuteAsync(s.Truncate(N), ct);
        await s.ExecuteAsync($"INSERT INTO {N} (\"Number\") SELECT c.\"Number\" FROM {source} c WHERE {condition} AND NOT {stored}", ct);
        var created = await s.ExecuteAsync(NewHouseholds(source, $"{condition} AND c.\"Number\" IN (SELECT \"Number\" FROM {N})"), ct, ("now", now), ("year", now.Year));
        await s.ExecuteAsync($"INSERT INTO {Created} (\"Id\") SELECT h.\"Id\" FROM {N} n JOIN \"Households\" h ON h.\"Number\" = n.\"Number\"", ct);
        await s.ExecuteAsync(InitialLoadEntries($"{N} n JOIN \"Households\" h ON h.\"Number\" = n.\"Number\""), ct, ("now", now), ("actor", s.Db.Scope.Actor));
        return (created, changed);
    }

    /// <summary>
    /// The statement that inserts the staged households of <paramref name="source"/> (aliased <c>c</c>) that meet
    /// <paramref name="condition"/> as new ones: version 0, created now, and their status year the file's, else the year
    /// of identification, else this year (<c>@year</c>).
    /// </summary>
    private static string NewHouseholds(string source, string condition)
    {
        var cols = BulkColumns.Household;
        var statusYear = $"CASE WHEN c.\"StatusYear\" > 0 THEN c.\"StatusYear\" WHEN c.\"IdentifiedYear\" > 0 THEN c.\"IdentifiedYear\" ELSE @year END";
        return $"""
            INSERT INTO "Households" ({string.Join(", ", cols.Select(c => c.Quoted))}, "Version", "CreatedAt", "UpdatedAt")
            SELECT {string.Join(", ", cols.Select(c => c.Name == nameof(Household.StatusYear) ? statusYear : $"c.{c.Quoted}"))}, 0, @now, @now
            FROM {source} c WHERE {condition}
            """;
    }

    /// <summary>
    /// The statement that gives the new households of <paramref name="from"/> (aliased <c>h</c>) not registered as not poor
    /// their one status entry from outside the registry, marked as the initial load's (<c>@actor</c>, <c>@now</c>).
    /// </summary>
    private static string InitialLoadEntries(string from) => $"""
        INSERT INTO "StatusChanges" ("HouseholdId", "CountyCode", "Year", "From", "To", "Reason", "Actor", "At", "Source")
        SELECT h."Id", h."CountyCode", h."StatusYear", {(int)HouseholdStatus.NotPoor}, h."Status", '{Registry.RegistryStatusRules.InitialLoadReason}', @actor, @now,
               {(int)StatusChangeSource.InitialLoad}
        FROM {from} WHERE h."Status" <> {(int)HouseholdStatus.NotPoor}
        """;

    /// <summary>
    /// A first load's chunk of households (<see cref="_firstLoad"/>): nothing stored to match, so the chunk's rows go into
    /// <c>Households</c> in one statement, whose returned ids note them as created and give them their initial-load status
    /// entries, with no join back to them by number.
    /// </summary>
    private async Task<long> FirstLoadHouseholdsAsync(string source, string condition, DateTime now, CancellationToken ct) =>
        await _session.CountAsync($"""
            WITH made AS ({NewHouseholds(source, condition)} RETURNING "Id", "CountyCode", "StatusYear", "Status"),
            noted AS (INSERT INTO {Created} ("Id") SELECT "Id" FROM made),
            history AS ({InitialLoadEntries("made h")})
            SELECT COUNT(*) FROM made
            """, ct, ("now", now), ("year", now.Year), ("actor", _session.Db.Scope.Actor));

    /// <summary>
    /// A first load's members and incomes are joined to their households by number a chunk at a time: by the households'
    /// number index (a few thousand lookups a chunk, each household's kept in memory for its next member), not by reading
    /// every stored household into a hash for each chunk, which PostgreSQL's planner prefers at a million households and
    /// which made the join most of each chunk's time (measured in docs/benchmarks.md). Set for the first load's
    /// transaction, and put back (<paramref name="byIndex"/> false) before the keys made again check every row by joins.
    /// </summary>
    public async Task JoinByNumberIndexAsync(bool byIndex, CancellationToken ct)
    {
        var other = byIndex ? "off" : "on";
        if (_firstLoad) await _session.ExecuteAsync($"SET LOCAL enable_hashjoin = {other}; SET LOCAL enable_mergejoin = {other}", ct);
    }

    /// <summary>
    /// A chunk of staged members: those of households this writer created inserted as they are, the others merged. In a
    /// first load every household stored is one this writer created, so all are inserted, with no matching.
    /// </summary>
    private async Task<(long Created, long Changed)> StagedMembersAsync(string source, string condition, DateTime now, CancellationToken ct)
    {
        var s = _session;
        var cols = BulkColumns.Member;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        var (direct, staged) = Households(source, condition);
        if (_firstLoad) direct = FirstLoadHouseholds(source, condition);
        var created = await s.ExecuteAsync($"""
            INSERT INTO "Members" ("HouseholdId", "CountyCode", {names}, "Version", "CreatedAt", "UpdatedAt")
            SELECT h."Id", h."CountyCode", {Of("c", cols)}, 0, @now, @now {direct}
            """, ct, ("now", now));
        if (_firstLoad) return (created, 0);
        await s.ExecuteAsync(s.Truncate(M), ct);
        if (await s.ExecuteAsync($"INSERT INTO {M} (\"HouseholdId\", \"CountyCode\", {names}) SELECT h.\"Id\", h.\"CountyCode\", {Of("c", cols)} {staged}", ct) == 0)
            return (created, 0);
        var (matchedNew, changed) = await MergeMembersAsync(now, ct);
        return (created + matchedNew, changed);
    }

    /// <summary>A chunk of staged incomes: those of households this writer created inserted as they are, the others merged.</summary>
    private async Task<(long Created, long Changed)> StagedIncomesAsync(string source, string condition, CancellationToken ct)
    {
        var s = _session;
        var cols = BulkColumns.Income;
        var names = string.Join(", ", cols.Select(c => c.Quoted));
        var (direct, staged) = Households(source, condition);
        if (_firstLoad) direct = FirstLoadHouseholds(source, condition);
        var created = await s.ExecuteAsync($"INSERT INTO \"Incomes\" (\"HouseholdId\", \"CountyCode\", {names}) SELECT h.\"Id\", h.\"CountyCode\", {Of("c", cols)} {direct}", ct);
        if (_firstLoad) return (created, 0);
        await s.ExecuteAsync(s.Truncate(I), ct);
        if (await s.ExecuteAsync($"INSERT INTO {I} (\"HouseholdId\", \"CountyCode\", {names}) SELECT h.\"Id\", h.\"CountyCode\", {Of("c", cols)} {staged}", ct) == 0)
            return (created, 0);
        var (foundNew, changed) = await MergeIncomesAsync(ct);
        return (created + foundNew, changed);
    }

    /// <summary>
    /// The FROM clauses that join staged rows to their stored household: those of households this writer created (written
    /// straight into their table), and the others (staged and merged). A row whose household is not stored is not written.
    /// </summary>
    private static (string Direct, string Staged) Households(string source, string condition)
    {
        var from = $"FROM {source} c JOIN \"Households\" h ON h.\"Number\" = c.\"Number\"";
        var created = $"EXISTS (SELECT 1 FROM {Created} x WHERE x.\"Id\" = h.\"Id\")";
        return ($"{from} WHERE {condition} AND {created}", $"{from} WHERE {condition} AND NOT {created}");
    }

    /// <summary>The FROM clause of a first load's staged rows: every stored household is one this writer created.</summary>
    private static string FirstLoadHouseholds(string source, string condition) =>
        $"FROM {source} c JOIN \"Households\" h ON h.\"Number\" = c.\"Number\" WHERE {condition}";

    private static string Of<T>(string alias, IEnumerable<BulkColumn<T>> columns) => string.Join(", ", columns.Select(c => $"{alias}.{c.Quoted}"));

    /// <summary>The household of a member or income row: its id and county, and whether this writer created it.</summary>
    private readonly record struct StoredHousehold(long Id, string CountyCode, bool Created);

    /// <summary>Stages the household numbers of a chunk's rows, for <see cref="StoredHouseholdsAsync"/>.</summary>
    private async Task StageNumbersAsync(IEnumerable<string> numbers, CancellationToken ct)
    {
        var s = _session;
        await s.ExecuteAsync(s.Truncate(N), ct);
        using var sink = s.Sink(N, NumberStaging);
        foreach (var number in numbers.Distinct(StringComparer.Ordinal)) sink.Add(number);
        sink.Complete();
    }

    /// <summary>
    /// The stored households of the staged numbers: one indexed join for the chunk instead of an <c>UPDATE</c> of every
    /// staged row. The rows of a household this writer created need no matching against stored rows (it had none before
    /// this load, and the checks refuse a number, a person or a year listed twice), so they are written straight into their
    /// table; the others are staged and merged. Bounded by the chunk, so memory stays constant.
    /// </summary>
    private async Task<Dictionary<string, StoredHousehold>> StoredHouseholdsAsync(CancellationToken ct)
    {
        var s = _session;
        var stored = new Dictionary<string, StoredHousehold>(StringComparer.Ordinal);
        await using var command = s.Command($"""
            SELECT h."Number", h."Id", h."CountyCode", CASE WHEN c."Id" IS NULL THEN 0 ELSE 1 END
            FROM {N} n JOIN "Households" h ON h."Number" = n."Number" LEFT JOIN {Created} c ON c."Id" = h."Id"
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            stored[reader.GetString(0)] = new(reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3) == 1);
        return stored;
    }

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

    /// <summary>
    /// Between an import's households and their members, on PostgreSQL: the planner's statistics of the households and of
    /// the ones this load created, so that each chunk's join to them by number is planned for their real size.
    /// </summary>
    public async Task AnalyzeHouseholdsAsync(CancellationToken ct)
    {
        if (_session.IsPostgres && _session.Db.Database.CurrentTransaction is null)
            await _session.ExecuteAsync($"ANALYZE \"Households\", {Created}", ct);
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

