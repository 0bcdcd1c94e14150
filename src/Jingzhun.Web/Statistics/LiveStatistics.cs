using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Statistics;

/// <summary>
/// Keeps the live aggregates following the registry: every save that changes households, members or measures marks
/// their counties stale in the database (<see cref="StaleCounties"/>), whichever process made it — this host, the
/// command line, an import. A save here wakes this service at once; changes made elsewhere are found by looking at
/// the marks every few seconds. After a quiet spell (the debounce, so a burst of edits or an import's chunks cost one
/// refresh) the stale counties are recounted by <see cref="AreaStatistics.RefreshCountiesAsync"/>, which also clears
/// their marks, and the areas above them summed again. An edit shows on /stats within seconds.
/// <para>
/// A county edited without pause (200 officers at a year-end peak) is never quiet for the debounce. So the wait has a
/// bound, the longest wait (<c>stats-longest-wait-ms</c>, 30 s): once a save has waited that long, or marks have been
/// left waiting that long, everything marked is recounted whether quiet or not. A recount clears only the marks it read
/// before counting, as it read them, so a save committed while it runs is recounted in the next one.
/// </para>
/// </summary>
public sealed class LiveStatistics(DatabaseTarget target, TimeProvider clock, IConfiguration configuration, ILogger<LiveStatistics> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TimeSpan _debounce = TimeSpan.FromMilliseconds(configuration.GetValue("stats-debounce-ms", 1000));
    private readonly TimeSpan _poll = TimeSpan.FromMilliseconds(configuration.GetValue("stats-poll-ms", 5000));
    private readonly TimeSpan _longest = TimeSpan.FromMilliseconds(configuration.GetValue("stats-longest-wait-ms", 30_000));

    /// <summary>When this host first found marks it left for a later round (not quiet yet); null when none were left.</summary>
    private DateTime? _leftSince;

    /// <summary>Called by the data context after a save (whose marks are already committed); never blocks the request.</summary>
    public void MarkStale(IReadOnlyCollection<string> counties) => _signal.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var measuresStored = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A registry without stored poverty measures (just seeded, or upgraded to them) gets them all once, here in the
                // background: until then the dashboard computes them from the households, as it did before they were kept.
                if (!measuresStored) measuresStored = await StoreMeasuresAsync(stoppingToken);
                var quiet = await WaitForQuietAsync(stoppingToken);
                await using var db = JingzhunDb.Create(target, AccessScope.System("statistics"));
                var now = StaleCounties.Now();
                // Marks quiet for the debounce are recounted; every mark (null) once the saves or the marks have waited the longest wait.
                var waitedLongest = !quiet || _leftSince is { } left && now - left >= _longest;
                DateTime? quietSince = waitedLongest ? null : now - _debounce;
                await KeepFiguresAsync(db, quietSince, stoppingToken);
                var counties = await StaleCounties.ListAsync(db, quietSince, stoppingToken);
                if (counties.Count > 0) await RefreshAsync(db, counties, stoppingToken);
                var marksLeft = await db.StaleCounties.AnyAsync(stoppingToken) || await db.StaleKeptCounties.AnyAsync(stoppingToken);
                _leftSince = marksLeft ? _leftSince ?? now : null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed refresh leaves the figures and the marks as they were; the next look tries again.
                log.LogError(e, "Live statistics refresh failed");
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            }
        }
    }

    /// <summary>
    /// Waits for a save here (or the next look at the marks), then until no new save has arrived for the whole quiet spell,
    /// but no longer than the longest wait; false when the saves kept coming that long.
    /// </summary>
    private async Task<bool> WaitForQuietAsync(CancellationToken ct)
    {
        if (!await _signal.WaitAsync(_poll, ct)) return true;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await _signal.WaitAsync(_debounce, ct))
            if (waited.Elapsed >= _longest) return false;
        return true;
    }

    /// <summary>
    /// Counties recounted together, each batch in transactions of its own. On SQLite a refresh's writes hold the database's
    /// write lock, and a province-wide peak (a hundred counties stale at once) would hold it for all of their rows together
    /// while every clerk's save waits; a batch holds it for a few counties' rows at a time.
    /// </summary>
    internal const int CountiesPerBatch = 8;

    private async Task RefreshAsync(JingzhunDbContext db, List<string> counties, CancellationToken ct)
    {
        foreach (var batch in counties.Chunk(CountiesPerBatch)) await RefreshBatchAsync(db, batch, ct);
    }

    private async Task RefreshBatchAsync(JingzhunDbContext db, string[] counties, CancellationToken ct)
    {
        var result = await AreaStatistics.RefreshCountiesAsync(db, counties, clock.GetUtcNow().UtcDateTime, ct);
        log.LogInformation("Live statistics of {Counties} refreshed ({Areas} areas) in {Ms:0} ms",
            string.Join(", ", counties), result.Areas, result.Elapsed.TotalMilliseconds);
        // The counties' poverty measures follow their figures (every income year: a status change moves a household in or out of all of them).
        var measures = System.Diagnostics.Stopwatch.StartNew();
        var rows = await AreaMeasures.RefreshAsync(db, counties, clock.GetUtcNow().UtcDateTime, ct);
        log.LogInformation("Poverty measures of {Counties} refreshed ({Rows} rows) in {Ms:0} ms",
            string.Join(", ", counties), rows, measures.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// Keeps the assistance figures, income trend and funds figures of today (the host's clock): all of them when none are kept for today,
    /// else those of the counties changed since. Until they are, the dashboard counts them from the rows.
    /// </summary>
    private async Task KeepFiguresAsync(JingzhunDbContext db, DateTime? quietSince, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var keptToday = await StoredAssistance.KeptOnAsync(db, ct) == DateOnly.FromDateTime(now);
        var stale = keptToday ? await StaleCounties.ListAsync(db, quietSince, ct, kept: true) : null;
        if (stale is { Count: 0 }) return;
        // In batches, as the live figures are; a mark above a county (or none kept for today) counts the whole registry at once.
        List<string[]?> batches = stale is null || stale.Any(c => c.Length != 6) ? [stale?.ToArray()] : [.. stale.Chunk(CountiesPerBatch)];
        foreach (var batch in batches)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var rows = await StoredAssistance.RefreshAsync(db, batch, now, ct);
            log.LogInformation("Assistance figures, income trend and funds figures of {Counties} kept ({Rows} rows) in {Ms:0} ms",
                batch is null ? "every county" : string.Join(", ", batch.Select(c => c.Length == 0 ? "the nation" : c)), rows, started.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Stores every county's measures when none are stored yet; true once they are.</summary>
    private async Task<bool> StoreMeasuresAsync(CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("statistics"));
        if (await db.MeasureSums.AnyAsync(ct) || !await db.Households.AnyAsync(ct)) return true;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var rows = await AreaMeasures.RefreshAsync(db, null, clock.GetUtcNow().UtcDateTime, ct);
        log.LogInformation("Poverty measures of every county stored ({Rows} rows) in {Seconds:0.0} s", rows, started.Elapsed.TotalSeconds);
        return true;
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
