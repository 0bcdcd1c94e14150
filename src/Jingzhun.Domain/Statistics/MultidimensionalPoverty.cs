using Jingzhun.Domain.Common;
using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Statistics;

/// <summary>
/// The guarantee indicators of exit (两不愁三保障 plus safe drinking water, 002:2655): the default
/// dimensions of the multidimensional index. They are a default, not a rule: the measure takes any
/// list of indicators and weights.
/// </summary>
public enum GuaranteeIndicator
{
    [Label("不愁吃、不愁穿", "Food and clothing")] FoodAndClothing = 1,
    [Label("义务教育有保障", "Compulsory education")] CompulsoryEducation = 2,
    [Label("基本医疗有保障", "Basic medical care")] BasicMedical = 3,
    [Label("住房安全有保障", "Safe housing")] SafeHousing = 4,
    [Label("饮水安全有保障", "Safe drinking water")] SafeDrinkingWater = 5,
}

/// <summary>One dimension of the index with its relative weight (any positive number; weights are normalised to sum to 1).</summary>
public sealed record DeprivationIndicator(string Code, string Chinese, string English, double Weight)
{
    [System.Text.Json.Serialization.JsonIgnore] public Bilingual Text => new(Chinese, English);
}

/// <summary>
/// One unit of identification (a household, or a person) with its deprivation row — true where it
/// falls short of the indicator's cutoff, in the order of the indicators — the number of people it
/// stands for, and the area or subgroup it belongs to.
/// </summary>
public sealed record DeprivationProfile(IReadOnlyList<bool> Deprived, double Weight = 1.0, string Group = "");

/// <summary>An indicator's uncensored and censored headcount ratios and its share of M0 (0–1; the shares sum to 1).</summary>
public sealed record IndicatorContribution(DeprivationIndicator Indicator, double NormalisedWeight,
    double UncensoredHeadcount, double CensoredHeadcount, double Contribution)
{
    public double PercentContribution => 100 * Contribution;
}

/// <summary>A subgroup's own H, A, M0, its population share, and its share-weighted contribution to the total M0.</summary>
public sealed record SubgroupContribution(string Group, double Population, double PopulationShare,
    double H, double A, double M0, double Contribution, double PercentContribution);

/// <summary>The Alkire–Foster adjusted headcount ratio and everything it decomposes into.</summary>
public sealed record AlkireFosterResult(
    IReadOnlyList<DeprivationIndicator> Indicators, double PovertyCutoff, double Population, double PoorPopulation,
    IReadOnlyList<double> Scores, IReadOnlyList<double> CensoredScores, IReadOnlyList<bool> IsPoor,
    double H, double A, double M0,
    IReadOnlyList<IndicatorContribution> ByIndicator, IReadOnlyList<SubgroupContribution> BySubgroup);

/// <summary>
/// Alkire–Foster (2011) counting measure M0 = H × A. Identification is dual-cutoff: the indicator
/// cutoffs give the deprivation matrix; a unit is poor when its weighted deprivation score c_i
/// (weights normalised to 1) is at least the poverty cutoff k ∈ (0, 1]. Scores of the non-poor
/// are censored to 0 and M0 is the people-weighted mean of the censored scores.
/// <para>
/// Computed in double, like the FGT measures: weights such as 1/3 or 1/6 are no more exact in
/// decimal than in double, and the outputs are shares reported to a few places. The one place
/// rounding matters — c_i ≥ k, where 3 × 0.2 is 0.6000000000000001 — compares with a tolerance.
/// </para>
/// </summary>
public static class AlkireFoster
{
    // Far below any meaningful weight difference and far above double rounding of a sum of weights.
    private const double Tolerance = 1e-9;

    /// <summary>The five guarantee indicators with equal weights (a neutral default; pass other weights to change it).</summary>
    public static IReadOnlyList<DeprivationIndicator> GuaranteeIndicators { get; } = Enum.GetValues<GuaranteeIndicator>()
        .Select(i => new DeprivationIndicator(i.ToString(), Labels.Chinese(i), Labels.English(i), 1.0)).ToList();

    /// <summary>
    /// Deprivation matrix from achievements: unit i is deprived in indicator j when x_ij &lt; z_j
    /// (strictly below the cutoff, as in Alkire and Foster 2011, section 2).
    /// </summary>
    public static IReadOnlyList<bool[]> DeprivationMatrix(IReadOnlyList<IReadOnlyList<double>> achievements, IReadOnlyList<double> cutoffs) =>
        achievements.Select((row, i) => row.Count == cutoffs.Count
            ? row.Select((x, j) => x < cutoffs[j]).ToArray()
            : throw new ArgumentException($"row {i} has {row.Count} achievements for {cutoffs.Count} cutoffs", nameof(achievements))).ToList();

