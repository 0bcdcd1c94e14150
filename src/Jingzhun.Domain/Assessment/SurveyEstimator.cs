namespace Jingzhun.Domain.Assessment;

/// <summary>
/// A rate estimated from a sample, with its standard error and confidence interval. <paramref name="Households"/> are the
/// observations it rests on, <paramref name="Clusters"/> the primary units (villages in a two-stage design, households in a
/// stratified one). <paramref name="DesignEffect"/> is the variance over that of the same households taken as a simple
/// random sample: above 1 when villages are alike inside (clustered samples give wider intervals).
/// All figures are shares (0.012 = 1.2%), rounded half away from zero to 6 decimal places.
/// </summary>
public sealed record RateEstimate(decimal Rate, decimal StandardError, decimal Low, decimal High, int Households, int Clusters,
    decimal? DesignEffect = null);

/// <summary>One observation of a survey: its stratum and primary unit, its design weight, and the ratio's two variables.</summary>
public readonly record struct SurveyObservation(string Stratum, string Psu, double Weight, double Y, double X)
{
    /// <summary>A yes/no observation of a proportion: y = 1 for yes, x = 1 for each eligible household.</summary>
    public static SurveyObservation Proportion(string stratum, string psu, double weight, bool yes) => new(stratum, psu, weight, yes ? 1 : 0, 1);
}

/// <summary>
/// The ratio estimator r = Σw·y / Σw·x of a stratified (cluster) sample, with the design-based variance by Taylor
/// linearisation (the "ultimate cluster" approximation used by survey packages):
/// <code>
///   z_hi = Σ_{k in PSU i of stratum h} w_k (y_k − r x_k)
///   v(r) = (1 / X̂²) Σ_h (1 − f_h) · n_h / (n_h − 1) · Σ_i (z_hi − z̄_h)²,   X̂ = Σ w x
/// </code>
/// n_h is the number of PSUs sampled in stratum h and f_h the first-stage sampling fraction (PSUs drawn ÷ PSUs in the
/// stratum's frame; 0 when unknown, which can only widen the interval). A stratum with a single PSU has no within-stratum
/// spread to measure and contributes 0 (the usual "certainty unit" treatment); a sample where every stratum has one PSU
/// therefore shows a standard error of 0, which the caller should read as "not measurable", not as certainty.
/// The interval is r ± z·SE with z the two-sided normal quantile of the confidence level, clipped to [0, 1]
/// since every rate here is a share. Computed in double; rounded once at the end.
/// </summary>
public static class SurveyEstimator
{
    public const int Decimals = 6;

    /// <summary>
    /// The estimate, or null when there is nothing to estimate from (no observation, or Σw·x = 0).
    /// <paramref name="samplingFraction"/> gives f_h of a stratum (null: 0 for all).
    /// </summary>
    public static RateEstimate? Estimate(IReadOnlyCollection<SurveyObservation> observations, double confidence,
        Func<string, double>? samplingFraction = null)
    {
        if (observations.Count == 0) return null;
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), "the confidence level is a share between 0 and 1");
        if (observations.Any(o => o.Weight < 0 || double.IsNaN(o.Weight) || double.IsNaN(o.Y) || double.IsNaN(o.X)))
            throw new ArgumentException("weights are not negative and values are numbers", nameof(observations));
        var xHat = observations.Sum(o => o.Weight * o.X);
        if (xHat <= 0) return null;
        var rate = observations.Sum(o => o.Weight * o.Y) / xHat;

        var variance = Variance(observations, rate, xHat, samplingFraction ?? (_ => 0));
        // The same households as if drawn one by one at random from one frame: the yardstick of the design effect.
        var simple = Variance(observations.Select((o, i) => o with { Stratum = "", Psu = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList(),
            rate, xHat, _ => 0);
        var se = Math.Sqrt(variance);
        var z = NormalQuantile(0.5 + confidence / 2);
        return new RateEstimate(Round(rate), Round(se), Round(Math.Max(0, rate - z * se)), Round(Math.Min(1, rate + z * se)),
            observations.Count, observations.Select(o => (o.Stratum, o.Psu)).Distinct().Count(),
            simple > 0 ? Round(variance / simple) : null);
    }

    private static double Variance(IReadOnlyCollection<SurveyObservation> observations, double rate, double xHat, Func<string, double> samplingFraction)
    {
        var sum = 0.0;
        foreach (var stratum in observations.GroupBy(o => o.Stratum))
        {
            var z = stratum.GroupBy(o => o.Psu).Select(psu => psu.Sum(o => o.Weight * (o.Y - rate * o.X))).ToList();
            var n = z.Count;
            if (n < 2) continue; // a single PSU: no spread within the stratum to measure (see the class comment)
            var f = Math.Clamp(samplingFraction(stratum.Key), 0, 1);
            var mean = z.Average();
            sum += (1 - f) * n / (n - 1.0) * z.Sum(v => (v - mean) * (v - mean));
        }
        return sum / (xHat * xHat);
    }

    private static decimal Round(double value) => Math.Round((decimal)value, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation (relative error below 1.2e-9), enough
    /// for an interval printed to hundredths of a percent. Φ⁻¹(0.975) = 1.959963985.
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), "a probability strictly between 0 and 1");
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -NormalQuantile(1 - p);
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r
               / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
