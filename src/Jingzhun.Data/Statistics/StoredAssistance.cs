using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Statistics;

/// <summary>
/// The live assistance figures kept per area (<see cref="AreaAssistance"/>), so that the dashboard of any area reads its row
/// and its children's instead of grouping the assistance tables under the area on every view (200–450 ms at 20,000
/// households on SQLite, whatever the level). The figures depend on the date (a loan falls due, a pairing ends), so the rows
/// stand for one day: they are counted again each day, and a county's again when its rows change (<see cref="StaleKeptCounty"/>).
/// A view of a day not kept, of a county marked since, of a year-end, or by a reader who sees only assigned households is
/// counted from the rows as before, so the figures shown are always those of the rows. The income trend and the funds figures
/// are kept with them (<see cref="StoredIncomeTrend"/>, <see cref="StoredFunds"/>), for the same areas and under the same marks.
/// </summary>
public static class StoredAssistance
{
    // Any fixed number: the PostgreSQL advisory lock that lets one recount at a time replace the rows.
    private const long RefreshLock = 0x4A5A_4153_5349_5354;

    /// <summary>Beyond this many changed counties one pass over the whole registry is cheaper than one per county.</summary>
    private const int CountiesBeforeWhole = 16;

    /// <summary>The area's kept tally and its children's, or null when the kept rows cannot stand for the date.</summary>
    internal static async Task<(AssistanceTally Area, SortedDictionary<string, AssistanceTally> Children)?> ReadAsync(JingzhunDbContext db, RegionCode code,
        AssistanceDate date, CancellationToken ct)
    {
        if (!date.IsLive || db.Scope.ReadsAssignedOnly) return null;
        var on = date.On;
        var value = code.Value;
        var area = await db.AssistanceTallies.AsNoTracking()
            .Where(a => a.On == on && a.Level == code.Level && a.RegionCode == value).Select(a => a.Figures).FirstOrDefaultAsync(ct);
        if (area is null || await Marks(db, code).AnyAsync(ct)) return null;
        var children = new SortedDictionary<string, AssistanceTally>(StringComparer.Ordinal);
        if (code.Level < RegionLevel.Village)
        {
            var level = code.Level + 1;
            var prefix = code.Prefix;
            foreach (var child in await db.AssistanceTallies.AsNoTracking().Where(a => a.On == on && a.Level == level && a.RegionCode.StartsWith(prefix))
                         .Select(a => new { a.RegionCode, a.Figures }).ToListAsync(ct))
                children[child.RegionCode] = AssistanceTally.FromStored(child.Figures);
        }
        return (AssistanceTally.FromStored(area), children);
    }

    /// <summary>
    /// The marks of the counties under the area, and the marks of the areas above it (a mark of the nation, a province or a
    /// city, by its prefix, stands for every county under it).
    /// </summary>
    internal static IQueryable<StaleKeptCounty> Marks(JingzhunDbContext db, RegionCode area)
    {
        var prefix = area.Prefix;
        var above = AreaStatistics.Above(area).Select(a => a.Prefix).ToList();
        if (prefix.Length < 6) return db.StaleKeptCounties.Where(s => s.CountyCode.StartsWith(prefix) || above.Contains(s.CountyCode));
        var county = prefix[..6];
        return db.StaleKeptCounties.Where(s => s.CountyCode == county || above.Contains(s.CountyCode));
    }

