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
        var rows = await db.Aggregates.AsNoTracking()
            .Where(a => a.Year == aggregateYear && a.RegionCode.StartsWith(prefix) && (a.Level == RegionLevel.Village || a.Level == RegionLevel.County))
            .ToListAsync(ct);
        // 三区三州 may be designated on a province or prefecture: a county inside it is in the group.
        var held = await AreaDesignations.HeldInAsync(db, prefix.Length >= 2 ? prefix[..2] : prefix, calendarYear, ct);
        bool Holds(string code, Func<DesignationKind, bool> kind) => held.TryGetValue(code, out var kinds) && kinds.Any(kind);
        bool InArea(string code, DesignationKind kind) => held.Any(h => h.Value.Contains(kind) && code.StartsWith(RegionCode.Parse(h.Key).Prefix, StringComparison.Ordinal));

        var villages = rows.Where(r => r.Level == RegionLevel.Village).ToList();
        var groupings = new List<DesignationGrouping>
        {
            Split(new("贫困村与非贫困村", "Poor and other villages"), villages, v => Holds(v.RegionCode, k => k == DesignationKind.PoorVillage),
                new("贫困村", "Poor villages"), new("非贫困村", "Other villages")),
            Split(new("深度贫困村", "Deep-poverty villages"), villages, v => Holds(v.RegionCode, k => k == DesignationKind.DeepPovertyVillage),
                new("深度贫困村", "Deep-poverty villages"), new("其他村", "Other villages")),
        };
        if (area.Level <= RegionLevel.County)
        {
            var counties = rows.Where(r => r.Level == RegionLevel.County).ToList();
            groupings.Add(Split(new("贫困县与非贫困县", "Poor and other counties"), counties, c => Holds(c.RegionCode, DesignationRules.IsPoorCounty),
                new("贫困县", "Poor counties"), new("非贫困县", "Other counties")));
            groupings.Add(Split(new("深度贫困地区", "Deep-poverty areas"), counties,
                c => Holds(c.RegionCode, k => k == DesignationKind.DeepPovertyCounty) || InArea(c.RegionCode, DesignationKind.ThreeRegionsThreePrefectures),
                new("深度贫困县（含三区三州）", "Deep-poverty counties (with the three regions and three prefectures)"), new("其他县", "Other counties")));
            if (calendarYear > 2020)
                groupings.Add(Split(new("国家乡村振兴重点帮扶县", "Key counties for rural revitalisation"), counties,
                    c => Holds(c.RegionCode, k => k == DesignationKind.RevitalisationKeyCounty),
                    new("重点帮扶县", "Key counties"), new("其他县", "Other counties")));
        }
        return groupings;
    }

    private static DesignationGrouping Split(Bilingual name, List<AreaAggregate> places, Func<AreaAggregate, bool> inGroup, Bilingual yes, Bilingual no) =>
        new(name, [Group(yes, places.Where(inGroup)), Group(no, places.Where(p => !inGroup(p)))]);

    private static DesignationGroup Group(Bilingual name, IEnumerable<AreaAggregate> places)
    {
        var list = places.ToList();
        return new DesignationGroup(name, list.Count, list.Sum(p => p.CurrentPoorHouseholds), list.Sum(p => p.CurrentPoorPeople),
            list.Sum(p => p.ExitedInYearPeople), list.Sum(p => p.RuralPopulation));
    }
}
