using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>One area's count under the proposed line and under the line in force.</summary>
public sealed record MonitoringWhatIfArea(string Code, string Name, int Below, int BelowPeople, int BelowCurrent, int BelowCurrentPeople, int AlreadyMonitored,
    int Considered)
{
    /// <summary>Households below the proposed line that are not monitored yet: the new work the line would bring.</summary>
    public int NotYetMonitored => Below - AlreadyMonitored;
}

public sealed record MonitoringWhatIfResult(string RegionCode, string Name, int Year, decimal PovertyLine, decimal CurrentLine, decimal ProposedLine,
    string RuleSet, MonitoringWhatIfArea Total, IReadOnlyList<MonitoringWhatIfArea> Children);

/// <summary>
/// What a new monitoring line would mean (issue 14): how many households not registered poor (not poor, exited) have a
/// per-capita net income below the proposed line in a year, by child area, against the line of the rule set in force,
/// and how many of them are already monitored. Per-capita income is the registry's own (<see cref="IncomeYear"/>) and
/// the test the monitoring rules' (<see cref="MonitoringRules.BelowLine"/>); nothing is written.
/// </summary>
public static class MonitoringWhatIf
{
    private const int PageSize = 5_000;
    private static readonly HouseholdStatus[] Considered = [HouseholdStatus.NotPoor, HouseholdStatus.Exited];

    /// <summary>
    /// The counts for the area (null when the reader may not see it). Give a <paramref name="factor"/> (× the year's poverty
    /// line) or a <paramref name="line"/> in yuan; with neither, the rule set's own line is the proposal.
    /// </summary>
    public static async Task<MonitoringWhatIfResult?> RunAsync(JingzhunDbContext db, string regionCode, int year, decimal? factor, decimal? line,
        DateTime now, CancellationToken ct = default)
    {
        if (!MonitoringLedger.IsVisible(db, regionCode, out var code)) return null;
        var rules = await RuleBook.ForAsync(db, code.Value, year, ct);
        var current = rules.MonitoringLine;
        var proposed = line ?? (factor is { } f ? decimal.Round(rules.PovertyLine * f, 2) : current);
        var childLength = code.Level == RegionLevel.Village ? 12 : RegionCode.PrefixLength(code.Level + 1);
        var prefix = code.Prefix;

        // Households already monitored (an object not eliminated), within the area.
        var monitored = (await db.MonitoredObjects.AsNoTracking()
            .Where(m => m.VillageCode.StartsWith(prefix) && m.RecognisedAt <= now && (m.EliminatedAt == null || m.EliminatedAt > now))
            .Select(m => m.HouseholdId).Distinct().ToListAsync(ct)).ToHashSet();

        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        if (code.Level != RegionLevel.Village)
        {
            var parent = code.Value;
            foreach (var child in await db.Regions.AsNoTracking().ValidOn(DateOnly.FromDateTime(now)).Where(r => r.ParentCode == parent).Select(r => r.Code).ToListAsync(ct))
                counts[child] = new int[6];
        }
        long after = 0;
        while (true)
        {
            var page = await db.Incomes.AsNoTracking()
                .Where(i => i.Id > after && i.Year == year && i.Household!.VillageCode.StartsWith(prefix) && Considered.Contains(i.Household.Status))
                .OrderBy(i => i.Id).Take(PageSize)
                .Select(i => new { Income = i, i.Household!.VillageCode, People = i.Household.Members.Count(m => m.State == MemberState.Present) })
                .ToListAsync(ct);
            if (page.Count == 0) break;
            after = page[^1].Income.Id;
            foreach (var row in page)
            {
                var child = code.Level == RegionLevel.Village ? code.Value : row.VillageCode[..childLength].PadRight(12, '0');
                if (!counts.TryGetValue(child, out var c)) counts[child] = c = new int[6];
                var perCapita = row.Income.ToIncomeYear().PerCapitaNetIncome;
                c[5]++;
                if (MonitoringRules.BelowLine(perCapita, proposed))
                {
                    c[0]++; c[1] += row.People;
                    if (monitored.Contains(row.Income.HouseholdId)) c[4]++;
                }
                if (MonitoringRules.BelowLine(perCapita, current)) { c[2]++; c[3] += row.People; }
            }
        }
        var names = await RegionsAsOf.NamesAsync(db, counts.Keys.Append(code.Value), null, ct);
        MonitoringWhatIfArea Area(string c, int[] n) => new(c, names.GetValueOrDefault(c) ?? c, n[0], n[1], n[2], n[3], n[4], n[5]);
        var total = new int[6];
        foreach (var n in counts.Values) for (var i = 0; i < 6; i++) total[i] += n[i];
        return new MonitoringWhatIfResult(code.Value, names.GetValueOrDefault(code.Value) ?? code.Value, year, rules.PovertyLine, current, proposed, rules.Label,
            Area(code.Value, total), code.Level == RegionLevel.Village ? [] : counts.Select(c => Area(c.Key, c.Value)).ToList());
    }
}
