namespace Jingzhun.Domain.Assessment;

// The draw of an assessment sample, without I/O: the same seed and the same frames give the same sample on any machine
// and either database engine. Frames are keyed by household number (never database ids, which differ between engines)
// and sorted by ordinal comparison before anything is drawn.

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator of our own, because System.Random's algorithm is not a contract
/// and may change between runtimes. Every output is a fixed function of the seed.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        return Mix(z);
    }

    /// <summary>A uniform integer in [0, bound), without modulo bias (values below 2^64 mod bound are redrawn).</summary>
    public int Next(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var b = (ulong)bound;
        var threshold = (0UL - b) % b;
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold) return (int)(r % b);
        }
    }

    /// <summary>The SplitMix64 finaliser: spreads the bits of a 64-bit value.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// The seed of one county's draw: the project seed mixed with the county code (FNV-1a over its ASCII digits), so each
    /// county is drawn independently and adding a county to a project changes no other county's sample.
    /// </summary>
    public static ulong CountySeed(long projectSeed, string countyCode)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in countyCode)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return Mix(unchecked((ulong)projectSeed) ^ Mix(hash));
    }
}

/// <summary>
/// The size of a simple random sample estimating a proportion to a margin of error: n0 = z²·p(1−p)/e² times the design
/// effect, corrected for the finite population, n = n0 / (1 + (n0 − 1)/N), rounded up and at most N.
/// </summary>
public static class SampleSize
{
    /// <summary>
    /// The two-sided normal quantile z of a confidence level (0.95 → 1.959964): the same inverse normal the intervals use
    /// (<see cref="SurveyEstimator.NormalQuantile"/>), so a sample is sized with the z it is later judged by.
    /// </summary>
    public static double Z(decimal confidence)
    {
        if (confidence <= 0m || confidence >= 1m) throw new ArgumentOutOfRangeException(nameof(confidence), "confidence must lie strictly between 0 and 1");
        return SurveyEstimator.NormalQuantile(1d - (1d - (double)confidence) / 2d);
    }

    /// <summary>The households needed so that the rate's margin at this confidence is at most <paramref name="margin"/> (0 when the frame is empty).</summary>
    public static int ForProportion(decimal margin, decimal confidence, decimal expectedRate, int population, decimal designEffect)
    {
        if (margin <= 0m) throw new ArgumentOutOfRangeException(nameof(margin));
        if (expectedRate <= 0m || expectedRate >= 1m) throw new ArgumentOutOfRangeException(nameof(expectedRate));
        if (designEffect < 1m) throw new ArgumentOutOfRangeException(nameof(designEffect));
        if (population <= 0) return 0;
        var z = Z(confidence);
        var p = (double)expectedRate;
        var e = (double)margin;
        var n0 = z * z * p * (1 - p) / (e * e) * (double)designEffect;
        var n = n0 / (1 + (n0 - 1) / population);
        var size = (int)Math.Min(population, Math.Max(1, Math.Ceiling(n)));
        // Rounding in floating point could leave the size a hair short; step up until the margin it achieves is met.
        while (size < population && Achieved(size, confidence, expectedRate, population, designEffect) > margin) size++;
        return size;
    }

    /// <summary>
    /// The margin a sample of <paramref name="size"/> achieves: z·√(deff·p(1−p)/n · (N−n)/(N−1)), the inverse of
    /// <see cref="ForProportion"/> (0 when the whole frame is taken).
    /// </summary>
    public static decimal Achieved(int size, decimal confidence, decimal expectedRate, int population, decimal designEffect)
    {
        if (size <= 0 || population <= 0) return 1m;
        if (size >= population) return 0m;
        var z = Z(confidence);
        var p = (double)expectedRate;
        var e = z * Math.Sqrt((double)designEffect * p * (1 - p) / size * (population - size) / (population - 1d));
        return (decimal)e;
    }

    /// <summary>The design effect of a cluster of m households with intra-village correlation ρ: 1 + (m − 1)ρ.</summary>
    public static decimal DesignEffect(int householdsPerVillage, decimal correlation) => 1m + (Math.Max(1, householdsPerVillage) - 1) * correlation;

