using System.Collections.Concurrent;
using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;

namespace Jingzhun.Web.Statistics;

/// <summary>
/// Keeps the live aggregates following the registry: every save that changes households, members or
/// measures marks their counties stale; after a short quiet spell (the debounce, so a burst of edits
/// costs one refresh) the stale counties are recounted by <see cref="AreaStatistics.RefreshCountiesAsync"/>
/// and the areas above them summed again. An edit shows on /stats within seconds.
/// </summary>
public sealed class LiveStatistics(DatabaseTarget target, TimeProvider clock, IConfiguration configuration, ILogger<LiveStatistics> log)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, byte> _stale = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TimeSpan _debounce = TimeSpan.FromMilliseconds(configuration.GetValue("stats-debounce-ms", 1000));

    /// <summary>Called by the data context after a save; never blocks the request.</summary>
    public void MarkStale(IReadOnlyCollection<string> counties)
    {
        foreach (var county in counties) _stale[county] = 0;
        _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
                // Debounce: wait until no new change has arrived for the whole quiet spell.
                while (await _signal.WaitAsync(_debounce, stoppingToken)) { }
                var counties = _stale.Keys.ToList();
                foreach (var county in counties) _stale.TryRemove(county, out _);
                if (counties.Count == 0) continue;
                await using var db = JingzhunDb.Create(target, AccessScope.System("statistics"));
                var result = await AreaStatistics.RefreshCountiesAsync(db, counties, clock.GetUtcNow().UtcDateTime, stoppingToken);
                log.LogInformation("Live statistics of {Counties} refreshed ({Areas} areas) in {Ms:0} ms",
                    string.Join(", ", counties), result.Areas, result.Elapsed.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed refresh leaves the figures as they were; the next change or `jingzhun stats refresh` recounts them.
                log.LogError(e, "Live statistics refresh failed");
            }
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
