using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>The lists of the coverage report (帮扶覆盖情况). Numeric values travel in links and the API; never renumber.</summary>
public enum CoverageList
{
    [Label("无驻村工作队的贫困村", "Poor villages without a work team")] VillagesWithoutTeam = 1,
    [Label("无第一书记的贫困村", "Poor villages without a first secretary")] VillagesWithoutFirstSecretary = 2,
    [Label("无帮扶责任人的户", "Households without a cadre")] HouseholdsWithoutCadre = 3,
    [Label("无帮扶计划的户", "Households without a plan in force")] HouseholdsWithoutPlan = 4,
    [Label("超过结对上限的帮扶责任人", "Cadres over the caseload limit")] CadresOverLimit = 5,
}

/// <summary>One figure of the report: how many there are and how many of them lack cover; the rate is covered ÷ total.</summary>
public sealed record CoverageFigure(int Total, int Uncovered)
{
    public int Covered => Total - Uncovered;

    /// <summary>Covered ÷ total, or null when there is nothing to cover.</summary>
    public double? Rate => Total == 0 ? null : (double)Covered / Total;

    public static CoverageFigure operator +(CoverageFigure a, CoverageFigure b) => new(a.Total + b.Total, a.Uncovered + b.Uncovered);

    public static CoverageFigure Zero { get; } = new(0, 0);
}

/// <summary>An area's five figures.</summary>
public sealed record CoverageArea(string Code, string Name, RegionLevel Level, IReadOnlyDictionary<CoverageList, CoverageFigure> Figures)
{
    public CoverageFigure this[CoverageList list] => Figures.GetValueOrDefault(list) ?? CoverageFigure.Zero;
}

/// <summary>A poor village lacking a team or a first secretary.</summary>
public sealed record UncoveredVillage(string Code, string Name, bool HasTeam, bool HasFirstSecretary);

/// <summary>A household to be covered (poor, returned to poverty, or monitored) that lacks a cadre or a plan in force.</summary>
public sealed record UncoveredHousehold(long Id, string Number, string VillageCode, string VillageName, string HeadName, HouseholdStatus Status, bool Monitored)
{
    public string KindText(bool english) =>
        Status is HouseholdStatus.Poor or HouseholdStatus.Returned
            ? Status.Label(english) + (Monitored ? (english ? ", monitored" : "、监测对象") : "")
            : english ? "Monitored" : "监测对象";
}

/// <summary>A serving cadre with more active pairings than the rule set allows.</summary>
public sealed record OverloadedCadre(int Id, string Name, string Unit, string CountyCode, int Caseload, int Limit);

/// <summary>The coverage report of an area: its figures, its children's, and the first rows of each list (all of them in the xlsx).</summary>
public sealed record CoverageReport(CoverageArea Area, IReadOnlyList<CoverageArea> Children, IReadOnlyList<UncoveredVillage> VillagesWithoutTeam,
    IReadOnlyList<UncoveredVillage> VillagesWithoutFirstSecretary, IReadOnlyList<UncoveredHousehold> HouseholdsWithoutCadre,
    IReadOnlyList<UncoveredHousehold> HouseholdsWithoutPlan, IReadOnlyList<OverloadedCadre> CadresOverLimit, int RowLimit);

/// <summary>
/// The coverage report (帮扶覆盖情况) of any area, from a village up to the nation: (a) poor villages (the region's flag)
/// without a stationed work team, and without a first secretary among its present members; (b) households to be covered
/// — poor or returned to poverty, or with an active monitored object — without an active pairing with a serving cadre;
/// (c) the same households without a plan in force; (d) serving cadres with more active pairings than the rule set's
/// <see cref="RuleSet.CadreCaseloadLimit"/>. Every figure is counted by the database (GROUP BY village, or by county for
/// the roster), never household by household, and summed up the tree here. The reader's scope filters every read.
/// <para>
/// The cadres counted in an area are those of its counties' rosters (a county and above), or those paired with a household
/// of the area (a township or a village). A cadre's caseload is all of their active pairings in their county, whatever the
/// reader's own region (a count, not personal data), so a township officer sees the same caseload as the county.
/// Hence the cadre figures of a county's townships need not add up to the county's (a cadre may help in two townships,
/// or none yet); every other figure of the children sums to the parent's.
/// </para>
/// </summary>
public static class Coverage
{
    public const int DefaultRows = 200;
    private const int ExportPage = 2_000;