    /// <summary>
    /// Villages to draw in a two-stage design: ⌈n / m⌉, at most the villages available. The size n already carries the
    /// design effect (<see cref="ForProportion"/>), so it is not applied a second time here.
    /// </summary>
    public static int Villages(int size, int householdsPerVillage, int villagesAvailable) =>
        Math.Min(villagesAvailable, (int)Math.Ceiling((decimal)size / Math.Max(1, householdsPerVillage)));
}

/// <summary>A unit of a frame: a household by its number (the key), its stratum (township) and village.</summary>
public sealed record FrameUnit(string Key, string Stratum, string Village);

/// <summary>A household drawn: the frame it came from, its place in the draw (1, 2, …) and its design weight.</summary>
public sealed record DrawnUnit(FrameUnit Unit, SampleFrame Frame, int Order, decimal Weight);

/// <summary>How a project's sample is sized and drawn.</summary>
public sealed record SampleSettings(SampleDesign Design, decimal Margin, decimal Confidence, decimal ExpectedRate, decimal ClusterCorrelation,
    int HouseholdsPerVillage, int UnregisteredPerVillage)
{
    /// <summary>Proportional stratification never loses precision against SRS, so its size uses deff 1; a cluster sample pays 1 + (m − 1)ρ.</summary>
    public decimal DesignEffect => Design == SampleDesign.TwoStageCluster ? SampleSize.DesignEffect(HouseholdsPerVillage, ClusterCorrelation) : 1m;
}

/// <summary>One county's draw: its frames' sizes, the size asked for by the margin, what was drawn and the margin that achieves.</summary>
public sealed record CountyDraw(string CountyCode, int ExitedFrame, int VillageFrame, int VillagesDrawn, int TargetSize, decimal MarginAchieved,
    IReadOnlyList<DrawnUnit> Exited, IReadOnlyList<DrawnUnit> Unregistered)
{
    public int SampleSize => Exited.Count;
}

/// <summary>The draws: stratified by township, or two-stage (villages, then households); and the unregistered households of drawn villages.</summary>
public static class SampleDraw
{
    /// <summary>Weights are stored to six decimals (the column's precision).</summary>
    private static decimal Weight(decimal w) => Math.Round(w, 6, MidpointRounding.ToEven);

    /// <summary>One county's sample, from its exited households and its households not registered as poor.</summary>
    public static CountyDraw County(long projectSeed, string countyCode, IReadOnlyList<FrameUnit> exited, IReadOnlyList<FrameUnit> notPoor, SampleSettings settings)
    {
        var rng = new SplitMix64(SplitMix64.CountySeed(projectSeed, countyCode));
        var frame = Sorted(exited);
        var villages = frame.Select(u => u.Village).Distinct().Order(StringComparer.Ordinal).ToList();
        var deff = settings.DesignEffect;
        var target = frame.Count == 0 ? 0 : SampleSize.ForProportion(settings.Margin, settings.Confidence, settings.ExpectedRate, frame.Count, deff);
        var k = SampleSize.Villages(target, settings.HouseholdsPerVillage, villages.Count);

        List<DrawnUnit> drawn;
        List<string> drawnVillages;
        if (settings.Design == SampleDesign.TwoStageCluster)
        {
            drawnVillages = Srs(rng, villages, k);
            drawn = SecondStage(rng, frame, villages.Count, drawnVillages, settings.HouseholdsPerVillage, SampleFrame.Exited);
        }
        else
        {
            drawn = Stratified(rng, frame, target);
            // The missed-identification part needs villages: drawn the same two-stage way, after the households.
            drawnVillages = Srs(rng, villages, k);
        }
        var unregistered = SecondStage(rng, Sorted(notPoor), villages.Count, drawnVillages, settings.UnregisteredPerVillage, SampleFrame.Unregistered);
        var margin = SampleSize.Achieved(drawn.Count, settings.Confidence, settings.ExpectedRate, frame.Count, deff);
        return new CountyDraw(countyCode, frame.Count, villages.Count, drawnVillages.Count, target, margin, drawn, unregistered);
    }

