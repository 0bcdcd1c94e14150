using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Census;

/// <summary>A round as listed, with its counts now.</summary>
public sealed record CensusRoundView(CensusRound Round, string CountyName, CensusCounts Counts);

/// <summary>One area's counts and rates, and those of the areas one level below it (the drill-down).</summary>
public sealed record CensusArea(string Code, string Name, RegionLevel Level, int Year, CensusCounts Counts, IReadOnlyList<CensusAreaRow> Children);

public sealed record CensusAreaRow(string Code, string Name, CensusCounts Counts);

/// <summary>A census record as listed, with its household's number.</summary>
public sealed record CensusRecordView(CensusRecord Record, string HouseholdNumber, string VillageName);

/// <summary>
/// The census figures, live: each read counts the records as they stand (no stored totals to fall behind). Rates by area
/// for a year sum every round of that year inside the area, so a province reads its counties' rounds together.
/// </summary>
public static class CensusFigures
{
    /// <summary>The rounds the reader sees (its county's, or those of the counties in its region), newest first.</summary>
    public static async Task<IReadOnlyList<CensusRoundView>> RoundsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var rounds = await db.CensusRounds.AsNoTracking().OrderByDescending(r => r.Year).ThenBy(r => r.CountyCode).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToList();
        var counts = await db.CensusRecords.AsNoTracking().Where(r => ids.Contains(r.RoundId))
            .GroupBy(r => new { r.RoundId, r.State }).Select(g => new { g.Key.RoundId, g.Key.State, N = g.Count() }).ToListAsync(ct);
        var names = await RegionsAsOf.NamesAsync(db, rounds.Select(r => r.CountyCode.PadRight(12, '0')), null, ct);
        return rounds.Select(r => new CensusRoundView(r, names.GetValueOrDefault(r.CountyCode.PadRight(12, '0'), r.CountyCode),
            counts.Where(c => c.RoundId == r.Id).Aggregate(CensusCounts.Empty, (sum, c) => sum + CensusCounts.Of(c.State, c.N)))).ToList();
    }

    /// <summary>The years that have a round the reader sees.</summary>
    public static async Task<IReadOnlyList<int>> YearsAsync(JingzhunDbContext db, CancellationToken ct = default) =>
        await db.CensusRounds.AsNoTracking().Select(r => r.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);

    /// <summary>
    /// The five rates of an area (the reader's own region when none is given) for a year, and of each area one level
    /// below it. Only records the reader may read are counted (the scope filter).
    /// </summary>
    public static async Task<CensusArea> AreaAsync(JingzhunDbContext db, int year, string? areaCode, CancellationToken ct = default)
    {
        var area = Area(db, areaCode);
        var prefix = area.Prefix;
        var rows = await db.CensusRecords.AsNoTracking().Where(r => r.Year == year && r.VillageCode.StartsWith(prefix))
            .GroupBy(r => new { r.VillageCode, r.State }).Select(g => new { g.Key.VillageCode, g.Key.State, N = g.Count() }).ToListAsync(ct);
        var childLength = area.Level == RegionLevel.Village ? 12 : RegionCode.PrefixLength(area.Level + 1);
        var children = rows.GroupBy(r => r.VillageCode[..childLength].PadRight(12, '0'))
            .Select(g => (Code: g.Key, Counts: g.Aggregate(CensusCounts.Empty, (sum, r) => sum + CensusCounts.Of(r.State, r.N))))
            .OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        var names = await RegionsAsOf.NamesAsync(db, children.Select(c => c.Code).Append(area.Value), null, ct);
        var total = children.Aggregate(CensusCounts.Empty, (sum, c) => sum + c.Counts);
        return new CensusArea(area.Value, names.GetValueOrDefault(area.Value, area.Level == RegionLevel.Nation ? "全国" : area.Value), area.Level, year, total,
            area.Level == RegionLevel.Village ? [] : children.Select(c => new CensusAreaRow(c.Code, names.GetValueOrDefault(c.Code, c.Code), c.Counts)).ToList());
    }

    private static RegionCode Area(JingzhunDbContext db, string? areaCode)
    {
        if (string.IsNullOrWhiteSpace(areaCode)) return RegionCode.Parse(db.Scope.RegionPrefix.PadRight(12, '0'));
        if (!RegionCode.TryParse(areaCode, out var code, out var error)) throw new WorkflowBlockedException($"区划：{error}", $"region: {error}");
        return code;
    }

    /// <summary>A round's records in an area (a village, a township), optionally in one state, in household-number order.</summary>
    public static async Task<IReadOnlyList<CensusRecordView>> RecordsAsync(JingzhunDbContext db, long roundId, string? areaCode, CensusState? state,
        int take = 500, CancellationToken ct = default)
    {
        var prefix = string.IsNullOrWhiteSpace(areaCode) ? "" : Area(db, areaCode).Prefix;
        var query = db.CensusRecords.AsNoTracking().Where(r => r.RoundId == roundId && r.VillageCode.StartsWith(prefix));
        if (state is { } s) query = query.Where(r => r.State == s);
        var rows = await query.Join(db.Households, r => r.HouseholdId, h => h.Id, (r, h) => new { Record = r, h.Number })
            .OrderBy(x => x.Number).Take(take).ToListAsync(ct);
        var names = await RegionsAsOf.NamesAsync(db, rows.Select(r => r.Record.VillageCode), null, ct);
        return rows.Select(x => new CensusRecordView(x.Record, x.Number, names.GetValueOrDefault(x.Record.VillageCode, x.Record.VillageCode))).ToList();
    }

    /// <summary>The area's rates and those of the areas below it as an xlsx workbook; the export is written to the audit log.</summary>
    public static async Task<byte[]> WorkbookAsync(JingzhunDbContext db, int year, string? areaCode, DateTime now, CancellationToken ct = default)
    {
        var area = await AreaAsync(db, year, areaCode, ct);
        var rows = new List<Dictionary<string, object?>> { Row(area.Code, area.Name, area.Counts) };
        rows.AddRange(area.Children.Select(c => Row(c.Code, c.Name, c.Counts)));
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, new Dictionary<string, object> { [$"{year}年普查完成率"] = rows }, cancellationToken: ct);
        db.AuditEntries.Add(new Domain.Audit.AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = Domain.Audit.AuditAction.Export, EntityType = "CensusFigures", EntityId = area.Code, RegionCode = area.Code,
            Reason = $"导出{year}年普查完成率（{rows.Count}行） / exported the {year} census rates ({rows.Count} rows)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(string code, string name, CensusCounts c) => new()
    {
        ["区划代码 Region code"] = code,
        ["地区 Area"] = name,
        ["普查户数 Households listed"] = c.Listed,
        ["已清查摸底 Surveyed"] = c.Surveyed,
        ["已系统录入 Entered"] = c.Entered,
        ["退回待更正 Sent back"] = c.SentBack,
        ["清查摸底系统录入率 Survey entry rate"] = c.EntryRate,
        ["乡镇审核验收率 Township acceptance rate"] = c.TownshipRate,
        ["县级审核验收率 County acceptance rate"] = c.CountyRate,
        ["市级审核验收率 City acceptance rate"] = c.CityRate,
        ["省级审核验收率 Province acceptance rate"] = c.ProvinceRate,
    };
}
