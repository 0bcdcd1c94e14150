using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Jingzhun.Bench.Scenarios;

/// <summary>Latency and throughput of one load run.</summary>
public sealed record LoadResult(long Requests, long Errors, double RequestsPerSecond, double P50, double P99, string Client);

/// <summary>
/// The real web host in a process of its own on the imported registry, signed in as the national officer:
/// b. the statistics page of every level (p95, goal ≤ 100 ms), and d. household lookups under concurrent
/// load from a separate process, against /health of the same host (≥ 0.7× its throughput, p99 ≤ 1.5× its p99, no errors).
/// </summary>
public sealed partial class WebScenario : IAsyncDisposable
{
    private readonly Process _host;
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();
    private readonly StreamWriter _log;

    private WebScenario(Process host, string baseUrl, StreamWriter log)
    {
        _host = host;
        _log = log;
        BaseUrl = baseUrl;
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120),
        };
    }

    public string BaseUrl { get; }

    /// <summary>Starts the host on the database; its warnings and errors (the log level it runs at) go to <paramref name="logFile"/>.</summary>
    public static async Task<WebScenario> StartAsync(BenchPaths paths, BenchDatabase database, string logFile, CancellationToken ct)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = ChildProcess.Dotnet(paths.Web,
        [
            "--db", database.Value, "--urls", url, "--demo-history", "false",
            // Limits meant for people would throttle the load client.
            "--rate-limit-public", "1000000000", "--rate-limit-sign-in", "100000",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning",
        ]);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var host = Process.Start(info) ?? throw new InvalidOperationException("web host did not start");
        // Kept, so that an error the load clients count can be read in the host's own words after the run.
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        void Write(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine(line);
        }
        host.OutputDataReceived += (_, e) => Write(e.Data);
        host.ErrorDataReceived += (_, e) => Write(e.Data);
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        var web = new WebScenario(host, url, log);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (host.HasExited) throw new InvalidOperationException($"web host exited with {host.ExitCode} / 网站进程退出");
            try
            {
                using var health = await web._client.GetAsync("/health", ct);
                if (health.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (deadline.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("web host did not answer /health / 网站未响应");
            await Task.Delay(250, ct);
        }
        return web;
    }

    public async Task SignInAsync(string user, string password, CancellationToken ct) => await SignInAsync(_client, user, password, ct);

    /// <summary>The host's process, for its memory (<see cref="WriteLoadScenario.RssMiB"/>).</summary>
    public int HostProcessId => _host.Id;

    /// <summary>A client of its own, with its own cookies, signed in as <paramref name="user"/> (one per simulated person).</summary>
    public static async Task<HttpClient> SignedInClientAsync(string baseUrl, string user, string password, CancellationToken ct)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120),
        };
        try
        {
            await SignInAsync(client, user, password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task SignInAsync(HttpClient client, string user, string password, CancellationToken ct)
    {
        var form = await client.GetStringAsync("/account/login", ct);
        var token = TokenPattern().Match(form) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no anti-forgery token");
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = password, ["__RequestVerificationToken"] = token,
        }), ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {user} answered {(int)response.StatusCode} / 登录失败");
    }

    /// <summary>The session cookie header, for the load client.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(new Uri(BaseUrl));

    /// <summary>Requests each page <paramref name="rounds"/> times, untimed.</summary>
    public async Task WarmAsync(IEnumerable<string> paths, int rounds, CancellationToken ct)
    {
        var list = paths.ToList();
        for (var round = 0; round < rounds; round++)
            foreach (var path in list) await GetPageAsync(path, ct);
    }

    /// <summary>A page read whole; any answer but success stops the run.</summary>
    private async Task GetPageAsync(string path, CancellationToken ct)
    {
        using var response = await _client.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
    }

    /// <summary>p95 of a page's response time in ms over <paramref name="samples"/> requests, after two warm-up requests.</summary>
    public async Task<double> PageP95Async(string path, int samples, CancellationToken ct)
    {
        var times = new List<double>();
        for (var i = 0; i < samples + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await GetPageAsync(path, ct);
            if (i >= 2) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
    }

    /// <summary>A load run from a separate process: wrk when installed (or asked for), else the project's .NET load client.</summary>
    public async Task<LoadResult> LoadAsync(BenchPaths paths, BenchOptions options, string path, long minId, long maxId, CancellationToken ct)
    {
        var wrk = options.LoadClient switch
        {
            "wrk" => "wrk",
            "dotnet" => null,
            _ => File.Exists("/usr/bin/wrk") ? "/usr/bin/wrk" : null,
        };
        return wrk is null ? await DotnetLoadAsync(paths, options, path, minId, maxId, ct) : await WrkLoadAsync(wrk, options, path, minId, maxId, ct);
    }

    private async Task<LoadResult> DotnetLoadAsync(BenchPaths paths, BenchOptions options, string path, long minId, long maxId, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var result = await ChildProcess.RunAsync(ChildProcess.Dotnet(paths.Load,
        [
            "--url", BaseUrl + path, "--min", minId.ToString(inv), "--max", maxId.ToString(inv), "--cookie", CookieHeader,
            "--connections", options.LoadConnections.ToString(inv), "--seconds", options.LoadSeconds.ToString(inv),
            "--warmup", Math.Min(2, options.LoadSeconds / 2).ToString(inv),
        ]), ct);
        var line = result.Output.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'))
            ?? throw new InvalidOperationException($"load client printed no result / 压测程序无结果:\n{ImportScenario.Tail(result.Output)}");
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        return new LoadResult(r.GetProperty("requests").GetInt64(), r.GetProperty("errors").GetInt64(), r.GetProperty("requestsPerSecond").GetDouble(),
            r.GetProperty("p50").GetDouble(), r.GetProperty("p99").GetDouble(), "jingzhun-load");
    }

    private async Task<LoadResult> WrkLoadAsync(string wrk, BenchOptions options, string path, long minId, long maxId, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var script = Path.Combine(Path.GetTempPath(), $"jingzhun-wrk-{Guid.NewGuid():N}.lua");
        var (prefix, suffix) = path.Contains("{id}", StringComparison.Ordinal) ? (path[..path.IndexOf("{id}", StringComparison.Ordinal)], path[(path.IndexOf("{id}", StringComparison.Ordinal) + 4)..]) : (path, "");
        await File.WriteAllTextAsync(script, path.Contains("{id}", StringComparison.Ordinal)
            ? $"math.randomseed(42)\nrequest = function() return wrk.format(\"GET\", \"{prefix}\" .. math.random({minId}, {maxId}) .. \"{suffix}\") end\n"
            : "", ct);
        try
        {
            var seconds = Math.Max(1, (int)Math.Round(options.LoadSeconds));
            var info = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            var templated = path.Contains("{id}", StringComparison.Ordinal);
            foreach (var a in new[] { "-t", "2", "-c", options.LoadConnections.ToString(inv), "-d", $"{seconds}s", "--latency", "-H", "Cookie: " + CookieHeader })
                info.ArgumentList.Add(a);
            if (templated) { info.ArgumentList.Add("-s"); info.ArgumentList.Add(script); }
            info.ArgumentList.Add(BaseUrl + (templated ? prefix + minId.ToString(inv) + suffix : path));
            var result = await ChildProcess.RunAsync(info, ct);
            var output = result.Output;
            double Number(string pattern) => Regex.Match(output, pattern) is { Success: true } m ? double.Parse(m.Groups[1].Value, inv) : 0;
            double Latency(string percent)
            {
                var m = Regex.Match(output, $@"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
                if (!m.Success) throw new InvalidOperationException($"wrk printed no {percent}% latency:\n{output}");
                var v = double.Parse(m.Groups[1].Value, inv);
                return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
            }
            var requests = (long)Number(@"(\d+) requests in");
            var errors = (long)Number(@"Non-2xx or 3xx responses: (\d+)");
            var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
            if (socket.Success) errors += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, inv));
            return new LoadResult(requests, errors, Number(@"Requests/sec:\s+([\d.]+)"), Latency("50"), Latency("99"), "wrk");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_host.HasExited)
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }
        _host.Dispose();
        lock (_log) _log.Dispose();
    }
}
