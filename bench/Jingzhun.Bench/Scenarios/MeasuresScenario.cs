using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// b. (measures) The poverty measures kept per area: stored for every county and year before the web host starts (so the
/// host finds them and computes nothing in the background), then the dashboard with its measures at every level (p95, ≤ 100 ms).
/// </summary>
public static class MeasuresScenario
{
    /// <summary>Stores every county's measures as <c>jingzhun stats refresh</c> does; the time, the rows and the direct computation of the nation's latest year, for the notes.</summary>
    public static async Task<string> StoreAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var watch = Stopwatch.StartNew();
        var rows = await AreaMeasures.RefreshAsync(db, null, DateTime.UtcNow, ct);
        var refresh = watch.Elapsed;
        // The assistance figures, income trend and funds figures kept per area too (the dashboard shows them), as the host keeps them each day.
        watch.Restart();
        var tallies = await StoredAssistance.RefreshAsync(db, null, DateTime.UtcNow, ct);
        var assistance = watch.Elapsed;
        var year = await db.MeasureSums.MaxAsync(m => (int?)m.Year, ct);
        if (year is null) return $"Poverty measures: none stored (no registered household with an income); refresh {refresh.TotalSeconds:0.0} s. " +
                                 $"Assistance figures, income trend and funds figures: {tallies:#,0} rows kept in {assistance.TotalSeconds:0.0} s.";
        watch.Restart();
        await AreaMeasures.ComputeAsync(db, "000000000000", year.Value, null, AreaMeasureSums.StoredCutoff, ct);
        var direct = watch.Elapsed;
        watch.Restart();
        await AreaMeasures.ForAsync(db, "000000000000", year.Value, null, AreaMeasureSums.StoredCutoff, ct);
        return $"Assistance figures, income trend and funds figures: {tallies:#,0} rows kept for every area in {assistance.TotalSeconds:0.0} s. " +
               $"Poverty measures: {rows:#,0} rows stored for every county and income year in {refresh.TotalSeconds:0.0} s; the nation's {year} " +
               $"computed from the households {direct.TotalMilliseconds:#,0} ms, read from the stored rows {watch.Elapsed.TotalMilliseconds:#,0} ms.";
    }

    /// <summary>The dashboard of an area with its poverty measures.</summary>
    public static string Path(string statisticsPage) => statisticsPage + "?measures=true";
}
