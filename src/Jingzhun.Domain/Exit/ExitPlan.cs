using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Domain.Exit;

/// <summary>
/// An area's annual exit plan (年度脱贫计划): households and people planned to exit in a year.
/// Setting a plan again adds a new version; the earlier ones are kept as its history.
/// </summary>
public sealed class ExitPlan
{
    public long Id { get; set; }
    /// <summary>12-digit code of the area (county or below, or any level an officer above sets it for).</summary>
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    /// <summary>1 for the first plan of the area and year, then one more for each revision.</summary>
    public int Version { get; set; }
    public int PlannedHouseholds { get; set; }
    public int PlannedPeople { get; set; }
    public string Note { get; set; } = "";
    public required string SetBy { get; set; }
    public DateTime SetAt { get; set; }

    /// <summary>
    /// Plans are set by officers of a county or a higher level (and system work), for areas inside their region.
    /// </summary>
    public static bool MaySet(AccessScope scope, string regionCode)
    {
        if (!scope.CanWrite || !regionCode.StartsWith(scope.RegionPrefix, StringComparison.Ordinal)) return false;
        if (scope.Role is null) return scope.IsAdministrator; // system work
        return scope.Role.Value.OfficerLevel() is { } level && level <= RegionLevel.County;
    }

    /// <summary>Checks the figures of a plan; an empty list when they are acceptable.</summary>
    public static IReadOnlyList<Common.FieldError> Check(int year, int households, int people)
    {
        var errors = new List<Common.FieldError>();
        if (year is < 2000 or > 2100) errors.Add(new(nameof(Year), "年度应在2000–2100之间", "The year must be between 2000 and 2100"));
        if (households < 0) errors.Add(new(nameof(PlannedHouseholds), "计划脱贫户数不能为负", "Planned households cannot be negative"));
        if (people < 0) errors.Add(new(nameof(PlannedPeople), "计划脱贫人数不能为负", "Planned people cannot be negative"));
        if (households > 0 && people < households) errors.Add(new(nameof(PlannedPeople), "计划脱贫人数不应少于户数", "Planned people cannot be fewer than households"));
        return errors;
    }
}

/// <summary>Planned against actual exits of an area in a year; the percentage is of the planned people.</summary>
public sealed record ExitProgress(int Year, int PlannedHouseholds, int PlannedPeople, int ExitedHouseholds, int ExitedPeople, int PlanVersion)
{
    public double? PeoplePercent => PlannedPeople > 0 ? Math.Round(100.0 * ExitedPeople / PlannedPeople, 1) : null;
    public double? HouseholdsPercent => PlannedHouseholds > 0 ? Math.Round(100.0 * ExitedHouseholds / PlannedHouseholds, 1) : null;
}
