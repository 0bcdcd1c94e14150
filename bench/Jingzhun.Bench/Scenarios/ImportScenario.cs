using System.Diagnostics;
using Jingzhun.Data.Database;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// a. Import with full validation against the provider's raw bulk load of the same rows (goal ≥ 0.5),
/// and e. the peak memory of the importing process (goal ≤ 1 GiB).
/// </summary>
public static class ImportScenario
{
    /// <summary>
    /// The import as an operator runs it: <c>jingzhun households import x.csv</c> in a process of its own, so that
    /// its peak resident memory is its own. TODO(bulk): the streaming bulk import (RegistryBulkLoader) arrives behind
    /// this same command; if it gets its own option (e.g. <c>--bulk</c>), add it to these arguments — nothing else changes.
    /// </summary>
    public static async Task<ChildResult> ImportAsync(BenchPaths paths, BenchDatabase database, string householdsCsv, CancellationToken ct)
    {
        var result = await ChildProcess.RunAsync(ChildProcess.Dotnet(paths.Cli, ["--db", database.Value, "households", "import", householdsCsv]), ct);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"import failed (exit {result.ExitCode}) / 导入失败:\n{Tail(result.Output)}");
        return result;
    }

    /// <summary>
    /// The limit: a raw bulk load of the same three files into an empty registry of the same schema.
    /// TODO(bulk): switch to RawBulkLoad from the bulk-import work when it is merged; this is the only call to replace.
    /// </summary>
    public static async Task<TimeSpan> RawBaselineAsync(DatabaseTarget target, string householdsCsv, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await BaselineBulkLoad.LoadAsync(target, householdsCsv, ct);
        return watch.Elapsed;
    }

    internal static string Tail(string text, int lines = 30) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
