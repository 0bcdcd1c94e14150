using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Collaboration;

/// <summary>
/// Counts and incomes of one group of workers in a year: where they stood at the year's end (or today, in the current
/// year), and the steps they took during the year. "Working" is the count that labour cooperation is judged by; a return
/// takes a worker out of it but not out of the pool or the history.
/// </summary>
public sealed record LabourRow(string Key, string Name, int Workers, int InPool, int InTraining, int Working, int Returned, int EnteredInYear,
    int TrainedInYear, int PlacedInYear, int ReturnedInYear, Money MonthlyIncome)
{
    /// <summary>The average monthly income of those working; zero when none is.</summary>
    public Money AverageMonthlyIncome => Working > 0 ? MonthlyIncome / Working : Money.Zero;
}

/// <summary>
/// The labour cooperation figures of an area of origin in a year (<see cref="Destination"/> empty), or of the workers
/// from that area at one destination (a region code or a province name): totals, by the area's next level, by destination
/// province and place, by how the job was found, and year by year up to the year asked.
/// </summary>
public sealed record LabourFigures(string Code, string Name, string Destination, int Year, DateOnly AsOf, LabourRow Total, IReadOnlyList<LabourRow> ByOrigin,
    IReadOnlyList<LabourRow> ByDestinationProvince, IReadOnlyList<LabourRow> ByDestinationPlace, IReadOnlyList<LabourRow> ByMode,
    IReadOnlyList<LabourRow> ByYear);

