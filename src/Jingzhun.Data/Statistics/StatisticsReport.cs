using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Data.Statistics;

/// <summary>An area's figures with its name, as reports show them.</summary>
public sealed record AreaFigures(string Code, string Name, RegionLevel Level, AreaAggregate Figures);

/// <summary>One year of an area's trend (frozen year-ends only).</summary>
public sealed record TrendPoint(int Year, int PoorHouseholds, int PoorPeople, int ExitedInYearHouseholds, int ExitedInYearPeople,
    int ReturnedInYearHouseholds, int ReturnedInYearPeople, double? IncidencePercent);

/// <summary>
/// The monitoring register's figures of an area at a date (the ledger's count, not the household status): households and
/// people monitored, eliminated and continuing, by type. <see cref="Year"/> is null for the live register.
/// </summary>
public sealed record MonitoringFigures(int? Year, MonitoringTally.Line Monitored, MonitoringTally.Line Eliminated, MonitoringTally.Line Continuing,
    IReadOnlyList<MonitoringTypeFigures> ByType)
{
    public static MonitoringFigures Of(int? year, MonitoringTally t) => new(year, t.TotalMonitored, t.TotalEliminated, t.TotalContinuing,
        [.. MonitoringTally.Types.Select(type => new MonitoringTypeFigures(type, t.Monitored(type), t.Eliminated(type), t.Continuing(type)))]);
}

public sealed record MonitoringTypeFigures(Domain.Registry.MonitoringCategory Type, MonitoringTally.Line Monitored, MonitoringTally.Line Eliminated,
    MonitoringTally.Line Continuing);

public sealed record BreakdownCell(BreakdownDimension Dimension, int Value, Domain.Registry.HouseholdStatus Status, int Households, int People);

/// <summary>An area's indicators as of the live registry or a frozen year-end, with its children for drilling down.</summary>
public sealed record StatisticsView(AreaFigures Area, int Year, IReadOnlyList<AreaFigures> Children, IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<BreakdownCell> Breakdowns, IReadOnlyList<int> FrozenYears)
{
    /// <summary>The live figures' point after the frozen year-ends (null when the view is of a frozen year).</summary>
    public TrendPoint? Live { get; init; }

    /// <summary>Planned against exited for every year the area has an exit plan.</summary>
    public IReadOnlyList<ExitProgress> ExitProgress { get; init; } = [];

    /// <summary>The calendar year the figures stand for: the frozen year, or the current year for the live registry.</summary>
    public int CalendarYear { get; init; }

    /// <summary>The monitoring register at the date viewed (live: now; a frozen year: its 31 December).</summary>
    public MonitoringFigures? Monitoring { get; init; }

    /// <summary>The monitoring register at each frozen year-end, then live.</summary>
    public IReadOnlyList<MonitoringFigures> MonitoringTrend { get; init; } = [];

    /// <summary>The assistance figures at the date viewed (live: today; a frozen year: its 31 December), with the children's.</summary>
    public AssistanceView? Assistance { get; init; }

    /// <summary>The funds and projects figures (live: every year to today; a frozen year: that year's rows), with the children's.</summary>
    public FundView? Funds { get; init; }

    /// <summary>The plan against exits of the year viewed, when the area has a plan for it.</summary>
    public ExitProgress? ProgressOfYear => ExitProgress.FirstOrDefault(p => p.Year == CalendarYear);
}

/// <summary>Reads the refreshed aggregates; the context's scope filters them like every other table.</summary>
public static class StatisticsReport
{
    /// <summary>The area's view, or null when it has no figures the actor may read (outside its scope, or never refreshed).</summary>
    /// <remarks><paramref name="currentYear"/> is the calendar year of the live figures (the host's clock).</remarks>
    public static async Task<StatisticsView?> ForAsync(JingzhunDbContext db, string regionCode, int year, int currentYear, CancellationToken ct = default) =>
        await ForAsync(db, regionCode, year, currentYear, null, ct);