    /// <summary>The date the kept rows stand for, if any are kept.</summary>
    public static Task<DateOnly?> KeptOnAsync(JingzhunDbContext db, CancellationToken ct) =>
        db.AssistanceTallies.AsNoTracking().Where(a => a.Level == RegionLevel.Nation).Select(a => (DateOnly?)a.On).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Counts the figures of some counties (6-digit codes) as of <paramref name="now"/>'s date and sums every area above them
    /// again; the whole registry when <paramref name="counties"/> is null, when the kept rows stand for another day, or when
    /// many counties changed. Clears the marks the count covers. Returns the number of rows written.
    /// </summary>
    public static async Task<int> RefreshAsync(JingzhunDbContext db, IReadOnlyCollection<string>? counties, DateTime now, CancellationToken ct = default)
    {
        // Areas above a county add up every county, so only an unscoped (system) context may write them.
        if (db.Scope.RegionPrefix != "" || db.Scope.ReadsAssignedOnly)
            throw new InvalidOperationException("assistance figures are kept by system work over the whole registry");
        var date = AssistanceDate.Live(now);
        // A mark above a county (a national rule, a province's own project) stands for every county under it.
        var whole = counties is null || counties.Count > CountiesBeforeWhole || counties.Any(c => c.Length != 6) || await KeptOnAsync(db, ct) != date.On;
        var list = whole ? [] : counties!.Where(c => c.Length == 6).Distinct().Order(StringComparer.Ordinal).ToList();
        // Read before counting: the marks cleared at the end are these, as they were (see StaleCounties.SeenAsync).
        var marks = await StaleCounties.SeenAsync(db, whole ? null : list, kept: true, ct);

        // Counted first, outside the transaction: the writes that follow hold the database's write lock for a moment only.
        var rows = new Dictionary<string, AssistanceTally>(StringComparer.Ordinal);
        if (whole) await CountVillagesAsync(db, "", date, rows, ct);
        else
            foreach (var county in list)
                await CountVillagesAsync(db, county, date, rows, ct);

        // The income trend of the same areas, under the same marks.
        var trends = new List<AreaIncomeTrend>();
        if (whole) trends.AddRange(await StoredIncomeTrend.CountAsync(db, "", rows.Keys, now, ct));
        else
            foreach (var county in list)
                trends.AddRange(await StoredIncomeTrend.CountAsync(db, county, rows.Keys.Where(k => k.StartsWith(county, StringComparison.Ordinal)).ToList(), now, ct));

        // The funds figures of the same areas; those above the counties are added up from them unless a row is recorded there.
        var fundsWhole = whole || await StoredFunds.AnyAboveCountiesAsync(db, ct);
        var funds = new Dictionary<string, StoredFunds.Kept>(StringComparer.Ordinal);
        foreach (var prefix in fundsWhole ? [""] : list)
            foreach (var (area, kept) in await StoredFunds.CountAsync(db, prefix, date.On, ct))
                funds[area] = kept;

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db.Provider == DatabaseProvider.Postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({RefreshLock})", ct);
        if (whole)
        {
            await db.AssistanceTallies.ExecuteDeleteAsync(ct);
            await db.IncomeTrends.ExecuteDeleteAsync(ct);
        }
        else
            foreach (var county in list)
            {
                await db.AssistanceTallies.Where(a => a.Level >= RegionLevel.County && a.RegionCode.StartsWith(county)).ExecuteDeleteAsync(ct);
                await db.IncomeTrends.Where(a => a.Level >= RegionLevel.County && a.RegionCode.StartsWith(county)).ExecuteDeleteAsync(ct);
            }
        await db.AssistanceTallies.Where(a => a.Level < RegionLevel.County).ExecuteDeleteAsync(ct);
        await db.IncomeTrends.Where(a => a.Level < RegionLevel.County).ExecuteDeleteAsync(ct);
        var countyTrends = trends.Where(t => t.Level == RegionLevel.County).ToList();
        if (!whole)
        {
            var counted = countyTrends.Select(t => t.RegionCode).ToHashSet();
            countyTrends.AddRange((await db.IncomeTrends.AsNoTracking().Where(t => t.Level == RegionLevel.County).ToListAsync(ct))
                .Where(t => !counted.Contains(t.RegionCode)));
        }
        trends.AddRange(await StoredIncomeTrend.AboveCountiesAsync(db, countyTrends, now, ct));
        db.IncomeTrends.AddRange(trends);
        await WriteFundsAsync(db, funds, fundsWhole ? null : list, date.On, now, ct);

        // The counties' rows (those just counted and those kept) add up to every area above them.
        var countyRows = rows.Where(r => r.Key.Length == 12 && RegionCode.Parse(r.Key).Level == RegionLevel.County).ToDictionary();
        if (!whole)
            foreach (var kept in await db.AssistanceTallies.AsNoTracking().Where(a => a.On == date.On && a.Level == RegionLevel.County)
                         .Select(a => new { a.RegionCode, a.Figures }).ToListAsync(ct))
                countyRows.TryAdd(kept.RegionCode, AssistanceTally.FromStored(kept.Figures));
        var above = new Dictionary<string, AssistanceTally>(StringComparer.Ordinal) { [RegionCode.Nation.Value] = new AssistanceTally() };
        foreach (var (county, tally) in countyRows)
            foreach (var code in AreaStatistics.Above(RegionCode.Parse(county)).Select(a => a.Value))
            {
                if (!above.TryGetValue(code, out var sum)) above[code] = sum = new AssistanceTally();
                sum.Add(tally);
            }

        var written = rows.Concat(above).Select(r => new AreaAssistance
        {
            RegionCode = r.Key, Level = RegionCode.Parse(r.Key).Level, On = date.On, RefreshedAt = now, Figures = r.Value.ToStored(),
        }).ToList();
        db.AssistanceTallies.AddRange(written);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await StaleCounties.ClearAsync(db, marks, kept: true, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return written.Count + trends.Count + funds.Count;
    }

    /// <summary>Replaces the kept funds rows: every one, or those of the counties counted and of every area above the counties.</summary>
    private static async Task WriteFundsAsync(JingzhunDbContext db, Dictionary<string, StoredFunds.Kept> funds, List<string>? counties, DateOnly on, DateTime now,
        CancellationToken ct)
    {
        if (counties is null) await db.FundTallies.ExecuteDeleteAsync(ct);
        else
        {
            foreach (var county in counties)
                await db.FundTallies.Where(a => a.Level >= RegionLevel.County && a.RegionCode.StartsWith(county)).ExecuteDeleteAsync(ct);
            await db.FundTallies.Where(a => a.Level < RegionLevel.County).ExecuteDeleteAsync(ct);
            var countyRows = funds.Where(f => RegionCode.Parse(f.Key).Level == RegionLevel.County).ToDictionary(StringComparer.Ordinal);
            foreach (var kept in await db.FundTallies.AsNoTracking().Where(a => a.On == on && a.Level == RegionLevel.County)
                         .Select(a => new { a.RegionCode, a.Figures }).ToListAsync(ct))
                countyRows.TryAdd(kept.RegionCode, StoredFunds.FromStored(kept.Figures));
            foreach (var (area, kept) in await StoredFunds.AboveCountiesAsync(db, countyRows, on, ct))
                funds[area] = kept;
        }
        db.FundTallies.AddRange(funds.Select(f => StoredFunds.Row(f.Key, f.Value, on, now)));
    }

    /// <summary>
    /// The tallies of the villages under the prefix (every village of the tree and every one with households or figures, empty
    /// ones included, so that a kept row stands for each) and of their townships and counties.
    /// </summary>
    private static async Task CountVillagesAsync(JingzhunDbContext db, string prefix, AssistanceDate date, Dictionary<string, AssistanceTally> rows,
        CancellationToken ct)
    {
        var villages = await AssistanceFigures.VillagesAsync(db, prefix, date, ct);
        var households = prefix.Length == 6 ? db.Households.Where(h => h.CountyCode == prefix) : db.Households.Where(h => h.VillageCode.StartsWith(prefix));
        var tree = db.Regions.AsNoTracking().ValidOn(date.On).Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith(prefix)).Select(r => r.Code);
        foreach (var village in (await households.Select(h => h.VillageCode).Distinct().ToListAsync(ct)).Concat(await tree.ToListAsync(ct)))
            villages.TryAdd(village, new AssistanceTally());
        foreach (var (village, tally) in villages)
        {
            if (!RegionCode.TryParse(village, out _, out _)) continue;
            rows[village] = tally;
            foreach (var level in new[] { RegionLevel.Township, RegionLevel.County })
            {
                var code = AssistanceFigures.AreaOf(village, level);
                if (!rows.TryGetValue(code, out var sum)) rows[code] = sum = new AssistanceTally();
                sum.Add(tally);
            }
        }
    }
}