    /// <summary>Proportional allocation of n over strata by largest remainder; every non-empty stratum gets one when n allows.</summary>
    public static IReadOnlyDictionary<string, int> Allocate(IReadOnlyDictionary<string, int> strata, int n)
    {
        var total = strata.Values.Sum();
        var keys = strata.Keys.Where(k => strata[k] > 0).Order(StringComparer.Ordinal).ToList();
        var result = strata.Keys.ToDictionary(k => k, _ => 0);
        n = Math.Min(n, total);
        if (n <= 0) return result;
        var remainders = new List<(string Key, long Remainder)>();
        foreach (var key in keys)
        {
            // Integer arithmetic: n·N_h = q·N + r, so the quota is q and the remainder r/N compares exactly.
            var product = (long)n * strata[key];
            result[key] = (int)(product / total);
            remainders.Add((key, product % total));
        }
        var left = n - result.Values.Sum();
        foreach (var (key, _) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Key, StringComparer.Ordinal).Take(left))
            result[key]++;
        if (n >= keys.Count)
        {
            foreach (var empty in keys.Where(k => result[k] == 0).ToList())
            {
                var donor = keys.Where(k => result[k] > 1).OrderByDescending(k => result[k]).ThenBy(k => k, StringComparer.Ordinal).First();
                result[donor]--;
                result[empty]++;
            }
        }
        return result;
    }

    /// <summary>A stratified sample: SRS without replacement inside each township, weight N_h/n_h.</summary>
    public static List<DrawnUnit> Stratified(SplitMix64 rng, IReadOnlyList<FrameUnit> frame, int n)
    {
        var strata = frame.GroupBy(u => u.Stratum).ToDictionary(g => g.Key, g => g.ToList());
        var allocation = Allocate(strata.ToDictionary(s => s.Key, s => s.Value.Count), n);
        var drawn = new List<DrawnUnit>();
        foreach (var stratum in strata.Keys.Order(StringComparer.Ordinal))
        {
            var units = strata[stratum];
            var nh = allocation[stratum];
            if (nh == 0) continue;
            var weight = Weight((decimal)units.Count / nh);
            foreach (var unit in Srs(rng, units, nh)) drawn.Add(new DrawnUnit(unit, SampleFrame.Exited, drawn.Count + 1, weight));
        }
        return drawn;
    }

    /// <summary>
    /// The second stage: up to m households by SRS in each drawn village (in the order the villages were drawn), weight
    /// (K/k)·(M_i/m_i) with K the villages of the village frame and M_i the village's households in this frame.
    /// </summary>
    public static List<DrawnUnit> SecondStage(SplitMix64 rng, IReadOnlyList<FrameUnit> frame, int villageFrame, IReadOnlyList<string> drawnVillages, int perVillage,
        SampleFrame kind)
    {
        var byVillage = frame.GroupBy(u => u.Village).ToDictionary(g => g.Key, g => g.ToList());
        var drawn = new List<DrawnUnit>();
        if (drawnVillages.Count == 0 || perVillage <= 0) return drawn;
        var first = (decimal)villageFrame / drawnVillages.Count;
        foreach (var village in drawnVillages)
        {
            if (!byVillage.TryGetValue(village, out var units)) continue;
            var m = Math.Min(perVillage, units.Count);
            var weight = Weight(first * units.Count / m);
            foreach (var unit in Srs(rng, units, m)) drawn.Add(new DrawnUnit(unit, kind, drawn.Count + 1, weight));
        }
        return drawn;
    }

    /// <summary>k of the items by simple random sampling without replacement (a partial Fisher–Yates shuffle), in the order drawn.</summary>
    public static List<T> Srs<T>(SplitMix64 rng, IReadOnlyList<T> items, int k)
    {
        var pool = items.ToArray();
        k = Math.Clamp(k, 0, pool.Length);
        for (var i = 0; i < k; i++)
        {
            var j = i + rng.Next(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return [.. pool.Take(k)];
    }

    private static List<FrameUnit> Sorted(IEnumerable<FrameUnit> frame) =>
        [.. frame.OrderBy(u => u.Key, StringComparer.Ordinal)];
}
