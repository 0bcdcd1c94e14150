using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench.Scenarios;

/// <summary>What one write-load run did: every PUT counted once, with its latency.</summary>
public sealed record WriteLoadResult(int Users, long Writes, long Conflicts, long LostUpdates, double P50, double P99, double Seconds,
    IReadOnlyDictionary<string, long> ErrorKinds)
{
    public double WritesPerSecond => Writes / Math.Max(1e-9, Seconds);

    /// <summary>Errors: anything but 200 and 409, and requests that got no answer.</summary>
    public long Errors => ErrorKinds.Values.Sum();

    /// <summary>The errors by request and answer (<c>PUT 500 × 3</c>), or an empty text when there were none.</summary>
    public string ErrorsByKind => string.Join(", ", ErrorKinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal)
        .Select(k => $"{k.Key} × {k.Value}"));
}

/// <summary>
/// g. A year-end peak: N village clerks, each signed in with an account of its own, edit a different household of their
/// village through the API for a while, each save sending the version it read (<c>PUT /api/households/{id}</c>). Counts
/// errors (anything but 200 and 409), conflicts (409: none expected, nobody else edits these households) and lost updates:
/// after the run, every address a successful save wrote must be in the household's audit trail, sealed in the hash chain,
/// and the household must hold the last one with the version the last save returned.
/// </summary>
public static class WriteLoadScenario
{
    /// <summary>The fields of the API's household form (the settable properties of <see cref="HouseholdForm"/>, as its JSON names them).</summary>
    private static readonly string[] FormFields = typeof(HouseholdForm).GetProperties().Where(p => p.CanWrite)
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray();

    public sealed record Editor(string UserName, long HouseholdId);

