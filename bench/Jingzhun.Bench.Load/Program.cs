// A small HTTP load client, run as a process of its own so that it does not share the host's
// thread pool or garbage collector: N connections, each sending requests one after another for a
// duration. A URL may hold {id}, replaced on each request by a random whole number in [--min, --max].
// Prints one JSON line: requests, errors (non-2xx and exceptions), requests/s and latency percentiles in ms.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

var options = Args.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: jingzhun-load --url http://host/api/households/{id} [--min 1 --max 100] [--cookie 'name=value'] " +
                            "[--connections 16] [--seconds 10] [--warmup 2]");
    return 2;
}

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections, UseCookies = false, AllowAutoRedirect = false,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
};
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

async Task<(long Requests, long Errors, List<double> Latencies, double Seconds)> RunAsync(TimeSpan duration)
{
    var stop = Stopwatch.StartNew();
    var latencies = new List<double>[options.Connections];
    var errors = new long[options.Connections];
    await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(c => Task.Run(async () =>
    {
        var rng = new Random(c * 7919 + 1);
        var mine = latencies[c] = new List<double>(100_000);
        while (stop.Elapsed < duration)
        {
            var url = options.Url.Replace("{id}", rng.NextInt64(options.Min, options.Max + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (options.Cookie is not null) request.Headers.Add("Cookie", options.Cookie);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) errors[c]++;
            }
            catch (Exception)
            {
                errors[c]++;
            }
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })));
    var all = latencies.SelectMany(l => l).ToList();
    return (all.Count, errors.Sum(), all, stop.Elapsed.TotalSeconds);
}

if (options.WarmupSeconds > 0) await RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds));
var (requests, errorCount, samples, seconds) = await RunAsync(TimeSpan.FromSeconds(options.Seconds));
samples.Sort();
double Percentile(double p) => samples.Count == 0 ? double.NaN : samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
Console.WriteLine(JsonSerializer.Serialize(new
{
    requests, errors = errorCount, seconds, requestsPerSecond = requests / seconds,
    p50 = Percentile(0.50), p95 = Percentile(0.95), p99 = Percentile(0.99), max = samples.Count == 0 ? double.NaN : samples[^1],
}));
return 0;

internal sealed record Args(string Url, long Min, long Max, string? Cookie, int Connections, double Seconds, double WarmupSeconds)
{
    public static Args? Parse(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) map[args[i]] = args[i + 1];
        if (!map.TryGetValue("--url", out var url)) return null;
        string Get(string key, string fallback) => map.GetValueOrDefault(key, fallback);
        var inv = CultureInfo.InvariantCulture;
        return new Args(url, long.Parse(Get("--min", "1"), inv), long.Parse(Get("--max", "1"), inv), map.GetValueOrDefault("--cookie"),
            int.Parse(Get("--connections", "16"), inv), double.Parse(Get("--seconds", "10"), inv), double.Parse(Get("--warmup", "2"), inv));
    }
}
