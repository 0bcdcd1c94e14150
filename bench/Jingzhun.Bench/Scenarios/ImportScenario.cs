using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// a. Import with full validation against the provider's raw bulk load of the same rows (goal ≥ 0.5),
/// and e. the peak memory of the importing process (goal ≤ 1 GiB).
/// </summary>
public static class ImportScenario
{
    /// <summary>
    /// The import as an operator runs it: <c>jingzhun households import x.csv --initial-load</c> (a county's first load of generated households) in a process of its own, so that
    /// its peak resident memory is its own. The command streams the file twice (check, then
    /// write through the provider's bulk path), so this measures the bulk import with every check.
    /// </summary>
    public static async Task<ChildResult> ImportAsync(BenchPaths paths, BenchDatabase database, string householdsCsv, CancellationToken ct)
    {
        var result = await ChildProcess.RunAsync(ChildProcess.Dotnet(paths.Cli, ["--db", database.Value, "households", "import", householdsCsv, "--initial-load"]), ct);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"import failed (exit {result.ExitCode}) / 导入失败:\n{Tail(result.Output)}");
        return result;
    }

    /// <summary>
    /// The limit: the provider's raw bulk load of the same three files into an empty registry of the same schema
    /// (<see cref="RawBulkLoad"/>: binary COPY on PostgreSQL, one prepared INSERT per row on SQLite; no checks, no audit).
    /// </summary>
    public static async Task<TimeSpan> RawBaselineAsync(DatabaseTarget target, string householdsCsv, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await RawBulkLoad.LoadAsync(target, householdsCsv, ct);
        return watch.Elapsed;
    }

    /// <summary>Rows in the registry tables, to check that the import and the baseline wrote the same.</summary>
    public static async Task<long> CountAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        return await db.Households.LongCountAsync(ct) + await db.Members.LongCountAsync(ct) + await db.Incomes.LongCountAsync(ct);
    }

    internal static string Tail(string text, int lines = 30) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
