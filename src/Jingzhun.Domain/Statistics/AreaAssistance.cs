using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Statistics;

/// <summary>
/// One area's figures of one kind at one date, kept so that the dashboard reads the area's row and its children's, a few
/// rows at any level, instead of grouping the feature's tables on every view. Holds no personal data: the figures are sums,
/// in <see cref="Figures"/> (JSON), recomputed each day and when a county under the area changes.
/// </summary>
public abstract class KeptAreaFigures
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public RegionLevel Level { get; set; }
    /// <summary>The date the figures stand for (the live registry as of that day).</summary>
    public DateOnly On { get; set; }
    public DateTime RefreshedAt { get; set; }
    public required string Figures { get; set; }
}

/// <summary>
/// One area's live assistance figures (帮扶统计): measures by type and year, funds by source, the coverage, credit and
/// relocation counts. Villages, townships and counties are counted from the rows; every area above a county is its
/// counties added up.
/// </summary>
public sealed class AreaAssistance : KeptAreaFigures;

/// <summary>
/// A county whose kept figures (assistance, income trend, funds) no longer match its rows: marked by the same saves that
/// mark <see cref="StaleCounty"/>, and removed when its figures have been recounted. Until then the dashboard counts the
/// county's areas from the rows. A mark of an area above the counties names it by its prefix ("" for the nation) and
/// stands for every county under it. A mark, not a record.
/// </summary>
public sealed class StaleKeptCounty
{
    /// <summary>The 6-digit county code.</summary>
    public string CountyCode { get; set; } = "";

    /// <summary>The latest change; a recount that started before it leaves the mark in place.</summary>
    public DateTime MarkedAt { get; set; }
}

/// <summary>
/// One area's registered households' income year by year (the dashboard's income trend), kept like <see cref="AreaAssistance"/>:
/// the totals and bands of every year in <see cref="Figures"/> (JSON), counted under the band limits named in
/// <see cref="Limits"/> (each year's poverty and monitoring lines). An area whose villages fall under other limits than its own
/// keeps no figures (<see cref="Figures"/> null) and is counted from the rows.
/// </summary>
public sealed class AreaIncomeTrend
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public RegionLevel Level { get; set; }
    /// <summary>The limits the bands were counted under: each year's poverty and monitoring lines.</summary>
    public string Limits { get; set; } = "";
    public DateTime RefreshedAt { get; set; }
    public string? Figures { get; set; }
}
