using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Data.Exit;

/// <summary>The outcome of setting a plan: the new version, or why it was not set.</summary>
public sealed record PlanResult(ExitPlan? Plan, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Annual exit plans: set (a new version each time, the earlier ones kept), read with their history,
/// and compared with the exits the aggregates count. Who may set them is checked on save (ExitPlanSaveRules).
/// </summary>
public static class ExitPlans
{
    /// <summary>Whether the area's figures are readable to the actor (so a plan outside its region is simply not found).</summary>
    public static async Task<bool> IsVisibleAsync(JingzhunDbContext db, string regionCode, CancellationToken ct = default) =>
        RegionCode.TryParse(regionCode, out var code, out _)
        && code.Level <= RegionLevel.Township
        && await db.Aggregates.AnyAsync(a => a.Year == AreaAggregate.LiveYear && a.RegionCode == code.Value, ct);

    /// <summary>Adds the next version of the area's plan for the year; throws ScopeViolationException when the actor may not.</summary>
    public static async Task<PlanResult> SetAsync(JingzhunDbContext db, string regionCode, int year, int households, int people, string? note,
        DateTime now, CancellationToken ct = default)
    {
        var errors = ExitPlan.Check(year, households, people).ToList();
        if (note is { Length: > 500 }) errors.Add(new(nameof(ExitPlan.Note), "说明不超过500字", "The note is at most 500 characters"));
        if (errors.Count > 0) return new PlanResult(null, errors);
        var code = RegionCode.Parse(regionCode).Value;
        var version = await db.ExitPlans.Where(p => p.RegionCode == code && p.Year == year).MaxAsync(p => (int?)p.Version, ct) ?? 0;
        var plan = new ExitPlan
        {
            RegionCode = code, Year = year, Version = version + 1, PlannedHouseholds = households, PlannedPeople = people,
            Note = note?.Trim() ?? "", SetBy = db.Scope.Actor, SetAt = now,
        };
        db.ExitPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return new PlanResult(plan, []);
    }

    /// <summary>Every version of the area's plans, newest first within each year.</summary>
    public static Task<List<ExitPlan>> HistoryAsync(JingzhunDbContext db, string regionCode, CancellationToken ct = default) =>
        db.ExitPlans.AsNoTracking().Where(p => p.RegionCode == regionCode)
            .OrderByDescending(p => p.Year).ThenByDescending(p => p.Version).ToListAsync(ct);

    /// <summary>
    /// Planned against exited, for each year the area has a plan: exits of a frozen year from its year-end
    /// figures, of the current year from the live ones.
    /// </summary>
    public static async Task<IReadOnlyList<ExitProgress>> ProgressAsync(JingzhunDbContext db, string regionCode, int currentYear, CancellationToken ct = default)
    {
        var plans = (await HistoryAsync(db, regionCode, ct)).GroupBy(p => p.Year).Select(g => g.First()).OrderBy(p => p.Year).ToList();
        if (plans.Count == 0) return [];
        var years = plans.Select(p => p.Year).Append(AreaAggregate.LiveYear).ToList();
        var figures = await db.Aggregates.AsNoTracking().Where(a => a.RegionCode == regionCode && years.Contains(a.Year)).ToListAsync(ct);
        return plans.Select(p =>
        {
            var exits = figures.FirstOrDefault(a => a.Year == p.Year)
                        ?? (p.Year == currentYear ? figures.FirstOrDefault(a => a.Year == AreaAggregate.LiveYear) : null);
            return new ExitProgress(p.Year, p.PlannedHouseholds, p.PlannedPeople, exits?.ExitedInYearHouseholds ?? 0, exits?.ExitedInYearPeople ?? 0, p.Version);
        }).ToList();
    }
}
