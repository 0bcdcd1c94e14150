using System.Text.Json;
using System.Text.Json.Serialization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Statistics;

/// <summary>
/// The date assistance figures stand for: the live registry (today) or a year-end (31 December). Assistance rows are never
/// deleted and ended rows carry their end dates, so a year-end's figures are those of the rows dated on or before it.
/// </summary>
public sealed record AssistanceDate(int? Year, DateOnly On)
{
    public static AssistanceDate Live(DateTime now) => new(null, DateOnly.FromDateTime(now));

    public static AssistanceDate YearEnd(int year) => new(year, new DateOnly(year, 12, 31));

    public bool IsLive => Year is null;

    /// <summary>The first moment after the date: rows stamped before it (CreatedAt, UpdatedAt) are of the date.</summary>
    public DateTime Next => On.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

/// <summary>
/// An area's assistance figures at a date (帮扶成效统计). Every count and amount is additive over villages, so an area's
/// tally is the sum of its children's and the rates are computed from the sums (never averaged).
/// </summary>
public sealed class AssistanceTally
{
    public sealed record TypeLine(MeasureType Type, int Measures, int Households, int People, Money Funds);
    public sealed record YearLine(int Year, int Measures, int People, Money Funds);
    public sealed record SourceLine(FundSource? Source, Money Funds);

    private readonly SortedDictionary<(MeasureType Type, int Year), (int Measures, int People, long Fen)> _measures = new();
    private readonly SortedDictionary<MeasureType, int> _typeHouseholds = new();
    private readonly Dictionary<FundSource, long> _sources = new();
    private long _unsplitFen;

    /// <summary>Measures by type (taken, under way or stopped after starting, as of the date; not planned only, not cancelled).</summary>
    public IReadOnlyList<TypeLine> ByType =>
        [.. _measures.GroupBy(m => m.Key.Type).Select(g => new TypeLine(g.Key, g.Sum(x => x.Value.Measures),
            _typeHouseholds.GetValueOrDefault(g.Key), g.Sum(x => x.Value.People), Money.FromFen(g.Sum(x => x.Value.Fen))))];

    public IReadOnlyList<YearLine> ByYear =>
        [.. _measures.GroupBy(m => m.Key.Year).OrderBy(g => g.Key).Select(g => new YearLine(g.Key, g.Sum(x => x.Value.Measures),
            g.Sum(x => x.Value.People), Money.FromFen(g.Sum(x => x.Value.Fen))))];

    /// <summary>Funds by source: the measures' funding rows, and (source null) the funds of measures recorded without them.</summary>
    public IReadOnlyList<SourceLine> BySource =>
        [.. _sources.Where(s => s.Value != 0).OrderBy(s => s.Key).Select(s => new SourceLine(s.Key, Money.FromFen(s.Value))),
         .. _unsplitFen != 0 ? [new SourceLine(null, Money.FromFen(_unsplitFen))] : Array.Empty<SourceLine>()];

    public int Measures => _measures.Values.Sum(v => v.Measures);
    public int PeopleReached => _measures.Values.Sum(v => v.People);
    public Money Funds => Money.FromFen(_measures.Values.Sum(v => v.Fen));
    /// <summary>Households with at least one counted measure.</summary>
    public int HouseholdsReached { get; private set; }

    // Coverage: poor and returned households (贫困户, 返贫户) with an active pairing and a plan in force; poor villages with a team.
    public int PoorHouseholds { get; private set; }
    public int PairedHouseholds { get; private set; }
    public int PlannedHouseholds { get; private set; }
    public int PoorVillages { get; private set; }
    public int VillagesWithTeam { get; private set; }
    public int VillagesWithFirstSecretary { get; private set; }
    public double? PairedRate => Rate(PairedHouseholds, PoorHouseholds);
    public double? PlannedRate => Rate(PlannedHouseholds, PoorHouseholds);
    public double? TeamRate => Rate(VillagesWithTeam, PoorVillages);
    public double? FirstSecretaryRate => Rate(VillagesWithFirstSecretary, PoorVillages);

