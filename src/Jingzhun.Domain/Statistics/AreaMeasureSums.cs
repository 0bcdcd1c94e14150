using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Statistics;

/// <summary>
/// The poverty measures of one area's registered households in one income year, kept as sums so that an area's
/// figures are its children's added up: FGT and Watts are means of per-person terms, and Alkire–Foster's H, A, M0
/// and both decompositions are ratios of people-weighted counts. One row per area, year and rule set (the line and
/// the guarantee criteria applied: <see cref="RuleSet"/> is a digest of the rule set's text), because an area's
/// measures use the area's own rules for every household in it, so a village keeps sums under the rules of each
/// area above it. Holds no personal data; refreshed with the live statistics.
/// </summary>
public sealed class AreaMeasureSums
{
    /// <summary>The poverty cutoff k the stored Alkire–Foster sums were identified with: two of the five guarantees.</summary>
    public const double StoredCutoff = 0.4;

    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public RegionLevel Level { get; set; }
    /// <summary>The income year measured.</summary>
    public int Year { get; set; }
    /// <summary>Digest of the rule set applied (line and guarantee criteria); see <c>AreaMeasures.RuleSetKey</c>.</summary>
    public required string RuleSet { get; set; }
    public decimal Line { get; set; }
    public int Households { get; set; }

    // FGT and Watts on per-capita net income, people-weighted (weight = members counted).
    public double Population { get; set; }
    public double PoorPopulation { get; set; }
    /// <summary>Σ w·((z − y)/z) over the poor: P1 × N.</summary>
    public double GapSum { get; set; }
    /// <summary>Σ w·((z − y)/z)² over the poor: P2 × N.</summary>
    public double SeveritySum { get; set; }
    /// <summary>Σ w·ln(z/y) over 0 &lt; y &lt; z, its population (y &gt; 0) and the weight left out (y ≤ 0).</summary>
    public double WattsSum { get; set; }
    public double WattsPopulation { get; set; }
    public double WattsExcluded { get; set; }

    // Alkire–Foster on the five guarantees at k = StoredCutoff, people-weighted (weight = members counted, at least 1).
    public double GuaranteePopulation { get; set; }
    public double GuaranteePoor { get; set; }
    /// <summary>Σ w·c_i(k): the people-weighted censored scores.</summary>
    public double CensoredScoreSum { get; set; }
    public double FoodDeprived { get; set; }
    public double EducationDeprived { get; set; }
    public double MedicalDeprived { get; set; }
    public double HousingDeprived { get; set; }
    public double WaterDeprived { get; set; }
    public double FoodDeprivedPoor { get; set; }
    public double EducationDeprivedPoor { get; set; }
    public double MedicalDeprivedPoor { get; set; }
    public double HousingDeprivedPoor { get; set; }
    public double WaterDeprivedPoor { get; set; }

    public DateTime RefreshedAt { get; set; }

    /// <summary>Adds the sums of some households measured against <paramref name="line"/>: their incomes and deprivation rows, in the same order.</summary>
    public void Add(IReadOnlyList<IncomeObservation> incomes, IReadOnlyList<DeprivationProfile> guarantees, double line)
    {
        Households += incomes.Count;
        foreach (var o in incomes)
        {
            Population += o.Weight;
            if (o.Income < line)
            {
                var gap = (line - o.Income) / line;
                PoorPopulation += o.Weight;
                // Math.Pow as PovertyMeasures.Fgt computes it, so the stored sums are the same terms.
                GapSum += o.Weight * Math.Pow(gap, 1);
                SeveritySum += o.Weight * Math.Pow(gap, 2);
            }
            if (o.Income <= 0) { WattsExcluded += o.Weight; continue; }
            WattsPopulation += o.Weight;
            if (o.Income < line) WattsSum += o.Weight * Math.Log(line / o.Income);
        }
        // Identification is AlkireFoster's own (scores, k, tolerance); only the sums are kept.
        var af = AlkireFoster.Measure(AlkireFoster.GuaranteeIndicators, guarantees, StoredCutoff);
        for (var i = 0; i < guarantees.Count; i++)
        {
            var unit = guarantees[i];
            GuaranteePopulation += unit.Weight;
            if (af.IsPoor[i])
            {
                GuaranteePoor += unit.Weight;
                CensoredScoreSum += unit.Weight * af.CensoredScores[i];
            }
            for (var j = 0; j < unit.Deprived.Count; j++)
                if (unit.Deprived[j]) AddDeprived(j, unit.Weight, af.IsPoor[i] ? unit.Weight : 0);
        }
    }

    /// <summary>Adds a child area's (or a village's) sums.</summary>
    public void Add(AreaMeasureSums other)
    {
        Households += other.Households;
        Population += other.Population;
        PoorPopulation += other.PoorPopulation;
        GapSum += other.GapSum;
        SeveritySum += other.SeveritySum;
        WattsSum += other.WattsSum;
        WattsPopulation += other.WattsPopulation;
        WattsExcluded += other.WattsExcluded;
        GuaranteePopulation += other.GuaranteePopulation;
        GuaranteePoor += other.GuaranteePoor;
        CensoredScoreSum += other.CensoredScoreSum;
        for (var j = 0; j < 5; j++) AddDeprived(j, other.Deprived(j, poor: false), other.Deprived(j, poor: true));
    }

    /// <summary>P0, P1, P2 and Watts, as <see cref="PovertyMeasures.Summarize"/> gives them over the same households.</summary>
    public PovertySummary Income() => new((double)Line, Population, PoorPopulation, PoorPopulation / Population, GapSum / Population,
        SeveritySum / Population, WattsPopulation == 0 ? 0 : WattsSum / WattsPopulation, WattsExcluded);

    /// <summary>H = q/n, A = Σ c(k) / q, M0 = Σ c(k) / n, as <see cref="AlkireFoster.Measure"/> aggregates them.</summary>
    public (double H, double A, double M0) Guarantees() =>
        (GuaranteePopulation > 0 ? GuaranteePoor / GuaranteePopulation : 0, GuaranteePoor > 0 ? CensoredScoreSum / GuaranteePoor : 0,
            GuaranteePopulation > 0 ? CensoredScoreSum / GuaranteePopulation : 0);

    /// <summary>People deprived in guarantee <paramref name="j"/> (in the order of <see cref="AlkireFoster.GuaranteeIndicators"/>), all or only the poor.</summary>
    public double Deprived(int j, bool poor) => (j, poor) switch
    {
        (0, false) => FoodDeprived, (1, false) => EducationDeprived, (2, false) => MedicalDeprived, (3, false) => HousingDeprived, (4, false) => WaterDeprived,
        (0, true) => FoodDeprivedPoor, (1, true) => EducationDeprivedPoor, (2, true) => MedicalDeprivedPoor, (3, true) => HousingDeprivedPoor,
        (4, true) => WaterDeprivedPoor,
        _ => throw new ArgumentOutOfRangeException(nameof(j), j, "five guarantees"),
    };

    private void AddDeprived(int j, double weight, double poorWeight)
    {
        switch (j)
        {
            case 0: FoodDeprived += weight; FoodDeprivedPoor += poorWeight; break;
            case 1: EducationDeprived += weight; EducationDeprivedPoor += poorWeight; break;
            case 2: MedicalDeprived += weight; MedicalDeprivedPoor += poorWeight; break;
            case 3: HousingDeprived += weight; HousingDeprivedPoor += poorWeight; break;
            case 4: WaterDeprived += weight; WaterDeprivedPoor += poorWeight; break;
            default: throw new ArgumentOutOfRangeException(nameof(j), j, "five guarantees");
        }
    }
}
