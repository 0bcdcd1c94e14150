using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>The date a ledger stands at: the live register (now), or the 31 December of a year (its last moment).</summary>
public sealed record LedgerDate(int? Year, DateTime AsOf)
{
    public static LedgerDate Live(DateTime now) => new(null, DateTime.SpecifyKind(now, DateTimeKind.Utc));

    /// <summary>The last microsecond of the year (both engines keep microseconds), so an event on 31 December counts.</summary>
    public static LedgerDate YearEnd(int year) => new(year, new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10));

    public bool IsLive => Year is null;

    /// <summary>"live" or the year, as links and the API carry it.</summary>
    public string Text => Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "live";

    /// <summary>"live" (or nothing) is now; a number between 2000 and 2999 is that year's end.</summary>
    public static bool TryParse(string? text, DateTime now, out LedgerDate date)
    {
        date = Live(now);
        if (string.IsNullOrWhiteSpace(text) || text.Equals("live", StringComparison.OrdinalIgnoreCase)) return true;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2999)
            return false;
        date = YearEnd(year);
        return true;
    }
}

/// <summary>An area's monitoring figures: households and people by type and by risk class, eliminated and continuing.</summary>
public sealed record LedgerArea(string Code, string Name, RegionLevel Level, MonitoringTally Tally);

/// <summary>One row of the monitoring ledger (监测台账).</summary>
public sealed record LedgerRow(long ObjectId, long HouseholdId, string Number, string VillageCode, string VillageName, string HeadName,
    MonitoringCategory Type, RiskClass RiskClass, PovertyCause Causes, int People, DateTime FoundAt, DiscoveryChannel Channel,
    DateTime RecognisedAt, IReadOnlyList<(MeasureType Type, int Count)> Measures, RiskState State, DateTime? EliminatedAt,
    DateTime? EvaluatedAt, bool? EvaluatedEffective, string Evaluation)
{
    public string CausesText(bool english) =>
        string.Join(english ? ", " : "、", Enum.GetValues<PovertyCause>().Where(c => c != PovertyCause.None && Causes.HasFlag(c)).Select(c => c.Label(english)));

    public string MeasuresText(bool english) =>
        string.Join(english ? ", " : "、", Measures.Select(m => m.Count > 1 ? $"{m.Type.Label(english)}×{m.Count}" : m.Type.Label(english)));

    public string EvaluationText(bool english) => EvaluatedEffective switch
    {
        null => "",
        true => (english ? "effective" : "成效明显") + (Evaluation.Length > 0 ? (english ? ": " : "：") + Evaluation : ""),
        false => (english ? "not effective" : "成效不明显") + (Evaluation.Length > 0 ? (english ? ": " : "：") + Evaluation : ""),
    };
}

/// <summary>The ledger of an area at a date: its figures, its children's, and one page of rows.</summary>
public sealed record LedgerView(LedgerArea Area, LedgerDate Date, IReadOnlyList<LedgerArea> Children, IReadOnlyList<LedgerRow> Rows,
    int TotalRows, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (TotalRows + PageSize - 1) / PageSize);
}

/// <summary>
/// The county, township and village monitoring ledgers (县乡村三级动态监测台账, 003.md §3.8 Chamdo and Nagqu): the
/// figures are counted by the database (GROUP BY village, type, risk class and eliminated-by-date) and summed up the
/// tree here, so a county of any size costs one grouped query; the rows come a page at a time. The reader's scope
/// filters both, like every other read.
/// </summary>
public static class MonitoringLedger
{
    public const int DefaultPageSize = 50;
    private const int ExportPage = 2_000;

    /// <summary>Whether the reader may open the area's ledger: a valid code inside the reader's region.</summary>
    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>The area's figures and its children's at the date (null when the reader may not see the area).</summary>
    public static async Task<(LedgerArea Area, IReadOnlyList<LedgerArea> Children)?> FiguresAsync(JingzhunDbContext db, string regionCode, LedgerDate date,
        CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var groups = await GroupsAsync(db, code.Prefix, date.AsOf, ct);
        DateOnly? on = date.Year is { } y ? RegionsAsOf.YearEnd(y) : null;
        var area = new MonitoringTally();
        var children = new SortedDictionary<string, MonitoringTally>(StringComparer.Ordinal);
        var childLevel = code.Level == RegionLevel.Village ? (RegionLevel?)null : code.Level + 1;
        if (childLevel is { } level)
        {
            var treeDate = on ?? DateOnly.FromDateTime(date.AsOf);
            var parent = code.Value;
            foreach (var child in await db.Regions.AsNoTracking().ValidOn(treeDate).Where(r => r.ParentCode == parent && r.Level == level)
                         .Select(r => r.Code).ToListAsync(ct))
                children[child] = new MonitoringTally();
        }
        foreach (var g in groups)
        {
            area.Add(g.Type, g.RiskClass, g.Eliminated, g.Households, g.People);
            if (childLevel is not { } l) continue;
            var child = g.VillageCode[..RegionCode.PrefixLength(l)].PadRight(12, '0');
            if (!children.TryGetValue(child, out var tally)) children[child] = tally = new MonitoringTally();
            tally.Add(g.Type, g.RiskClass, g.Eliminated, g.Households, g.People);
        }
        var names = await RegionsAsOf.NamesAsync(db, children.Keys.Append(code.Value), on, ct);
        string Name(string c) => names.GetValueOrDefault(c) ?? c;
        return (new LedgerArea(code.Value, Name(code.Value), code.Level, area),
            children.Select(c => new LedgerArea(c.Key, Name(c.Key), childLevel!.Value, c.Value)).ToList());
    }