    // Microcredit (扶贫小额信贷).
    public int RatedHouseholds { get; private set; }
    public int HouseholdsWithLine { get; private set; }
    public int LoansInYear { get; private set; }
    [JsonIgnore] public long IssuedInYearFen { get; private set; }
    public Money IssuedInYear => Money.FromFen(IssuedInYearFen);
    [JsonIgnore] public long IssuedFen { get; private set; }
    [JsonIgnore] public long RepaidFen { get; private set; }
    [JsonIgnore] public long DueFen { get; private set; }
    [JsonIgnore] public long RepaidOfDueFen { get; private set; }
    [JsonIgnore] public long OverdueFen { get; private set; }
    public int OverdueLoans { get; private set; }
    /// <summary>Principal lent and not yet repaid at the date (贷款余额).</summary>
    public Money Outstanding => Money.FromFen(IssuedFen - RepaidFen);
    public Money Repaid => Money.FromFen(RepaidFen);
    /// <summary>Principal fallen due by the date.</summary>
    public Money DuePrincipal => Money.FromFen(DueFen);
    public Money Overdue => Money.FromFen(OverdueFen);
    /// <summary>Principal repaid of the loans due by the date ÷ their principal (还款率).</summary>
    public double? RepaymentRate => Rate(RepaidOfDueFen, DueFen);
    /// <summary>Overdue principal ÷ the outstanding balance (逾期率).</summary>
    public double? OverdueRate => Rate(OverdueFen, IssuedFen - RepaidFen);

    // Relocation (易地扶贫搬迁): moved in by the date.
    public int RelocatedHouseholds { get; private set; }
    public int RelocatedPeople { get; private set; }
    public decimal RelocationArea { get; private set; }
    public decimal? AreaPerPerson => RelocatedPeople > 0 ? decimal.Round(RelocationArea / RelocatedPeople, 2) : null;

    private static double? Rate(long part, long whole) => whole > 0 ? (double)part / whole : null;

    internal void AddMeasures(MeasureType type, int year, int measures, int people, long fen)
    {
        var (m, p, f) = _measures.GetValueOrDefault((type, year));
        _measures[(type, year)] = (m + measures, p + people, f + fen);
    }

    internal void AddSource(FundSource? source, long fen)
    {
        if (source is { } s) _sources[s] = _sources.GetValueOrDefault(s) + fen;
        else _unsplitFen += fen;
    }

    internal void AddTypeHouseholds(MeasureType type, int households) => _typeHouseholds[type] = _typeHouseholds.GetValueOrDefault(type) + households;

    /// <summary>Adds another area's tally (a child's into its parent's).</summary>
    public void Add(AssistanceTally o)
    {
        foreach (var (k, v) in o._measures) AddMeasures(k.Type, k.Year, v.Measures, v.People, v.Fen);
        foreach (var (k, v) in o._typeHouseholds) AddTypeHouseholds(k, v);
        foreach (var (k, v) in o._sources) AddSource(k, v);
        _unsplitFen += o._unsplitFen;
        foreach (var (get, add) in Counters.Values) add(this, get(o));
        RelocationArea += o.RelocationArea;
    }

