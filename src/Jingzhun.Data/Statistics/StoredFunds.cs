using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Statistics;

/// <summary>
/// The live funds figures of /stats kept per area (<see cref="AreaFunds"/>), counted with the assistance figures and under
/// the same marks (<see cref="StoredAssistance"/>). Counting them for one area takes two dozen grouped queries over the funds
/// tables (control figures, the three kinds of flagged payments, idle funds, sources, stages, types, assets) whatever the
/// area's size; kept, a view reads one row. The rows are counted once for the whole registry (or a county) and added up the
/// tree here, each figure to every area above the row it belongs to, in the same way <see cref="FundControl.ForAsync"/>
/// places them: a row recorded at an area's own code, or above its children's level, is the area's own level.
/// </summary>
public static class StoredFunds
{
    /// <summary>The view of the area from its kept row, or null when no kept row stands for the day or a county under it is marked.</summary>
    internal static async Task<FundView?> ReadAsync(JingzhunDbContext db, RegionCode code, DateOnly today, CancellationToken ct)
    {
        var value = code.Value;
        var stored = await db.FundTallies.AsNoTracking()
            .Where(a => a.On == today && a.Level == code.Level && a.RegionCode == value).Select(a => a.Figures).FirstOrDefaultAsync(ct);
        if (stored is null || await StoredAssistance.Marks(db, code).AnyAsync(ct)) return null;
        var kept = JsonSerializer.Deserialize<Kept>(stored)!;
        var names = await RegionsAsOf.NamesAsync(db, kept.Children.Keys.Append(value), null, ct);
        string Name(string c) => names.GetValueOrDefault(c) ?? (c.All(x => x == '0') ? "全国" : c);
        var children = new List<FundArea>();
        if (kept.Own is { } own) children.Add(new FundArea(value, Name(value) + "（本级）", code.Level, Unpack(own), OwnLevel: true));
        if (code.Level < RegionLevel.Village)
            children.AddRange(kept.Children.Select(c => new FundArea(c.Key, Name(c.Key), code.Level + 1, Unpack(c.Value))));
        var tally = new FundTally
        {
            Control = Unpack(kept.Control),
            BySource = kept.Sources.Where(s => s.Value != 0).Select(s => new FundTally.SourceLine(s.Key, Money.FromFen(s.Value))).ToList(),
            ByStage = kept.Stages.Select(s => new FundTally.StageLine(s.Key, s.Value)).ToList(),
            ByType = kept.Types.Select(t => new FundTally.TypeLine(t.Key, (int)t.Value[0], Money.FromFen(t.Value[1]))).ToList(),
            IdleFunds = (int)kept.Counts[0], IdleFen = kept.Counts[1], OverdueProjects = (int)kept.Counts[2], Assets = (int)kept.Counts[3], AssetValueFen = kept.Counts[4],
        };
        return new FundView(value, Name(value), null, today, tally, children);
    }

