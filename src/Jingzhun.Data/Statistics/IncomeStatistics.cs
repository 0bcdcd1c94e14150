using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Data.Statistics;

/// <summary>A band of per-capita net income, in yuan per person per year; <see cref="ToYuan"/> is exclusive, null for the open top band.</summary>
public sealed record IncomeBand(decimal FromYuan, decimal? ToYuan, int Households, int People);

/// <summary>Per-capita net income of registered households (贫困户, 已脱贫, 返贫) of an area in one year.</summary>
public sealed record IncomeSummary(int Year, int Households, int People, Money MeanPerCapita, Money MedianPerCapita, IReadOnlyList<IncomeBand> Bands);

/// <summary>Households and people of one band in one year; <see cref="FromYuan"/> inclusive, <see cref="ToYuan"/> exclusive (null: open top).</summary>
public sealed record IncomeBandCount(IncomeBandKind Band, decimal FromYuan, decimal? ToYuan, int Households, int People);

/// <summary>
/// One year of the registered households' income in an area: totals in fen, the per-capita figure
/// (net income of all the households ÷ the members counted, rounded to the fen), its structure and bands.
/// The four parts add up to net income: production is net of production costs (生产经营净收入).
/// </summary>
public sealed record RegisteredIncome(int Year, int Households, int People, long NetFen, long WagesFen, long ProductionNetFen,
    long PropertyFen, long TransfersFen, decimal PovertyLine, decimal MonitoringLine, string PovertyLineSource, bool StatusFromYearEnd,
    IReadOnlyList<IncomeBandCount> Bands)
{
    public Money PerCapita => PerPerson(NetFen);
    public Money WagesPerCapita => PerPerson(WagesFen);
    public Money ProductionPerCapita => PerPerson(ProductionNetFen);
    public Money PropertyPerCapita => PerPerson(PropertyFen);
    public Money TransfersPerCapita => PerPerson(TransfersFen);

    /// <summary>Shares of net income (wage, production, property, transfer), adding up to 1; null when net income is not positive.</summary>
    public IReadOnlyList<double>? Shares => NetFen > 0
        ? [(double)WagesFen / NetFen, (double)ProductionNetFen / NetFen, (double)PropertyFen / NetFen, (double)TransfersFen / NetFen]
        : null;

    private Money PerPerson(long fen) =>
        People > 0 ? Money.FromFen((long)Math.Round((decimal)fen / People, MidpointRounding.AwayFromZero)) : Money.Zero;
}

/// <summary>An area's registered households' income year by year, oldest first.</summary>
public sealed record IncomeTrend(string RegionCode, IReadOnlyList<RegisteredIncome> Years)
{
    /// <summary>The statuses counted as registered (建档立卡户): poor, exited, returned and monitored; never not-poor or removed.</summary>
    public static IReadOnlyList<HouseholdStatus> Statuses { get; } =
        [HouseholdStatus.Poor, HouseholdStatus.Exited, HouseholdStatus.Returned, HouseholdStatus.Monitored];

    public RegisteredIncome? Of(int year) => Years.FirstOrDefault(y => y.Year == year);

