using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Statistics;

/// <summary>
/// One income observation: a household's per-capita income and the number of people it stands
/// for. Weighting by people makes a household of five count five times, so the measures describe
/// people, not households (the unit the poverty line is defined for).
/// </summary>
public readonly record struct IncomeObservation(double Income, double Weight = 1.0)
{
    /// <summary>A household's per-capita income in yuan (decimal, as the registry keeps it), counted once per member.</summary>
    public static IncomeObservation OfHousehold(decimal perCapitaYuan, int members) =>
        members >= 0 ? new((double)perCapitaYuan, members) : throw new ArgumentOutOfRangeException(nameof(members), members, "members must be ≥ 0");
}

/// <summary>P0, P1, P2 and the Watts index of one distribution against one line.</summary>
public sealed record PovertySummary(
    double Line, double Population, double PoorPopulation,
    double Headcount, double Gap, double Severity, double Watts, double WattsExcludedPopulation);

/// <summary>One subgroup's share of the population, its own FGT value and its contribution to the total.</summary>
public sealed record FgtGroupContribution<TGroup>(TGroup Group, double PopulationShare, double Value, double Contribution);

/// <summary>
/// Foster–Greer–Thorbecke poverty measures and the Watts index. Computed in double: the Watts
/// index needs a logarithm and P_alpha a power with any real alpha, neither of which decimal has;
/// the results are ratios reported to a few decimal places, where double's 15–16 significant
/// digits are ample. Incomes arrive as yuan (decimal) elsewhere in the domain and are converted
/// once, here at the boundary.
/// </summary>
public static class PovertyMeasures
{
    /// <summary>
    /// P_alpha = (1/N) Σ w_i ((z − y_i)/z)^alpha over y_i &lt; z (FGT 1984). Income at or above the
    /// line contributes nothing. For alpha = 0 each poor person counts 1 (the headcount), not
    /// 0^0; gaps are not censored at 1, so a negative income weighs more than a zero one, as the
    /// formula gives.
    /// </summary>
    public static double Fgt(IEnumerable<IncomeObservation> observations, double line, double alpha)
    {
        CheckLine(line);
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be a finite number ≥ 0");
        double population = 0, sum = 0;
        foreach (var o in Checked(observations))
        {
            population += o.Weight;
            if (o.Income < line) sum += o.Weight * (alpha == 0 ? 1 : Math.Pow((line - o.Income) / line, alpha));
        }
        return sum / NonEmpty(population);
    }

    /// <summary>Unweighted P_alpha: every income counts once.</summary>
    public static double Fgt(IEnumerable<double> incomes, double line, double alpha) => Fgt(Unweighted(incomes), line, alpha);

    public static double Headcount(IEnumerable<IncomeObservation> observations, double line) => Fgt(observations, line, 0);
    public static double Gap(IEnumerable<IncomeObservation> observations, double line) => Fgt(observations, line, 1);
    public static double Severity(IEnumerable<IncomeObservation> observations, double line) => Fgt(observations, line, 2);

    /// <summary>
    /// Watts index W = (1/N) Σ w_i ln(z / y_i) over 0 &lt; y_i &lt; z. The logarithm has no value at
    /// y ≤ 0, so the literature either drops such observations or raises them to a small positive
    /// floor. Default (floor = null): they are excluded from the sum AND the population, i.e. W
    /// describes the people with positive income, and the excluded weight is reported in
    /// <see cref="PovertySummary.WattsExcludedPopulation"/> so that no one disappears silently.
    /// With a floor (0 &lt; floor &lt; z), incomes at or below it are capped up to it and everyone counts.
    /// </summary>
    public static double Watts(IEnumerable<IncomeObservation> observations, double line, double? floor = null) =>
        WattsWithExcluded(observations, line, floor).Value;

    public static double Watts(IEnumerable<double> incomes, double line, double? floor = null) => Watts(Unweighted(incomes), line, floor);

    /// <summary>P0, P1, P2 and Watts in one pass over the data.</summary>
    public static PovertySummary Summarize(IEnumerable<IncomeObservation> observations, double line, double? wattsFloor = null)
    {
        var list = Checked(observations).ToList();
        var population = NonEmpty(list.Sum(o => o.Weight));
        var poor = list.Where(o => o.Income < line).Sum(o => o.Weight);
        var (watts, excluded) = WattsWithExcluded(list, line, wattsFloor);
        return new PovertySummary(line, population, poor, Fgt(list, line, 0), Fgt(list, line, 1), Fgt(list, line, 2), watts, excluded);
    }

    /// <summary>
    /// Subgroup decomposition: P_alpha = Σ_g (N_g / N) P_alpha(g). Each group's contribution is its
    /// population share times its own measure, so the contributions add up to the total measure.
    /// </summary>
    public static IReadOnlyList<FgtGroupContribution<TGroup>> DecomposeFgt<TGroup>(
        IEnumerable<(TGroup Group, IncomeObservation Observation)> observations, double line, double alpha) where TGroup : notnull
    {
        var list = observations.ToList();
        var population = NonEmpty(Checked(list.Select(x => x.Observation)).Sum(o => o.Weight));
        return list.GroupBy(x => x.Group)
            .Select(g =>
            {
                var share = g.Sum(x => x.Observation.Weight) / population;
                var value = share == 0 ? 0 : Fgt(g.Select(x => x.Observation), line, alpha);
                return new FgtGroupContribution<TGroup>(g.Key, share, value, share * value);
            })
            .ToList();
    }

    private static (double Value, double Excluded) WattsWithExcluded(IEnumerable<IncomeObservation> observations, double line, double? floor)
    {
        CheckLine(line);
        if (floor is { } f && !(f > 0 && f < line)) throw new ArgumentOutOfRangeException(nameof(floor), floor, "the floor must lie strictly between 0 and the line");
        double population = 0, excluded = 0, sum = 0;
        foreach (var o in Checked(observations))
        {
            var income = floor is { } cap ? Math.Max(o.Income, cap) : o.Income;
            if (income <= 0) { excluded += o.Weight; continue; }
            population += o.Weight;
            if (income < line) sum += o.Weight * Math.Log(line / income);
        }
        return (population == 0 ? 0 : sum / population, excluded);
    }

    private static IEnumerable<IncomeObservation> Unweighted(IEnumerable<double> incomes) => incomes.Select(y => new IncomeObservation(y));

    private static IEnumerable<IncomeObservation> Checked(IEnumerable<IncomeObservation> observations)
    {
        foreach (var o in observations)
        {
            if (!double.IsFinite(o.Income)) throw new ArgumentException($"income {o.Income} is not a finite number", nameof(observations));
            if (!(o.Weight >= 0) || double.IsInfinity(o.Weight)) throw new ArgumentException($"weight {o.Weight} must be finite and ≥ 0", nameof(observations));
            yield return o;
        }
    }

    private static void CheckLine(double line)
    {
        if (!(line > 0) || double.IsInfinity(line)) throw new ArgumentOutOfRangeException(nameof(line), line, "the poverty line must be a positive number");
    }

    // A measure over nobody is undefined; saying so beats returning NaN into a report.
    private static double NonEmpty(double population) =>
        population > 0 ? population : throw new ArgumentException("no observations with positive weight");
}
