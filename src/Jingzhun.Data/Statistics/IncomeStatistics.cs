using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;

namespace Jingzhun.Data.Statistics;

/// <summary>A band of per-capita net income, in yuan per person per year; <see cref="ToYuan"/> is exclusive, null for the open top band.</summary>
public sealed record IncomeBand(decimal FromYuan, decimal? ToYuan, int Households, int People);

/// <summary>Per-capita net income of registered households (贫困户, 已脱贫, 返贫) of an area in one year.</summary>
public sealed record IncomeSummary(int Year, int Households, int People, Money MeanPerCapita, Money MedianPerCapita, IReadOnlyList<IncomeBand> Bands);

/// <summary>
/// Income figures computed in the database: totals and bands by one aggregate query, the median from
/// the middle of a sorted projection. Money columns hold whole fen behind a value converter that LINQ
/// cannot add up, so this is plain SQL; the reader's scope is applied here by the same region prefix
/// the query filters use, and assessors, who see a sample only, get no area figures.
/// </summary>
public static class IncomeStatistics
{
    /// <summary>Band limits in yuan; the first is the 2010-price national line.</summary>
    public static IReadOnlyList<decimal> BandLimits { get; } = [2_300m, 4_000m, 8_000m, 12_000m];

    private sealed class Totals
    {
        public long Households { get; set; }
        public long People { get; set; }
        public long NetFen { get; set; }
        public long B0H { get; set; } public long B0P { get; set; }
        public long B1H { get; set; } public long B1P { get; set; }
        public long B2H { get; set; } public long B2P { get; set; }
        public long B3H { get; set; } public long B3P { get; set; }
        public long B4H { get; set; } public long B4P { get; set; }
    }

    private const string Net = """(i."WagesFen" + i."ProductionIncomeFen" + i."PropertyIncomeFen" + i."PensionFen" + i."DibaoAllowanceFen" + i."ExtremeHardshipAllowanceFen" + i."EcologicalCompensationFen" + i."OtherTransfersFen" - i."ProductionCostsFen")""";
    private const string PerCapita = "(" + Net + """ / i."MembersCounted")""";
    /// <summary>建档立卡户: identified as poor, whether still poor, exited or returned.</summary>
    private static readonly string Registered =
        $$"""FROM "Incomes" i JOIN "Households" h ON h."Id" = i."HouseholdId" WHERE i."Year" = {0} AND h."VillageCode" LIKE {1} AND h."Status" IN ({{(int)HouseholdStatus.Poor}}, {{(int)HouseholdStatus.Exited}}, {{(int)HouseholdStatus.Returned}}) AND i."MembersCounted" > 0""";

    public static async Task<IncomeSummary?> ForAsync(JingzhunDbContext db, string regionCode, int year, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !RegionCode.TryParse(regionCode, out var code, out _)) return null;
        if (!code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        var pattern = code.Prefix + "%";
        var fen = BandLimits.Select(l => (long)(l * 100)).ToArray();
        string Band(int i, string what)
        {
            var above = i > 0 ? $"{PerCapita} >= {fen[i - 1]}" : null;
            var below = i < fen.Length ? $"{PerCapita} < {fen[i]}" : null;
            return $"CAST(COALESCE(SUM(CASE WHEN {string.Join(" AND ", new[] { above, below }.OfType<string>())} THEN {what} ELSE 0 END), 0) AS BIGINT)";
        }
        var bands = string.Join(", ", Enumerable.Range(0, fen.Length + 1).Select(i => $"{Band(i, "1")} AS \"B{i}H\", {Band(i, "i.\"MembersCounted\"")} AS \"B{i}P\""));
        // Only constants and numbers are spliced in; the year and the region travel as parameters.
        var sql = $"""SELECT CAST(COUNT(*) AS BIGINT) AS "Households", CAST(COALESCE(SUM(i."MembersCounted"), 0) AS BIGINT) AS "People", CAST(COALESCE(SUM({Net}), 0) AS BIGINT) AS "NetFen", {bands} {Registered}""";
        var totals = (await db.Database.SqlQueryRaw<Totals>(sql, year, pattern).ToListAsync(ct)).Single();
        var median = await MedianFenAsync(db, year, pattern, totals.Households, ct);
        long[] bh = [totals.B0H, totals.B1H, totals.B2H, totals.B3H, totals.B4H];
        long[] bp = [totals.B0P, totals.B1P, totals.B2P, totals.B3P, totals.B4P];
        var bandRows = Enumerable.Range(0, fen.Length + 1).Select(i =>
            new IncomeBand(i == 0 ? 0 : BandLimits[i - 1], i < fen.Length ? BandLimits[i] : null, (int)bh[i], (int)bp[i])).ToList();
        var mean = totals.People > 0 ? Money.FromFen((long)Math.Round((decimal)totals.NetFen / totals.People, MidpointRounding.AwayFromZero)) : Money.Zero;
        return new IncomeSummary(year, (int)totals.Households, (int)totals.People, mean, Money.FromFen(median), bandRows);
    }

    /// <summary>The median household's per-capita income: the one or two middle values of the sorted column.</summary>
    private static async Task<long> MedianFenAsync(JingzhunDbContext db, int year, string pattern, long count, CancellationToken ct)
    {
        if (count == 0) return 0;
        var sql = $"""SELECT CAST({PerCapita} AS BIGINT) AS "Value" {Registered} ORDER BY 1 LIMIT {(count % 2 == 0 ? 2 : 1)} OFFSET {(count - 1) / 2}""";
        var middle = await db.Database.SqlQueryRaw<long>(sql, year, pattern).ToListAsync(ct);
        return (long)Math.Round(middle.Average(v => (decimal)v), MidpointRounding.AwayFromZero);
    }
}