    /// <summary>The counted figures by name: what <see cref="Count"/> adds to, <see cref="Add"/> sums and the kept rows store.</summary>
    private static readonly Dictionary<string, (Func<AssistanceTally, long> Get, Action<AssistanceTally, long> Add)> Counters = new()
    {
        [nameof(HouseholdsReached)] = (t => t.HouseholdsReached, (t, v) => t.HouseholdsReached += (int)v),
        [nameof(PoorHouseholds)] = (t => t.PoorHouseholds, (t, v) => t.PoorHouseholds += (int)v),
        [nameof(PairedHouseholds)] = (t => t.PairedHouseholds, (t, v) => t.PairedHouseholds += (int)v),
        [nameof(PlannedHouseholds)] = (t => t.PlannedHouseholds, (t, v) => t.PlannedHouseholds += (int)v),
        [nameof(PoorVillages)] = (t => t.PoorVillages, (t, v) => t.PoorVillages += (int)v),
        [nameof(VillagesWithTeam)] = (t => t.VillagesWithTeam, (t, v) => t.VillagesWithTeam += (int)v),
        [nameof(VillagesWithFirstSecretary)] = (t => t.VillagesWithFirstSecretary, (t, v) => t.VillagesWithFirstSecretary += (int)v),
        [nameof(RatedHouseholds)] = (t => t.RatedHouseholds, (t, v) => t.RatedHouseholds += (int)v),
        [nameof(HouseholdsWithLine)] = (t => t.HouseholdsWithLine, (t, v) => t.HouseholdsWithLine += (int)v),
        [nameof(LoansInYear)] = (t => t.LoansInYear, (t, v) => t.LoansInYear += (int)v),
        [nameof(IssuedInYearFen)] = (t => t.IssuedInYearFen, (t, v) => t.IssuedInYearFen += v),
        [nameof(IssuedFen)] = (t => t.IssuedFen, (t, v) => t.IssuedFen += v),
        [nameof(RepaidFen)] = (t => t.RepaidFen, (t, v) => t.RepaidFen += v),
        [nameof(DueFen)] = (t => t.DueFen, (t, v) => t.DueFen += v),
        [nameof(RepaidOfDueFen)] = (t => t.RepaidOfDueFen, (t, v) => t.RepaidOfDueFen += v),
        [nameof(OverdueFen)] = (t => t.OverdueFen, (t, v) => t.OverdueFen += v),
        [nameof(OverdueLoans)] = (t => t.OverdueLoans, (t, v) => t.OverdueLoans += (int)v),
        [nameof(RelocatedHouseholds)] = (t => t.RelocatedHouseholds, (t, v) => t.RelocatedHouseholds += (int)v),
        [nameof(RelocatedPeople)] = (t => t.RelocatedPeople, (t, v) => t.RelocatedPeople += (int)v),
    };

    internal static void Count(AssistanceTally t, string field, long value) =>
        (Counters.TryGetValue(field, out var counter) ? counter.Add : throw new ArgumentOutOfRangeException(nameof(field), field, null))(t, value);

    /// <summary>The tally's sums as a kept row holds them (<see cref="Domain.Statistics.AreaAssistance.Figures"/>).</summary>
    internal string ToStored() => JsonSerializer.Serialize(new StoredSums(
        [.. _measures.Select(m => new[] { (long)m.Key.Type, m.Key.Year, m.Value.Measures, m.Value.People, m.Value.Fen })],
        [.. _typeHouseholds.Select(h => new[] { (long)h.Key, h.Value })],
        [.. _sources.Select(s => new[] { (long)s.Key, s.Value })], _unsplitFen,
        Counters.Where(c => c.Value.Get(this) != 0).ToDictionary(c => c.Key, c => c.Value.Get(this)), RelocationArea));

    /// <summary>A tally from a kept row's sums.</summary>
    internal static AssistanceTally FromStored(string figures)
    {
        var sums = JsonSerializer.Deserialize<StoredSums>(figures) ?? throw new InvalidDataException("empty assistance figures");
        var t = new AssistanceTally();
        foreach (var m in sums.Measures) t.AddMeasures((MeasureType)m[0], (int)m[1], (int)m[2], (int)m[3], m[4]);
        foreach (var h in sums.TypeHouseholds) t.AddTypeHouseholds((MeasureType)h[0], (int)h[1]);
        foreach (var source in sums.Sources) t.AddSource((FundSource)source[0], source[1]);
        t._unsplitFen = sums.UnsplitFen;
        foreach (var (field, value) in sums.Counts) Count(t, field, value);
        t.RelocationArea = sums.RelocationArea;
        return t;
    }