    /// <summary>
    /// One village clerk account per household, for <paramref name="users"/> households of different villages (the first
    /// household of each), all with the demo password; made once, reused by later runs on the same database.
    /// </summary>
    public static async Task<List<Editor>> PrepareAsync(DatabaseTarget target, int users, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var households = await db.Households.AsNoTracking()
            .Where(h => h.Status != HouseholdStatus.Removed)
            .GroupBy(h => h.VillageCode).Select(g => new { Village = g.Key, Id = g.Min(h => h.Id) })
            .OrderBy(g => g.Village).Take(users).ToListAsync(ct);
        if (households.Count < users)
            throw new InvalidOperationException($"only {households.Count} villages with households for {users} editors / 村数不足");
        // One hash for all: hashing the same password 200 times would only make the preparation slow.
        var template = new Account { UserName = "bench", DisplayName = "bench", RegionCode = "" };
        Passwords.Set(template, DemoAccounts.Password);
        var editors = households.Select((h, i) => new Editor($"bench-clerk-{i + 1:000}", h.Id)).ToList();
        var names = editors.Select(e => e.UserName).ToList();
        var existing = await db.Accounts.Where(a => names.Contains(a.UserName)).Select(a => a.UserName).ToListAsync(ct);
        foreach (var (editor, household) in editors.Zip(households))
        {
            if (existing.Contains(editor.UserName)) continue;
            db.Accounts.Add(new Account
            {
                UserName = editor.UserName, DisplayName = $"压测信息员 {editor.UserName}", Role = Role.VillageClerk,
                RegionCode = household.Village, PasswordHash = template.PasswordHash, CreatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync(ct);
        return editors;
    }

    /// <summary>Every editor signs in, then edits its household until <paramref name="duration"/> has passed.</summary>
    public static async Task<WriteLoadResult> RunAsync(string baseUrl, DatabaseTarget target, IReadOnlyList<Editor> editors, TimeSpan duration,
        string runName, CancellationToken ct)
    {
        var clients = new HttpClient[editors.Count];
        try
        {
            // Sign-ins a few at a time: each hashes the password on the host.
            using (var gate = new SemaphoreSlim(4))
                await Task.WhenAll(editors.Select(async (e, i) =>
                {
                    await gate.WaitAsync(ct);
                    try { clients[i] = await WebScenario.SignedInClientAsync(baseUrl, e.UserName, DemoAccounts.Password, ct); }
                    finally { gate.Release(); }
                }));
            var stop = Stopwatch.StartNew();
            var runs = await Task.WhenAll(editors.Select((e, i) => EditAsync(clients[i], e, runName, stop, duration, ct)));
            var seconds = stop.Elapsed.TotalSeconds;
            var lost = await LostUpdatesAsync(target, editors, runs, ct);
            var latencies = runs.SelectMany(r => r.Latencies).Order().ToList();
            double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
            var kinds = runs.SelectMany(r => r.ErrorKinds).GroupBy(k => k.Key).ToDictionary(g => g.Key, g => g.Sum(k => k.Value));
            return new WriteLoadResult(editors.Count, runs.Sum(r => r.Written.Count), runs.Sum(r => r.Conflicts), lost,
                Percentile(0.50), Percentile(0.99), seconds, kinds);
        }
        finally
        {
            foreach (var c in clients) c?.Dispose();
        }
    }

    private sealed class EditorRun
    {
        public List<string> Written { get; } = [];
        public List<double> Latencies { get; } = [];
        public long Conflicts { get; set; }
        public Dictionary<string, long> ErrorKinds { get; } = [];
        public int LastVersion { get; set; }

        public void Error(string kind) => ErrorKinds[kind] = ErrorKinds.GetValueOrDefault(kind) + 1;
    }

    private static async Task<EditorRun> EditAsync(HttpClient client, Editor editor, string runName, Stopwatch stop, TimeSpan duration, CancellationToken ct)
    {
        var run = new EditorRun();
        JsonNode? household = null;
        var n = 0;
        while (stop.Elapsed < duration)
        {
            if (household is null)
            {
                // Read (again after a conflict or an error): the version to send comes from here.
                using var get = await client.GetAsync($"/api/households/{editor.HouseholdId}", ct);
                if (!get.IsSuccessStatusCode) { run.Error($"GET {(int)get.StatusCode}"); continue; }
                household = JsonNode.Parse(await get.Content.ReadAsStringAsync(ct));
                continue;
            }
            var address = $"写入压测 {runName} {editor.UserName} #{++n}";
            var form = new JsonObject();
            foreach (var field in FormFields) form[field] = household![field]?.DeepClone();
            form["address"] = address;
            form["version"] = household!["version"]!.GetValue<int>();
            var body = new JsonObject { ["household"] = form, ["reason"] = "写入压测 / write load" };
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var put = await client.PutAsync($"/api/households/{editor.HouseholdId}",
                    new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
                var text = await put.Content.ReadAsStringAsync(ct);
                run.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                switch (put.StatusCode)
                {
                    case HttpStatusCode.OK:
                        household = JsonNode.Parse(text);
                        run.Written.Add(address);
                        run.LastVersion = household!["version"]!.GetValue<int>();
                        break;
                    case HttpStatusCode.Conflict:
                        run.Conflicts++;
                        household = null;
                        break;
                    default:
                        run.Error($"PUT {(int)put.StatusCode}");
                        household = null;
                        break;
                }
            }
            catch (HttpRequestException e)
            {
                run.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                run.Error($"PUT socket ({e.HttpRequestError})");
                household = null;
            }
        }
        return run;
    }

    /// <summary>
    /// Successful saves missing from the database: an address written but absent from the household's sealed audit entries,
    /// and a household that does not hold its editor's last address and version.
    /// </summary>
    private static async Task<long> LostUpdatesAsync(DatabaseTarget target, IReadOnlyList<Editor> editors, EditorRun[] runs, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        long lost = 0;
        foreach (var (editor, run) in editors.Zip(runs))
        {
            if (run.Written.Count == 0) continue;
            var audited = (await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.HouseholdId == editor.HouseholdId && a.Action == AuditAction.Update && a.Field == nameof(Household.Address)
                            && a.Actor == editor.UserName && a.ChainIndex != null && a.Hash != null)
                .Select(a => a.NewValue).ToListAsync(ct)).ToHashSet();
            lost += run.Written.Count(w => !audited.Contains(w));
            var stored = await db.Households.AsNoTracking().Where(h => h.Id == editor.HouseholdId).Select(h => new { h.Address, h.Version }).FirstAsync(ct);
            if (stored.Address != run.Written[^1] || stored.Version != run.LastVersion) lost++;
        }
        return lost;
    }

    /// <summary>Resident memory of a process now (VmRSS), in MiB.</summary>
    public static double RssMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

/// <summary>g. and h. on the running host: the write load (its figures), then the soak, the host's memory at its start and end.</summary>
public static class WriteLoadFigures
{
    public static async Task<(List<Figure> Figures, List<string> Notes)> RunAsync(WebScenario web, DatabaseTarget target, BenchOptions options, CancellationToken ct)
    {
        var figures = new List<Figure>();
        var notes = new List<string>();
        options.Log($"write load: {options.WriteUsers} village clerks editing their households for {options.WriteSeconds:0.#} s");
        var editors = await WriteLoadScenario.PrepareAsync(target, options.WriteUsers, ct);
        if (options.WriteWarmupSeconds > 0)
        {
            // Untimed, but checked like the rest: its errors and lost updates are reported too.
            var warm = await WriteLoadScenario.RunAsync(web.BaseUrl, target, editors, TimeSpan.FromSeconds(options.WriteWarmupSeconds), "warm", ct);
            notes.Add($"Warm-up (untimed): {Described(warm)}");
            if (warm.Errors > 0 || warm.LostUpdates > 0)
                throw new InvalidOperationException($"the write load's warm-up had {warm.Errors} errors and {warm.LostUpdates} lost updates / 预热有错误或丢失");
        }
        var load = await WriteLoadScenario.RunAsync(web.BaseUrl, target, editors, TimeSpan.FromSeconds(options.WriteSeconds), "g", ct);
        if (load.Writes == 0) throw new InvalidOperationException("the write load saved nothing / 写入压测无成功保存");
        figures.Add(new Figure("g. write load", $"write errors (not 200/409, socket), {load.Users} users", load.Errors, "",
            Math.Max(1, load.Writes + load.Conflicts + load.Errors), "saves tried", GoalKind.AtMost, 0));
        figures.Add(new Figure("g. write load", "write conflicts (409; each user edits a household of its own)", load.Conflicts, "",
            Math.Max(1, load.Writes), "saves", GoalKind.AtMost, 0));
        figures.Add(new Figure("g. write load", "lost updates (saved, but not in the database or the sealed audit chain)", load.LostUpdates, "",
            load.Writes, "saves", GoalKind.AtMost, 0));
        figures.Add(new Figure("g. write load", "save p99", load.P99, "ms", 1000, "1 s", GoalKind.AtMost, 1));
        notes.Add($"Write load: {Described(load)}");

        // h. The soak: the same load again for longer; resident memory when it starts (host warm) and when it ends.
        options.Log($"soak: the write load for {options.SoakSeconds:0.#} s, host memory at its start and end");
        var before = WriteLoadScenario.RssMiB(web.HostProcessId);
        var soak = await WriteLoadScenario.RunAsync(web.BaseUrl, target, editors, TimeSpan.FromSeconds(options.SoakSeconds), "h", ct);
        var after = WriteLoadScenario.RssMiB(web.HostProcessId);
        figures.Add(new Figure("h. soak", $"web host RSS after a {options.SoakSeconds:0.#} s soak", after, "MiB", before, "RSS at its start", GoalKind.AtMost, 1.25));
        notes.Add($"Soak: {soak.Seconds:0.0} s, {soak.Writes:#,0} saves, {soak.Errors} errors{Kinds(soak)}, {soak.Conflicts} conflicts, {soak.LostUpdates} lost, " +
                  $"save p99 {soak.P99:0.0} ms; host RSS {before:0} MiB at its start, {after:0} MiB at its end.");
        return (figures, notes);
    }

    private static string Described(WriteLoadResult run) =>
        $"{run.Users} users, {run.Seconds:0.0} s, {run.Writes:#,0} saves ({run.WritesPerSecond:#,0.#}/s), " +
        $"{run.Conflicts} conflicts, {run.Errors} errors{Kinds(run)}, {run.LostUpdates} lost; save p50 {run.P50:0.0} ms, p99 {run.P99:0.0} ms.";

    private static string Kinds(WriteLoadResult run) => run.Errors == 0 ? "" : $" ({run.ErrorsByKind})";
}
