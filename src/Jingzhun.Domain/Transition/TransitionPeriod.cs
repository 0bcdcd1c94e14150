using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Transition;

/// <summary>Where an exit date comes from.</summary>
public enum ExitDateSource
{
    [Label("退出办件批准日期", "Date the exit case was approved")] ExitCase = 1,
    [Label("退出年度年末（无办件记录）", "End of the exit year (no case on record)")] ExitYear = 2,
}

/// <summary>
/// The five-year transition (过渡期, 003.md L242, L560) of an exited county: it starts on the exit date and ends five years
/// later. During it 四个不摘 holds: responsibility, policies, assistance and supervision are not removed at exit.
/// </summary>
public sealed record TransitionPeriod(string CountyCode, DateOnly ExitedOn, ExitDateSource Source)
{
    public const int Years = 5;

    /// <summary>The day the transition ends: five years after the exit date (exit 2020-12-31 → 2025-12-31).</summary>
    public DateOnly EndsOn => ExitedOn.AddYears(Years);

    public bool InTransitionOn(DateOnly day) => day >= ExitedOn && day <= EndsOn;

    /// <summary>Whole days left on <paramref name="day"/>, 0 once it has ended.</summary>
    public int DaysLeft(DateOnly day) => Math.Max(0, EndsOn.DayNumber - day.DayNumber + 1);

    /// <summary>A county with only its exit year on record exited at the end of that year.</summary>
    public static TransitionPeriod FromYear(string countyCode, int exitedYear) =>
        new(countyCode, new DateOnly(exitedYear, 12, 31), ExitDateSource.ExitYear);
}
