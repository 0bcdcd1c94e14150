using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange.Bulk;

public sealed record BulkLoadOptions
{
    /// <summary>Households (or, for members and incomes, rows) written per transaction.</summary>
    public int ChunkSize { get; init; } = 50_000;

    /// <summary>What the audit entries name as the source, e.g. a file name or "demo generator".</summary>
    public string Source { get; init; } = "bulk load";

    /// <summary>Whose work it is; system work of the command line when null.</summary>
    public AccessScope? Scope { get; init; }

    /// <summary>The clock the rows and audit entries are stamped with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// Writes domain households (with their members and incomes) into the registry in bulk, for code
/// that produces them itself, such as the demo generator: binary COPY and set-based upserts on
/// PostgreSQL, prepared statements in large transactions on SQLite (see <see cref="RegistryBulkWriter"/>).
/// The households are not checked here: callers hand in rows that already pass the registry rules.
/// Households are matched by number, members by resident ID within the household, incomes by year,
/// so loading the same households again converges instead of duplicating; each chunk is one
/// transaction with one summary entry in the audit chain. It is an initial load (county officers and
/// above): new households come in with their status, and a household's own status history is kept as
/// it is (the generator's past, <see cref="StatusChangeSource.Recorded"/>); households already in the
/// registry keep their status.
/// </summary>
public static class RegistryBulkLoader
{
    public static async Task<BulkLoadCounts> LoadAsync(DatabaseTarget target, IEnumerable<Household> households, BulkLoadOptions? options = null,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        options ??= new BulkLoadOptions();
        var scope = options.Scope ?? AccessScope.System("bulk");
        if (!Registry.RegistryStatusRules.MayInitialLoad(scope))
            throw new ScopeViolationException($"{scope.Actor} may not load households in bulk", scope.RegionPrefix);
        await using var session = await BulkSession.OpenAsync(target, scope, ct, options.Clock);
        var writer = await RegistryBulkWriter.OpenAsync(session, options.Source, initialLoad: true, ct);
        long count = 0, inChunk = 0;
        foreach (var household in households)
        {
            if (!scope.MayChange(household.VillageCode))
                throw new ScopeViolationException($"{scope.Actor} may not change household data of {household.VillageCode}", household.VillageCode);
            writer.Add(household);
            count++;
            if (++inChunk < options.ChunkSize) continue;
            await writer.FlushAsync(ct);
            inChunk = 0;
            progress?.Report(count);
        }
        await writer.FlushAsync(ct);
        progress?.Report(count);
        await writer.AnalyzeAsync(ct);
        return await writer.CountsAsync(ct);
    }
}