    /// <summary>The stored form: (type, year, measures, people, fen), (type, households), (source, fen), the counts by name.</summary>
    private sealed record StoredSums(long[][] Measures, long[][] TypeHouseholds, long[][] Sources, long UnsplitFen,
        Dictionary<string, long> Counts, decimal RelocationArea);

    internal void AddArea(decimal area) => RelocationArea += area;
}

/// <summary>An area's assistance figures with its name.</summary>
public sealed record AssistanceArea(string Code, string Name, RegionLevel Level, AssistanceTally Tally);

/// <summary>An area's assistance figures at a date and its children's (which add up to it).</summary>
public sealed record AssistanceView(AssistanceArea Area, AssistanceDate Date, IReadOnlyList<AssistanceArea> Children);

/// <summary>
/// Assistance figures (帮扶统计) of any area, live or at a year-end: measures, funds and people reached by type and year,
/// coverage rates, microcredit and relocation. Each figure is one grouped query by village (the same on SQLite and
/// PostgreSQL), summed up the tree here, so an area of any size costs a fixed number of queries; the reader's scope filters
/// every one of them like every other read.
/// </summary>
/// <remarks>
/// As of a date: a measure counts when it was taken, is under way or stopped after starting (not planned only, not
/// cancelled), of a year up to the date's and not started after it; a pairing when it started on or before the date and
/// had not ended by it; a plan when it covers a year up to the date's (or was made by the date) and was in force then (still in force, or replaced or completed after the date); a
/// work team when stationed by the date and not rotated by it, and a first secretary likewise. Households counted for
/// coverage are the poor and returned households: at a frozen year-end those of its snapshot, otherwise the registry's
/// current status. Funds come from a measure's funding rows by source where it has them, else from its total.
/// </remarks>
public static class AssistanceFigures
{
    private sealed record Group(string Village, long Value);

    /// <summary>The area's figures and its children's at the date (null when the code is not valid or outside the reader's scope).</summary>
    /// <remarks>
    /// The live figures are read from the kept rows (<see cref="StoredAssistance"/>) when they stand for the date and no county
    /// under the area has changed since; otherwise, and for a year-end, they are counted from the rows here.
    /// </remarks>
    public static async Task<AssistanceView?> ForAsync(JingzhunDbContext db, string regionCode, AssistanceDate date, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _) || !code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        var (area, children) = await StoredAssistance.ReadAsync(db, code, date, ct) ?? await CountAsync(db, code, date, ct);
        var childLevel = code.Level == RegionLevel.Village ? (RegionLevel?)null : code.Level + 1;
        DateOnly? treeOn = date.Year is { } y ? RegionsAsOf.YearEnd(y) : null;
        if (childLevel is { } level)
        {
            // Every child unit of the tree is listed, those without any figure too.
            var parent = code.Value;
            foreach (var child in await db.Regions.AsNoTracking().ValidOn(treeOn ?? date.On).Where(r => r.ParentCode == parent && r.Level == level)
                         .Select(r => r.Code).ToListAsync(ct))
                children.TryAdd(child, new AssistanceTally());
        }
        var names = await RegionsAsOf.NamesAsync(db, children.Keys.Append(code.Value), treeOn, ct);
        string Name(string c) => names.GetValueOrDefault(c) ?? c;
        return new AssistanceView(new AssistanceArea(code.Value, Name(code.Value), code.Level, area), date,
            children.Select(c => new AssistanceArea(c.Key, Name(c.Key), childLevel!.Value, c.Value)).ToList());
    }

