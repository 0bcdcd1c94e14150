using System.Globalization;
using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Statistics;

/// <summary>
/// The registered households' income trend kept per area (<see cref="AreaIncomeTrend"/>), counted with the assistance figures
/// (<see cref="StoredAssistance"/>) and read under the same marks: the dashboard's trend was one aggregate over every income
/// row of the area (190–640 ms at 20,000 households on SQLite). The bands depend on the lines in force at the area viewed, so
/// an area keeps figures only when all its villages fall under its own lines (almost always: one rule set for the country);
/// otherwise, when the rules have changed since, or while a county under it is marked, the trend is counted from the rows.
/// </summary>
internal static class StoredIncomeTrend
{
    private static readonly JsonSerializerOptions Json = new();

    /// <summary>The kept trend of the area up to <paramref name="toYear"/>, or null when it must be counted from the rows.</summary>
    public static async Task<IncomeTrend?> ReadAsync(JingzhunDbContext db, RegionCode code, int toYear, CancellationToken ct)
    {
        var value = code.Value;
        var row = await db.IncomeTrends.AsNoTracking().Where(t => t.Level == code.Level && t.RegionCode == value)
            .Select(t => new { t.Limits, t.Figures }).FirstOrDefaultAsync(ct);
        if (row?.Figures is null || await StoredAssistance.Marks(db, code).AnyAsync(ct)) return null;
        var years = JsonSerializer.Deserialize<List<IncomeStatistics.YearTotals>>(row.Figures, Json)!;
        if (years.Count == 0) return new IncomeTrend(value, []);
        var rules = await RuleBook.YearsForAsync(db, value, years[0].Year, years[^1].Year, ct);
        // Counted under other lines than those in force now (a rule set published since): counted again from the rows.
        if (LimitsOf(years.Select(y => y.Year), rules) != row.Limits) return null;
        return IncomeStatistics.Project(value, years.Where(y => y.Year <= toYear), rules);
    }

    /// <summary>Each year's poverty and monitoring lines, as the bands use them (the years of the area's own figures).</summary>
    private static string LimitsOf(IEnumerable<int> years, Func<int, RuleSet> rules) =>
        string.Join(";", years.Select(y => string.Create(CultureInfo.InvariantCulture, $"{y}:{rules(y).PovertyLine}:{rules(y).MonitoringLine}")));

    /// <summary>
    /// The trend rows of the areas given (villages, townships and counties under the prefix, as the assistance figures keep them),
    /// and, for the whole registry, of every area above the counties. Reads only.
    /// </summary>
    public static async Task<List<AreaIncomeTrend>> CountAsync(JingzhunDbContext db, string prefix, IReadOnlyCollection<string> areas, DateTime now,
        CancellationToken ct)
    {
        var pattern = prefix + "%";
        var years = (await db.Database.SqlQueryRaw<int>(
                """SELECT DISTINCT i."Year" AS "Value" FROM "Incomes" i JOIN "Households" h ON h."Id" = i."HouseholdId" WHERE h."VillageCode" LIKE {0}""",
                pattern).ToListAsync(ct)).Order().ToList();
        var rows = new List<AreaIncomeTrend>();
        if (years.Count == 0)
        {
            rows.AddRange(areas.Select(a => Row(a, "", [], now)));
            return rows;
        }
        var published = await RuleBook.PublishedAsync(db, years[0], years[^1], ct);
        var limitsCache = new Dictionary<string, string>(StringComparer.Ordinal);
        string Limits(string area) => limitsCache.TryGetValue(area, out var l) ? l
            : limitsCache[area] = LimitsOf(years, RuleBook.YearsFor(published, area, years[0], years[^1]));

        // Villages by year, counted once under each county's lines (almost always everyone's); a county whose areas fall under
        // other lines than its own keeps none.
        var uniform = areas.GroupBy(a => a[..6])
            .Select(g => (County: g.Key.PadRight(12, '0'), Areas: g))
            .Where(g => g.Areas.Contains(g.County) && g.Areas.Concat(AreaStatistics.Above(RegionCode.Parse(g.County)).Select(a => a.Value)).All(a => Limits(a) == Limits(g.County)))
            .Select(g => g.County).ToHashSet(StringComparer.Ordinal);
        var sums = new Dictionary<string, SortedDictionary<int, IncomeStatistics.YearTotals>>(StringComparer.Ordinal);
        foreach (var group in uniform.GroupBy(Limits))
        {
            var rules = RuleBook.YearsFor(published, group.First(), years[0], years[^1]);
            var counted = group.Select(c => c[..6]).ToHashSet(StringComparer.Ordinal);
            foreach (var v in await db.Database.SqlQueryRaw<IncomeStatistics.VillageYearTotals>(IncomeStatistics.TrendSql(years, rules, byVillage: true), pattern, years[^1])
                         .ToListAsync(ct))
            {
                if (v.VillageCode.Length != 12 || !counted.Contains(v.VillageCode[..6])) continue;
                // The village's year adds to the village, its township and its county.
                foreach (var level in new[] { RegionLevel.Village, RegionLevel.Township, RegionLevel.County })
                {
                    var area = AssistanceFigures.AreaOf(v.VillageCode, level);
                    var years0 = sums.TryGetValue(area, out var found) ? found : sums[area] = [];
                    (years0.TryGetValue(v.Year, out var sum) ? sum : years0[v.Year] = new IncomeStatistics.YearTotals { Year = v.Year }).Add(v);
                }
            }
        }
        foreach (var area in areas)
        {
            if (!uniform.Contains(AssistanceFigures.AreaOf(area, RegionLevel.County)))
            {
                rows.Add(Row(area, "", null, now));
                continue;
            }
            var own = sums.TryGetValue(area, out var found) ? found : [];
            rows.Add(Row(area, LimitsOf(own.Keys, RuleBook.YearsFor(published, area, years[0], years[^1])), [.. own.Values], now));
        }
        return rows;
    }

