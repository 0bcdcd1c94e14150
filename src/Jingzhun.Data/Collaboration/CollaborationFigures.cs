using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Collaboration;

/// <summary>A pairing as lists show it: the partner's name and kind and the helped region's name.</summary>
public sealed record PairingView(Pairing Pairing, string PartnerName, PartnerKind PartnerKind, string RegionName);

/// <summary>An input as lists show it.</summary>
public sealed record InputView(CollaborationInput Input, string PartnerName, PairingType PairingType, string RegionName);

/// <summary>Confirmed inputs of one pairing, kind and year: the money, the count and the people reached.</summary>
public sealed record InputFigure(long PairingId, InputKind Kind, int Year, int Entries, Money Amount, int Count, int Households, int People);

/// <summary>The yearly assessment of one pairing (东西部协作考核): what it put in and the registered people lifted out where it worked.</summary>
/// <param name="ExitedHouseholds">Registered households of the areas it reached (confirmed inputs of the year) that exited that year.</param>
public sealed record PairingAssessment(PairingView Pairing, int Year, Money Amount, int ConfirmedEntries, int PendingEntries, int PeopleReached,
    int ExitedHouseholds, int ExitedPeople, IReadOnlyList<string> AreasReached);

/// <summary>An area's collaboration figures: its pairings, confirmed inputs by pairing, kind and year, and what is still unconfirmed.</summary>
public sealed record AreaCollaboration(string Code, IReadOnlyList<PairingView> Pairings, IReadOnlyList<InputFigure> Figures, int PendingEntries, int RejectedEntries)
{
    public IReadOnlyList<int> Years => Figures.Select(f => f.Year).Distinct().Order().ToList();
}

/// <summary>
/// What collaboration did, counted from confirmed inputs only (unconfirmed ones are listed, never counted), read under the
/// reader's scope: an officer reads the pairings and inputs of its region, a partner account its own. The labour
/// cooperation figures sit beside these (Collaboration labour); both are read per area code and year.
/// </summary>
public static class CollaborationFigures
{
    /// <summary>The pairings the reader sees, of an area (helping it, or in it) or all; ended ones too, newest first.</summary>
    public static async Task<List<PairingView>> PairingsAsync(JingzhunDbContext db, string? areaCode = null, CancellationToken ct = default)
    {
        var query = db.CollaborationPairings.AsNoTracking().Include(p => p.Partner).AsQueryable();
        if (Prefix(areaCode) is { } prefix) query = query.Where(p => p.RegionPrefix.StartsWith(prefix) || prefix.StartsWith(p.RegionPrefix));
        var rows = await query.OrderByDescending(p => p.StartsOn).ThenBy(p => p.Id).ToListAsync(ct);
        var names = await Regions.RegionsAsOf.NamesAsync(db, rows.Select(p => p.RegionCode), null, ct);
        return rows.Select(p => new PairingView(p, p.Partner?.Name ?? "", p.Partner?.Kind ?? PartnerKind.Other, names.GetValueOrDefault(p.RegionCode, p.RegionCode))).ToList();
    }

    /// <summary>The inputs the reader sees, of a pairing or an area, in some states; newest first.</summary>
    public static async Task<List<InputView>> InputsAsync(JingzhunDbContext db, long? pairingId = null, string? areaCode = null, IReadOnlyCollection<InputState>? states = null,
        int take = 500, CancellationToken ct = default)
    {
        var query = db.CollaborationInputs.AsNoTracking().Include(i => i.Pairing).ThenInclude(p => p!.Partner).AsQueryable();
        if (pairingId is { } id) query = query.Where(i => i.PairingId == id);
        if (Prefix(areaCode) is { } prefix) query = query.Where(i => i.RegionCode.StartsWith(prefix));
        if (states is { Count: > 0 }) query = query.Where(i => states.Contains(i.State));
        var rows = await query.OrderByDescending(i => i.On).ThenByDescending(i => i.Id).Take(take).ToListAsync(ct);
        var names = await Regions.RegionsAsOf.NamesAsync(db, rows.Select(i => i.RegionCode), null, ct);
        return rows.Select(i => new InputView(i, i.Pairing?.Partner?.Name ?? "", i.Pairing?.Type ?? PairingType.OtherSocial, names.GetValueOrDefault(i.RegionCode, i.RegionCode))).ToList();
    }