    /// <summary>Average annual growth of per-capita net income from one year to another (see <see cref="IncomeGrowth"/>).</summary>
    public double? Growth(int fromYear, int toYear) =>
        Of(fromYear) is { } a && Of(toYear) is { } b ? IncomeGrowth.AverageAnnual(a.PerCapita.Yuan, fromYear, b.PerCapita.Yuan, toYear) : null;
}

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

    /// <summary>One year's totals of an area (or, grouped by village, of a village: <see cref="VillageYearTotals"/>).</summary>
    internal class YearTotals
    {
        public int Year { get; set; }
        public long Households { get; set; }
        public long People { get; set; }
        public long NetFen { get; set; }
        public long WagesFen { get; set; }
        public long ProductionNetFen { get; set; }
        public long PropertyFen { get; set; }
        public long TransfersFen { get; set; }
        public long Frozen { get; set; }
        public long B0H { get; set; } public long B0P { get; set; }
        public long B1H { get; set; } public long B1P { get; set; }
        public long B2H { get; set; } public long B2P { get; set; }
        public long B3H { get; set; } public long B3P { get; set; }

        /// <summary>Adds another area's totals of the same year (a child's into its parent's).</summary>
        public void Add(YearTotals o)
        {
            Households += o.Households; People += o.People; NetFen += o.NetFen; WagesFen += o.WagesFen; ProductionNetFen += o.ProductionNetFen;
            PropertyFen += o.PropertyFen; TransfersFen += o.TransfersFen; Frozen = Math.Max(Frozen, o.Frozen);
            B0H += o.B0H; B0P += o.B0P; B1H += o.B1H; B1P += o.B1P; B2H += o.B2H; B2P += o.B2P; B3H += o.B3H; B3P += o.B3P;
        }
    }

    /// <summary>A village's totals of one year: the village of the year-end snapshot in a frozen year, else the household's.</summary>
    internal sealed class VillageYearTotals : YearTotals
    {
        public string VillageCode { get; set; } = "";
    }

    /// <summary>
    /// The registered households' per-capita net income of an area in every year up to <paramref name="toYear"/> with incomes:
    /// one aggregate query grouped by year. Who counts in a year: the households whose status was poor, exited, returned
    /// or monitored at that year's frozen year-end (the snapshot), or, for a year not frozen, their status in the live registry;
    /// the amounts are the year's income rows (snapshots keep the per-capita figure only, not its parts or the members counted).
    /// Bands use each year's own poverty line and monitoring line from the rule set in force for the area.
    /// </summary>
    public static async Task<IncomeTrend?> TrendAsync(JingzhunDbContext db, string regionCode, int toYear, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !RegionCode.TryParse(regionCode, out var code, out _)) return null;
        if (!code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        if (await StoredIncomeTrend.ReadAsync(db, code, toYear, ct) is { } kept) return kept;
        var pattern = code.Prefix + "%";
        var years = await db.Database.SqlQueryRaw<int>(
                """SELECT DISTINCT i."Year" AS "Value" FROM "Incomes" i JOIN "Households" h ON h."Id" = i."HouseholdId" WHERE h."VillageCode" LIKE {0} AND i."Year" <= {1}""",
                pattern, toYear).ToListAsync(ct);
        if (years.Count == 0) return new IncomeTrend(code.Value, []);
        years.Sort();
        var rules = await RuleBook.YearsForAsync(db, code.Value, years[0], years[^1], ct);
        var sql = TrendSql(years, rules, byVillage: false);
        var rows = await db.Database.SqlQueryRaw<YearTotals>(sql, pattern, toYear).ToListAsync(ct);
        return Project(code.Value, rows, rules);
    }

    /// <summary>
    /// The trend's one aggregate query, grouped by year (and by village when <paramref name="byVillage"/>): parameters {0}, the
    /// region pattern, and {1}, the last year. Who counts in a year: the households whose status was poor, exited, returned or
    /// monitored at that year's frozen year-end (the snapshot), or, for a year not frozen, their status in the live registry.
    /// </summary>
    internal static string TrendSql(IReadOnlyList<int> years, Func<int, RuleSet> rules, bool byVillage)
    {
        // Each year's limits in fen, spliced in as numbers; a household is below a limit when its net income is below limit × members.
        string LimitOf(Func<RuleSet, decimal> limit) =>
            "(CASE i.\"Year\" " + string.Concat(years.Select(y => $"WHEN {y} THEN {(long)(limit(rules(y)) * 100)} ")) + "END)";
        var limits = new[] { LimitOf(r => r.PovertyLine), LimitOf(r => r.MonitoringLine), LimitOf(r => 2 * r.PovertyLine) };
        string Band(int b, string what)
        {
            var above = b > 0 ? $"{Net} >= {limits[b - 1]} * i.\"MembersCounted\"" : null;
            var below = b < limits.Length ? $"{Net} < {limits[b]} * i.\"MembersCounted\"" : null;
            return $"CAST(COALESCE(SUM(CASE WHEN {string.Join(" AND ", new[] { above, below }.OfType<string>())} THEN {what} ELSE 0 END), 0) AS BIGINT) AS \"B{b}{(what == "1" ? "H" : "P")}\"";
        }
        var bands = string.Join(", ", Enumerable.Range(0, 4).SelectMany(b => new[] { Band(b, "1"), Band(b, "i.\"MembersCounted\"") }));
        var statuses = string.Join(", ", IncomeTrend.Statuses.Select(s => (int)s));
        const string columns = "i.\"Year\", i.\"MembersCounted\", i.\"WagesFen\", i.\"ProductionIncomeFen\", i.\"PropertyIncomeFen\", i.\"PensionFen\", i.\"DibaoAllowanceFen\", i.\"ExtremeHardshipAllowanceFen\", i.\"EcologicalCompensationFen\", i.\"OtherTransfersFen\", i.\"ProductionCostsFen\"";
        // The year-end snapshot decides who was registered in a frozen year; the live status otherwise. Two branches, each
        // reached through its own area index (households by village, snapshots by year and village): one condition over
        // both tables (snapshot or household) made the database read every income of the registry for a county.
        return $"""
            SELECT {(byVillage ? "i.\"VillageCode\" AS \"VillageCode\", " : "")}i."Year" AS "Year", CAST(COUNT(*) AS BIGINT) AS "Households", CAST(SUM(i."MembersCounted") AS BIGINT) AS "People",
              CAST(SUM({Net}) AS BIGINT) AS "NetFen", CAST(SUM(i."WagesFen") AS BIGINT) AS "WagesFen",
              CAST(SUM(i."ProductionIncomeFen" - i."ProductionCostsFen") AS BIGINT) AS "ProductionNetFen", CAST(SUM(i."PropertyIncomeFen") AS BIGINT) AS "PropertyFen",
              CAST(SUM(i."PensionFen" + i."DibaoAllowanceFen" + i."ExtremeHardshipAllowanceFen" + i."EcologicalCompensationFen" + i."OtherTransfersFen") AS BIGINT) AS "TransfersFen",
              CAST(MAX(i."Frozen") AS BIGINT) AS "Frozen", {bands}
            FROM (
              SELECT h."VillageCode", 0 AS "Frozen", {columns}
              FROM "Households" h JOIN "Incomes" i ON i."HouseholdId" = h."Id"
              WHERE h."VillageCode" LIKE {"{0}"} AND h."Status" IN ({statuses}) AND i."Year" <= {"{1}"} AND i."MembersCounted" > 0
                AND NOT EXISTS (SELECT 1 FROM "Snapshots" s WHERE s."Year" = i."Year" AND s."HouseholdId" = i."HouseholdId")
              UNION ALL
              SELECT s."VillageCode", 1 AS "Frozen", {columns}
              FROM "Snapshots" s JOIN "Incomes" i ON i."HouseholdId" = s."HouseholdId" AND i."Year" = s."Year"
              WHERE s."VillageCode" LIKE {"{0}"} AND s."Status" IN ({statuses}) AND i."Year" <= {"{1}"} AND i."MembersCounted" > 0
            ) i
            GROUP BY {(byVillage ? "i.\"VillageCode\", " : "")}i."Year" ORDER BY i."Year"
            """;
    }

    /// <summary>The trend from its years' totals, each with its bands' edges from the year's rules.</summary>
    internal static IncomeTrend Project(string regionCode, IEnumerable<YearTotals> rows, Func<int, RuleSet> rules) =>
        new(regionCode, rows.Select(r =>
        {
            var rule = rules(r.Year);
            decimal?[] edges = [0m, rule.PovertyLine, rule.MonitoringLine, 2 * rule.PovertyLine, null];
            long[] bh = [r.B0H, r.B1H, r.B2H, r.B3H];
            long[] bp = [r.B0P, r.B1P, r.B2P, r.B3P];
            var bandRows = Enumerable.Range(0, 4).Select(b => new IncomeBandCount((IncomeBandKind)b, edges[b]!.Value, edges[b + 1], (int)bh[b], (int)bp[b])).ToList();
            return new RegisteredIncome(r.Year, (int)r.Households, (int)r.People, r.NetFen, r.WagesFen, r.ProductionNetFen, r.PropertyFen, r.TransfersFen,
                rule.PovertyLine, rule.MonitoringLine, rule.PovertyLineSource, r.Frozen > 0, bandRows);
        }).ToList());
}