    /// <summary>H, A, M0, censored scores, and the decompositions by indicator and by <see cref="DeprivationProfile.Group"/>.</summary>
    public static AlkireFosterResult Measure(IReadOnlyList<DeprivationIndicator> indicators, IReadOnlyList<DeprivationProfile> units, double povertyCutoff)
    {
        var weights = Normalised(indicators);
        if (!(povertyCutoff > 0 && povertyCutoff <= 1)) throw new ArgumentOutOfRangeException(nameof(povertyCutoff), povertyCutoff, "k is a share of the weighted indicators, in (0, 1]");
        Check(units, indicators.Count);

        var scores = units.Select(u => Score(u, weights)).ToList();
        var poor = scores.Select(c => c >= povertyCutoff - Tolerance).ToList();
        var censored = scores.Select((c, i) => poor[i] ? c : 0).ToList();
        var (population, poorPopulation, h, a, m0) = Aggregate(units, poor, censored);

        return new AlkireFosterResult(indicators, povertyCutoff, population, poorPopulation, scores, censored, poor, h, a, m0,
            ByIndicator(indicators, weights, units, poor, population, m0),
            BySubgroup(units, poor, censored, population, m0));
    }

    /// <summary>c_i = Σ_j w_j g_ij with weights summing to 1.</summary>
    private static double Score(DeprivationProfile unit, IReadOnlyList<double> weights) =>
        unit.Deprived.Select((d, j) => d ? weights[j] : 0).Sum();

    /// <summary>H = q/n and A = Σ c_i(k) / q over the poor, with people weights; M0 = H × A = mean censored score.</summary>
    private static (double Population, double Poor, double H, double A, double M0) Aggregate(
        IEnumerable<DeprivationProfile> units, IReadOnlyList<bool> poor, IReadOnlyList<double> censored)
    {
        double n = 0, q = 0, sum = 0;
        foreach (var (u, i) in units.Select((u, i) => (u, i)))
        {
            n += u.Weight;
            if (poor[i]) { q += u.Weight; sum += u.Weight * censored[i]; }
        }
        var h = n > 0 ? q / n : 0;
        var a = q > 0 ? sum / q : 0;
        return (n, q, h, a, n > 0 ? sum / n : 0);
    }

    /// <summary>
    /// M0 = Σ_j w_j h_j(k), where h_j(k) is the share of people who are poor and deprived in j
    /// (the censored headcount ratio). Contribution_j = w_j h_j(k) / M0; with no poverty at all
    /// there is nothing to apportion and every contribution is 0.
    /// </summary>
    private static List<IndicatorContribution> ByIndicator(IReadOnlyList<DeprivationIndicator> indicators, IReadOnlyList<double> weights,
        IReadOnlyList<DeprivationProfile> units, IReadOnlyList<bool> poor, double population, double m0) =>
        indicators.Select((indicator, j) =>
        {
            var uncensored = units.Where(u => u.Deprived[j]).Sum(u => u.Weight) / population;
            var censoredHeadcount = units.Where((u, i) => poor[i] && u.Deprived[j]).Sum(u => u.Weight) / population;
            var contribution = m0 > 0 ? weights[j] * censoredHeadcount / m0 : 0;
            return new IndicatorContribution(indicator, weights[j], uncensored, censoredHeadcount, contribution);
        }).ToList();

    /// <summary>M0 = Σ_g (n_g / n) M0(g): population-share-weighted subgroup values add up to the total.</summary>
    private static List<SubgroupContribution> BySubgroup(IReadOnlyList<DeprivationProfile> units, IReadOnlyList<bool> poor,
        IReadOnlyList<double> censored, double population, double m0) =>
        units.Select((u, i) => (u, i)).GroupBy(x => x.u.Group)
            .Select(g =>
            {
                var members = g.ToList();
                var (n, _, h, a, groupM0) = Aggregate(members.Select(x => x.u), members.Select(x => poor[x.i]).ToList(), members.Select(x => censored[x.i]).ToList());
                var share = n / population;
                return new SubgroupContribution(g.Key, n, share, h, a, groupM0, share * groupM0, m0 > 0 ? 100 * share * groupM0 / m0 : 0);
            }).ToList();

    private static List<double> Normalised(IReadOnlyList<DeprivationIndicator> indicators)
    {
        if (indicators.Count == 0) throw new ArgumentException("at least one indicator is needed", nameof(indicators));
        if (indicators.Any(i => !(i.Weight > 0) || double.IsInfinity(i.Weight))) throw new ArgumentException("every indicator weight must be a positive number", nameof(indicators));
        var total = indicators.Sum(i => i.Weight);
        return indicators.Select(i => i.Weight / total).ToList();
    }

    private static void Check(IReadOnlyList<DeprivationProfile> units, int indicatorCount)
    {
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Deprived.Count != indicatorCount) throw new ArgumentException($"unit {i} has {units[i].Deprived.Count} deprivations for {indicatorCount} indicators", nameof(units));
            if (!(units[i].Weight >= 0) || double.IsInfinity(units[i].Weight)) throw new ArgumentException($"unit {i} weight must be finite and ≥ 0", nameof(units));
        }
        if (!(units.Sum(u => u.Weight) > 0)) throw new ArgumentException("no units with positive weight", nameof(units));
    }
}
