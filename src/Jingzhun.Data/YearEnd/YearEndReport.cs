using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.YearEnd;

/// <summary>Counts of one area at one year-end: households and people by status, exits and returns in the year. No personal data.</summary>
public sealed class AreaCounts(string code, string name, RegionLevel level)
{
    public string Code { get; } = code;
    public string Name { get; set; } = name;
    public RegionLevel Level { get; } = level;
    public int Households { get; private set; }
    public int People { get; private set; }
    public Dictionary<HouseholdStatus, int> HouseholdsByStatus { get; } = [];
    public Dictionary<HouseholdStatus, int> PeopleByStatus { get; } = [];
    public int ExitedHouseholds { get; private set; }
    public int ExitedPeople { get; private set; }
    public int ReturnedHouseholds { get; private set; }
    public int ReturnedPeople { get; private set; }

    /// <summary>Registered poor at the year-end (贫困户 and 返贫), the figure that goes down as households exit.</summary>
    public int PoorHouseholds => HouseholdsByStatus.GetValueOrDefault(HouseholdStatus.Poor) + HouseholdsByStatus.GetValueOrDefault(HouseholdStatus.Returned);
    public int PoorPeople => PeopleByStatus.GetValueOrDefault(HouseholdStatus.Poor) + PeopleByStatus.GetValueOrDefault(HouseholdStatus.Returned);

    internal void Add(YearEndReport.Group g)
    {
        Households += g.Households;
        People += g.People;
        HouseholdsByStatus[g.Status] = HouseholdsByStatus.GetValueOrDefault(g.Status) + g.Households;
        PeopleByStatus[g.Status] = PeopleByStatus.GetValueOrDefault(g.Status) + g.People;
        ExitedHouseholds += g.ExitedHouseholds;
        ExitedPeople += g.ExitedPeople;
        ReturnedHouseholds += g.ReturnedHouseholds;
        ReturnedPeople += g.ReturnedPeople;
    }
}

/// <summary>A year's report: one row per county, township and village with frozen households, parents first.</summary>
public sealed record YearEndCounts(int Year, string Region, IReadOnlyList<AreaCounts> Areas)
{
    public AreaCounts? Area(string code) => Areas.FirstOrDefault(a => a.Code == code);

    public bool IsFrozen => Areas.Count > 0;
}

/// <summary>Reports of frozen years. They read only snapshot rows, never the live registry, so a past year never changes.</summary>
public static class YearEndReport
{
    internal sealed record Group(string VillageCode, HouseholdStatus Status, int Households, int People,
        int ExitedHouseholds, int ExitedPeople, int ReturnedHouseholds, int ReturnedPeople);

    /// <summary>The frozen years in the actor's scope, newest first.</summary>
    public static Task<List<int>> FrozenYearsAsync(JingzhunDbContext db, CancellationToken ct = default) =>
        db.Snapshots.Select(s => s.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);

    /// <summary>Counts of a frozen year for the areas under <paramref name="regionPrefix"/> (empty: all of the actor's scope).</summary>
    public static async Task<YearEndCounts> CountsAsync(JingzhunDbContext db, int year, string regionPrefix = "", CancellationToken ct = default)
    {
        // Never wider than the reader's scope: a village clerk's report starts at its village, not at a county of one village.
        if (regionPrefix.Length < db.Scope.RegionPrefix.Length) regionPrefix = db.Scope.RegionPrefix;
        var groups = await db.Snapshots.AsNoTracking().Where(s => s.Year == year && s.VillageCode.StartsWith(regionPrefix))
            .GroupBy(s => new { s.VillageCode, s.Status })
            .Select(g => new Group(g.Key.VillageCode, g.Key.Status, g.Count(), g.Sum(s => s.People),
                g.Count(s => s.ExitedInYear), g.Sum(s => s.ExitedInYear ? s.People : 0),
                g.Count(s => s.ReturnedInYear), g.Sum(s => s.ReturnedInYear ? s.People : 0)))
            .ToListAsync(ct);
        var areas = new Dictionary<string, AreaCounts>();
        foreach (var g in groups)
            foreach (var level in new[] { RegionLevel.County, RegionLevel.Township, RegionLevel.Village })
            {
                var prefix = g.VillageCode[..RegionCode.PrefixLength(level)];
                if (prefix.Length < regionPrefix.Length) continue; // areas above the one asked for are not this report's
                var code = prefix.PadRight(12, '0');
                if (!areas.TryGetValue(code, out var area)) areas[code] = area = new AreaCounts(code, code, level);
                area.Add(g);
            }
        var codes = areas.Keys.ToList();
        // The year's own tree: a village merged away after the year-end keeps its name in that year's report.
        var names = await Regions.RegionsAsOf.NamesAsync(db, codes, Regions.RegionsAsOf.YearEnd(year), ct);
        foreach (var (code, name) in names) areas[code].Name = name;
        return new YearEndCounts(year, regionPrefix, areas.Values.OrderBy(a => a.Code).ToList());
    }
}