    /// <summary>The area's tally and its children's, counted from the rows of its villages.</summary>
    private static async Task<(AssistanceTally Area, SortedDictionary<string, AssistanceTally> Children)> CountAsync(JingzhunDbContext db, RegionCode code,
        AssistanceDate date, CancellationToken ct)
    {
        var area = new AssistanceTally();
        var children = new SortedDictionary<string, AssistanceTally>(StringComparer.Ordinal);
        foreach (var (village, tally) in await VillagesAsync(db, code.Prefix, date, ct))
        {
            area.Add(tally);
            if (code.Level == RegionLevel.Village) continue;
            var child = AreaOf(village, code.Level + 1);
            if (!children.TryGetValue(child, out var c)) children[child] = c = new AssistanceTally();
            c.Add(tally);
        }
        return (area, children);
    }

    /// <summary>The code of the area at <paramref name="level"/> that holds the village.</summary>
    internal static string AreaOf(string village, RegionLevel level) => village[..RegionCode.PrefixLength(level)].PadRight(12, '0');

    /// <summary>The figures of every village under the prefix that has any, each from the grouped queries.</summary>
    public static async Task<SortedDictionary<string, AssistanceTally>> VillagesAsync(JingzhunDbContext db, string prefix, AssistanceDate date,
        CancellationToken ct = default)
    {
        var on = date.On;
        var year = on.Year;
        var next = date.Next;
        var tallies = new SortedDictionary<string, AssistanceTally>(StringComparer.Ordinal);
        AssistanceTally Of(string village) => tallies.TryGetValue(village, out var t) ? t : tallies[village] = new AssistanceTally();
        void Count(IEnumerable<Group> groups, string field)
        {
            foreach (var g in groups) AssistanceTally.Count(Of(g.Village), field, g.Value);
        }

        // Measures counted at the date, by village, type and year; funds of those without funding rows; funding rows by source.
        var measures = db.Measures.AsNoTracking().Where(m => m.Household!.VillageCode.StartsWith(prefix)
            && (m.State == MeasureState.Active || m.State == MeasureState.Completed || m.State == MeasureState.Stopped)
            && m.Year <= year && (m.StartOn == null || m.StartOn <= on));
        var byTypeYear = await measures.GroupBy(m => new { m.Household!.VillageCode, m.Type, m.Year })
            .Select(g => new { g.Key.VillageCode, g.Key.Type, g.Key.Year, Count = g.Count(), People = g.Sum(m => m.PeopleReached) }).ToListAsync(ct);
        foreach (var g in byTypeYear) Of(g.VillageCode).AddMeasures(g.Type, g.Year, g.Count, g.People, 0);
        var unsplit = await measures.Where(m => m.Funds != null && !db.MeasureFunding.Any(f => f.MeasureId == m.Id))
            .GroupBy(m => new { m.Household!.VillageCode, m.Type, m.Year })
            .Select(g => new { g.Key.VillageCode, g.Key.Type, g.Key.Year, Fen = g.Sum(m => (long?)(object?)m.Funds) ?? 0 }).ToListAsync(ct);
        foreach (var g in unsplit)
        {
            Of(g.VillageCode).AddMeasures(g.Type, g.Year, 0, 0, g.Fen);
            Of(g.VillageCode).AddSource(null, g.Fen);
        }
        var funding = await db.MeasureFunding.AsNoTracking().Join(measures, f => f.MeasureId, m => m.Id, (f, m) => new { m.Household!.VillageCode, m.Type, m.Year, f.Source, f.Amount })
            .GroupBy(x => new { x.VillageCode, x.Type, x.Year, x.Source })
            .Select(g => new { g.Key.VillageCode, g.Key.Type, g.Key.Year, g.Key.Source, Fen = g.Sum(x => (long?)(object?)x.Amount) ?? 0 }).ToListAsync(ct);
        foreach (var g in funding)
        {
            Of(g.VillageCode).AddMeasures(g.Type, g.Year, 0, 0, g.Fen);
            Of(g.VillageCode).AddSource(g.Source, g.Fen);
        }
        Count(await measures.Select(m => new { m.Household!.VillageCode, m.HouseholdId }).Distinct()
            .GroupBy(x => x.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.HouseholdsReached));
        foreach (var g in await measures.Select(m => new { m.Household!.VillageCode, m.Type, m.HouseholdId }).Distinct()
                     .GroupBy(x => new { x.VillageCode, x.Type }).Select(g => new { g.Key.VillageCode, g.Key.Type, Count = g.Count() }).ToListAsync(ct))
            Of(g.VillageCode).AddTypeHouseholds(g.Type, g.Count);

        // Coverage of the poor and returned households: at a frozen year-end its snapshot, otherwise the current status.
        var frozen = date.Year is { } y && await db.Snapshots.AnyAsync(s => s.Year == y, ct);
        var poor = frozen
            ? db.Snapshots.AsNoTracking().Where(s => s.Year == year && s.VillageCode.StartsWith(prefix)
                && (s.Status == HouseholdStatus.Poor || s.Status == HouseholdStatus.Returned)).Select(s => new { s.HouseholdId, s.VillageCode })
            : db.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith(prefix)
                && (h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned)).Select(h => new { HouseholdId = h.Id, h.VillageCode });
        Count(await poor.GroupBy(h => h.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.PoorHouseholds));
        Count(await poor.Where(h => db.CadrePairings.Any(p => p.HouseholdId == h.HouseholdId && p.StartedOn <= on && (p.EndedOn == null || p.EndedOn > on)))
            .GroupBy(h => h.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.PairedHouseholds));
        Count(await poor.Where(h => db.Plans.Any(p => p.HouseholdId == h.HouseholdId && (p.FromYear <= year || p.CreatedAt < next)
                && (p.State == PlanState.InForce || p.UpdatedAt >= next)))
            .GroupBy(h => h.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.PlannedHouseholds));

