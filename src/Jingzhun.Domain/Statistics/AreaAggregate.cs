using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Statistics;

/// <summary>
/// The counts of one area as of one date: the live registry (<see cref="LiveYear"/>) or a frozen
/// year-end. Reports read these rows instead of the registry, so a nation-wide figure costs one row;
/// they are refreshed in bulk from the registry and hold no personal data.
/// </summary>
public sealed class AreaAggregate
{
    /// <summary>The "year" of the live registry's figures.</summary>
    public const int LiveYear = 0;

    public long Id { get; set; }
    /// <summary>12-digit code of the area; the nation is 000000000000.</summary>
    public required string RegionCode { get; set; }
    public RegionLevel Level { get; set; }
    /// <summary>0 for the live registry, otherwise the frozen year-end.</summary>
    public int Year { get; set; }

    public int NotPoorHouseholds { get; set; }
    public int PoorHouseholds { get; set; }
    public int ExitedHouseholds { get; set; }
    public int ReturnedHouseholds { get; set; }
    public int MonitoredHouseholds { get; set; }
    public int RemovedHouseholds { get; set; }

    public int NotPoorPeople { get; set; }
    public int PoorPeople { get; set; }
    public int ExitedPeople { get; set; }
    public int ReturnedPeople { get; set; }
    public int MonitoredPeople { get; set; }
    public int RemovedPeople { get; set; }

    /// <summary>Sum of the villages' rural registered population: the denominator of incidence.</summary>
    public int RuralPopulation { get; set; }

    /// <summary>Exits (脱贫) and returns (返贫) that took effect in the year (for the live registry: the current year).</summary>
    public int ExitedInYearHouseholds { get; set; }
    public int ExitedInYearPeople { get; set; }
    public int ReturnedInYearHouseholds { get; set; }
    public int ReturnedInYearPeople { get; set; }

    public DateTime RefreshedAt { get; set; }

    /// <summary>Registered poor (贫困户 and 返贫): the people counted by poverty incidence.</summary>
    public int CurrentPoorHouseholds => PoorHouseholds + ReturnedHouseholds;
    public int CurrentPoorPeople => PoorPeople + ReturnedPeople;

    /// <summary>贫困发生率: registered poor people over the rural population, in percent (null without a population).</summary>
    public double? IncidencePercent => RuralPopulation > 0 ? Math.Round(100.0 * CurrentPoorPeople / RuralPopulation, 2) : null;

    public int Households(HouseholdStatus status) => status switch
    {
        HouseholdStatus.NotPoor => NotPoorHouseholds,
        HouseholdStatus.Poor => PoorHouseholds,
        HouseholdStatus.Exited => ExitedHouseholds,
        HouseholdStatus.Returned => ReturnedHouseholds,
        HouseholdStatus.Monitored => MonitoredHouseholds,
        _ => RemovedHouseholds,
    };

    public int People(HouseholdStatus status) => status switch
    {
        HouseholdStatus.NotPoor => NotPoorPeople,
        HouseholdStatus.Poor => PoorPeople,
        HouseholdStatus.Exited => ExitedPeople,
        HouseholdStatus.Returned => ReturnedPeople,
        HouseholdStatus.Monitored => MonitoredPeople,
        _ => RemovedPeople,
    };

    public void Add(HouseholdStatus status, int households, int people)
    {
        switch (status)
        {
            case HouseholdStatus.NotPoor: NotPoorHouseholds += households; NotPoorPeople += people; break;
            case HouseholdStatus.Poor: PoorHouseholds += households; PoorPeople += people; break;
            case HouseholdStatus.Exited: ExitedHouseholds += households; ExitedPeople += people; break;
            case HouseholdStatus.Returned: ReturnedHouseholds += households; ReturnedPeople += people; break;
            case HouseholdStatus.Monitored: MonitoredHouseholds += households; MonitoredPeople += people; break;
            default: RemovedHouseholds += households; RemovedPeople += people; break;
        }
    }

    /// <summary>Adds another area's counts (a county's, when an ancestor is summed from its counties).</summary>
    public void AddFrom(AreaAggregate other)
    {
        foreach (var status in Enum.GetValues<HouseholdStatus>()) Add(status, other.Households(status), other.People(status));
        RuralPopulation += other.RuralPopulation;
        ExitedInYearHouseholds += other.ExitedInYearHouseholds;
        ExitedInYearPeople += other.ExitedInYearPeople;
        ReturnedInYearHouseholds += other.ReturnedInYearHouseholds;
        ReturnedInYearPeople += other.ReturnedInYearPeople;
    }

    /// <summary>Whether another row holds the same counts: a refresh writes only the rows whose counts changed.</summary>
    public bool HasSameCounts(AreaAggregate other) =>
        Enum.GetValues<HouseholdStatus>().All(s => Households(s) == other.Households(s) && People(s) == other.People(s))
        && RuralPopulation == other.RuralPopulation
        && ExitedInYearHouseholds == other.ExitedInYearHouseholds && ExitedInYearPeople == other.ExitedInYearPeople
        && ReturnedInYearHouseholds == other.ReturnedInYearHouseholds && ReturnedInYearPeople == other.ReturnedInYearPeople;

    /// <summary>A copy of the counts (without the row's identity), to tell later what a refresh changed.</summary>
    public AreaAggregate CountsCopy()
    {
        var copy = new AreaAggregate { RegionCode = RegionCode, Level = Level, Year = Year };
        copy.AddFrom(this);
        return copy;
    }

    /// <summary>Sets every count to zero before a refresh adds them up again (rows are kept, never deleted).</summary>
    public void Clear()
    {
        NotPoorHouseholds = PoorHouseholds = ExitedHouseholds = ReturnedHouseholds = MonitoredHouseholds = RemovedHouseholds = 0;
        NotPoorPeople = PoorPeople = ExitedPeople = ReturnedPeople = MonitoredPeople = RemovedPeople = 0;
        RuralPopulation = ExitedInYearHouseholds = ExitedInYearPeople = ReturnedInYearHouseholds = ReturnedInYearPeople = 0;
    }
}

/// <summary>What a breakdown row splits the registered households or people by.</summary>
public enum BreakdownDimension
{
    [Label("主要致贫原因", "Primary cause")] PrimaryCause = 1,
    [Label("贫困户属性", "Household attribute")] Attribute = 2,
    [Label("劳动技能", "Labour capacity")] Labour = 3,
    [Label("健康状况", "Health")] Health = 4,
    [Label("年龄组", "Age group")] AgeGroup = 5,
    /// <summary>Households (and their present members) with at least one measure of the type: a household with several types counts under each.</summary>
    [Label("帮扶措施类型", "Assistance measure type")] MeasureType = 6,
}

/// <summary>Age groups of the reports; the value stored in <see cref="AreaBreakdown.Value"/>.</summary>
public enum AgeGroup
{
    [Label("0–5岁", "0–5")] Under6 = 0,
    [Label("6–15岁", "6–15")] School = 1,
    [Label("16–59岁", "16–59")] Working = 2,
    [Label("60岁及以上", "60 and over")] Elderly = 3,
}

/// <summary>
/// One cell of a breakdown of an area's live figures: households and present members of one status
/// with one value of a dimension (the enum's number). Member dimensions (labour, health, age) count people only.
/// </summary>
public sealed class AreaBreakdown
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public BreakdownDimension Dimension { get; set; }
    public int Value { get; set; }
    public HouseholdStatus Status { get; set; }
    public int Households { get; set; }
    public int People { get; set; }
}
