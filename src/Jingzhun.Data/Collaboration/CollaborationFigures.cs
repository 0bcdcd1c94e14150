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
        var names = await NamesAsync(db, rows.Select(p => p.RegionCode), ct);
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
        var names = await NamesAsync(db, rows.Select(i => i.RegionCode), ct);
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

    private static string? Prefix(string? areaCode) =>
        string.IsNullOrWhiteSpace(areaCode) ? null
        : Domain.Regions.RegionCode.TryParse(areaCode, out var code, out _) ? code.Prefix : throw new Funds.FundInputException($"区划代码{areaCode}不正确", $"the region code {areaCode} is not valid");

    private static async Task<Dictionary<string, string>> NamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        var rows = await db.Regions.AsNoTracking().Where(r => wanted.Contains(r.Code) && r.ValidTo == null).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        return rows.DistinctBy(r => r.Code).ToDictionary(r => r.Code, r => r.Name);
    }
}
