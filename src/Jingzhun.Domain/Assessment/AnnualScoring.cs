namespace Jingzhun.Domain.Assessment;

/// <summary>One area's measured values, one per <see cref="AnnualIndicator"/> in the enum's order; null where the source has no figure.</summary>
public sealed record AreaValues(string Code, IReadOnlyList<decimal?> Values);

/// <summary>One indicator of one area: the value, the points out of the weight, and whether the value was missing.</summary>
public sealed record IndicatorScore(AnnualIndicator Indicator, decimal? Value, decimal Score, int Weight)
{
    public bool NoData => Value is null;
}

/// <summary>One area's result: its indicators, total and rank (1 = best; ties share a rank and the next rank is skipped).</summary>
public sealed record AreaResult(string Code, IReadOnlyList<IndicatorScore> Indicators, decimal Total, int Rank);

/// <summary>
/// Scores the annual assessment (D4). Two kinds of indicator:
/// <list type="bullet">
/// <item>shares (exit plan completion, precision, recognition, fund use) are scored linearly: value × weight, a share below 0
/// scoring 0 and one above 1 (more exits than planned) scoring the full weight;</item>
/// <item>achievements without a natural ceiling (the fall in registered poor people, income growth) are scored against the
/// best area of the set: value ÷ best value × weight; a value of 0 or below scores 0 (no fall, falling incomes).</item>
/// </list>
/// A missing value scores 0 and is reported as "no data", so a county cannot gain by leaving a source empty.
/// Points are rounded to 0.01 and the total is the sum of the rounded points (what the report shows adds up).
/// Areas come back ordered by rank, then by code.
/// </summary>
public static class AnnualScoring
{
    public static IReadOnlyList<AnnualIndicator> Indicators { get; } = Enum.GetValues<AnnualIndicator>().OrderBy(i => (int)i).ToList();

    /// <summary>Whether an indicator is scored against the best area of the set rather than as a share.</summary>
    public static bool IsRelative(AnnualIndicator indicator) => indicator is AnnualIndicator.PoorReduction or AnnualIndicator.IncomeGrowth;

    public static IReadOnlyList<AreaResult> Score(IReadOnlyList<AreaValues> areas, IReadOnlyList<int> weights)
    {
        if (weights.Count != Indicators.Count)
            throw new ArgumentException($"{Indicators.Count} weights expected, {weights.Count} given", nameof(weights));
        if (areas.Any(a => a.Values.Count != Indicators.Count))
            throw new ArgumentException($"each area needs {Indicators.Count} values", nameof(areas));
        var best = Indicators.Select((_, i) => areas.Select(a => a.Values[i]).Where(v => v > 0).Select(v => v!.Value).DefaultIfEmpty(0m).Max()).ToArray();
        var scored = areas.Select(a =>
        {
            var lines = Indicators.Select((indicator, i) =>
                new IndicatorScore(indicator, a.Values[i], Points(indicator, a.Values[i], best[i], weights[i]), weights[i])).ToList();
            return (a.Code, Lines: lines, Total: lines.Sum(l => l.Score));
        }).ToList();
        return scored
            .Select(s => new AreaResult(s.Code, s.Lines, s.Total, 1 + scored.Count(o => o.Total > s.Total)))
            .OrderBy(r => r.Rank).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The points of one value (see the class comment).</summary>
    public static decimal Points(AnnualIndicator indicator, decimal? value, decimal best, int weight)
    {
        if (value is not { } v || v <= 0 || weight <= 0) return 0m;
        var share = IsRelative(indicator) ? (best > 0 ? v / best : 0m) : v;
        return Math.Round(Math.Min(share, 1m) * weight, 2, MidpointRounding.AwayFromZero);
    }
}
