using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;

namespace Jingzhun.Bench.Scenarios;

/// <summary>b. (second half) The aggregate refresh against one plain GROUP BY over the registry (goal ≤ 1.5×).</summary>
public static class StatisticsScenario
{
    /// <summary>The real refresh (every breakdown, every level, every frozen year), as <c>jingzhun stats refresh</c> runs it.</summary>
    public static async Task<TimeSpan> RefreshAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var watch = Stopwatch.StartNew();
        await AreaStatistics.RefreshAsync(db, DateTime.UtcNow, ct);
        return watch.Elapsed;
    }

    /// <summary>The limit: present people counted by village and household status, one GROUP BY, read to the end.</summary>
    public static async Task<TimeSpan> PlainGroupByAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT h."VillageCode", h."Status", COUNT(*)
            FROM "Members" m JOIN "Households" h ON h."Id" = m."HouseholdId"
            WHERE m."State" = 1
            GROUP BY h."VillageCode", h."Status"
            """;
        var watch = Stopwatch.StartNew();
        long sum = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) sum += reader.GetInt64(2);
        var elapsed = watch.Elapsed;
        if (sum == 0) throw new InvalidOperationException("the registry is empty / 登记库为空");
        return elapsed;
    }
}
