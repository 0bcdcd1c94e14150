using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;

namespace Jingzhun.Domain.SampleChecks;

/// <summary>The level that checks a list below it (抽检核查, 002-A L333): the township a village's, the county a township's.</summary>
public enum SampleCheckLevel
{
    [Label("乡镇抽检", "Township sample check")] Township = 1,
    [Label("县级抽检", "County sample check")] County = 2,
}

/// <summary>What the checking level found on one sampled case.</summary>
public enum SampleFinding
{
    [Label("待核查", "Not yet checked")] Pending = 1,
    [Label("核查属实", "Confirmed")] Confirmed = 2,
    [Label("发现问题", "Problem found")] Problem = 3,
}

/// <summary>
/// A sample check of an identification list: the township draws a share of a village's cases waiting at 乡镇审核, the
/// county a share of a township's cases waiting at 县级审定, from a stored seed, so the same seed and the same population
/// always give the same sample. While it is open, no case of the list passes that level (Data SampleCheckGate).
/// </summary>
public sealed class SampleCheck
{
    public long Id { get; set; }
    public SampleCheckLevel Level { get; set; }
    /// <summary>The area whose list is checked: a village (township check) or a township (county check).</summary>
    public string RegionCode { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public int Year { get; set; }
    /// <summary>The village list it checks, when it checks one list rather than all the area's cases of the year.</summary>
    public long? BatchId { get; set; }
    public long Seed { get; set; }
    /// <summary>The share drawn (the rule set's TownshipSampleShare or CountySampleShare when opened).</summary>
    public decimal Share { get; set; }
    /// <summary>How many cases the list held when the sample was drawn.</summary>
    public int Population { get; set; }
    public DateTime OpenedAt { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    /// <summary>The level's conclusion when it closes the check.</summary>
    public string Conclusion { get; set; } = "";
    public int Version { get; set; }
    public List<SampleCheckItem> Items { get; set; } = [];

    public bool IsOpen => ClosedAt is null;
}

/// <summary>One sampled case and its finding.</summary>
public sealed class SampleCheckItem
{
    public long Id { get; set; }
    public long SampleCheckId { get; set; }
    public SampleCheck? SampleCheck { get; set; }
    public long CaseId { get; set; }
    public WorkflowCase? Case { get; set; }
    /// <summary>The case's village.</summary>
    public string RegionCode { get; set; } = "";
    public SampleFinding Finding { get; set; } = SampleFinding.Pending;
    public string Note { get; set; } = "";
    public string? RecordedBy { get; set; }
    public DateTime? RecordedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>The draw, without I/O: a seeded partial Fisher–Yates shuffle over the population sorted by key.</summary>
public static class ListSample
{
    /// <summary>How many of <paramref name="population"/> a share takes: rounded up, at least one of a non-empty list.</summary>
    public static int Size(int population, decimal share) =>
        population == 0 ? 0 : Math.Clamp((int)Math.Ceiling(population * share), 1, population);

    /// <summary>
    /// The sample of <paramref name="keys"/> (household numbers, which are the same on either engine): sorted by ordinal
    /// comparison first, so the order the database returned them in does not matter; the result is in draw order.
    /// </summary>
    public static IReadOnlyList<string> Draw(IEnumerable<string> keys, decimal share, long seed)
    {
        var pool = keys.Distinct().OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var size = Size(pool.Length, share);
        var random = new SplitMix64(unchecked((ulong)seed));
        for (var i = 0; i < size; i++)
        {
            var j = i + random.Next(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..size];
    }
}

/// <summary>Who draws, records and closes a sample check of each level (system work may act for any).</summary>
public static class SampleCheckRoles
{
    public static Access.Role For(SampleCheckLevel level) => level == SampleCheckLevel.Township ? Access.Role.TownshipOfficer : Access.Role.CountyOfficer;

    /// <summary>The stage whose cases a check of this level samples and holds: 乡镇审核 or 县级审定.</summary>
    public static Stage StageOf(SampleCheckLevel level) => level == SampleCheckLevel.Township ? Stage.TownshipReview : Stage.CountyApproval;

    /// <summary>The area level whose list a check of this level samples: a village's (township check) or a township's (county check).</summary>
    public static Regions.RegionLevel AreaOf(SampleCheckLevel level) => level == SampleCheckLevel.Township ? Regions.RegionLevel.Village : Regions.RegionLevel.Township;
}