    /// <summary>The figures of an area (or everything the reader sees): confirmed inputs by pairing, kind and year.</summary>
    public static async Task<AreaCollaboration> ForAreaAsync(JingzhunDbContext db, string? areaCode = null, CancellationToken ct = default)
    {
        var pairings = await PairingsAsync(db, areaCode, ct);
        var query = db.CollaborationInputs.AsNoTracking().AsQueryable();
        if (Prefix(areaCode) is { } prefix) query = query.Where(i => i.RegionCode.StartsWith(prefix));
        // Sums in memory: Money is stored as fen, and the rows are tens to thousands per area.
        var rows = await query.Select(i => new { i.PairingId, i.Kind, i.Year, i.State, i.Amount, i.Count, i.HouseholdsReached, i.PeopleReached }).ToListAsync(ct);
        var figures = rows.Where(r => r.State == InputState.Confirmed)
            .GroupBy(r => (r.PairingId, r.Kind, r.Year))
            .Select(g => new InputFigure(g.Key.PairingId, g.Key.Kind, g.Key.Year, g.Count(), new Money(g.Sum(r => r.Amount.Yuan)), g.Sum(r => r.Count),
                g.Sum(r => r.HouseholdsReached), g.Sum(r => r.PeopleReached)))
            .OrderBy(f => f.Year).ThenBy(f => f.PairingId).ThenBy(f => f.Kind).ToList();
        return new AreaCollaboration(areaCode ?? "", pairings, figures,
            rows.Count(r => r.State is InputState.Entered or InputState.Checked), rows.Count(r => r.State is InputState.RejectedOnCheck or InputState.RejectedOnConfirm));
    }

    /// <summary>
    /// The yearly assessment of the pairings of an area by people lifted out: for each pairing, the areas its confirmed
    /// inputs of the year reached, and the registered households of those areas that exited in that year with their members.
    /// Registry counts are read under the reader's scope (a partner account reads none: it gets its inputs only).
    /// </summary>
    public static async Task<List<PairingAssessment>> AssessAsync(JingzhunDbContext db, int year, string? areaCode = null, CancellationToken ct = default)
    {
        var pairings = await PairingsAsync(db, areaCode, ct);
        var inputs = await db.CollaborationInputs.AsNoTracking().Where(i => i.Year == year)
            .Select(i => new { i.PairingId, i.RegionCode, i.State, i.Amount, i.PeopleReached }).ToListAsync(ct);
        var result = new List<PairingAssessment>();
        foreach (var view in pairings.Where(p => p.Pairing.StartsOn.Year <= year && (p.Pairing.EndsOn is null || p.Pairing.EndsOn.Value.Year >= year)))
        {
            var mine = inputs.Where(i => i.PairingId == view.Pairing.Id).ToList();
            var confirmed = mine.Where(i => i.State == InputState.Confirmed).ToList();
            var areas = confirmed.Select(i => Domain.Regions.RegionCode.Parse(i.RegionCode).Prefix).Distinct().Order().ToList();
            var (households, people) = await ExitedAsync(db, areas, year, ct);
            result.Add(new PairingAssessment(view, year, new Money(confirmed.Sum(i => i.Amount.Yuan)), confirmed.Count,
                mine.Count(i => i.State is InputState.Entered or InputState.Checked), confirmed.Sum(i => i.PeopleReached), households, people,
                confirmed.Select(i => i.RegionCode).Distinct().Order().ToList()));
        }
        return result;
    }

