using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.PoorAreas;

/// <summary>One group of a report: the places in it and their registered figures of the year.</summary>
public sealed record DesignationGroup(Bilingual Name, int Places, int PoorHouseholds, int PoorPeople, int ExitedInYearPeople, int RuralPopulation)
{
    public double? IncidencePercent => RuralPopulation > 0 ? Math.Round(100.0 * PoorPeople / RuralPopulation, 2) : null;
}

/// <summary>A grouping (villages by 贫困村 / 非贫困村, counties by 贫困县 / 非贫困县…) with its groups.</summary>
public sealed record DesignationGrouping(Bilingual Name, IReadOnlyList<DesignationGroup> Groups);

/// <summary>
/// The statistics of an area grouped by what its places were designated as in the year of the report (issue 21): a
/// village is in 贫困村 for a year if a poor-village designation held that year, so a designation recorded or ended with
/// its years changes the grouping of a past year's report. The figures are the aggregates of the year (the frozen
/// year-end, or the live registry).
/// </summary>
public static class DesignationReport
{
    /// <param name="aggregateYear">The aggregates' year: <see cref="AreaAggregate.LiveYear"/> or a frozen year-end.</param>
    /// <param name="calendarYear">The year whose designations group the places.</param>
    public static async Task<List<DesignationGrouping>> ForAsync(JingzhunDbContext db, string areaCode, int aggregateYear, int calendarYear,
        CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(areaCode, out var area, out _) || !db.Scope.CanRead) return [];
        var prefix = area.Prefix;
        // Villages are added up in the database, never read as rows (a nation's every village row, read as entities, was
        // most of its dashboard's time): all of the area's, then those of each designation, found first by their codes. A
        // village's designation was an EXISTS per village row, for which PostgreSQL's generic plan probed the designations
        // once per village (40 ms for a nation's 15,000 villages against 8 ms with the plan made for the values, issue 19).
        var villageRows = db.Aggregates.AsNoTracking()
            .Where(a => a.Year == aggregateYear && a.Level == RegionLevel.Village && a.RegionCode.StartsWith(prefix));
        var all = await TotalAsync(villageRows, ct);
        var designated = await db.Designations.AsNoTracking()
            .Where(d => (d.Kind == DesignationKind.PoorVillage || d.Kind == DesignationKind.DeepPovertyVillage) && d.RegionCode.StartsWith(prefix)
                && d.FromYear <= calendarYear && (d.ToYear == null || d.ToYear >= calendarYear))
            .Select(d => new { d.RegionCode, d.Kind }).Distinct().ToListAsync(ct);
        async Task<DesignationGrouping> VillagesAsync(Bilingual name, DesignationKind kind, Bilingual yes, Bilingual no)
        {
            var codes = designated.Where(d => d.Kind == kind).Select(d => d.RegionCode).ToList();
            var inGroup = codes.Count == 0 ? Total.None : await TotalAsync(villageRows.Where(a => codes.Contains(a.RegionCode)), ct);
            return new(name, [inGroup.Named(yes), all.Minus(inGroup).Named(no)]);
        }
        var groupings = new List<DesignationGrouping>
        {
            await VillagesAsync(new("贫困村与非贫困村", "Poor and other villages"), DesignationKind.PoorVillage, new("贫困村", "Poor villages"), new("非贫困村", "Other villages")),
            await VillagesAsync(new("深度贫困村", "Deep-poverty villages"), DesignationKind.DeepPovertyVillage,
                new("深度贫困村", "Deep-poverty villages"), new("其他村", "Other villages")),
        };
        // Counties and their designations only where the area holds counties.
        if (area.Level <= RegionLevel.County)
        {
            var counties = await db.Aggregates.AsNoTracking()
                .Where(a => a.Year == aggregateYear && a.Level == RegionLevel.County && a.RegionCode.StartsWith(prefix))
                .Select(a => new Place(a.RegionCode, a.PoorHouseholds + a.ReturnedHouseholds, a.PoorPeople + a.ReturnedPeople, a.ExitedInYearPeople, a.RuralPopulation))
                .ToListAsync(ct);
            // 三区三州 may be designated on a province or prefecture: a county inside it is in the group.
            var held = await AreaDesignations.HeldInAsync(db, prefix.Length >= 2 ? prefix[..2] : prefix, calendarYear, ct);
            bool Holds(string code, Func<DesignationKind, bool> kind) => held.TryGetValue(code, out var kinds) && kinds.Any(kind);
            var threeRegions = held.Where(h => h.Value.Contains(DesignationKind.ThreeRegionsThreePrefectures)).Select(h => RegionCode.Parse(h.Key).Prefix).ToList();
            bool InThreeRegions(string code) => threeRegions.Any(p => code.StartsWith(p, StringComparison.Ordinal));
            groupings.Add(Split(new("贫困县与非贫困县", "Poor and other counties"), counties, c => Holds(c.RegionCode, DesignationRules.IsPoorCounty),
                new("贫困县", "Poor counties"), new("非贫困县", "Other counties")));
            groupings.Add(Split(new("深度贫困地区", "Deep-poverty areas"), counties,
                c => Holds(c.RegionCode, k => k == DesignationKind.DeepPovertyCounty) || InThreeRegions(c.RegionCode),
                new("深度贫困县（含三区三州）", "Deep-poverty counties (with the three regions and three prefectures)"), new("其他县", "Other counties")));
            if (calendarYear > 2020)
                groupings.Add(Split(new("国家乡村振兴重点帮扶县", "Key counties for rural revitalisation"), counties,
                    c => Holds(c.RegionCode, k => k == DesignationKind.RevitalisationKeyCounty),
                    new("重点帮扶县", "Key counties"), new("其他县", "Other counties")));
        }
        return groupings;
    }

    /// <summary>Figures of the year: current poor (poor and returned) households and people, exits, rural population.</summary>
    private interface IFigures
    {
        int Places { get; }
        int CurrentPoorHouseholds { get; }
        int CurrentPoorPeople { get; }
        int ExitedInYearPeople { get; }
        int RuralPopulation { get; }
    }

    /// <summary>A county's figures.</summary>
    private sealed record Place(string RegionCode, int CurrentPoorHouseholds, int CurrentPoorPeople, int ExitedInYearPeople, int RuralPopulation) : IFigures
    {
        public int Places => 1;
    }

    /// <summary>Places added up: the villages of an area, or those of a designation among them.</summary>
    private sealed record Total(int Places, int CurrentPoorHouseholds, int CurrentPoorPeople, int ExitedInYearPeople, int RuralPopulation) : IFigures
    {
        public static readonly Total None = new(0, 0, 0, 0, 0);

        public Total Minus(Total part) => new(Places - part.Places, CurrentPoorHouseholds - part.CurrentPoorHouseholds, CurrentPoorPeople - part.CurrentPoorPeople,
            ExitedInYearPeople - part.ExitedInYearPeople, RuralPopulation - part.RuralPopulation);

        public DesignationGroup Named(Bilingual name) =>
            new(name, Places, CurrentPoorHouseholds, CurrentPoorPeople, ExitedInYearPeople, RuralPopulation);
    }

    /// <summary>Aggregate rows of one year added up in one statement (grouped by their year, which they share).</summary>
    private static async Task<Total> TotalAsync(IQueryable<AreaAggregate> rows, CancellationToken ct) =>
        await rows.GroupBy(a => a.Year)
            .Select(g => new Total(g.Count(), g.Sum(a => a.PoorHouseholds + a.ReturnedHouseholds), g.Sum(a => a.PoorPeople + a.ReturnedPeople),
                g.Sum(a => a.ExitedInYearPeople), g.Sum(a => a.RuralPopulation)))
            .SingleOrDefaultAsync(ct) ?? Total.None;

    private static DesignationGrouping Split<T>(Bilingual name, List<T> places, Func<T, bool> inGroup, Bilingual yes, Bilingual no) where T : IFigures =>
        new(name, [Group(yes, places.Where(inGroup)), Group(no, places.Where(p => !inGroup(p)))]);

    private static DesignationGroup Group<T>(Bilingual name, IEnumerable<T> places) where T : IFigures
    {
        var list = places.ToList();
        return new DesignationGroup(name, list.Sum(p => p.Places), list.Sum(p => p.CurrentPoorHouseholds), list.Sum(p => p.CurrentPoorPeople),
            list.Sum(p => p.ExitedInYearPeople), list.Sum(p => p.RuralPopulation));
    }
}
