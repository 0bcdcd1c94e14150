using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Assistance;

/// <summary>
/// A cadre's visit to a household (遍访, 入户走访): when, where, who was there, what was found, with photos. A visit
/// that finds a risk raises a monitoring signal through the screening channel; the visit keeps its screening visit.
/// </summary>
public sealed class AssistanceVisit
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly VisitedOn { get; set; }
    /// <summary>地点: at home, in the fields, at the site…</summary>
    public string Place { get; set; } = "";
    /// <summary>The cadre who visited, when on the roster.</summary>
    public int? CadreId { get; set; }
    /// <summary>The account that recorded the visit.</summary>
    public string VisitedBy { get; set; } = "";
    /// <summary>Who of the household (and others) was there.</summary>
    public string Present { get; set; } = "";
    public string Findings { get; set; } = "";
    public bool RiskFound { get; set; }
    public RiskKind? RiskKind { get; set; }
    /// <summary>The screening visit of the monitoring register that a risk raised.</summary>
    public long? ScreeningVisitId { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>A photo taken on a visit: the picture as stored (re-encoded, at most 1600 px) and its thumbnail.</summary>
public sealed class VisitPhoto
{
    public long Id { get; set; }
    public long VisitId { get; set; }
    public AssistanceVisit? Visit { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public string ContentType { get; set; } = "image/jpeg";
    public byte[] Content { get; set; } = [];
    public byte[] Thumbnail { get; set; } = [];
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>SHA-256 of the stored picture, hex: the same photo posted twice is kept once per visit.</summary>
    public string Sha256 { get; set; } = "";
    public DateTime UploadedAt { get; set; }
}