    /// <summary>Registered households of these areas (code prefixes) that exited in the year, and their members.</summary>
    private static async Task<(int Households, int People)> ExitedAsync(JingzhunDbContext db, IReadOnlyList<string> prefixes, int year, CancellationToken ct)
    {
        if (prefixes.Count == 0) return (0, 0);
        var ids = new HashSet<long>();
        foreach (var prefix in prefixes)
            ids.UnionWith(await db.StatusChanges.AsNoTracking()
                .Where(s => s.Year == year && s.To == HouseholdStatus.Exited && s.Household!.VillageCode.StartsWith(prefix))
                .Select(s => s.HouseholdId).Distinct().ToListAsync(ct));
        if (ids.Count == 0) return (0, 0);
        var people = 0;
        foreach (var chunk in ids.Chunk(500))
            people += await db.Members.AsNoTracking().CountAsync(m => chunk.Contains(m.HouseholdId), ct);
        return (ids.Count, people);
    }

    /// <summary>
    /// The figures as an xlsx workbook (帮扶投入 by pairing, kind and year; 年度考核 of each year with inputs), headers in both
    /// languages; the export is written to the audit log.
    /// </summary>
    public static async Task<byte[]> WorkbookAsync(JingzhunDbContext db, string? areaCode, DateTime now, CancellationToken ct = default)
    {
        var area = await ForAreaAsync(db, areaCode, ct);
        var byId = area.Pairings.ToDictionary(p => p.Pairing.Id);
        var inputs = area.Figures.Select(f => new Dictionary<string, object?>
        {
            ["年度 Year"] = f.Year,
            ["帮扶单位 Partner"] = byId.TryGetValue(f.PairingId, out var p) ? p.PartnerName : "",
            ["结对类型 Pairing type"] = p is null ? "" : $"{p.Pairing.Type.Chinese()} {p.Pairing.Type.English()}",
            ["受援地区 Helped area"] = p?.RegionName ?? "",
            ["投入类别 Kind"] = $"{f.Kind.Chinese()} {f.Kind.English()}",
            ["条数 Entries"] = f.Entries,
            ["金额（元） Amount (yuan)"] = f.Amount.Yuan,
            ["数量 Count"] = f.Count,
            ["受益户数 Households reached"] = f.Households,
            ["受益人数 People reached"] = f.People,
        }).ToList();
        var assessment = new List<Dictionary<string, object?>>();
        foreach (var year in area.Years)
            foreach (var a in await AssessAsync(db, year, areaCode, ct))
                assessment.Add(new Dictionary<string, object?>
                {
                    ["年度 Year"] = year,
                    ["帮扶单位 Partner"] = a.Pairing.PartnerName,
                    ["受援地区 Helped area"] = a.Pairing.RegionName,
                    ["已确认投入（元） Confirmed (yuan)"] = a.Amount.Yuan,
                    ["已确认条数 Confirmed entries"] = a.ConfirmedEntries,
                    ["待确认条数 Unconfirmed entries"] = a.PendingEntries,
                    ["受益人数 People reached"] = a.PeopleReached,
                    ["脱贫户数 Households lifted out"] = a.ExitedHouseholds,
                    ["脱贫人数 People lifted out"] = a.ExitedPeople,
                });
        if (inputs.Count == 0) inputs.Add(new Dictionary<string, object?> { ["年度 Year"] = null });
        if (assessment.Count == 0) assessment.Add(new Dictionary<string, object?> { ["年度 Year"] = null });
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, new Dictionary<string, object> { ["帮扶投入"] = inputs, ["年度考核"] = assessment }, cancellationToken: ct);
        var code = string.IsNullOrWhiteSpace(areaCode) ? (db.Scope.Role == Domain.Access.Role.Partner ? "" : db.Scope.RegionPrefix.PadRight(12, '0')) : areaCode;
        db.AuditEntries.Add(new Domain.Audit.AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = Domain.Audit.AuditAction.Export, EntityType = "CollaborationFigures", EntityId = code, RegionCode = code,
            Reason = $"导出社会帮扶统计（{area.Figures.Count}行） / exported collaboration figures ({area.Figures.Count} rows)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private static string? Prefix(string? areaCode) =>
        string.IsNullOrWhiteSpace(areaCode) ? null
        : Domain.Regions.RegionCode.TryParse(areaCode, out var code, out _) ? code.Prefix : throw new Funds.FundInputException($"区划代码{areaCode}不正确", $"the region code {areaCode} is not valid");
}