    /// <summary>The area's own figures at the date, in one grouped query (null when the reader may not see the area).</summary>
    public static async Task<MonitoringTally?> TallyAsync(JingzhunDbContext db, string regionCode, LedgerDate date, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var asOf = date.AsOf;
        var tally = new MonitoringTally();
        foreach (var g in await Objects(db, code.Prefix, asOf)
                     .GroupBy(m => new { m.Type, m.RiskClass, Eliminated = m.EliminatedAt != null && m.EliminatedAt <= asOf })
                     .Select(g => new { g.Key.Type, g.Key.RiskClass, g.Key.Eliminated, Households = g.Count(), People = g.Sum(m => m.People) })
                     .ToListAsync(ct))
            tally.Add(g.Type, g.RiskClass, g.Eliminated, g.Households, g.People);
        return tally;
    }

    /// <summary>
    /// The area's own figures at the end of each of <paramref name="years"/> and at <paramref name="live"/>, in one grouped query
    /// instead of one per date (the dashboard's trend): objects are grouped by the year they were recognised and eliminated in,
    /// which places them against every year-end at once, and by whether each had happened by <paramref name="live"/>. Equal to
    /// <see cref="TallyAsync"/> at each date; null when the reader may not see the area.
    /// </summary>
    public static async Task<(Dictionary<int, MonitoringTally> Years, MonitoringTally Live)?> TrendAsync(JingzhunDbContext db, string regionCode,
        IReadOnlyCollection<int> years, DateTime live, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var prefix = code.Prefix;
        var groups = await db.MonitoredObjects.AsNoTracking().Where(m => m.VillageCode.StartsWith(prefix))
            .GroupBy(m => new
            {
                m.Type, m.RiskClass, Recognised = m.RecognisedAt.Year, Eliminated = m.EliminatedAt == null ? (int?)null : m.EliminatedAt.Value.Year,
                RecognisedLive = m.RecognisedAt <= live, EliminatedLive = m.EliminatedAt != null && m.EliminatedAt <= live,
            })
            .Select(g => new { g.Key, Households = g.Count(), People = g.Sum(m => m.People) })
            .ToListAsync(ct);
        // A year-end is the year's last microsecond, so "recognised by the year-end" is "recognised in that year or before".
        var byYear = years.Distinct().ToDictionary(y => y, _ => new MonitoringTally());
        var now = new MonitoringTally();
        foreach (var g in groups)
        {
            foreach (var (year, tally) in byYear)
                if (g.Key.Recognised <= year) tally.Add(g.Key.Type, g.Key.RiskClass, g.Key.Eliminated <= year, g.Households, g.People);
            if (g.Key.RecognisedLive) now.Add(g.Key.Type, g.Key.RiskClass, g.Key.EliminatedLive, g.Households, g.People);
        }
        return (byYear, now);
    }

    /// <summary>The figures, the children and one page of rows (null when the reader may not see the area).</summary>
    public static async Task<LedgerView?> ForAsync(JingzhunDbContext db, string regionCode, LedgerDate date, int page = 1, int pageSize = DefaultPageSize,
        CancellationToken ct = default)
    {
        if (await FiguresAsync(db, regionCode, date, ct) is not { } figures) return null;
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var prefix = RegionCode.Parse(regionCode).Prefix;
        var total = await Objects(db, prefix, date.AsOf).CountAsync(ct);
        var rows = await RowsAsync(db, prefix, date, (page - 1) * pageSize, pageSize, ct);
        return new LedgerView(figures.Area, date, figures.Children, rows, total, page, pageSize);
    }

