using Jingzhun.Data.Database;
using Jingzhun.Domain.Demo;
using Microsoft.Data.Sqlite;

namespace Jingzhun.Data.Demo;

/// <summary>
/// The demo's first start rehearsed small, on a scratch SQLite file, while the real seeding writes its households.
/// About a third of a first start is the runtime compiling code that runs once (docs/benchmarks.md: JIT and type loading in
/// a profile of one first start), and the household step keeps one core busy with SQLite while the second has little to
/// do. The rehearsal runs every later step (assistance, funds, assessment, census, year-ends, cases, monitoring) on that
/// second core first, so that when the real seeding reaches them their code is compiled and EF Core's queries are
/// cached: 0.2–1.6 s less in every pair of first starts alternated with and without it on a 2-core machine (19.2–22.7 s
/// with it, by the minute; docs/benchmarks.md). It shares nothing with the real
/// database: its own file, audit key and checkpoints in a folder of its own, removed after; the generators are seeded per
/// instance, so the real demo is the same with or without it (<c>DemoRowsTests</c>).
/// </summary>
public static class DemoRehearsal
{
    /// <summary>Households of the rehearsal: enough for every step to run its code, few enough to finish well before the real households.</summary>
    public const int Households = 100;

    /// <summary>Below this size a first start is quick anyway, and the rehearsal would only take the second core from it.</summary>
    public const int WorthFrom = 10_000;

    public static bool IsWorthIt(DatabaseTarget target, int households) =>
        target.Provider == DatabaseProvider.Sqlite && households >= WorthFrom;

    /// <summary>Seeds the small demo, with its history when <paramref name="history"/>, and removes it.</summary>
    public static async Task RunAsync(int seed, bool history, DateTime now, CancellationToken ct = default)
    {
        var folder = Directory.CreateTempSubdirectory("jingzhun-rehearsal-");
        var scratch = DatabaseTarget.Parse(Path.Combine(folder.FullName, "rehearsal.db"))
            .WithAuditFiles(Path.Combine(folder.FullName, "audit.key"), Path.Combine(folder.FullName, "checkpoints.jsonl"));
        try
        {
            await JingzhunDb.MigrateAsync(scratch, ct);
            var options = new DemoOptions(Households, seed);
            await DemoSeeder.SeedAsync(scratch, options, cancellationToken: ct);
            if (history) await DemoHistory.AddAsync(scratch, options, now, ct: ct);
        }
        finally
        {
            using (var connection = new SqliteConnection(scratch.ConnectionString)) SqliteConnection.ClearPool(connection);
            folder.Delete(recursive: true);
        }
    }
}