        // Poor villages (贫困村) of the tree at the date, with a team stationed and a first secretary serving.
        var villageRows = await db.Regions.AsNoTracking().ValidOn(date.Year is { } fy ? RegionsAsOf.YearEnd(fy) : on)
            .Where(r => r.Level == RegionLevel.Village && r.IsPoorVillage && r.Code.StartsWith(prefix))
            .Select(r => new
            {
                r.Code,
                Team = db.WorkTeams.Any(t => t.VillageCode == r.Code && t.TermStart <= on && (t.RotatedOn == null || t.RotatedOn > on)),
                Secretary = db.WorkTeamMembers.Any(m => m.VillageCode == r.Code && m.Role == TeamRole.FirstSecretary && m.JoinedOn <= on
                    && (m.LeftOn == null || m.LeftOn > on) && m.Team!.TermStart <= on && (m.Team.RotatedOn == null || m.Team.RotatedOn > on)),
            }).ToListAsync(ct);
        foreach (var v in villageRows)
        {
            AssistanceTally.Count(Of(v.Code), nameof(AssistanceTally.PoorVillages), 1);
            if (v.Team) AssistanceTally.Count(Of(v.Code), nameof(AssistanceTally.VillagesWithTeam), 1);
            if (v.Secretary) AssistanceTally.Count(Of(v.Code), nameof(AssistanceTally.VillagesWithFirstSecretary), 1);
        }

