using CsCheck;
using Jingzhun.Domain.Assessment;

namespace Jingzhun.Domain.Tests.Assessment;

/// <summary>
/// The draw as properties over seeds and random frames: the same seed gives the same sample, another seed another; the
/// size meets the margin asked for; a stratified sample keeps to its townships with weights summing to the frame; a
/// two-stage sample keeps to its drawn villages, at most m households each; nothing is drawn twice.
/// </summary>
public sealed class SamplingTests
{
    /// <summary>A county's frame: households numbered in random order over a few townships and villages.</summary>
    private static readonly Gen<List<FrameUnit>> Frame =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[1, 400]).SelectMany((townships, villages, households) =>
            Gen.Int[1, townships].Select(Gen.Int[1, villages]).Array[households].Select(places =>
                places.Select((p, i) => new FrameUnit($"99012{p.Item1:000}{p.Item2:000}{i:00000}", $"990121{p.Item1:000}000", $"990121{p.Item1:000}{p.Item2:000}"))
                    .Reverse().ToList()));

    private static SampleSettings Settings(SampleDesign design, decimal margin = 0.05m) => new(design, margin, 0.95m, 0.1m, 0.05m, 8, 3);

    private static List<FrameUnit> NotPoor(IEnumerable<FrameUnit> frame) =>
        [.. frame.Select(u => u.Village).Distinct().SelectMany(v => Enumerable.Range(0, 7).Select(i => new FrameUnit($"N{v}{i:000}", v[..9] + "000", v)))];

    private static string[] Keys(CountyDraw d) => [.. d.Exited.Concat(d.Unregistered).Select(u => $"{u.Frame}:{u.Unit.Key}")];

    [Theory]
    [InlineData(SampleDesign.Stratified)]
    [InlineData(SampleDesign.TwoStageCluster)]
    public void The_same_seed_gives_the_same_sample_whatever_the_order_of_the_frame(SampleDesign design) =>
        Gen.Select(Gen.Long, Frame).Sample((seed, frame) =>
        {
            var a = SampleDraw.County(seed, "990121", frame, NotPoor(frame), Settings(design));
            var shuffled = frame.OrderBy(u => u.Key.GetHashCode()).ToList();
            var b = SampleDraw.County(seed, "990121", shuffled, NotPoor(shuffled), Settings(design));
            Assert.Equal(Keys(a), Keys(b));
            Assert.Equal(a.Exited.Select(u => u.Weight), b.Exited.Select(u => u.Weight));
        }, iter: 200);

    [Theory]
    [InlineData(SampleDesign.Stratified)]
    [InlineData(SampleDesign.TwoStageCluster)]
    public void Another_seed_gives_another_sample(SampleDesign design)
    {
        var frame = Enumerable.Range(0, 300).Select(i => new FrameUnit($"H{i:0000}", $"990121{i % 4:000}000", $"990121{i % 4:000}{i % 12:000}")).ToList();
        Gen.Long.Sample(seed =>
        {
            var a = SampleDraw.County(seed, "990121", frame, [], Settings(design));
            var b = SampleDraw.County(seed + 1, "990121", frame, [], Settings(design));
            Assert.NotEqual(Keys(a), Keys(b));
        }, iter: 200);
    }

    [Fact]
    public void The_generator_is_a_fixed_function_of_its_seed()
    {
        // SplitMix64's published first output for seed 0 (and the county seed mixes the code in).
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).NextUInt64());
        Assert.NotEqual(SplitMix64.CountySeed(1, "990121"), SplitMix64.CountySeed(1, "990122"));
        Assert.Equal(SplitMix64.CountySeed(42, "990121"), SplitMix64.CountySeed(42, "990121"));
    }

    [Fact]
    public void The_normal_quantile_matches_the_table() 
    {
        Assert.Equal(1.959964, SampleSize.Z(0.95m), 5);
        Assert.Equal(1.644854, SampleSize.Z(0.90m), 5);
        Assert.Equal(2.575829, SampleSize.Z(0.99m), 5);
        Assert.Equal(3.290527, SampleSize.Z(0.999m), 5);
    }

    [Fact]
    public void The_size_meets_the_margin_asked_for_and_one_less_would_not() =>
        Gen.Select(Gen.Int[1, 200].Select(m => m / 1000m), Gen.Int[1, 99].Select(p => p / 100m), Gen.Int[1, 100_000], Gen.Int[0, 30].Select(d => 1m + d / 10m),
                Gen.Int[0, 4].Select(i => new[] { 0.8m, 0.9m, 0.95m, 0.99m, 0.999m }[i]))
            .Sample((margin, p, population, deff, confidence) =>
            {
                var n = SampleSize.ForProportion(margin, confidence, p, population, deff);
                Assert.InRange(n, 1, population);
                Assert.True(SampleSize.Achieved(n, confidence, p, population, deff) <= margin, $"n={n}");
                if (n > 1) Assert.True(SampleSize.Achieved(n - 1, confidence, p, population, deff) > margin * 0.999m, $"n={n} is larger than needed");
            }, iter: 2000);

    [Fact]
    public void A_textbook_size_comes_out_right()
    {
        // z = 1.96, p = 0.5, e = 0.05: n0 = 384.15 → 385 for an infinite frame; 1 000 households: 278.
        Assert.Equal(385, SampleSize.ForProportion(0.05m, 0.95m, 0.5m, 100_000_000, 1m));
        Assert.Equal(278, SampleSize.ForProportion(0.05m, 0.95m, 0.5m, 1000, 1m));
    }

    [Fact]
    public void A_stratified_sample_keeps_to_its_strata_and_its_weights_sum_to_the_frame() =>
        Gen.Select(Gen.Long, Frame, Gen.Int[1, 200].Select(m => m / 1000m)).Sample((seed, frame, margin) =>
        {
            var d = SampleDraw.County(seed, "990121", frame, NotPoor(frame), Settings(SampleDesign.Stratified, margin));
            Assert.Equal(d.TargetSize, d.SampleSize);
            Assert.Equal(d.Exited.Count, d.Exited.Select(u => u.Unit.Key).Distinct().Count());
            // Each drawn township's weights sum to its households; a sample smaller than the townships leaves some undrawn
            // (checked below), so the whole frame is covered exactly when every township is drawn.
            var drawnStrata = d.Exited.Select(u => u.Unit.Stratum).ToHashSet();
            Assert.InRange(Math.Abs(d.Exited.Sum(u => u.Weight) - frame.Count(u => drawnStrata.Contains(u.Stratum))), 0m, 0.001m);
            var strata = frame.GroupBy(u => u.Stratum).ToDictionary(g => g.Key, g => g.Count());
            foreach (var g in d.Exited.GroupBy(u => u.Unit.Stratum))
            {
                Assert.InRange(g.Count(), 1, strata[g.Key]);
                // Proportional: within one (and the minimum of one) of n·N_h/N.
                Assert.InRange(g.Count(), Math.Floor(d.SampleSize * (decimal)strata[g.Key] / frame.Count) - 1, Math.Ceiling(d.SampleSize * (decimal)strata[g.Key] / frame.Count) + 1);
                Assert.All(g, u => Assert.Equal(Math.Round((decimal)strata[g.Key] / g.Count(), 6), u.Weight));
            }
            if (d.SampleSize >= strata.Count) Assert.Equal(strata.Count, d.Exited.Select(u => u.Unit.Stratum).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, d.SampleSize), d.Exited.Select(u => u.Order));
        }, iter: 300);

    [Fact]
    public void A_two_stage_sample_keeps_to_its_villages_with_their_weights() =>
        Gen.Select(Gen.Long, Frame).Sample((seed, frame) =>
        {
            var s = Settings(SampleDesign.TwoStageCluster);
            var d = SampleDraw.County(seed, "990121", frame, NotPoor(frame), s);
            var villages = frame.GroupBy(u => u.Village).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(villages.Count, d.VillageFrame);
            var k = SampleSize.Villages(d.TargetSize, s.HouseholdsPerVillage, villages.Count);
            Assert.Equal(k, d.VillagesDrawn);
            // Just enough villages for the size (which already carries the design effect), not a design effect more.
            if (k < villages.Count) Assert.True(k * s.HouseholdsPerVillage >= d.TargetSize && (k - 1) * s.HouseholdsPerVillage < d.TargetSize);
            var drawn = d.Exited.GroupBy(u => u.Unit.Village).ToList();
            Assert.Equal(k, drawn.Count);
            foreach (var g in drawn)
            {
                var m = Math.Min(s.HouseholdsPerVillage, villages[g.Key]);
                Assert.Equal(m, g.Count());
                Assert.All(g, u => Assert.Equal(Math.Round((decimal)villages.Count / k * villages[g.Key] / m, 6), u.Weight));
            }
            // Unregistered households come from the same drawn villages, at most u each.
            Assert.All(d.Unregistered, u => Assert.Contains(u.Unit.Village, drawn.Select(g => g.Key)));
            Assert.All(d.Unregistered.GroupBy(u => u.Unit.Village), g => Assert.Equal(3, g.Count()));
            Assert.Equal(d.Exited.Count, d.Exited.Select(u => u.Unit.Key).Distinct().Count());
        }, iter: 300);

    [Fact]
    public void A_stratified_project_draws_villages_for_the_unregistered_households() =>
        Gen.Select(Gen.Long, Frame).Sample((seed, frame) =>
        {
            var d = SampleDraw.County(seed, "990121", frame, NotPoor(frame), Settings(SampleDesign.Stratified));
            Assert.Equal(d.VillagesDrawn, d.Unregistered.Select(u => u.Unit.Village).Distinct().Count());
            Assert.All(d.Unregistered, u => Assert.Equal(SampleFrame.Unregistered, u.Frame));
        }, iter: 200);

    [Fact]
    public void Allocation_gives_every_stratum_one_when_the_sample_allows() =>
        Gen.Select(Gen.Int[1, 1000].Array[1, 12], Gen.Int[0, 3000]).Sample((sizes, n) =>
        {
            var strata = sizes.Select((s, i) => (Key: $"S{i:00}", s)).ToDictionary(x => x.Key, x => x.s);
            var a = SampleDraw.Allocate(strata, n);
            Assert.Equal(Math.Min(n, sizes.Sum()), a.Values.Sum());
            Assert.All(a, x => Assert.InRange(x.Value, 0, strata[x.Key]));
            if (n >= strata.Count) Assert.All(a, x => Assert.True(x.Value >= 1));
        }, iter: 1000);

    [Fact]
    public void An_empty_frame_draws_nothing()
    {
        var d = SampleDraw.County(7, "990121", [], [], Settings(SampleDesign.TwoStageCluster));
        Assert.Empty(d.Exited);
        Assert.Empty(d.Unregistered);
        Assert.Equal(0, d.VillagesDrawn);
    }
}
