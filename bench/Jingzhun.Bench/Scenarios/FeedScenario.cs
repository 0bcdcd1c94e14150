using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// f. Monitoring: department feed matching (issue 14, item 6). A synthetic province of N households (half of them with a
/// data-check consent) and a feed of F rows (nine in ten name a present member, one in ten nobody) staged once; then the
/// feed's matching (<see cref="FeedMatching.MatchAsync"/>: staged rows ⋈ present members ⋈ households of the region, with
/// the consent check in the same query) against the limit, the plain join of the same staged rows against Members, on
/// the same engine and connection. Each is run once to warm the cache, then three times alternately; the best of each counts.
/// The goal is ≤ 1.5×. The target size is 10 M households and a 1 M-row feed.
/// </summary>
public static class FeedScenario
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, CancellationToken ct = default)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"jingzhun-bench-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(work);
        var log = options.Log;
        var notes = new List<string>();
        var loadBefore = Machine.LoadAverage();
        try
        {
            await using var database = await BenchDatabase.CreateAsync(options, work, "feeds", ct);
            var generator = await database.LoadProvinceAsync(options, notes, ct);
            var watch = new Stopwatch();

            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("bench"));
            db.Database.SetCommandTimeout(TimeSpan.Zero);
            await db.Database.OpenConnectionAsync(ct);
            log("consents for every other household");
            watch.Restart();
            var consents = await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "DataConsents" ("HouseholdId", "VillageCode", "CountyCode", "GivenOn", "Document", "RecordedBy", "RecordedAt", "WithdrawnBy")
                SELECT "Id", "VillageCode", "CountyCode", {0}, 'bench', 'bench', {1}, '' FROM "Households" WHERE "Id" % 2 = 0
                """, [new DateOnly(2026, 1, 5), new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc)], ct);
            // Statistics as autovacuum would have them on a registry in use.
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
            notes.Add($"{consents:#,0} consents written in {watch.Elapsed.TotalSeconds:0.0} s.");

            // The feed: present members spread over the registry, and one row in ten naming nobody in it.
            var feedRows = (int)Math.Min(options.FeedRows, int.MaxValue);
            var known = feedRows - feedRows / 10;
            var members = await db.Members.LongCountAsync(ct);
            var stride = Math.Max(1, members / Math.Max(1, known));
            log($"reading {known:#,0} resident IDs (every {stride}th member)");
            var ids = await db.Members.Where(m => m.State == MemberState.Present && m.Id % stride == 0).OrderBy(m => m.Id)
                .Select(m => m.ResidentId).Take(known).ToListAsync(ct);
            var rows = ids.Select((id, i) => (Row: i + 2, ResidentId: id)).ToList();
            for (var i = rows.Count; i < feedRows; i++)
                rows.Add((i + 2, ResidentId.Create("110101", new DateOnly(1950, 1, 1).AddDays(i / 900 % 20_000), i % 900 + 100).Value));

            log($"staging {rows.Count:#,0} feed rows");
            watch.Restart();
            await FeedMatching.StageAsync(db, rows, ct);
            var staging = watch.Elapsed;

            var prefix = generator.Regions().First(r => r.Level == Domain.Regions.RegionLevel.Province).Code[..2];
            log("warming: plain join, then matching");
            var joined = await FeedMatching.PlainJoinAsync(db, ct);
            var matched = await FeedMatching.MatchAsync(db, prefix, ct);
            var plain = TimeSpan.MaxValue;
            var match = TimeSpan.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                log($"round {round + 1} of 3");
                watch.Restart();
                await FeedMatching.PlainJoinAsync(db, ct);
                if (watch.Elapsed < plain) plain = watch.Elapsed;
                watch.Restart();
                await FeedMatching.MatchAsync(db, prefix, ct);
                if (watch.Elapsed < match) match = watch.Elapsed;
            }
            await FeedMatching.DropAsync(db, ct);
            notes.Add($"Feed: {rows.Count:#,0} rows staged in {staging.TotalSeconds:0.00} s ({rows.Count / Math.Max(1e-6, staging.TotalSeconds):#,0} rows/s); " +
                      $"the plain join returns {joined:#,0} rows, the matching {matched.Count:#,0} ({matched.Count(m => m.Consent):#,0} with consent).");
            notes.Add($"Load average (1, 5, 15 min) before the run: {loadBefore}; after: {Machine.LoadAverage()}.");
            var members64 = members;
            Figure[] figures =
            [
                new("g. feed matching", $"match {rows.Count:#,0} staged rows (members → households of the region, consent)", match.TotalSeconds, "s",
                    plain.TotalSeconds, "plain join staged ⋈ Members", GoalKind.AtMost, 1.5),
            ];
            return new BenchReport(Machine.Current(), options.Provider, options.Households, members64, DateTime.UtcNow, double.NaN, figures, notes);
        }
        finally
        {
            if (!options.Keep && options.WorkDirectory is null)
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}
