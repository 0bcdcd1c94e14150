using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Data.Statistics;

/// <summary>
/// Refreshes the per-area aggregates in bulk: one GROUP BY per figure over the villages, never
/// loading households, then rolled up in memory to every township, county, city, province and the
/// nation, and written in one transaction. Rows are updated in place, never deleted.
/// </summary>
public static class AreaStatistics
{
    public sealed record RefreshResult(int Areas, int Breakdowns, IReadOnlyList<int> Years, TimeSpan Elapsed);

    /// <summary>Figures of one village with one status (and, for the live registry, one breakdown value).</summary>
    private sealed record VillageGroup(string VillageCode, HouseholdStatus Status, int Value, bool InYear, int Households, int People);

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
        var marksBefore = StaleCounties.Now();
        await using var transaction = await BeginRefreshAsync(db, ct);
        var tally = await Tally.LoadAsync(db, now, null, ct);
        await LiveAsync(db, tally, DateOnly.FromDateTime(now), null, ct);
        var years = await db.Snapshots.AsNoTracking().Select(s => s.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
        foreach (var year in years) await FrozenAsync(db, tally, year, ct);
        await tally.SaveAsync(ct);
        await StaleCounties.ClearAsync(db, null, marksBefore, ct);
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
        // Marks are written at the wall-clock time of the change (not the statistics' reference date): those up to now are covered.
        var marksBefore = StaleCounties.Now();
        var areas = 0;
        var breakdowns = 0;
        // One transaction: a reader sees the counties and the areas above them change together.
        await using var transaction = await BeginRefreshAsync(db, ct);
        foreach (var county in counties.Where(c => c.Length == 6).Distinct().Order(StringComparer.Ordinal))
        {
            var tally = await Tally.LoadAsync(db, now, county, ct);
            await LiveAsync(db, tally, DateOnly.FromDateTime(now), county, ct);
            await tally.SaveAsync(ct);
            areas += tally.Aggregates.Count;
            breakdowns += tally.Breakdowns.Count;
        }
        var ancestors = counties.Where(c => c.Length == 6)
            .SelectMany(c => RegionCode.TryParse(c.PadRight(12, '0'), out var code, out _) ? Above(code) : [])
            .Distinct().ToList();
        foreach (var ancestor in ancestors) await SumFromCountiesAsync(db, ancestor, now, ct);
        await db.SaveChangesAsync(ct);
        await StaleCounties.ClearAsync(db, counties, marksBefore, ct);
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

    private static IEnumerable<RegionCode> Above(RegionCode county)
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

    private static async Task LiveAsync(JingzhunDbContext db, Tally tally, DateOnly today, string? county, CancellationToken ct)
    {
        var year = today.Year;
        var households = db.Households.AsNoTracking();
        var people = db.Members.AsNoTracking().Where(m => m.State == MemberState.Present);
        var measures = db.Measures.AsNoTracking().Where(m => m.State != Domain.Assistance.MeasureState.Cancelled);
        if (county is not null)
        {
            households = households.Where(h => h.CountyCode == county);
            people = people.Where(m => m.Household!.CountyCode == county);
            measures = measures.Where(m => m.Household!.CountyCode == county);
        }

        // Status totals and exits/returns of the year come out of the breakdown by primary cause.
        var byCauseH = await households.GroupBy(h => new { h.VillageCode, h.Status, h.PrimaryCause, InYear = h.StatusYear == year })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.PrimaryCause, g.Key.InYear, g.Count(), 0)).ToListAsync(ct);
        var byCauseP = await people.GroupBy(m => new { m.Household!.VillageCode, m.Household.Status, m.Household.PrimaryCause, InYear = m.Household.StatusYear == year })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.PrimaryCause, g.Key.InYear, 0, g.Count())).ToListAsync(ct);
        foreach (var g in byCauseH.Concat(byCauseP))
        {
            tally.AddStatus(AreaAggregate.LiveYear, g.VillageCode, g.Status, g.Households, g.People, g.InYear);
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.PrimaryCause, g);
        }

        foreach (var g in await households.GroupBy(h => new { h.VillageCode, h.Status, h.Attribute })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.Attribute, false, g.Count(), 0)).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.Attribute, g);
        foreach (var g in await people.GroupBy(m => new { m.Household!.VillageCode, m.Household.Status, m.Household.Attribute })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.Attribute, false, 0, g.Count())).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.Attribute, g);

        foreach (var g in await people.GroupBy(m => new { m.Household!.VillageCode, m.Household.Status, m.Labour })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.Labour, false, 0, g.Count())).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.Labour, g);
        foreach (var g in await people.GroupBy(m => new { m.Household!.VillageCode, m.Household.Status, m.Health })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.Health, false, 0, g.Count())).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.Health, g);

        // Born after the cut-off date: younger than the age (whole years, as of today).
        var cut6 = today.AddYears(-6);
        var cut16 = today.AddYears(-16);
        var cut60 = today.AddYears(-60);
        foreach (var g in await people.GroupBy(m => new
            {
                m.Household!.VillageCode, m.Household.Status,
                Age = m.BirthDate > cut6 ? (int)AgeGroup.Under6 : m.BirthDate > cut16 ? (int)AgeGroup.School : m.BirthDate > cut60 ? (int)AgeGroup.Working : (int)AgeGroup.Elderly,
            })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, g.Key.Age, false, 0, g.Count())).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.AgeGroup, g);

        // Measure types: households with at least one (not cancelled) measure of the type, and their present members.
        // One GROUP BY each over the distinct (household, type) pairs, joined to the households or their members.
        var pairs = measures.Select(m => new { m.HouseholdId, m.Type }).Distinct();
        foreach (var g in await pairs.Join(households, p => p.HouseholdId, h => h.Id, (p, h) => new { h.VillageCode, h.Status, p.Type })
            .GroupBy(x => new { x.VillageCode, x.Status, x.Type })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.Type, false, g.Count(), 0)).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.MeasureType, g);
        foreach (var g in await pairs.Join(people, p => p.HouseholdId, m => m.HouseholdId, (p, m) => new { m.Household!.VillageCode, m.Household.Status, p.Type })
            .GroupBy(x => new { x.VillageCode, x.Status, x.Type })
            .Select(g => new VillageGroup(g.Key.VillageCode, g.Key.Status, (int)g.Key.Type, false, 0, g.Count())).ToListAsync(ct))
            tally.AddBreakdown(AreaAggregate.LiveYear, BreakdownDimension.MeasureType, g);
        tally.AddRuralPopulation(AreaAggregate.LiveYear);
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

    /// <summary>The rows being refreshed: the existing ones, cleared, and any new ones, keyed by year and area.</summary>
    private sealed class Tally
    {
        public Dictionary<(int Year, string Code), AreaAggregate> Aggregates { get; } = [];
        public Dictionary<(int Year, string Code, BreakdownDimension Dimension, int Value, HouseholdStatus Status), AreaBreakdown> Breakdowns { get; } = [];
        private Dictionary<string, RegionLevel> levels = [];
        private List<RegionRow> regions = [];
        private Dictionary<(string Code, int Year), int> populations = [];
        private readonly HashSet<int> cleared = [];
        /// <summary>The counts each stored row had when loaded: only rows that differ from them are written back.</summary>
        private readonly Dictionary<long, AreaAggregate> storedAggregates = [];
        private readonly Dictionary<long, (int Households, int People)> storedBreakdowns = [];
        private JingzhunDbContext db = null!;
        private DateTime now;
        /// <summary>When set, only this county's live rows (the county, its townships and villages) are refreshed.</summary>
        private string? county;

        public static async Task<Tally> LoadAsync(JingzhunDbContext db, DateTime now, string? county, CancellationToken ct)
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
            var aggregates = db.Aggregates.AsQueryable();
            var breakdowns = db.Breakdowns.AsQueryable();
            if (county is not null)
            {
                aggregates = aggregates.Where(a => a.Year == AreaAggregate.LiveYear && a.RegionCode.StartsWith(county));
                breakdowns = breakdowns.Where(b => b.Year == AreaAggregate.LiveYear && b.RegionCode.StartsWith(county));
            }
            // Untracked: hundreds of thousands of breakdown rows are compared here, and only the changed ones handed to EF.
            foreach (var a in await aggregates.AsNoTracking().ToListAsync(ct))
            {
                tally.Aggregates[(a.Year, a.RegionCode)] = a;
                tally.storedAggregates[a.Id] = a.CountsCopy();
            }
            foreach (var b in await breakdowns.AsNoTracking().ToListAsync(ct))
            {
                tally.Breakdowns[(b.Year, b.RegionCode, b.Dimension, b.Value, b.Status)] = b;
                tally.storedBreakdowns[b.Id] = (b.Households, b.People);
            }
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
            foreach (var b in Breakdowns.Values)
            {
                if (b.Id == 0) db.Breakdowns.Add(b);
                else if (storedBreakdowns[b.Id] != (b.Households, b.People)) db.Breakdowns.Update(b);
            }
            await db.SaveChangesAsync(ct);
            var prefix = county ?? "";
            foreach (var year in cleared)
                await db.Aggregates.Where(a => a.Year == year && a.RegionCode.StartsWith(prefix) && a.RefreshedAt != now)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.RefreshedAt, now), ct);
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

        public void AddStatus(int year, string villageCode, HouseholdStatus status, int households, int people, bool inYear)
        {
            foreach (var area in AreasOf(year, villageCode))
            {
                area.Add(status, households, people);
                if (!inYear) continue;
                if (status == HouseholdStatus.Exited) { area.ExitedInYearHouseholds += households; area.ExitedInYearPeople += people; }
                if (status == HouseholdStatus.Returned) { area.ReturnedInYearHouseholds += households; area.ReturnedInYearPeople += people; }
            }
        }

        public void AddBreakdown(int year, BreakdownDimension dimension, VillageGroup g)
        {
            ClearYear(year);
            foreach (var code in Ancestry(g.VillageCode))
            {
                var key = (year, code, dimension, g.Value, g.Status);
                if (!Breakdowns.TryGetValue(key, out var row))
                {
                    row = new AreaBreakdown { RegionCode = code, Year = year, Dimension = dimension, Value = g.Value, Status = g.Status };
                    Breakdowns[key] = row;
                }
                row.Households += g.Households;
                row.People += g.People;
            }
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
            foreach (var b in Breakdowns.Values.Where(b => b.Year == year)) b.Households = b.People = 0;
        }

        private RegionLevel LevelOf(string code) =>
            levels.TryGetValue(code, out var level) ? level : RegionCode.TryParse(code, out var parsed, out _) ? parsed.Level : RegionLevel.Village;

        /// <summary>The code itself, then each enclosing area's code, ending with the nation (or, for one county's refresh, with the county).</summary>
        private IEnumerable<string> Ancestry(string code)
        {
            if (!RegionCode.TryParse(code, out var region, out _)) yield break;
            for (RegionCode? c = region; c is not null; c = c.Value.Parent)
            {
                if (county is not null && !c.Value.Value.StartsWith(county, StringComparison.Ordinal)) yield break;
                yield return c.Value.Value;
            }
        }
    }
}