/// <summary>The figures of labour cooperation (issue 20 points 4 and 5), read through the scope filter like every row.</summary>
public static class LabourCooperationFigures
{
    /// <summary>One worker as of a date: its stage then, its job then (when working), and its steps.</summary>
    private sealed record WorkerState(LabourWorker Worker, LabourStage? Stage, LabourPlacement? Job, IReadOnlyList<LabourPlacement> Steps);

    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The figures of the workers from <paramref name="regionCode"/> in <paramref name="year"/> (the current year when
    /// null); with <paramref name="destination"/>, of those of them placed there (a region code prefix, or a province or
    /// place by name). Null when the area is not the reader's or does not exist.
    /// </summary>
    public static async Task<LabourFigures?> ForAreaAsync(JingzhunDbContext db, string regionCode, int? year, DateOnly today, string? destination = null,
        CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var name = code.Prefix.Length == 0 ? "全国"
            : await db.Regions.AsNoTracking().Where(r => r.Code == code.Value).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (name is null) return null;
        var y = year ?? today.Year;
        var asOf = new DateOnly(y, 12, 31) < today ? new DateOnly(y, 12, 31) : today;
        var prefix = code.Prefix;
        var workers = await db.LabourWorkers.AsNoTracking().Where(w => w.VillageCode.StartsWith(prefix)).ToListAsync(ct);
        var steps = (await db.LabourPlacements.AsNoTracking().Where(p => p.Worker!.VillageCode.StartsWith(prefix)).ToListAsync(ct))
            .ToLookup(p => p.WorkerId);
        var to = destination?.Trim() ?? "";
        bool AtDestination(LabourPlacement p) => to.Length == 0 || (to.All(char.IsAsciiDigit)
            ? p.DestinationCode.Length > 0 && p.DestinationCode.StartsWith(RegionPrefix(to), StringComparison.Ordinal)
            : p.DestinationProvince == to || p.Destination == to);

        var states = workers.Select(w => StateOn(w, steps[w.Id].OrderBy(s => s.On).ThenBy(s => s.Id).ToList(), asOf)).ToList();
        if (to.Length > 0)
            states = states.Where(s => s.Steps.Any(p => p.Stage == LabourStage.Placed && p.On <= asOf && AtDestination(p))).ToList();

        // The next level down of the area: a province's cities, …, a township's villages (a village is its own row).
        var childLength = code.Level == RegionLevel.Village ? 12 : RegionCode.PrefixLength(code.Level + 1);
        var childCodes = states.Select(s => s.Worker.VillageCode[..childLength].PadRight(12, '0')).Distinct().ToList();
        var childNames = await db.Regions.AsNoTracking().Where(r => childCodes.Contains(r.Code)).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var names = childNames.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);

        var byOrigin = states.GroupBy(s => s.Worker.VillageCode[..childLength].PadRight(12, '0')).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, names.GetValueOrDefault(g.Key, g.Key), g, y, asOf)).ToList();
        var working = states.Where(s => s.Job is not null).ToList();
        // Destinations: where the workers work at the date, and where those placed during the year went.
        var destinationOf = states.Select(s => (State: s, Job: s.Job ?? s.Steps.LastOrDefault(p => p.Stage == LabourStage.Placed && p.On.Year == y)))
            .Where(x => x.Job is not null).ToList();
        var byProvince = destinationOf.GroupBy(x => x.Job!.DestinationProvince).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Key, g.Select(x => x.State), y, asOf)).ToList();
        var byPlace = destinationOf.GroupBy(x => x.Job!.Destination).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Key, g.Select(x => x.State), y, asOf)).ToList();
        var byMode = Enum.GetValues<PlacementMode>().Select(m => Row(m.ToString(), m.Chinese(), destinationOf.Where(x => x.Job!.Mode == m).Select(x => x.State), y, asOf))
            .Where(r => r.Workers > 0).ToList();
        var firstYear = states.SelectMany(s => s.Steps).Select(p => p.On.Year).DefaultIfEmpty(y).Min();
        var byYear = Enumerable.Range(firstYear, Math.Max(0, y - firstYear + 1)).Select(year =>
        {
            var end = new DateOnly(year, 12, 31) < today ? new DateOnly(year, 12, 31) : today;
            return Row(year.ToString(), year.ToString(), states.Select(s => StateOn(s.Worker, s.Steps, end)), year, end);
        }).ToList();
        return new LabourFigures(code.Value, name, to, y, asOf, Row(code.Value, name, states, y, asOf), byOrigin, byProvince, byPlace, byMode, byYear);
    }

    private static string RegionPrefix(string digits) =>
        RegionCode.TryParse(digits, out var c, out _) ? c.Prefix : digits;

    private static WorkerState StateOn(LabourWorker worker, IReadOnlyList<LabourPlacement> steps, DateOnly asOf)
    {
        var latest = steps.LastOrDefault(s => s.On <= asOf);
        return new WorkerState(worker, latest?.Stage, latest?.Stage == LabourStage.Placed ? latest : null, steps);
    }

    private static LabourRow Row(string key, string name, IEnumerable<WorkerState> group, int year, DateOnly asOf)
    {
        var states = group.ToList();
        int At(LabourStage stage) => states.Count(s => s.Stage == stage);
        int During(LabourStage stage) => states.Count(s => s.Steps.Any(p => p.Stage == stage && p.On.Year == year && p.On <= asOf));
        return new LabourRow(key, name, states.Count(s => s.Stage is not null), At(LabourStage.Pool), At(LabourStage.Training), At(LabourStage.Placed),
            At(LabourStage.Returned), During(LabourStage.Pool), During(LabourStage.Training), During(LabourStage.Placed), During(LabourStage.Returned),
            states.Where(s => s.Job is not null).Aggregate(Money.Zero, (sum, s) => sum + s.Job!.MonthlyIncome));
    }

    /// <summary>The figures as an xlsx workbook (one sheet per table); the download is audited. Null when the area is not the reader's.</summary>
    public static async Task<byte[]?> ExportAsync(JingzhunDbContext db, string regionCode, int? year, string? destination, DateTime now,
        CancellationToken ct = default)
    {
        var figures = await ForAreaAsync(db, regionCode, year, DateOnly.FromDateTime(now), destination, ct);
        if (figures is null) return null;
        var sheets = new Dictionary<string, object>
        {
            ["合计"] = Sheet([figures.Total]),
            ["按输出地"] = Sheet(figures.ByOrigin),
            ["按输入省份"] = Sheet(figures.ByDestinationProvince),
            ["按就业地点"] = Sheet(figures.ByDestinationPlace),
            ["按输出方式"] = Sheet(figures.ByMode),
            ["历年"] = Sheet(figures.ByYear),
        };
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheets, cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "LabourFigures", EntityId = $"{figures.Code} {figures.Year}",
            RegionCode = figures.Code,
            Reason = $"导出劳务协作统计（{figures.Code}，{figures.Year}年） / exported the labour cooperation figures of {figures.Code} ({figures.Year})",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private static List<Dictionary<string, object?>> Sheet(IEnumerable<LabourRow> rows)
    {
        var list = rows.Select(r => new Dictionary<string, object?>
        {
            ["代码或名称"] = r.Key, ["名称"] = r.Name, ["劳动力人数"] = r.Workers, ["在库待业"] = r.InPool, ["培训中"] = r.InTraining, ["就业中"] = r.Working,
            ["已返乡"] = r.Returned, ["本年入库"] = r.EnteredInYear, ["本年培训"] = r.TrainedInYear, ["本年转移就业"] = r.PlacedInYear, ["本年返乡"] = r.ReturnedInYear,
            ["就业者月收入合计（元）"] = r.MonthlyIncome.Yuan, ["人均月收入（元）"] = r.AverageMonthlyIncome.Yuan,
        }).ToList();
        if (list.Count == 0) list.Add(new Dictionary<string, object?> { ["代码或名称"] = null });
        return list;
    }
}
