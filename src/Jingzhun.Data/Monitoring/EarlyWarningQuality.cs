using Jingzhun.Data.Database;
using Jingzhun.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>
/// One channel's (or all channels') early-warning figures: risk signals raised, decided (recognised or not), recognised;
/// precision = recognised ÷ decided; the median whole days from signal to decision; and, where a ground truth is given,
/// recall = households truly in hardship that the channel signalled ÷ households truly in hardship.
/// </summary>
public sealed record ChannelQuality(DiscoveryChannel? Channel, int Signals, int Decided, int Recognised, double? Precision, double? MedianDaysToDecision,
    int? TrueFound, double? Recall);

/// <summary>
/// Collect once, measured: home visits of cases with or without department data among their signals, and the mean number
/// of form fields filled in beforehand and typed by the visitor per visit.
/// </summary>
public sealed record CollectOnce(bool WithDepartmentData, int Visits, double? Prefilled, double? Typed);

/// <summary>The early-warning figures by channel and overall, with the size of the ground truth they were held against.</summary>
public sealed record EarlyWarningReport(int? Year, IReadOnlyList<ChannelQuality> Channels, ChannelQuality Overall, int? TrueCases,
    IReadOnlyList<CollectOnce> FieldsPerVisit);

/// <summary>
/// How well the three discovery channels (application, screening, department warning) find households in hardship, read from
/// the risk signals in the reader's scope. Exclusion checks (vehicles, businesses…) are not warnings and are left out; a
/// signal that joined a household already monitored is counted as raised, not as decided.
/// </summary>
public static class EarlyWarningQuality
{
    public static readonly DiscoveryChannel[] Channels = [DiscoveryChannel.Application, DiscoveryChannel.Screening, DiscoveryChannel.DepartmentWarning];

    /// <param name="year">Signals raised in that year only (and truth that arose in it); all years when null.</param>
    /// <param name="truth">Households truly in hardship and since when; recall is computed only when given.</param>
    public static async Task<EarlyWarningReport> ComputeAsync(JingzhunDbContext db, int? year = null, IReadOnlyDictionary<long, DateOnly>? truth = null,
        CancellationToken ct = default)
    {
        var query = db.RiskSignals.AsNoTracking().Where(s => s.Kind < RiskKind.Vehicle);
        if (year is { } y)
        {
            var from = new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var to = from.AddYears(1);
            query = query.Where(s => s.RaisedAt >= from && s.RaisedAt < to);
        }
        var signals = await query.Select(s => new Row(s.HouseholdId, s.Channel, s.State, s.RaisedAt, s.DecidedAt)).ToListAsync(ct);
        var inTruth = truth?.Where(t => year is null || t.Value.Year == year).ToDictionary(t => t.Key, t => t.Value);
        var channels = Channels.Select(c => Figures(c, signals.Where(s => s.Channel == c).ToList(), inTruth)).ToList();
        return new EarlyWarningReport(year, channels, Figures(null, signals, inTruth), inTruth?.Count, await FieldsPerVisitAsync(db, year, ct));
    }

    /// <summary>Fields filled in beforehand and typed per home visit, for cases with department data and without.</summary>
    private static async Task<IReadOnlyList<CollectOnce>> FieldsPerVisitAsync(JingzhunDbContext db, int? year, CancellationToken ct)
    {
        var visits = db.HomeVisits.AsNoTracking();
        if (year is { } y) visits = visits.Where(v => v.VisitedOn.Year == y);
        var rows = await visits.Select(v => new
        {
            v.FieldsPrefilled, v.FieldsTyped,
            Department = db.RiskSignals.Any(s => s.CaseId == v.CaseId && s.Channel == DiscoveryChannel.DepartmentWarning),
        }).ToListAsync(ct);
        return [.. new[] { true, false }.Select(department =>
        {
            var group = rows.Where(r => r.Department == department).ToList();
            return new CollectOnce(department, group.Count, group.Count == 0 ? null : group.Average(r => r.FieldsPrefilled),
                group.Count == 0 ? null : group.Average(r => r.FieldsTyped));
        })];
    }

    private sealed record Row(long? HouseholdId, DiscoveryChannel Channel, SignalState State, DateTime RaisedAt, DateTime? DecidedAt);

    private static ChannelQuality Figures(DiscoveryChannel? channel, List<Row> signals, Dictionary<long, DateOnly>? truth)
    {
        var decided = signals.Where(s => s.State is SignalState.Recognised or SignalState.NotRecognised && s.DecidedAt is not null).ToList();
        var recognised = decided.Count(s => s.State == SignalState.Recognised);
        var days = decided.Select(s => (double)MonitoringRules.DaysOpen(s.RaisedAt, s.DecidedAt!.Value)).ToList();
        int? found = null;
        double? recall = null;
        if (truth is not null)
        {
            // A household counts as found by the channel when the channel signalled it on or after the day its hardship arose.
            found = signals.Where(s => s.HouseholdId is { } h && truth.TryGetValue(h, out var on) && DateOnly.FromDateTime(s.RaisedAt) >= on)
                .Select(s => s.HouseholdId!.Value).Distinct().Count();
            recall = truth.Count == 0 ? null : (double)found / truth.Count;
        }
        return new ChannelQuality(channel, signals.Count, decided.Count, recognised, decided.Count == 0 ? null : (double)recognised / decided.Count,
            Median(days), found, recall);
    }

    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
