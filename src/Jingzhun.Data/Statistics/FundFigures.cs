using System.Text.Json.Serialization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Statistics;

/// <summary>An area's funds and projects figures (扶贫资金和项目统计) for /stats: the control figures and the counts beside them.</summary>
public sealed record FundTally
{
    public sealed record SourceLine(FundSource Source, Money Allocated);
    public sealed record StageLine(ProjectStage Stage, int Projects);
    public sealed record TypeLine(ProjectType Type, int Projects, Money Budget);

    /// <summary>Allocated, paid, rates and flag counts (<see cref="FundControl"/>): the area's counties' receipts and the rows of the area.</summary>
    public required ControlFigures Control { get; init; }
    /// <summary>Received by the area's counties, by source, net of reversals.</summary>
    public IReadOnlyList<SourceLine> BySource { get; init; } = [];
    /// <summary>Every project of the area (proposed ones and those turned down included) by stage.</summary>
    public IReadOnlyList<StageLine> ByStage { get; init; } = [];
    /// <summary>Projects in the library by type, with their budgets.</summary>
    public IReadOnlyList<TypeLine> ByType { get; init; } = [];
    /// <summary>County allocations with money unpaid beyond the idle days, and how much.</summary>
    public int IdleFunds { get; init; }
    [JsonIgnore] public long IdleFen { get; init; }
    public Money Idle => Money.FromFen(IdleFen);
    public int OverdueProjects { get; init; }
    /// <summary>Project assets (count and value, not disposed of).</summary>
    public int Assets { get; init; }
    [JsonIgnore] public long AssetValueFen { get; init; }
    public Money AssetValue => Money.FromFen(AssetValueFen);
}

/// <summary>An area's funds figures with its name.</summary>
public sealed record FundArea(string Code, string Name, RegionLevel Level, ControlFigures Figures, bool OwnLevel = false);

/// <summary>The funds section of /stats: the area's tally (live: every year to today; a year: the rows of that year) and its children's control figures.</summary>
public sealed record FundView(string Code, string Name, int? Year, DateOnly On, FundTally Tally, IReadOnlyList<FundArea> Children);

/// <summary>
/// Funds figures for /stats, the printable report, the xlsx and /api/stats. Live: allocations, projects and payments of every
/// year, idle funds and overdue projects as of today. A year: the allocations, projects (plan year) and payments of that year,
/// idle funds and overdue projects as of its 31 December; projects are counted at their current stage (the step history
/// holds the stages of the past; the figures do not replay it). Each figure is a grouped query (money summed in SQL as whole
/// fen) and the reader's scope filters all of them.
/// </summary>
public static class FundFigures
{
    public static async Task<FundView?> ForAsync(JingzhunDbContext db, string regionCode, int? year, DateTime now, CancellationToken ct = default) =>
        year is null && FundControl.IsVisible(db, regionCode, out var code)
            && await StoredFunds.ReadAsync(db, code, DateOnly.FromDateTime(now), ct) is { } kept
            ? kept : await CountAsync(db, regionCode, year, now, ct);

    /// <summary>The figures counted from the funds tables, as <see cref="ForAsync"/> reads them when no kept row stands for the view.</summary>
    internal static async Task<FundView?> CountAsync(JingzhunDbContext db, string regionCode, int? year, DateTime now, CancellationToken ct = default)
    {
        var on = year is { } y ? new DateOnly(y, 12, 31) : DateOnly.FromDateTime(now);
        if (year is not null && on > DateOnly.FromDateTime(now)) on = DateOnly.FromDateTime(now);
        var view = await FundControl.ForAsync(db, regionCode, year, on.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), ct);
        if (view is null) return null;
        var code = RegionCode.Parse(view.Area.Code);
        var prefix = code.Prefix;
        var countyPrefix = prefix.Length > 6 ? prefix[..6] : prefix;
        var bySource = code.Level > RegionLevel.County ? [] : (await db.Allocations.AsNoTracking()
                .Where(a => a.CountyCode != "" && a.CountyCode.StartsWith(countyPrefix) && (year == null || a.Year == year))
                .GroupBy(a => a.Source).Select(g => new { g.Key, Fen = g.Sum(a => (long)(object)a.Amount) }).ToListAsync(ct))
            .Where(g => g.Fen != 0).OrderBy(g => g.Key).Select(g => new FundTally.SourceLine(g.Key, Money.FromFen(g.Fen))).ToList();
        var projects = db.Projects.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix) && (year == null || p.Year == year));
        var byStage = (await projects.GroupBy(p => p.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(g => g.Key).Select(g => new FundTally.StageLine(g.Key, g.Count)).ToList();
        var library = projects.Where(p => p.Stage >= ProjectStage.Approved && p.Stage < ProjectStage.Rejected);
        var typeCounts = await library.GroupBy(p => p.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var typeBudgets = await db.ProjectFunding.AsNoTracking().Join(library, f => f.ProjectId, p => p.Id, (f, p) => new { p.Type, f.Amount })
            .GroupBy(x => x.Type).Select(g => new { g.Key, Fen = g.Sum(x => (long)(object)x.Amount) }).ToDictionaryAsync(g => g.Key, g => g.Fen, ct);
        var byType = typeCounts.OrderBy(t => t.Key).Select(t => new FundTally.TypeLine(t.Key, t.Count, Money.FromFen(typeBudgets.GetValueOrDefault(t.Key)))).ToList();
        var idle = await FundControl.IdleFundsAsync(db, code, year, on, ct);
        var assets = await db.Assets.AsNoTracking().Where(a => a.RegionCode.StartsWith(prefix) && a.State != AssetState.Disposed
                && (year == null || db.Projects.Any(p => p.Id == a.ProjectId && p.Year == year)))
            .GroupBy(a => 1).Select(g => new { Count = g.Count(), Fen = g.Sum(a => (long)(object)a.Value) }).FirstOrDefaultAsync(ct);
        var tally = new FundTally
        {
            Control = view.Area.Figures, BySource = bySource, ByStage = byStage, ByType = byType, IdleFunds = idle.Count,
            IdleFen = idle.Sum(i => i.Unpaid.Fen), OverdueProjects = view.OverdueProjects, Assets = assets?.Count ?? 0, AssetValueFen = assets?.Fen ?? 0,
        };
        return new FundView(view.Area.Code, view.Area.Name, year, on, tally,
            view.Children.Select(c => new FundArea(c.Code, c.Name, c.Level, c.Figures, c.OwnLevel)).ToList());
    }
}