    /// <summary>
    /// The whole ledger of the area as an xlsx sheet with Chinese headers (the form counties file), no resident ID in
    /// it; the export is audited.
    /// </summary>
    public static async Task<byte[]?> ExportAsync(JingzhunDbContext db, string regionCode, LedgerDate date, DateTime now, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var rows = new List<Dictionary<string, object?>>();
        for (var skip = 0; ; skip += ExportPage)
        {
            var batch = await RowsAsync(db, code.Prefix, date, skip, ExportPage, ct);
            rows.AddRange(batch.Select(r => new Dictionary<string, object?>
            {
                ["序号"] = rows.Count + 1, ["户编号"] = r.Number, ["行政村代码"] = r.VillageCode, ["行政村"] = r.VillageName, ["户主姓名"] = r.HeadName,
                ["监测对象类型"] = r.Type.Chinese(), ["风险类别"] = r.RiskClass.Chinese(), ["致贫返贫风险"] = r.CausesText(false), ["人口数"] = r.People,
                ["发现时间"] = r.FoundAt.ToString("yyyy-MM-dd"), ["发现方式"] = r.Channel.Chinese(), ["纳入监测时间"] = r.RecognisedAt.ToString("yyyy-MM-dd"),
                ["帮扶措施"] = r.MeasuresText(false), ["风险状态"] = r.State.Chinese(),
                ["风险消除时间"] = r.EliminatedAt?.ToString("yyyy-MM-dd") ?? "", ["市级评估成效"] = r.EvaluationText(false),
            }));
            if (batch.Count < ExportPage) break;
        }
        if (rows.Count == 0)
            rows.Add(new Dictionary<string, object?> { ["序号"] = null, ["户编号"] = null, ["行政村代码"] = null, ["行政村"] = null, ["户主姓名"] = null });
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "监测台账", cancellationToken: ct);
        var count = rows.Count(r => r["序号"] is not null);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "MonitoringLedger", EntityId = $"{code.Value} {date.Text}",
            RegionCode = code.Value,
            Reason = $"导出监测台账（{code.Value}，{date.Text}，{count}户） / exported the monitoring ledger of {code.Value} ({date.Text}, {count} households)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private sealed record Group(string VillageCode, MonitoringCategory Type, RiskClass RiskClass, bool Eliminated, int Households, int People);

    private static IQueryable<MonitoredObject> Objects(JingzhunDbContext db, string prefix, DateTime asOf) =>
        db.MonitoredObjects.AsNoTracking().Where(m => m.VillageCode.StartsWith(prefix) && m.RecognisedAt <= asOf);

    /// <summary>One grouped query: objects recognised by the date, by village, type, class and whether eliminated by the date.</summary>
    private static async Task<List<Group>> GroupsAsync(JingzhunDbContext db, string prefix, DateTime asOf, CancellationToken ct) =>
        (await Objects(db, prefix, asOf)
            .GroupBy(m => new { m.VillageCode, m.Type, m.RiskClass, Eliminated = m.EliminatedAt != null && m.EliminatedAt <= asOf })
            .Select(g => new { g.Key.VillageCode, g.Key.Type, g.Key.RiskClass, g.Key.Eliminated, Households = g.Count(), People = g.Sum(m => m.People) })
            .ToListAsync(ct))
        .Select(g => new Group(g.VillageCode, g.Type, g.RiskClass, g.Eliminated, g.Households, g.People)).ToList();

    private static async Task<List<LedgerRow>> RowsAsync(JingzhunDbContext db, string prefix, LedgerDate date, int skip, int take, CancellationToken ct)
    {
        var asOf = date.AsOf;
        var objects = await Objects(db, prefix, asOf)
            .OrderBy(m => m.VillageCode).ThenBy(m => m.RecognisedAt).ThenBy(m => m.Id)
            .Skip(skip).Take(take)
            .Select(m => new
            {
                m.Id, m.HouseholdId, Number = m.Household!.Number, m.VillageCode,
                Head = m.Household.Members.Where(x => x.Relation == Relation.Head && x.State == MemberState.Present).Select(x => x.Name).FirstOrDefault(),
                m.Type, m.RiskClass, m.Causes, m.People, m.FoundAt, m.Channel, m.RecognisedAt, m.RecognisedYear, m.State, m.EliminatedAt,
                m.EvaluatedAt, m.EvaluatedEffective, m.Evaluation,
            })
            .ToListAsync(ct);
        if (objects.Count == 0) return [];
        var ids = objects.Select(o => o.HouseholdId).Distinct().ToList();
        var lastYear = asOf.Year;
        var measures = await db.Measures.AsNoTracking()
            .Where(x => ids.Contains(x.HouseholdId) && x.State != MeasureState.Cancelled && x.Year <= lastYear)
            .Select(x => new { x.HouseholdId, x.Type, x.Year }).ToListAsync(ct);
        var byHousehold = measures.ToLookup(x => x.HouseholdId);
        DateOnly? on = date.Year is { } y ? RegionsAsOf.YearEnd(y) : null;
        var names = await RegionsAsOf.NamesAsync(db, objects.Select(o => o.VillageCode), on, ct);
        return objects.Select(o =>
        {
            var eliminated = o.EliminatedAt is { } e && e <= asOf;
            // At a past date an object eliminated later was still under monitoring.
            var state = eliminated ? RiskState.Eliminated : o.State == RiskState.Eliminated ? RiskState.Monitoring : o.State;
            var taken = byHousehold[o.HouseholdId].Where(x => x.Year >= o.RecognisedYear)
                .GroupBy(x => x.Type).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
            var evaluated = o.EvaluatedAt is { } at && at <= asOf;
            return new LedgerRow(o.Id, o.HouseholdId, o.Number, o.VillageCode, names.GetValueOrDefault(o.VillageCode) ?? o.VillageCode, o.Head ?? "",
                o.Type, o.RiskClass, o.Causes, o.People, o.FoundAt, o.Channel, o.RecognisedAt, taken, state,
                eliminated ? o.EliminatedAt : null, evaluated ? o.EvaluatedAt : null, evaluated ? o.EvaluatedEffective : null, evaluated ? o.Evaluation : "");
        }).ToList();
    }
}