        // Microcredit: households rated by the date; with a line on their latest rating of the date.
        var ratings = db.CreditRatings.AsNoTracking().Where(r => r.Household!.VillageCode.StartsWith(prefix) && r.RatedOn <= on);
        Count(await ratings.Select(r => new { r.Household!.VillageCode, r.HouseholdId }).Distinct()
            .GroupBy(x => x.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.RatedHouseholds));
        Count(await ratings.Where(r => r.Grade != CreditGrade.Unrated && !db.CreditRatings.Any(o => o.HouseholdId == r.HouseholdId && o.RatedOn <= on
                && (o.RatedOn > r.RatedOn || (o.RatedOn == r.RatedOn && o.Id > r.Id))))
            .GroupBy(r => r.Household!.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.HouseholdsWithLine));
        var yearStart = new DateOnly(year, 1, 1);
        var loans = db.Loans.AsNoTracking().Where(l => l.Household!.VillageCode.StartsWith(prefix) && l.IssuedOn <= on);
        foreach (var g in await loans.GroupBy(l => l.Household!.VillageCode).Select(g => new
                 {
                     Village = g.Key,
                     InYear = g.Sum(l => l.IssuedOn >= yearStart ? 1 : 0),
                     InYearFen = g.Sum(l => l.IssuedOn >= yearStart ? (long)(object)l.Amount : 0L),
                     Fen = g.Sum(l => (long)(object)l.Amount),
                     DueFen = g.Sum(l => l.DueOn <= on ? (long)(object)l.Amount : 0L),
                     PastDueFen = g.Sum(l => l.DueOn < on ? (long)(object)l.Amount : 0L),
                 }).ToListAsync(ct))
        {
            var t = Of(g.Village);
            AssistanceTally.Count(t, nameof(AssistanceTally.LoansInYear), g.InYear);
            AssistanceTally.Count(t, nameof(AssistanceTally.IssuedInYearFen), g.InYearFen);
            AssistanceTally.Count(t, nameof(AssistanceTally.IssuedFen), g.Fen);
            AssistanceTally.Count(t, nameof(AssistanceTally.DueFen), g.DueFen);
            AssistanceTally.Count(t, nameof(AssistanceTally.OverdueFen), g.PastDueFen);
        }
        var repayments = db.Repayments.AsNoTracking().Where(r => r.PaidOn <= on)
            .Join(loans, r => r.LoanId, l => l.Id, (r, l) => new { l.Household!.VillageCode, l.DueOn, r.Principal });
        foreach (var g in await repayments.GroupBy(r => r.VillageCode).Select(g => new
                 {
                     Village = g.Key,
                     Fen = g.Sum(r => (long)(object)r.Principal),
                     OfDueFen = g.Sum(r => r.DueOn <= on ? (long)(object)r.Principal : 0L),
                     OfPastDueFen = g.Sum(r => r.DueOn < on ? (long)(object)r.Principal : 0L),
                 }).ToListAsync(ct))
        {
            var t = Of(g.Village);
            AssistanceTally.Count(t, nameof(AssistanceTally.RepaidFen), g.Fen);
            AssistanceTally.Count(t, nameof(AssistanceTally.RepaidOfDueFen), g.OfDueFen);
            // Overdue (逾期): principal of loans past their due date not repaid by the date.
            AssistanceTally.Count(t, nameof(AssistanceTally.OverdueFen), -g.OfPastDueFen);
        }
        Count(await loans.Where(l => l.DueOn < on
                && (db.Repayments.Where(r => r.LoanId == l.Id && r.PaidOn <= on).Sum(r => (long?)(object?)r.Principal) ?? 0) < (long)(object)l.Amount)
            .GroupBy(l => l.Household!.VillageCode).Select(g => new Group(g.Key, g.Count())).ToListAsync(ct), nameof(AssistanceTally.OverdueLoans));

        // Relocation: households moved in by the date (a few per village: read as rows, the area summed here, exact on both engines).
        foreach (var g in (await db.Relocations.AsNoTracking().Where(r => r.Household!.VillageCode.StartsWith(prefix)
                         && r.State == RelocationState.MovedIn && r.MovedOn != null && r.MovedOn <= on)
                     .Select(r => new { r.Household!.VillageCode, r.People, r.HousingArea }).ToListAsync(ct)).GroupBy(r => r.VillageCode))
        {
            var t = Of(g.Key);
            AssistanceTally.Count(t, nameof(AssistanceTally.RelocatedHouseholds), g.Count());
            AssistanceTally.Count(t, nameof(AssistanceTally.RelocatedPeople), g.Sum(r => r.People));
            t.AddArea(g.Sum(r => r.HousingArea));
        }
        return tallies;
    }
}