    /// <summary>As above; <paramref name="now"/> dates the live monitoring figures (the end of the current year when not given).</summary>
    public static async Task<StatisticsView?> ForAsync(JingzhunDbContext db, string regionCode, int year, int currentYear, DateTime? now, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _)) return null;
        var area = await db.Aggregates.AsNoTracking().FirstOrDefaultAsync(a => a.Year == year && a.RegionCode == code.Value, ct);
        if (area is null) return null;
        var childLevel = code.Level + 1;
        var children = code.Level == RegionLevel.Village ? [] : await db.Aggregates.AsNoTracking()
            .Where(a => a.Year == year && a.Level == childLevel && a.RegionCode.StartsWith(code.Prefix))
            .OrderBy(a => a.RegionCode).ToListAsync(ct);
        // A past year's names come from its own tree; the live view lists only current units (a village merged away keeps
        // an empty live row, which is not shown).
        DateOnly? on = year == AreaAggregate.LiveYear ? null : Regions.RegionsAsOf.YearEnd(year);
        var names = await Regions.RegionsAsOf.NamesAsync(db, children.Select(c => c.RegionCode).Append(code.Value), on, ct);
        if (on is null)
        {
            var childCodes = children.Select(c => c.RegionCode).ToList();
            var current = (await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && childCodes.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct)).ToHashSet();
            children = children.Where(c => current.Contains(c.RegionCode) || c.NotPoorHouseholds + c.PoorHouseholds + c.ExitedHouseholds + c.ReturnedHouseholds + c.MonitoredHouseholds + c.RemovedHouseholds > 0).ToList();
        }
        var trend = await db.Aggregates.AsNoTracking().Where(a => a.RegionCode == code.Value && a.Year != AreaAggregate.LiveYear)
            .OrderBy(a => a.Year).ToListAsync(ct);
        var breakdowns = await db.Breakdowns.AsNoTracking().Where(b => b.RegionCode == code.Value && b.Year == year && (b.Households > 0 || b.People > 0))
            .OrderBy(b => b.Dimension).ThenBy(b => b.Value).ThenBy(b => b.Status)
            .Select(b => new BreakdownCell(b.Dimension, b.Value, b.Status, b.Households, b.People)).ToListAsync(ct);
        var live = year == AreaAggregate.LiveYear ? area
            : await db.Aggregates.AsNoTracking().FirstOrDefaultAsync(a => a.Year == AreaAggregate.LiveYear && a.RegionCode == code.Value, ct);
        var liveDate = now is { } n ? LedgerDate.Live(n) : LedgerDate.YearEnd(currentYear);
        var monitoringTrend = new List<MonitoringFigures>();
        if (await MonitoringLedger.TrendAsync(db, code.Value, trend.Select(t => t.Year).ToList(), liveDate.AsOf, ct) is { } tallies)
            monitoringTrend.AddRange(trend.Select(t => MonitoringFigures.Of(t.Year, tallies.Years[t.Year])).Append(MonitoringFigures.Of(null, tallies.Live)));
        var monitoring = year == AreaAggregate.LiveYear ? monitoringTrend.LastOrDefault()
            : monitoringTrend.FirstOrDefault(m => m.Year == year)
              ?? (await MonitoringLedger.TallyAsync(db, code.Value, LedgerDate.YearEnd(year), ct) is { } t ? MonitoringFigures.Of(year, t) : null);
        return new StatisticsView(Figures(area, names), year, children.Select(c => Figures(c, names)).ToList(),
            trend.Select(t => Point(t, t.Year)).ToList(), breakdowns, trend.Select(t => t.Year).ToList())
        {
            Monitoring = monitoring,
            MonitoringTrend = monitoringTrend,
            Assistance = await AssistanceFigures.ForAsync(db, code.Value, year != AreaAggregate.LiveYear ? AssistanceDate.YearEnd(year)
                : now is { } today ? AssistanceDate.Live(today) : new AssistanceDate(null, new DateOnly(currentYear, 12, 31)), ct),
            Funds = await FundFigures.ForAsync(db, code.Value, year != AreaAggregate.LiveYear ? year : null,
                now ?? new DateTime(currentYear, 12, 31, 0, 0, 0, DateTimeKind.Utc), ct),
            Live = live is null ? null : Point(live, currentYear),
            ExitProgress = await ExitPlans.ProgressAsync(db, code.Value, currentYear, ct),
            CalendarYear = year == AreaAggregate.LiveYear ? currentYear : year,
        };
    }

    private static TrendPoint Point(AreaAggregate t, int year) => new(year, t.CurrentPoorHouseholds, t.CurrentPoorPeople, t.ExitedInYearHouseholds,
        t.ExitedInYearPeople, t.ReturnedInYearHouseholds, t.ReturnedInYearPeople, t.IncidencePercent);

    private static AreaFigures Figures(AreaAggregate a, Dictionary<string, string> names) =>
        new(a.RegionCode, names.GetValueOrDefault(a.RegionCode) ?? (a.Level == RegionLevel.Nation ? "全国" : a.RegionCode), a.Level, a);

}