    /// <summary>
    /// The rows of every area above the counties, from the counties' rows: an area keeps figures when every county under it
    /// keeps figures under the area's own lines.
    /// </summary>
    public static async Task<List<AreaIncomeTrend>> AboveCountiesAsync(JingzhunDbContext db, IEnumerable<AreaIncomeTrend> countyRows, DateTime now,
        CancellationToken ct)
    {
        // Each county's figures read once, for every area above it.
        var counties = countyRows.Select(c => (Row: c, Totals: Totals(c))).ToList();
        var years = counties.SelectMany(c => c.Totals).Select(t => t.Year).Distinct().Order().ToList();
        var published = years.Count > 0 ? await RuleBook.PublishedAsync(db, years[0], years[^1], ct) : [];
        var rows = new List<AreaIncomeTrend>();
        foreach (var area in counties.SelectMany(c => AreaStatistics.Above(RegionCode.Parse(c.Row.RegionCode)).Select(a => a.Value)).Distinct())
        {
            var prefix = RegionCode.Parse(area).Prefix;
            var under = counties.Where(c => c.Row.RegionCode.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var rules = years.Count > 0 ? RuleBook.YearsFor(published, area, years[0], years[^1]) : null;
            // Each county's figures must have been counted under the area's lines of the county's own years.
            if (under.Any(c => c.Row.Figures is null || (rules is not null && c.Row.Limits != LimitsOf(c.Totals.Select(t => t.Year), rules))))
            {
                rows.Add(Row(area, "", null, now));
                continue;
            }
            var sums = new SortedDictionary<int, IncomeStatistics.YearTotals>();
            foreach (var y in under.SelectMany(c => c.Totals))
                (sums.TryGetValue(y.Year, out var sum) ? sum : sums[y.Year] = new IncomeStatistics.YearTotals { Year = y.Year }).Add(y);
            rows.Add(Row(area, rules is null ? "" : LimitsOf(sums.Keys, rules), [.. sums.Values], now));
        }
        return rows;
    }

    private static List<IncomeStatistics.YearTotals> Totals(AreaIncomeTrend row) =>
        row.Figures is null ? [] : JsonSerializer.Deserialize<List<IncomeStatistics.YearTotals>>(row.Figures, Json)!;

    private static AreaIncomeTrend Row(string area, string limits, List<IncomeStatistics.YearTotals>? years, DateTime now) => new()
    {
        RegionCode = area, Level = RegionCode.Parse(area).Level, Limits = limits, RefreshedAt = now,
        Figures = years is null ? null : JsonSerializer.Serialize(years, Json),
    };
}