    public static IReadOnlyList<CoverageList> Lists { get; } = Enum.GetValues<CoverageList>();

    /// <summary>Whether the reader may open the area's report: a valid code inside the reader's region, read as region work.</summary>
    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) => WorkTeams.IsVisible(db, regionCode, out code);

    /// <summary>The report (null when the reader may not see the area); each list holds its first <paramref name="rows"/> rows.</summary>
    public static async Task<CoverageReport?> ForAsync(JingzhunDbContext db, string regionCode, DateTime now, int rows = DefaultRows, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        rows = Math.Clamp(rows, 0, 10_000);
        var today = DateOnly.FromDateTime(now);
        var prefix = code.Prefix;
        RegionLevel? childLevel = code.Level == RegionLevel.Village ? null : code.Level + 1;
        var childLength = childLevel is { } cl ? RegionCode.PrefixLength(cl) : 12;
        string ChildOf(string c) => c[..childLength].PadRight(12, '0');

        var area = new Dictionary<CoverageList, CoverageFigure>();
        var children = new SortedDictionary<string, Dictionary<CoverageList, CoverageFigure>>(StringComparer.Ordinal);
        if (childLevel is { } level)
            foreach (var child in await db.Regions.AsNoTracking().ValidOn(today).Where(r => r.Level == level && r.Code.StartsWith(prefix))
                         .Select(r => r.Code).ToListAsync(ct))
                children[child] = [];
        void Add(CoverageList list, string village, CoverageFigure figure)
        {
            area[list] = area.GetValueOrDefault(list, CoverageFigure.Zero) + figure;
            if (childLevel is null) return;
            var child = ChildOf(village);
            if (!children.TryGetValue(child, out var figures)) children[child] = figures = [];
            figures[list] = figures.GetValueOrDefault(list, CoverageFigure.Zero) + figure;
        }

        // (a) Poor villages: one query, each with whether it has a stationed team and a present first secretary.
        var villages = await PoorVillages(db, prefix, today).ToListAsync(ct);
        foreach (var v in villages)
        {
            Add(CoverageList.VillagesWithoutTeam, v.Code, new CoverageFigure(1, v.HasTeam ? 0 : 1));
            Add(CoverageList.VillagesWithoutFirstSecretary, v.Code, new CoverageFigure(1, v.HasFirstSecretary ? 0 : 1));
        }

        // (b), (c) Households to be covered, counted by village: all, without a cadre, without a plan in force.
        var totals = await CountByVillageAsync(Targets(db, prefix), ct);
        var noCadre = await CountByVillageAsync(WithoutCadre(db, Targets(db, prefix)), ct);
        var noPlan = await CountByVillageAsync(WithoutPlan(db, Targets(db, prefix)), ct);
        foreach (var (village, total) in totals)
        {
            Add(CoverageList.HouseholdsWithoutCadre, village, new CoverageFigure(total, noCadre.GetValueOrDefault(village)));
            Add(CoverageList.HouseholdsWithoutPlan, village, new CoverageFigure(total, noPlan.GetValueOrDefault(village)));
        }

        // (d) Cadres.
        var cadres = await CadresAsync(db, code, now.Year, childLevel is null ? null : childLength, ct);
        area[CoverageList.CadresOverLimit] = cadres.Area;
        foreach (var (child, figure) in cadres.Children)
        {
            var key = child.PadRight(12, '0');
            if (!children.TryGetValue(key, out var figures)) children[key] = figures = [];
            figures[CoverageList.CadresOverLimit] = figure;
        }

        var names = await RegionsAsOf.NamesAsync(db, children.Keys.Append(code.Value), null, ct);
        string Name(string c) => names.GetValueOrDefault(c) ?? c;
        var report = new CoverageReport(
            new CoverageArea(code.Value, Name(code.Value), code.Level, area),
            children.Select(c => new CoverageArea(c.Key, Name(c.Key), childLevel!.Value, c.Value)).ToList(),
            villages.Where(v => !v.HasTeam).Take(rows).Select(v => new UncoveredVillage(v.Code, v.Name, v.HasTeam, v.HasFirstSecretary)).ToList(),
            villages.Where(v => !v.HasFirstSecretary).Take(rows).Select(v => new UncoveredVillage(v.Code, v.Name, v.HasTeam, v.HasFirstSecretary)).ToList(),
            await HouseholdRowsAsync(db, WithoutCadre(db, Targets(db, prefix)), 0, rows, ct),
            await HouseholdRowsAsync(db, WithoutPlan(db, Targets(db, prefix)), 0, rows, ct),
            cadres.Over.Take(rows).ToList(),
            rows);
        return report;
    }

    /// <summary>
    /// One list of the area as an xlsx sheet with Chinese headers (every row, no resident ID), for the county to work through;
    /// the download is audited. Null when the reader may not see the area.
    /// </summary>
    public static async Task<byte[]?> ExportAsync(JingzhunDbContext db, string regionCode, CoverageList list, DateTime now, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code) || !Enum.IsDefined(list)) return null;
        var prefix = code.Prefix;
        var today = DateOnly.FromDateTime(now);
        var rows = new List<Dictionary<string, object?>>();
        string[] headers;
        switch (list)
        {
            case CoverageList.VillagesWithoutTeam or CoverageList.VillagesWithoutFirstSecretary:
            {
                headers = ["序号", "行政村代码", "行政村", "乡镇", "有在村工作队", "有第一书记"];
                var villages = (await PoorVillages(db, prefix, today).ToListAsync(ct))
                    .Where(v => list == CoverageList.VillagesWithoutTeam ? !v.HasTeam : !v.HasFirstSecretary).ToList();
                var townships = await RegionsAsOf.NamesAsync(db, villages.Select(v => v.Code[..9].PadRight(12, '0')), null, ct);
                foreach (var v in villages)
                    rows.Add(Row(headers, rows.Count + 1, v.Code, v.Name, townships.GetValueOrDefault(v.Code[..9].PadRight(12, '0')) ?? "",
                        v.HasTeam ? "是" : "否", v.HasFirstSecretary ? "是" : "否"));
                break;
            }
            case CoverageList.HouseholdsWithoutCadre or CoverageList.HouseholdsWithoutPlan:
            {
                headers = ["序号", "户编号", "行政村代码", "行政村", "户主姓名", "户类别"];
                var query = list == CoverageList.HouseholdsWithoutCadre ? WithoutCadre(db, Targets(db, prefix)) : WithoutPlan(db, Targets(db, prefix));
                for (var skip = 0; ; skip += ExportPage)
                {
                    var batch = await HouseholdRowsAsync(db, query, skip, ExportPage, ct);
                    foreach (var h in batch) rows.Add(Row(headers, rows.Count + 1, h.Number, h.VillageCode, h.VillageName, h.HeadName, h.KindText(false)));
                    if (batch.Count < ExportPage) break;
                }
                break;
            }
            default:
            {
                headers = ["序号", "姓名", "工作单位", "所在县代码", "结对户数", "结对上限"];
                var cadres = await CadresAsync(db, code, now.Year, null, ct);
                foreach (var c in cadres.Over) rows.Add(Row(headers, rows.Count + 1, c.Name, c.Unit, c.CountyCode, c.Caseload, c.Limit));
                break;
            }
        }
        var count = rows.Count;
        if (rows.Count == 0) rows.Add(headers.ToDictionary(h => h, _ => (object?)null));
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: list.Chinese(), cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "CoverageReport", EntityId = $"{code.Value} {list}",
            RegionCode = code.Value,
            Reason = $"导出{list.Chinese()}（{code.Value}，{count}条） / exported {list.English()} of {code.Value} ({count} rows)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(string[] headers, params object?[] values)
    {
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < headers.Length; i++) row[headers[i]] = values[i];
        return row;
    }

    private sealed record PoorVillage(string Code, string Name, bool HasTeam, bool HasFirstSecretary);

    /// <summary>The area's poor villages today, each with whether a team is stationed and a first secretary is present.</summary>
    private static IQueryable<PoorVillage> PoorVillages(JingzhunDbContext db, string prefix, DateOnly today) =>
        db.Regions.AsNoTracking().ValidOn(today)
            .Where(r => r.Level == RegionLevel.Village && r.IsPoorVillage && r.Code.StartsWith(prefix))
            .OrderBy(r => r.Code)
            .Select(r => new PoorVillage(r.Code, r.Name,
                db.WorkTeams.Any(t => t.VillageCode == r.Code && t.State == WorkTeamState.Stationed),
                db.WorkTeamMembers.Any(m => m.VillageCode == r.Code && m.LeftOn == null && m.Role == TeamRole.FirstSecretary
                    && m.Team!.State == WorkTeamState.Stationed)));

    /// <summary>The households to be covered: poor or returned to poverty, or with an active monitored object.</summary>
    private static IQueryable<Household> Targets(JingzhunDbContext db, string prefix) =>
        db.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith(prefix)
            && (h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned
                || db.MonitoredObjects.Any(m => m.HouseholdId == h.Id && m.State != RiskState.Eliminated)));

    private static IQueryable<Household> WithoutCadre(JingzhunDbContext db, IQueryable<Household> households) =>
        households.Where(h => !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null && p.Cadre!.State == CadreState.Serving));

    private static IQueryable<Household> WithoutPlan(JingzhunDbContext db, IQueryable<Household> households) =>
        households.Where(h => !db.Plans.Any(p => p.HouseholdId == h.Id && p.State == PlanState.InForce));

    private static async Task<Dictionary<string, int>> CountByVillageAsync(IQueryable<Household> households, CancellationToken ct) =>
        await households.GroupBy(h => h.VillageCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private static async Task<List<UncoveredHousehold>> HouseholdRowsAsync(JingzhunDbContext db, IQueryable<Household> households, int skip, int take,
        CancellationToken ct)
    {
        if (take <= 0) return [];
        var rows = await households.OrderBy(h => h.VillageCode).ThenBy(h => h.Number).ThenBy(h => h.Id).Skip(skip).Take(take)
            .Select(h => new
            {
                h.Id, h.Number, h.VillageCode, h.Status,
                Head = h.Members.Where(m => m.Relation == Relation.Head && m.State == MemberState.Present).Select(m => m.Name).FirstOrDefault(),
                Monitored = db.MonitoredObjects.Any(m => m.HouseholdId == h.Id && m.State != RiskState.Eliminated),
            })
            .ToListAsync(ct);
        var names = await RegionsAsOf.NamesAsync(db, rows.Select(r => r.VillageCode), null, ct);
        return rows.Select(r => new UncoveredHousehold(r.Id, r.Number, r.VillageCode, names.GetValueOrDefault(r.VillageCode) ?? r.VillageCode, r.Head ?? "",
            r.Status, r.Monitored)).ToList();
    }

    private sealed record CadreFigures(CoverageFigure Area, IReadOnlyDictionary<string, CoverageFigure> Children, IReadOnlyList<OverloadedCadre> Over);

    /// <summary>
    /// The cadre figures of an area: how many serving cadres count in it and which are over their county's limit, with the
    /// children's figures keyed by the child's code prefix (<paramref name="childLength"/> digits; null: no children).
    /// </summary>
    private static async Task<CadreFigures> CadresAsync(JingzhunDbContext db, RegionCode code, int year, int? childLength, CancellationToken ct)
    {
        var prefix = code.Prefix;
        var limitOf = await LimitsAsync(db, year, ct);
        var floor = limitOf.Floor;
        // A cadre's caseload is every active pairing in their county: pairings never cross counties (Pairings checks the roster's county).
        var countyPrefix = code.Level <= RegionLevel.County ? prefix : code.Value[..6];
        var heavy = await db.CadrePairings.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.EndedOn == null && p.CountyCode.StartsWith(countyPrefix))
            .GroupBy(p => p.CadreId).Where(g => g.Count() > floor)
            .Select(g => new { CadreId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CadreId, g => g.Count, ct);
        var heavyIds = heavy.Keys.ToList();
        var candidates = heavyIds.Count == 0 ? [] : await db.Cadres.AsNoTracking()
            .Where(c => heavyIds.Contains(c.Id) && c.State == CadreState.Serving && c.CountyCode.StartsWith(countyPrefix))
            .Select(c => new { c.Id, c.Name, c.Unit, c.CountyCode }).ToListAsync(ct);
        var overAll = candidates.Where(c => heavy[c.Id] > limitOf.For(c.CountyCode))
            .Select(c => new OverloadedCadre(c.Id, c.Name, c.Unit, c.CountyCode, heavy[c.Id], limitOf.For(c.CountyCode)))
            .OrderByDescending(c => c.Caseload - c.Limit).ThenBy(c => c.CountyCode).ThenBy(c => c.Name).ThenBy(c => c.Id).ToList();
        var overIds = overAll.Select(c => c.Id).ToHashSet();

        var children = new Dictionary<string, CoverageFigure>(StringComparer.Ordinal);
        if (code.Level <= RegionLevel.County)
        {
            // The rosters of the area's counties, counted by county.
            var byCounty = await db.Cadres.AsNoTracking().Where(c => c.State == CadreState.Serving && c.CountyCode.StartsWith(prefix))
                .GroupBy(c => c.CountyCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var overByCounty = overAll.GroupBy(c => c.CountyCode).ToDictionary(g => g.Key, g => g.Count());
            var area = CoverageFigure.Zero;
            foreach (var county in byCounty)
            {
                var figure = new CoverageFigure(county.Count, overByCounty.GetValueOrDefault(county.Key));
                area += figure;
                if (childLength is { } length && length <= 6)
                {
                    var child = county.Key[..length];
                    children[child] = children.GetValueOrDefault(child, CoverageFigure.Zero) + figure;
                }
            }
            if (childLength is { } townships && townships > 6)
                foreach (var (child, figure) in await PairedByChildAsync(db, prefix, townships, overIds, ct))
                    children[child] = figure;
            return new CadreFigures(area, children, overAll);
        }

        // A township or a village: the cadres paired with its households.
        var pairs = await PairsAsync(db, prefix, childLength ?? 12, ct);
        var inArea = pairs.Select(p => p.CadreId).ToHashSet();
        if (childLength is { } l)
            foreach (var (child, figure) in Group(pairs, overIds)) children[child] = figure;
        return new CadreFigures(new CoverageFigure(inArea.Count, inArea.Count(overIds.Contains)), children,
            overAll.Where(c => inArea.Contains(c.Id)).ToList());
    }

    private sealed record Pair(string Child, int CadreId);

    /// <summary>Each (child area, serving cadre) with an active pairing there: at most one row per cadre and child.</summary>
    private static async Task<List<Pair>> PairsAsync(JingzhunDbContext db, string prefix, int childLength, CancellationToken ct) =>
        (await db.CadrePairings.AsNoTracking()
            .Where(p => p.EndedOn == null && p.VillageCode.StartsWith(prefix) && p.Cadre!.State == CadreState.Serving)
            .Select(p => new { Child = p.VillageCode.Substring(0, childLength), p.CadreId })
            .Distinct()
            .ToListAsync(ct))
        .Select(p => new Pair(p.Child, p.CadreId)).ToList();

    private static async Task<Dictionary<string, CoverageFigure>> PairedByChildAsync(JingzhunDbContext db, string prefix, int childLength, HashSet<int> over,
        CancellationToken ct) => Group(await PairsAsync(db, prefix, childLength, ct), over);

    private static Dictionary<string, CoverageFigure> Group(List<Pair> pairs, HashSet<int> over) =>
        pairs.GroupBy(p => p.Child).ToDictionary(g => g.Key, g => new CoverageFigure(g.Count(), g.Count(p => over.Contains(p.CadreId))), StringComparer.Ordinal);

    private sealed record Limits(Func<string, int> For, int Floor);

    /// <summary>The caseload limit of each county in the year: its published rule set (the most specific jurisdiction), else the national one.</summary>
    private static async Task<Limits> LimitsAsync(JingzhunDbContext db, int year, CancellationToken ct)
    {
        var versions = await db.RuleSets.AsNoTracking().Where(r => r.Year == year && !r.IsDraft).ToListAsync(ct);
        var national = PovertyLines.NationalRuleSet(year).CadreCaseloadLimit;
        var parsed = versions.Select(v => (v.Jurisdiction, v.Version, Limit: RuleBook.Parse(v).CadreCaseloadLimit)).ToList();
        var cache = new Dictionary<string, int>(StringComparer.Ordinal);
        int For(string county)
        {
            if (cache.TryGetValue(county, out var known)) return known;
            var best = parsed.Where(p => county.StartsWith(p.Jurisdiction, StringComparison.Ordinal))
                .OrderByDescending(p => p.Jurisdiction.Length).ThenByDescending(p => p.Version).Select(p => (int?)p.Limit).FirstOrDefault();
            return cache[county] = best ?? national;
        }
        return new Limits(For, parsed.Select(p => p.Limit).Append(national).Min());
    }
}
