using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.PoorAreas;

/// <summary>What a place was designated as (002-A L507–510; 003 L242 for the key counties after 2020). The numbers are stored.</summary>
public enum DesignationKind
{
    [Label("贫困村", "Poor village")] PoorVillage = 1,
    [Label("国家扶贫开发工作重点县", "National key county for poverty alleviation")] NationalKeyCounty = 2,
    [Label("省级扶贫开发工作重点县", "Provincial key county for poverty alleviation")] ProvincialKeyCounty = 3,
    [Label("集中连片特困地区县", "County of a contiguous destitute area")] ContiguousAreaCounty = 4,
    [Label("深度贫困县", "Deep-poverty county")] DeepPovertyCounty = 5,
    [Label("深度贫困村", "Deep-poverty village")] DeepPovertyVillage = 6,
    [Label("三区三州", "Three regions and three prefectures")] ThreeRegionsThreePrefectures = 7,
    [Label("国家乡村振兴重点帮扶县", "National key county for rural revitalisation")] RevitalisationKeyCounty = 8,
}

/// <summary>
/// A designation of a region for a span of years: a village listed as a poor village from 2014 and exited in 2018, a county
/// listed as a national key county from 2012 to 2020. Ended softly with a reason, never deleted; the region's flags
/// (<see cref="Region.IsPoorVillage"/>, <see cref="Region.IsPoorCounty"/>, <see cref="Region.IsDeepPoverty"/>) are kept in
/// step as the present state, and a past year is read from here.
/// </summary>
public sealed class RegionDesignation
{
    public long Id { get; set; }
    /// <summary>The designated region (12 digits): the unit of scope.</summary>
    public required string RegionCode { get; set; }
    public DesignationKind Kind { get; set; }
    public int FromYear { get; set; }
    /// <summary>The last year it held (the exit year of a poor village: it counts as a poor village in the year it exits); null while it holds.</summary>
    public int? ToYear { get; set; }
    /// <summary>Where it came from: the document, the import, the identification case.</summary>
    public string Source { get; set; } = "";
    /// <summary>The case and rule decision it came from, when a workflow made it (poor-village identification).</summary>
    public long? CaseId { get; set; }
    public long? DecisionId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public string EndedBy { get; set; } = "";
    public DateTime? EndedAt { get; set; }
    public string EndedReason { get; set; } = "";
    public int Version { get; set; }

    /// <summary>Whether it held in <paramref name="year"/>.</summary>
    public bool HeldIn(int year) => FromYear <= year && (ToYear is null || year <= ToYear);
}

/// <summary>Which kinds fit which level, and how kinds group in the reports.</summary>
public static class DesignationRules
{
    /// <summary>The 832 poor counties were the key counties and the counties of the contiguous areas (002-A L507).</summary>
    public static bool IsPoorCounty(DesignationKind kind) =>
        kind is DesignationKind.NationalKeyCounty or DesignationKind.ProvincialKeyCounty or DesignationKind.ContiguousAreaCounty;

    /// <summary>深度贫困地区: deep-poverty counties and villages and the three regions and three prefectures.</summary>
    public static bool IsDeepPoverty(DesignationKind kind) =>
        kind is DesignationKind.DeepPovertyCounty or DesignationKind.DeepPovertyVillage or DesignationKind.ThreeRegionsThreePrefectures;

    public static bool FitsLevel(DesignationKind kind, RegionLevel level) => kind switch
    {
        DesignationKind.PoorVillage or DesignationKind.DeepPovertyVillage => level == RegionLevel.Village,
        // 三区三州: Tibet, the Tibetan areas of four provinces, southern Xinjiang (regions), and three prefectures.
        DesignationKind.ThreeRegionsThreePrefectures => level is RegionLevel.Province or RegionLevel.City or RegionLevel.County,
        _ => level == RegionLevel.County,
    };

    /// <summary>Key counties for rural revitalisation are a designation of the years after 2020 (003 L242).</summary>
    public static int? EarliestYear(DesignationKind kind) => kind == DesignationKind.RevitalisationKeyCounty ? 2021 : null;
}
