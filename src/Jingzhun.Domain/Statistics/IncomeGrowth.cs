using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Statistics;

/// <summary>Which band of per-capita net income, against the year's own lines (the rule set's poverty and monitoring lines).</summary>
public enum IncomeBandKind
{
    [Label("低于贫困线", "Below the poverty line")] BelowLine = 0,
    [Label("贫困线至监测线", "Poverty line to monitoring line")] ToMonitoringLine = 1,
    [Label("监测线至2倍贫困线", "Monitoring line to twice the line")] ToTwiceLine = 2,
    [Label("2倍贫困线及以上", "Twice the line or more")] TwiceLineOrMore = 3,
}

/// <summary>
/// 年均增长率: the average annual growth of a figure from year A to year B, compounded —
/// (x_B ÷ x_A)^(1 ÷ (B − A)) − 1 — the rate that, applied every year from A, gives x_B in B.
/// The seeds' reports lead with it for per-capita net income (e.g. 3,033.84 yuan in 2015 → 13,036.8 in 2020).
/// </summary>
public static class IncomeGrowth
{
    /// <summary>The rate as a fraction (0.3389 is 33.89% a year); null when the span is empty or the start is not positive.</summary>
    public static double? AverageAnnual(decimal fromValue, int fromYear, decimal toValue, int toYear) =>
        toYear <= fromYear || fromValue <= 0 || toValue < 0
            ? null
            : Math.Pow((double)(toValue / fromValue), 1.0 / (toYear - fromYear)) - 1;
}