    /// <summary>
    /// The kept rows of every area under the prefix ("" for the whole registry, or a 6-digit county: the county and below),
    /// counted from the funds tables as of <paramref name="today"/>.
    /// </summary>
    internal static async Task<Dictionary<string, Kept>> CountAsync(JingzhunDbContext db, string prefix, DateOnly today, CancellationToken ct)
    {
        var top = prefix.Length == 0 ? RegionLevel.Nation : RegionLevel.County;
        var rows = new Dictionary<string, Kept>(StringComparer.Ordinal);
        Kept At(string area) => rows.TryGetValue(area, out var k) ? k : rows[area] = new Kept();
        // The areas a row recorded at this code counts in: its own and each above it, up to the top of the count.
        IEnumerable<(string Area, RegionLevel Level)> Holding(string region, RegionLevel deepest = RegionLevel.Village)
        {
            var padded = region.PadRight(12, '0');
            if (!RegionCode.TryParse(padded, out var code, out _)) yield break;
            for (var level = top; level <= code.Level && level <= deepest; level++)
                yield return (AssistanceFigures.AreaOf(padded, level), level);
        }

        // Every area of the tree holds a row, and lists each of its children, empty ones included.
        At(prefix.PadRight(12, '0'));
        foreach (var region in await db.Regions.AsNoTracking().ValidOn(today).Where(r => r.Level > top && r.Code.StartsWith(prefix))
                     .Select(r => new { r.Code, r.Level }).ToListAsync(ct))
        {
            At(region.Code);
            At(AssistanceFigures.AreaOf(region.Code, region.Level - 1)).Child(region.Code);
        }

        foreach (var (region, figures) in await FundControl.FiguresByRegionAsync(db, prefix, null, ct))
            foreach (var (area, level) in Holding(region))
            {
                var kept = At(area);
                kept.Add(figures);
                if (level == RegionLevel.Village) continue;
                var childLength = RegionCode.PrefixLength(level + 1);
                var padded = region.PadRight(12, '0');
                if (padded == area || region.Length < childLength) kept.AddOwn(figures);
                else kept.Child(AssistanceFigures.AreaOf(padded, level + 1), figures);
            }

        var countyPrefix = prefix.Length > 6 ? prefix[..6] : prefix;
        foreach (var g in await db.Allocations.AsNoTracking().Where(a => a.CountyCode != "" && a.CountyCode.StartsWith(countyPrefix))
                     .GroupBy(a => new { a.CountyCode, a.Source }).Select(g => new { g.Key.CountyCode, g.Key.Source, Fen = g.Sum(a => (long)(object)a.Amount) }).ToListAsync(ct))
            foreach (var (area, _) in Holding(g.CountyCode, RegionLevel.County))
                At(area).Sources[g.Source] = At(area).Sources.GetValueOrDefault(g.Source) + g.Fen;

        var projects = db.Projects.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix));
        foreach (var g in await projects.GroupBy(p => new { p.RegionCode, p.Stage }).Select(g => new { g.Key.RegionCode, g.Key.Stage, Count = g.Count() }).ToListAsync(ct))
            foreach (var (area, _) in Holding(g.RegionCode))
                At(area).Stages[g.Stage] = At(area).Stages.GetValueOrDefault(g.Stage) + g.Count;
        var library = projects.Where(p => p.Stage >= ProjectStage.Approved && p.Stage < ProjectStage.Rejected);
        foreach (var g in await library.GroupBy(p => new { p.RegionCode, p.Type }).Select(g => new { g.Key.RegionCode, g.Key.Type, Count = g.Count() }).ToListAsync(ct))
            foreach (var (area, _) in Holding(g.RegionCode))
                At(area).AddType(g.Type, g.Count, 0);
        foreach (var g in await db.ProjectFunding.AsNoTracking().Join(library, f => f.ProjectId, p => p.Id, (f, p) => new { p.RegionCode, p.Type, f.Amount })
                     .GroupBy(x => new { x.RegionCode, x.Type }).Select(g => new { g.Key.RegionCode, g.Key.Type, Fen = g.Sum(x => (long)(object)x.Amount) }).ToListAsync(ct))
            foreach (var (area, _) in Holding(g.RegionCode))
                At(area).AddType(g.Type, 0, g.Fen);

        // Idle funds are county allocations: they count at the county and above, never in a township or village.
        foreach (var idle in await FundControl.IdleFundsAsync(db, RegionCode.Parse(prefix.PadRight(12, '0')), null, today, ct))
            foreach (var (area, _) in Holding(idle.CountyCode, RegionLevel.County))
                At(area).AddCounts(1, idle.Unpaid.Fen, 0, 0, 0);
        foreach (var g in await FundControl.OverdueQuery(db, prefix, null, today).GroupBy(p => p.RegionCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            foreach (var (area, _) in Holding(g.Key))
                At(area).AddCounts(0, 0, g.Count, 0, 0);
        foreach (var g in await db.Assets.AsNoTracking().Where(a => a.RegionCode.StartsWith(prefix) && a.State != AssetState.Disposed)
                     .GroupBy(a => a.RegionCode).Select(g => new { g.Key, Count = g.Count(), Fen = g.Sum(a => (long)(object)a.Value) }).ToListAsync(ct))
            foreach (var (area, _) in Holding(g.Key))
                At(area).AddCounts(0, 0, 0, g.Count, g.Fen);
        return rows;
    }

    /// <summary>Whether any funds row is recorded above a county (a province's or city's own project): then the areas above the counties are counted, not added up.</summary>
    internal static async Task<bool> AnyAboveCountiesAsync(JingzhunDbContext db, CancellationToken ct) =>
        await db.Projects.AnyAsync(p => p.CountyCode == "", ct) || await db.Payments.AnyAsync(p => p.CountyCode == "", ct)
        || await db.Assets.AnyAsync(a => a.CountyCode == "", ct);

    /// <summary>
    /// The areas above the counties, added up from the counties' rows (each county's figures to every area above it and to the
    /// child of each that holds it); the tree's areas above the counties each get a row and list their children.
    /// </summary>
    internal static async Task<Dictionary<string, Kept>> AboveCountiesAsync(JingzhunDbContext db, IReadOnlyDictionary<string, Kept> counties, DateOnly today,
        CancellationToken ct)
    {
        var rows = new Dictionary<string, Kept>(StringComparer.Ordinal) { [RegionCode.Nation.Value] = new Kept() };
        Kept At(string area) => rows.TryGetValue(area, out var k) ? k : rows[area] = new Kept();
        foreach (var region in await db.Regions.AsNoTracking().ValidOn(today).Where(r => r.Level > RegionLevel.Nation && r.Level <= RegionLevel.County)
                     .Select(r => new { r.Code, r.Level }).ToListAsync(ct))
        {
            if (region.Level < RegionLevel.County) At(region.Code);
            At(AssistanceFigures.AreaOf(region.Code, region.Level - 1)).Child(region.Code);
        }
        foreach (var (county, kept) in counties)
        {
            var child = county;
            foreach (var area in AreaStatistics.Above(RegionCode.Parse(county)))
            {
                var sum = At(area.Value);
                sum.AddAll(kept);
                sum.Child(child, Unpack(kept.Control));
                child = area.Value;
            }
        }
        return rows;
    }

    internal static AreaFunds Row(string area, Kept kept, DateOnly on, DateTime now) => new()
    {
        RegionCode = area, Level = RegionCode.Parse(area).Level, On = on, RefreshedAt = now, Figures = JsonSerializer.Serialize(kept),
    };

    internal static Kept FromStored(string figures) => JsonSerializer.Deserialize<Kept>(figures)!;

    private static long[] Pack(ControlFigures f) =>
        [f.AllocatedFen, f.ToProjectsFen, f.PaidFen, f.BudgetFen, f.SpentFen, f.Projects, f.Started, f.Completed, f.Misdirected, f.Duplicate, f.Diverted];

    private static ControlFigures Unpack(long[] v) => new()
    {
        AllocatedFen = v[0], ToProjectsFen = v[1], PaidFen = v[2], BudgetFen = v[3], SpentFen = v[4], Projects = (int)v[5], Started = (int)v[6],
        Completed = (int)v[7], Misdirected = (int)v[8], Duplicate = (int)v[9], Diverted = (int)v[10],
    };

    private static long[] Sum(long[]? a, long[] b) => a is null ? [.. b] : [.. a.Zip(b, (x, y) => x + y)];

    /// <summary>One area's kept figures, as stored: control figures as packed numbers (<see cref="Pack"/>).</summary>
    internal sealed class Kept
    {
        public long[] Control { get; set; } = new long[11];
        /// <summary>The rows recorded at the area's own level, when there are any.</summary>
        public long[]? Own { get; set; }
        public SortedDictionary<string, long[]> Children { get; set; } = new(StringComparer.Ordinal);
        public SortedDictionary<FundSource, long> Sources { get; set; } = [];
        public SortedDictionary<ProjectStage, int> Stages { get; set; } = [];
        /// <summary>Library projects by type: count and budget in fen.</summary>
        public SortedDictionary<ProjectType, long[]> Types { get; set; } = [];
        /// <summary>Idle allocations, their unpaid fen, overdue projects, assets and their value in fen.</summary>
        public long[] Counts { get; set; } = new long[5];

        public void Add(ControlFigures f) => Control = Sum(Control, Pack(f));
        public void AddOwn(ControlFigures f) => Own = Sum(Own, Pack(f));
        public void Child(string code, ControlFigures? f = null) => Children[code] = f is null ? Children.GetValueOrDefault(code) ?? new long[11] : Sum(Children.GetValueOrDefault(code), Pack(f));
        public void AddType(ProjectType type, long count, long fen) => Types[type] = Sum(Types.GetValueOrDefault(type), [count, fen]);
        public void AddCounts(params long[] counts) => Counts = Sum(Counts, counts);

        /// <summary>Another area's figures, its children and own level aside (a county's, added to the areas above it).</summary>
        public void AddAll(Kept o)
        {
            Control = Sum(Control, o.Control);
            foreach (var (source, fen) in o.Sources) Sources[source] = Sources.GetValueOrDefault(source) + fen;
            foreach (var (stage, count) in o.Stages) Stages[stage] = Stages.GetValueOrDefault(stage) + count;
            foreach (var (type, sums) in o.Types) Types[type] = Sum(Types.GetValueOrDefault(type), sums);
            Counts = Sum(Counts, o.Counts);
        }
    }
}
