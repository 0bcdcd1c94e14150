using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Data.Exit;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using BreakdownKey = (int Year, string Code, Jingzhun.Domain.Statistics.BreakdownDimension Dimension, int Value, Jingzhun.Domain.Registry.HouseholdStatus Status);

namespace Jingzhun.Data.Statistics;

/// <summary>
/// Refreshes the per-area aggregates in bulk: one GROUP BY per figure over the villages, never
/// loading households, then rolled up in memory to every township, county, city, province and the
/// nation, and written in one transaction. Rows are updated in place, never deleted.
/// </summary>
public static partial class AreaStatistics
{
    public sealed record RefreshResult(int Areas, int Breakdowns, IReadOnlyList<int> Years, TimeSpan Elapsed);

    private sealed record RegionRow(string Code, RegionLevel Level, int RuralPopulation, DateOnly ValidFrom, DateOnly? ValidTo);

    private sealed record FrozenGroup(string VillageCode, HouseholdStatus Status, int Households, int People,
        int ExitedHouseholds, int ExitedPeople, int ReturnedHouseholds, int ReturnedPeople);

    /// <summary>Recomputes the live figures (as of <paramref name="now"/>) and those of every frozen year-end.</summary>
    public static async Task<RefreshResult> RefreshAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        // Ancestors' figures add up every village, so only an unscoped (system) context may refresh them.
        if (db.Scope.RegionPrefix != "" || db.Scope.ReadsAssignedOnly)
            throw new InvalidOperationException("statistics are refreshed by system work over the whole registry");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var transaction = await BeginRefreshAsync(db, ct);
        var marks = await StaleCounties.SeenAsync(db, null, kept: false, ct);
        var tally = await Tally.LoadAsync(db, now, null, ct);
        await LiveAsync(db, tally, DateOnly.FromDateTime(now), null, ct);
        var years = await db.Snapshots.AsNoTracking().Select(s => s.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
        foreach (var year in years) await FrozenAsync(db, tally, year, ct);
        await tally.SaveAsync(ct);
        await StaleCounties.ClearAsync(db, marks, kept: false, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return new RefreshResult(tally.Aggregates.Count, tally.Breakdowns.Count, years, started.Elapsed);
    }

    /// <summary>
    /// Recomputes the live figures of a few counties (6-digit codes) by the same GROUP BY restricted to
    /// each county, then sums every area above them (city, province, nation) from its counties' rows.
    /// Frozen years are not touched: registry edits never change a past year-end.
    /// </summary>
    public static async Task<RefreshResult> RefreshCountiesAsync(JingzhunDbContext db, IReadOnlyCollection<string> counties, DateTime now,
        CancellationToken ct = default)
    {
        if (db.Scope.RegionPrefix != "" || db.Scope.ReadsAssignedOnly)
            throw new InvalidOperationException("statistics are refreshed by system work over the whole registry");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var areas = 0;
        var breakdowns = 0;
        var today = DateOnly.FromDateTime(now);
        var wanted = counties.Where(c => c.Length == 6).Distinct().Order(StringComparer.Ordinal).ToList();
        // On SQLite the refresh's transaction holds the database's write lock, and a clerk saving a household would wait out
        // every GROUP BY of the county (seconds for a large county at 10 M): there the counties are counted first, in a
        // read-only snapshot. PostgreSQL's readers block no writer, so it counts inside the transaction, whose lock keeps a
        // second refresh from counting at the same time.
        var counted = new Dictionary<string, (Tally Figures, DateTime? StoredAt)>();
        List<StaleCounties.Seen> marks = [];
        var inSnapshot = db.Provider == DatabaseProvider.Sqlite && db.Database.CurrentTransaction is null;
        if (inSnapshot)
            await InSnapshotAsync(db, async () =>
            {
                marks = await StaleCounties.SeenAsync(db, wanted, kept: false, ct);
                foreach (var county in wanted)
                {
                    var figures = await Tally.LoadAsync(db, now, county, ct, storedRows: false);
                    await LiveAsync(db, figures, today, county, ct);
                    counted[county] = (figures, await StoredAtAsync(db, county, ct));
                }
            }, ct);

        // One transaction: a reader sees the counties and the areas above them change together.
        await using var transaction = await BeginRefreshAsync(db, ct);
        if (!inSnapshot) marks = await StaleCounties.SeenAsync(db, wanted, kept: false, ct);
        var skipped = new HashSet<string>();
        foreach (var county in wanted)
        {
            var tally = await Tally.LoadAsync(db, now, county, ct);
            if (counted.TryGetValue(county, out var count))
            {
                // Another process's refresh stored the county after the snapshot, perhaps from a newer one: its figures
                // stay, and so do the county's marks, for the next recount to settle.
                if (await StoredAtAsync(db, county, ct) != count.StoredAt)
                {
                    skipped.Add(county);
                    continue;
                }
                tally.Take(count.Figures, AreaAggregate.LiveYear);
            }
            else await LiveAsync(db, tally, today, county, ct);
            await tally.SaveAsync(ct);
            areas += tally.Aggregates.Count;
            breakdowns += tally.Breakdowns.Count;
        }
        var ancestors = wanted
            .SelectMany(c => RegionCode.TryParse(c.PadRight(12, '0'), out var code, out _) ? Above(code) : [])
            .Distinct().ToList();
        foreach (var ancestor in ancestors) await SumFromCountiesAsync(db, ancestor, now, ct);
        await db.SaveChangesAsync(ct);
        await StaleCounties.ClearAsync(db, marks.Where(m => !skipped.Contains(m.CountyCode)), kept: false, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new RefreshResult(areas + ancestors.Count, breakdowns, [], started.Elapsed);
    }

    // Any fixed number: the PostgreSQL advisory lock that lets one refresh at a time write the aggregates.
    private const long RefreshLock = 0x4A5A_5354_4154_53;

    /// <summary>
    /// Refreshes run one at a time across processes (the web host's live statistics, <c>jingzhun stats refresh</c>, a
    /// year-end freeze): two that both found an area's row missing would both insert it. On SQLite the transaction is
    /// begun IMMEDIATE and holds the write lock; on PostgreSQL an advisory lock held to the end of the transaction.
    /// Inside a caller's transaction (null is returned) the caller commits.
    /// </summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginRefreshAsync(JingzhunDbContext db, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({RefreshLock})", ct);
        return transaction;
    }

    /// <summary>
    /// Runs reads in a read-only snapshot on SQLite: every pass sees the registry as of one moment, and, a deferred
    /// transaction in WAL mode taking no lock, no writer waits for them.
    /// </summary>
    private static async Task InSnapshotAsync(JingzhunDbContext db, Func<Task> reads, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var snapshot = ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        try
        {
            await db.Database.UseTransactionAsync(snapshot, ct);
            await reads();
        }
        finally
        {
            await db.Database.UseTransactionAsync(null, CancellationToken.None);
            await snapshot.DisposeAsync(); // never committed: it only read
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>When a refresh last stored the county's live row (null: never); every refresh stamps it.</summary>
    private static Task<DateTime?> StoredAtAsync(JingzhunDbContext db, string county, CancellationToken ct) =>
        db.Aggregates.AsNoTracking().Where(a => a.Year == AreaAggregate.LiveYear && a.RegionCode == county)
            .Select(a => (DateTime?)a.RefreshedAt).FirstOrDefaultAsync(ct);

    /// <summary>Every area above a region, nearest first (above a county: the city, province and nation, whose figures are their counties' added up).</summary>
    internal static IEnumerable<RegionCode> Above(RegionCode county)
    {
        for (var c = county.Parent; c is not null; c = c.Value.Parent) yield return c.Value;
    }

    /// <summary>An area above county level: its live row and breakdowns are the sums of its counties' rows.</summary>
    private static async Task SumFromCountiesAsync(JingzhunDbContext db, RegionCode area, DateTime now, CancellationToken ct)
    {
        var prefix = area.Prefix;
        var counties = await db.Aggregates.AsNoTracking()
            .Where(a => a.Year == AreaAggregate.LiveYear && a.Level == RegionLevel.County && a.RegionCode.StartsWith(prefix)).ToListAsync(ct);
        var row = await db.Aggregates.FirstOrDefaultAsync(a => a.Year == AreaAggregate.LiveYear && a.RegionCode == area.Value, ct);
        if (row is null)
        {
            row = new AreaAggregate { RegionCode = area.Value, Year = AreaAggregate.LiveYear, Level = area.Level };
            db.Aggregates.Add(row);
        }
        row.Clear();
        foreach (var county in counties) row.AddFrom(county);
        row.RefreshedAt = now;

        var countyCodes = counties.Select(c => c.RegionCode).ToList();
        var sums = await db.Breakdowns.AsNoTracking()
            .Where(b => b.Year == AreaAggregate.LiveYear && countyCodes.Contains(b.RegionCode))
            .GroupBy(b => new { b.Dimension, b.Value, b.Status })
            .Select(g => new { g.Key.Dimension, g.Key.Value, g.Key.Status, Households = g.Sum(b => b.Households), People = g.Sum(b => b.People) })
            .ToListAsync(ct);
        var cells = (await db.Breakdowns.Where(b => b.Year == AreaAggregate.LiveYear && b.RegionCode == area.Value).ToListAsync(ct))
            .ToDictionary(b => (b.Dimension, b.Value, b.Status));
        foreach (var cell in cells.Values) cell.Households = cell.People = 0;
        foreach (var sum in sums)
        {
            if (!cells.TryGetValue((sum.Dimension, sum.Value, sum.Status), out var cell))
            {
                cell = new AreaBreakdown { RegionCode = area.Value, Year = AreaAggregate.LiveYear, Dimension = sum.Dimension, Value = sum.Value, Status = sum.Status };
                db.Breakdowns.Add(cell);
            }
            cell.Households = sum.Households;
            cell.People = sum.People;
        }
    }

    /// <summary>
    /// The live figures in one pass over the households and one over their present members, each grouped by village and
    /// status only, like the plain GROUP BY the refresh is measured against: every breakdown cell is a conditional count
    /// in its group's row, so each table is read once whatever the number of dimensions. Then the measure types.
    /// </summary>
    private static async Task LiveAsync(JingzhunDbContext db, Tally tally, DateOnly today, string? county, CancellationToken ct)
    {
        var parameters = new Dictionary<string, object>
        {
            ["year"] = today.Year, ["present"] = (int)MemberState.Present,
            // Born after the cut-off date: younger than the age (whole years, as of today).
            ["cut6"] = today.AddYears(-6), ["cut16"] = today.AddYears(-16), ["cut60"] = today.AddYears(-60),
        };
        if (county is not null) parameters["county"] = county;
        var inCounty = county is null ? "" : " AND h.\"CountyCode\" = @county";

        var households = new LivePass("\"Households\" h", "1 = 1" + inCounty, LiveCells.OfHouseholds, People: false);
        var people = new LivePass("\"Members\" m JOIN \"Households\" h ON h.\"Id\" = m.\"HouseholdId\"",
            "m.\"State\" = @present" + inCounty, LiveCells.OfPeople, People: true);
        // The whole registry on SQLite is tallied in memory from one plain read of each table (see LiveInMemoryAsync).
        var passes = county is null && db.Provider == DatabaseProvider.Sqlite && await LiveInMemoryAsync(db, tally, parameters, ct)
            ? [] : new[] { households, people };
        // The whole registry's passes on PostgreSQL run with settings of their own (a county's are too short to need them):
        // - compiled by the JIT, which every session otherwise has off (JingzhunDb.SessionSettings): evaluated row by row,
        //   the people pass's thirty conditional counts took 21-22 s at 10 M households, compiled 13.4 s;
        // - a larger cap on each hash's memory, so that the members' join to the households is built in memory instead of
        //   in batches spilled to disk: 11.8 s against 13.4 s at 64 MB. A cap, not an allocation: a small registry uses
        //   what it needs. Refreshes of the whole registry run one at a time (RefreshLock).
        var restore = county is null && db.Provider == DatabaseProvider.Postgres && passes.Length > 0
            ? await SetForTheTransactionAsync(db, [("jit", "on"), ("work_mem", "256MB")], ct)
            : null;
        foreach (var pass in passes)
        {
            var unlisted = new HashSet<LiveCells.Column>();
            await ReadAsync(db, pass.Sql(), parameters, reader =>
            {
                var (village, status) = (reader.GetString(0), (HouseholdStatus)reader.GetInt32(1));
                var (count, inYear) = (Count(reader, 2), Count(reader, 3));
                if (pass.People) tally.AddStatus(AreaAggregate.LiveYear, village, status, 0, count, 0, inYear);
                else tally.AddStatus(AreaAggregate.LiveYear, village, status, count, 0, inYear, 0);
                for (var i = 0; i < pass.Cells.Count; i++)
                    tally.AddBreakdown(AreaAggregate.LiveYear, pass.Cells[i].Dimension, pass.Cells[i].Value, village, status, Count(reader, 4 + i), pass.People);
                foreach (var (column, ordinals) in pass.Columns)
                    if (ordinals.Sum(i => Count(reader, i)) != count) unlisted.Add(column);
            }, ct);
            // A stored number no value of its enum has (a row written outside the application) still counts, under that number.
            foreach (var column in unlisted)
                await ReadAsync(db, pass.UnlistedSql(column), parameters, reader => tally.AddBreakdown(AreaAggregate.LiveYear, column.Dimension,
                    reader.GetInt32(2), reader.GetString(0), (HouseholdStatus)reader.GetInt32(1), Count(reader, 3), pass.People), ct);
        }
        if (restore is not null) await SetForTheTransactionAsync(db, restore, ct);

        // Measure types: households with at least one (not cancelled) measure of the type, and their present members.
        // One GROUP BY each over the distinct (household, type) pairs, joined to the households or their members.
        var measures = db.Measures.AsNoTracking().Where(m => m.State != Domain.Assistance.MeasureState.Cancelled);
        var registered = db.Households.AsNoTracking();
        var present = db.Members.AsNoTracking().Where(m => m.State == MemberState.Present);
        if (county is not null)
        {
            measures = measures.Where(m => m.Household!.CountyCode == county);
            registered = registered.Where(h => h.CountyCode == county);
            present = present.Where(m => m.Household!.CountyCode == county);
        }
        var pairs = measures.Select(m => new { m.HouseholdId, m.Type }).Distinct();
        foreach (var g in await pairs.Join(registered, p => p.HouseholdId, h => h.Id, (p, h) => new { h.VillageCode, h.Status, p.Type })
            .GroupBy(x => new { x.VillageCode, x.Status, x.Type })
            .Select(g => new { g.Key.VillageCode, g.Key.Status, g.Key.Type, Count = g.Count() }).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.MeasureType, (int)g.Type, g.VillageCode, g.Status, g.Count, people: false);
        foreach (var g in await pairs.Join(present, p => p.HouseholdId, m => m.HouseholdId, (p, m) => new { m.Household!.VillageCode, m.Household.Status, p.Type })
            .GroupBy(x => new { x.VillageCode, x.Status, x.Type })
            .Select(g => new { g.Key.VillageCode, g.Key.Status, g.Key.Type, Count = g.Count() }).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.MeasureType, (int)g.Type, g.VillageCode, g.Status, g.Count, people: true);
        tally.RollUpBreakdowns(AreaAggregate.LiveYear);
        tally.AddRuralPopulation(AreaAggregate.LiveYear);
    }

    /// <summary>
    /// Sets PostgreSQL settings until the end of the transaction and returns the values they had, which the caller sets
    /// back once done: the rest of a caller's transaction (a year-end freeze) runs as it would have.
    /// </summary>
    private static async Task<(string Name, string Value)[]> SetForTheTransactionAsync(JingzhunDbContext db, (string Name, string Value)[] settings,
        CancellationToken ct)
    {
        var before = new (string Name, string Value)[settings.Length];
        for (var i = 0; i < settings.Length; i++)
        {
            var (name, value) = settings[i];
            before[i] = (name, await db.Database.SqlQuery<string>($"SELECT current_setting({name}) AS \"Value\"").SingleAsync(ct));
            await db.Database.SqlQuery<string>($"SELECT set_config({name}, {value}, true) AS \"Value\"").SingleAsync(ct);
        }
        return before;
    }

    private static int Count(System.Data.Common.DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    /// <summary>
    /// Raw SQL over the registry's tables, so that one statement can carry every cell. Refreshes run unscoped (checked by
    /// their callers), and the registry's only query filter is the scope, so no row is read that the LINQ would not read.
    /// </summary>
    private static async Task ReadAsync(JingzhunDbContext db, string sql, Dictionary<string, object> parameters,
        Action<System.Data.Common.DbDataReader> row, CancellationToken ct)
    {
        if (db.Scope.RegionPrefix != "" || db.Scope.ReadsAssignedOnly)
            throw new InvalidOperationException("raw statistics statements carry no scope filter: system work only");
        // The bulk session's command: the context's connection and transaction, no timeout.
        await using var session = await BulkSession.OverAsync(db, ct);
        await using var command = session.Command(sql, [.. parameters.Where(p => sql.Contains("@" + p.Key, StringComparison.Ordinal)).Select(p => (p.Key, p.Value))]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) row(reader);
    }

    /// <summary>One grouped statement of the live figures: the households (h) or their present members (m joined to h).</summary>
    private sealed record LivePass(string From, string Where, IReadOnlyList<LiveCells.Cell> Cells, bool People)
    {
        /// <summary>Each enum column with the ordinals of its cells in a row: together they must count every row of the group.</summary>
        public (LiveCells.Column Column, int[] Ordinals)[] Columns { get; } = Cells.Select(c => c.Column).OfType<LiveCells.Column>().Distinct()
            .Select(column => (column, Enumerable.Range(0, Cells.Count).Where(i => Cells[i].Column == column).Select(i => 4 + i).ToArray())).ToArray();

        public string Sql() =>
            $"SELECT h.\"VillageCode\", h.\"Status\", COUNT(*), COUNT(*) FILTER (WHERE h.\"StatusYear\" = @year)"
            + string.Concat(Cells.Select(c => $", COUNT(*) FILTER (WHERE {c.Condition})"))
            + $" FROM {From} WHERE {Where} GROUP BY h.\"VillageCode\", h.\"Status\"";

        public string UnlistedSql(LiveCells.Column column) =>
            $"SELECT h.\"VillageCode\", h.\"Status\", {column.Sql}, COUNT(*) FROM {From}"
            + $" WHERE {Where} AND {column.Sql} NOT IN ({string.Join(", ", column.Values)})"
            + $" GROUP BY h.\"VillageCode\", h.\"Status\", {column.Sql}";
    }

    /// <summary>The breakdown cells of the live figures, each a condition on a household (h) or a member (m) row.</summary>
    private static class LiveCells
    {
        /// <summary>A stored enum column: a cell for each value of its enum.</summary>
        public sealed record Column(BreakdownDimension Dimension, string Sql, IReadOnlyList<int> Values);

        public sealed record Cell(BreakdownDimension Dimension, int Value, string Condition, Column? Column);

        private static Column Of<T>(BreakdownDimension dimension, string sql) where T : struct, Enum =>
            new(dimension, sql, Enum.GetValues<T>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)).ToList());

        private static IEnumerable<Cell> CellsOf(Column column) => column.Values.Select(v => new Cell(column.Dimension, v, $"{column.Sql} = {v}", column));

        private static readonly Column Cause = Of<PovertyCause>(BreakdownDimension.PrimaryCause, "h.\"PrimaryCause\"");
        private static readonly Column Attribute = Of<HouseholdAttribute>(BreakdownDimension.Attribute, "h.\"Attribute\"");
        private static readonly Column Labour = Of<LabourCapacity>(BreakdownDimension.Labour, "m.\"Labour\"");
        private static readonly Column Health = Of<HealthStatus>(BreakdownDimension.Health, "m.\"Health\"");

        private static readonly Cell[] Ages =
        [
            new(BreakdownDimension.AgeGroup, (int)AgeGroup.Under6, "m.\"BirthDate\" > @cut6", null),
            new(BreakdownDimension.AgeGroup, (int)AgeGroup.School, "m.\"BirthDate\" <= @cut6 AND m.\"BirthDate\" > @cut16", null),
            new(BreakdownDimension.AgeGroup, (int)AgeGroup.Working, "m.\"BirthDate\" <= @cut16 AND m.\"BirthDate\" > @cut60", null),
            new(BreakdownDimension.AgeGroup, (int)AgeGroup.Elderly, "m.\"BirthDate\" <= @cut60", null),
        ];

        public static readonly IReadOnlyList<Cell> OfHouseholds = [.. CellsOf(Cause), .. CellsOf(Attribute)];
        public static readonly IReadOnlyList<Cell> OfPeople = [.. OfHouseholds, .. CellsOf(Labour), .. CellsOf(Health), .. Ages];
    }

    /// <summary>A frozen year reads its snapshot rows only, so the figures of a past year never change.</summary>
    private static async Task FrozenAsync(JingzhunDbContext db, Tally tally, int year, CancellationToken ct)
    {
        var groups = await db.Snapshots.AsNoTracking().Where(s => s.Year == year)
            .GroupBy(s => new { s.VillageCode, s.Status })
            .Select(g => new FrozenGroup(g.Key.VillageCode, g.Key.Status, g.Count(), g.Sum(s => s.People),
                g.Count(s => s.ExitedInYear), g.Sum(s => s.ExitedInYear ? s.People : 0),
                g.Count(s => s.ReturnedInYear), g.Sum(s => s.ReturnedInYear ? s.People : 0)))
            .ToListAsync(ct);
        foreach (var g in groups)
            foreach (var area in tally.AreasOf(year, g.VillageCode))
            {
                area.Add(g.Status, g.Households, g.People);
                area.ExitedInYearHouseholds += g.ExitedHouseholds;
                area.ExitedInYearPeople += g.ExitedPeople;
                area.ReturnedInYearHouseholds += g.ReturnedHouseholds;
                area.ReturnedInYearPeople += g.ReturnedPeople;
            }
        tally.AddRuralPopulation(year);
    }

    /// <summary>A breakdown row's counts as the refresh works them out; <see cref="Id"/> 0 for a row not stored yet.</summary>
    private sealed class BreakdownCell(long id, int households, int people)
    {
        private readonly (int Households, int People) stored = (households, people);
        public long Id { get; } = id;
        public int Households { get; set; } = households;
        public int People { get; set; } = people;
        public bool Changed => stored != (Households, People);
        public bool HasCounts => Households != 0 || People != 0;

        public void Add(int households, int people)
        {
            Households += households;
            People += people;
        }
    }

    /// <summary>The rows being refreshed: the existing ones, cleared, and any new ones, keyed by year and area.</summary>
    private sealed class Tally
    {
        public Dictionary<(int Year, string Code), AreaAggregate> Aggregates { get; } = [];
        public Dictionary<BreakdownKey, BreakdownCell> Breakdowns { get; } = [];
        private Dictionary<string, RegionLevel> levels = [];
        private List<RegionRow> regions = [];
        private Dictionary<(string Code, int Year), int> populations = [];
        private readonly HashSet<int> cleared = [];
        /// <summary>The counts each stored row had when loaded: only rows that differ from them are written back.</summary>
        private readonly Dictionary<long, AreaAggregate> storedAggregates = [];
        /// <summary>Each village's code and those of the areas above it, worked out once.</summary>
        private readonly Dictionary<string, string[]> ancestries = [];
        private JingzhunDbContext db = null!;
        private DateTime now;
        /// <summary>When set, only this county's live rows (the county, its townships and villages) are refreshed.</summary>
        private string? county;

        /// <summary>
        /// The regions and populations of the registry (or of one county) and, unless <paramref name="storedRows"/> is false,
        /// its stored rows, which the counts then overwrite: a tally without them only counts (see <see cref="Take"/>).
        /// </summary>
        public static async Task<Tally> LoadAsync(JingzhunDbContext db, DateTime now, string? county, CancellationToken ct, bool storedRows = true)
        {
            var tally = new Tally { db = db, now = now, county = county };
            var prefix = county ?? "";
            // Every row, past ones too: the live figures use the current tree, a frozen year the tree of its 31 December.
            tally.regions = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(prefix))
                .Select(r => new RegionRow(r.Code, r.Level, r.RuralPopulation, r.ValidFrom, r.ValidTo)).ToListAsync(ct);
            tally.populations = (await db.RegionPopulations.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix))
                .Select(p => new { p.RegionCode, p.Year, p.RuralPopulation }).ToListAsync(ct))
                .ToDictionary(p => (p.RegionCode, p.Year), p => p.RuralPopulation);
            tally.levels = tally.regions.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Level);
            if (!storedRows) return tally;
            var aggregates = db.Aggregates.AsQueryable();
            if (county is not null) aggregates = aggregates.Where(a => a.Year == AreaAggregate.LiveYear && a.RegionCode.StartsWith(county));
            // Untracked: hundreds of thousands of breakdown rows are compared here, and only the changed ones handed to EF.
            foreach (var a in await aggregates.AsNoTracking().ToListAsync(ct))
            {
                tally.Aggregates[(a.Year, a.RegionCode)] = a;
                tally.storedAggregates[a.Id] = a.CountsCopy();
            }
            // The breakdown rows as their key and counts only, straight from the reader: they are the bulk of what a refresh reads.
            var sql = """SELECT "Id", "Year", "RegionCode", "Dimension", "Value", "Status", "Households", "People" FROM "Breakdowns" """
                + (county is null ? "" : """WHERE "Year" = 0 AND "RegionCode" LIKE @county""");
            await ReadAsync(db, sql, new() { ["county"] = county + "%" }, reader =>
                tally.Breakdowns[(reader.GetInt32(1), reader.GetString(2), (BreakdownDimension)reader.GetInt32(3), reader.GetInt32(4), (HouseholdStatus)reader.GetInt32(5))]
                    = new BreakdownCell(reader.GetInt64(0), reader.GetInt32(6), reader.GetInt32(7)), ct);
            return tally;
        }

        /// <summary>
        /// Writes the new rows and the rows whose counts changed, then stamps every refreshed row's time in one
        /// statement per year: an unchanged registry costs the GROUP BYs and almost no writes.
        /// </summary>
        public async Task SaveAsync(CancellationToken ct)
        {
            foreach (var a in Aggregates.Values)
            {
                if (a.Id == 0) db.Aggregates.Add(a);
                else if (!a.HasSameCounts(storedAggregates[a.Id])) db.Aggregates.Update(a);
            }
            foreach (var ((year, code, dimension, value, status), cell) in Breakdowns.Where(b => b.Value.Id != 0 && b.Value.Changed))
            {
                var row = new AreaBreakdown
                {
                    Id = cell.Id, RegionCode = code, Year = year, Dimension = dimension, Value = value, Status = status,
                    Households = cell.Households, People = cell.People,
                };
                var entry = db.Breakdowns.Attach(row);
                entry.Property(b => b.Households).IsModified = true;
                entry.Property(b => b.People).IsModified = true;
            }
            await db.SaveChangesAsync(ct);
            await InsertNewBreakdownsAsync(ct);
            var prefix = county ?? "";
            foreach (var year in cleared)
                await db.Aggregates.Where(a => a.Year == year && a.RegionCode.StartsWith(prefix) && a.RefreshedAt != now)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.RefreshedAt, now), ct);
        }

        /// <summary>Sets the stored rows of a year to the figures another tally (of the same area, without stored rows) counted.</summary>
        public void Take(Tally counted, int year)
        {
            ClearYear(year);
            foreach (var ((_, code), figures) in counted.Aggregates.Where(a => a.Key.Year == year))
            {
                if (!Aggregates.TryGetValue((year, code), out var row))
                    Aggregates[(year, code)] = row = new AreaAggregate { RegionCode = code, Year = year, Level = figures.Level };
                row.AddFrom(figures);
                row.RefreshedAt = now;
            }
            foreach (var (key, cell) in counted.Breakdowns.Where(b => b.Key.Year == year)) Cell(key).Add(cell.Households, cell.People);
        }

        /// <summary>The rows of a village and of every area above it up to the nation.</summary>
        public IEnumerable<AreaAggregate> AreasOf(int year, string villageCode)
        {
            ClearYear(year);
            foreach (var code in Ancestry(villageCode))
            {
                if (!Aggregates.TryGetValue((year, code), out var area))
                {
                    area = new AreaAggregate { RegionCode = code, Year = year, Level = LevelOf(code) };
                    Aggregates[(year, code)] = area;
                }
                area.RefreshedAt = now;
                yield return area;
            }
        }

        /// <summary>
        /// New rows straight into their table (binary COPY on PostgreSQL, one prepared insert on SQLite) in the refresh's
        /// transaction: a registry's first refresh makes tens of thousands of them. Figures are derived rows, not audited.
        /// </summary>
        private async Task InsertNewBreakdownsAsync(CancellationToken ct)
        {
            var added = Breakdowns.Where(b => b.Value.Id == 0 && b.Value.HasCounts).ToList();
            if (added.Count == 0) return;
            await using var session = await BulkSession.OverAsync(db, ct);
            using var sink = session.Sink("\"Breakdowns\"", BreakdownColumns);
            foreach (var ((year, code, dimension, value, status), cell) in added)
                sink.Add(code, year, (int)dimension, value, (int)status, cell.Households, cell.People);
            sink.Complete();
        }

        private static readonly (string Name, BulkType Type)[] BreakdownColumns =
        [
            ("RegionCode", BulkType.Code), ("Year", BulkType.Int), ("Dimension", BulkType.Int),
            ("Value", BulkType.Int), ("Status", BulkType.Int), ("Households", BulkType.Int),
            ("People", BulkType.Int),
        ];

        public void AddStatus(int year, string villageCode, HouseholdStatus status, int households, int people, int inYearHouseholds, int inYearPeople)
        {
            foreach (var area in AreasOf(year, villageCode))
            {
                area.Add(status, households, people);
                if (status == HouseholdStatus.Exited) { area.ExitedInYearHouseholds += inYearHouseholds; area.ExitedInYearPeople += inYearPeople; }
                if (status == HouseholdStatus.Returned) { area.ReturnedInYearHouseholds += inYearHouseholds; area.ReturnedInYearPeople += inYearPeople; }
            }
        }

        /// <summary>Adds <paramref name="count"/> households (or people) to a cell of the village; <see cref="RollUpBreakdowns"/> adds it above.</summary>
        public void AddBreakdown(int year, BreakdownDimension dimension, int value, string villageCode, HouseholdStatus status, int count, bool people)
        {
            if (count == 0 || Ancestry(villageCode).Length == 0) return;
            ClearYear(year);
            Cell((year, villageCode, dimension, value, status)).Add(people ? 0 : count, people ? count : 0);
        }

        /// <summary>
        /// Adds each area's cells to its parent's, the deepest areas first, so that every area ends up with the sum of the
        /// villages below it: each cell is added once, where adding every village's cells to all its ancestors would add
        /// them five times.
        /// </summary>
        public void RollUpBreakdowns(int year)
        {
            var byDepth = new SortedDictionary<int, HashSet<BreakdownKey>>();
            void Pending(BreakdownKey key)
            {
                var depth = Ancestry(key.Code).Length;
                if (!byDepth.TryGetValue(depth, out var keys)) byDepth[depth] = keys = [];
                keys.Add(key);
            }
            foreach (var (key, cell) in Breakdowns)
                if (key.Year == year && cell.HasCounts) Pending(key);
            while (byDepth.Count > 0 && byDepth.Keys.Last() is var depth && depth > 1)
            {
                var keys = byDepth[depth];
                byDepth.Remove(depth);
                foreach (var key in keys)
                {
                    var parent = key with { Code = Ancestry(key.Code)[1] };
                    var cell = Breakdowns[key];
                    Cell(parent).Add(cell.Households, cell.People);
                    Pending(parent);
                }
            }
        }

        private BreakdownCell Cell(BreakdownKey key)
        {
            if (!Breakdowns.TryGetValue(key, out var cell)) Breakdowns[key] = cell = new BreakdownCell(0, 0, 0);
            return cell;
        }

        /// <summary>
        /// Every region of the year's tree gets a row (zero where it has no households) and its villages' rural population:
        /// the current tree and populations for the live figures; for a frozen year the regions valid on its 31 December,
        /// with that year's population where one is recorded (<see cref="RegionPopulation"/>), else the row's own figure.
        /// </summary>
        public void AddRuralPopulation(int year)
        {
            var live = year == AreaAggregate.LiveYear;
            var yearEnd = new DateOnly(live ? 2000 : year, 12, 31);
            var tree = regions.Where(r => live ? r.ValidTo is null : r.ValidFrom <= yearEnd && (r.ValidTo is null || r.ValidTo > yearEnd)).ToList();
            foreach (var r in tree) _ = AreasOf(year, r.Code).ToList();
            foreach (var r in tree.Where(r => r.Level == RegionLevel.Village))
            {
                var population = live ? r.RuralPopulation : populations.TryGetValue((r.Code, year), out var p) ? p : r.RuralPopulation;
                foreach (var area in AreasOf(year, r.Code)) area.RuralPopulation += population;
            }
        }

        private void ClearYear(int year)
        {
            if (!cleared.Add(year)) return;
            foreach (var a in Aggregates.Values.Where(a => a.Year == year)) a.Clear();
            foreach (var (_, cell) in Breakdowns.Where(b => b.Key.Year == year)) cell.Households = cell.People = 0;
        }

        private RegionLevel LevelOf(string code) =>
            levels.TryGetValue(code, out var level) ? level : RegionCode.TryParse(code, out var parsed, out _) ? parsed.Level : RegionLevel.Village;

        /// <summary>The code itself, then each enclosing area's code, ending with the nation (or, for one county's refresh, with the county).</summary>
        private string[] Ancestry(string code)
        {
            if (ancestries.TryGetValue(code, out var known)) return known;
            var codes = new List<string>();
            if (RegionCode.TryParse(code, out var region, out _))
                for (RegionCode? c = region; c is not null; c = c.Value.Parent)
                {
                    if (county is not null && !c.Value.Value.StartsWith(county, StringComparison.Ordinal)) break;
                    codes.Add(c.Value.Value);
                }
            return ancestries[code] = [.. codes];
        }
    }
}
