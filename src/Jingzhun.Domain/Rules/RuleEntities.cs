using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Rules;

/// <summary>A stored rule set: one version for a year and jurisdiction, a draft until it takes effect.</summary>
public sealed class RuleSetVersion
{
    public int Id { get; set; }
    public string Jurisdiction { get; set; } = "";
    public int Year { get; set; }
    public int Version { get; set; }
    public bool IsDraft { get; set; }
    /// <summary>The rule set as JSON (<see cref="RuleSet"/>).</summary>
    public string Content { get; set; } = "";
    public string Note { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A decision a rule made, with its trace as JSON (<see cref="Decision"/>), kept for ever.</summary>
public sealed class RuleDecision
{
    public long Id { get; set; }
    public string Rule { get; set; } = "";
    public long? HouseholdId { get; set; }
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public string RuleSet { get; set; } = "";
    public bool Passed { get; set; }
    public string Trace { get; set; } = "";
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
}

/// <summary>A household's state frozen as of 31 December: reports for a past year read these rows.</summary>
public sealed class YearEndSnapshot
{
    public long Id { get; set; }
    public int Year { get; set; }
    public long HouseholdId { get; set; }
    public required string VillageCode { get; set; }
    public string CountyCode { get; set; } = "";
    public HouseholdStatus Status { get; set; }
    public int People { get; set; }
    public long PerCapitaNetIncomeFen { get; set; }
    /// <summary>Exited during the year (脱贫), returned during the year (返贫).</summary>
    public bool ExitedInYear { get; set; }
    public bool ReturnedInYear { get; set; }
    public DateTime FrozenAt { get; set; }
}
