using CsCheck;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Tests.Funds;

/// <summary>
/// The pure funds rules as properties: an income split by weight always sums to the amount to the fen, each part within a
/// fen of its exact share and never negative, equal weights differing by at most a fen, scaled weights splitting alike;
/// an allocation goes only down and inside the issuer, and stops at the county.
/// </summary>
public sealed class FundRulesTests
{
    /// <summary>Weights as a share's form takes them: positive, at most 4 decimals.</summary>
    private static readonly Gen<decimal> Weight = Gen.Int[1, 10_000_000].Select(w => w / 10_000m);
    private static readonly Gen<long> Fen = Gen.Long[0, 100_000_000_000];

    [Fact]
    public void Parts_sum_to_the_amount_exactly_and_each_is_within_a_fen_of_its_share() =>
        Gen.Select(Fen, Weight.List[1, 60]).Sample((fen, weights) =>
        {
            var parts = FundRules.Split(Money.FromFen(fen), weights);
            Assert.Equal(weights.Count, parts.Count);
            Assert.Equal(fen, parts.Sum(p => p.Fen));
            var total = weights.Sum();
            for (var i = 0; i < parts.Count; i++)
            {
                Assert.True(parts[i].Fen >= 0);
                Assert.Equal(parts[i].Yuan * 100m, parts[i].Fen); // whole fen
                var exact = fen * weights[i] / total;
                Assert.True(Math.Abs(parts[i].Fen - exact) < 1m, $"part {parts[i].Fen} fen for an exact share of {exact}");
            }
        });

    [Fact]
    public void Equal_weights_get_parts_at_most_a_fen_apart_and_the_earlier_shares_take_the_remainder() =>
        Gen.Select(Fen, Gen.Int[1, 40], Weight).Sample((fen, count, weight) =>
        {
            var parts = FundRules.Split(Money.FromFen(fen), Enumerable.Repeat(weight, count).ToList());
            Assert.True(parts.Max(p => p.Fen) - parts.Min(p => p.Fen) <= 1);
            Assert.Equal(parts.OrderByDescending(p => p.Fen).Select(p => p.Fen), parts.Select(p => p.Fen)); // ties go to the earlier share
        });

    [Fact]
    public void Scaling_every_weight_by_the_same_factor_splits_alike() =>
        Gen.Select(Fen, Gen.Int[1, 1000].List[1, 30], Gen.Int[2, 50]).Sample((fen, weights, factor) =>
        {
            var a = FundRules.Split(Money.FromFen(fen), [.. weights.Select(w => (decimal)w)]);
            var b = FundRules.Split(Money.FromFen(fen), [.. weights.Select(w => (decimal)(w * factor))]);
            Assert.Equal(a, b);
        });

    [Fact]
    public void A_larger_weight_never_gets_less() =>
        Gen.Select(Fen, Weight.List[2, 30]).Sample((fen, weights) =>
        {
            var parts = FundRules.Split(Money.FromFen(fen), weights);
            for (var i = 0; i < weights.Count; i++)
                for (var j = 0; j < weights.Count; j++)
                    if (weights[i] > weights[j]) Assert.True(parts[i] >= parts[j], $"weight {weights[i]} got {parts[i]}, weight {weights[j]} got {parts[j]}");
        });

    [Fact]
    public void Splits_of_known_amounts()
    {
        Assert.Equal([new Money(33.34m), new Money(33.33m), new Money(33.33m)], FundRules.Split(new Money(100m), [1m, 1m, 1m]));
        Assert.Equal([new Money(66.67m), new Money(33.33m)], FundRules.Split(new Money(100m), [2m, 1m]));
        Assert.Equal([new Money(0.01m), Money.Zero], FundRules.Split(new Money(0.01m), [1m, 1m]));
        Assert.Empty(FundRules.Split(new Money(100m), []));
        Assert.Throws<ArgumentException>(() => FundRules.Split(new Money(100m), [1m, -1m]));
        Assert.Throws<ArgumentException>(() => FundRules.Split(new Money(100m), [0m, 0m]));
    }

    /// <summary>A code at a level: each segment down to it has a digit that is not zero; the rest are zeros.</summary>
    private static Gen<RegionCode> Code(RegionLevel level) =>
        Gen.Select(Gen.Int[1, 99], Gen.Int[1, 99], Gen.Int[1, 99], Gen.Int[1, 999], Gen.Int[1, 999], (p, c, k, t, v) =>
        {
            var segments = new[] { p.ToString("00"), c.ToString("00"), k.ToString("00"), t.ToString("000"), v.ToString("000") };
            return RegionCode.Parse(string.Concat(segments.Take((int)level)).PadRight(12, '0'));
        });

    private static readonly Gen<RegionLevel> Level = Gen.Int[0, 5].Select(l => (RegionLevel)l);

    /// <summary>The code of <paramref name="to"/> moved inside <paramref name="from"/>: the issuer's prefix, the rest of <paramref name="to"/>.</summary>
    private static RegionCode Inside(RegionCode from, RegionCode to) =>
        RegionCode.Parse((from.Prefix + to.Value[from.Prefix.Length..]));

    [Fact]
    public void An_allocation_is_allowed_exactly_down_inside_the_issuer_and_no_lower_than_the_county() =>
        Gen.Select(Level, Level, Gen.Bool).SelectMany((fl, tl, inside) => Gen.Select(Code(fl), Code(tl), (f, t) => (f, t, inside))).Sample(x =>
        {
            var (from, to, inside) = x;
            if (inside && to.Level > from.Level) to = Inside(from, to);
            var allowed = to.Level > from.Level && from.Contains(to) && to.Level <= RegionLevel.County;
            var refusal = FundRules.CheckDirection(from, to);
            Assert.Equal(allowed, refusal is null);
            if (refusal is { } r) Assert.False(string.IsNullOrWhiteSpace(r.Chinese) || string.IsNullOrWhiteSpace(r.English));
        });

    [Fact]
    public void Known_directions()
    {
        Assert.Null(FundRules.CheckDirection(RegionCode.Nation, RegionCode.Parse("99")));
        Assert.Null(FundRules.CheckDirection(RegionCode.Parse("99"), RegionCode.Parse("990121")));
        Assert.Null(FundRules.CheckDirection(RegionCode.Parse("9901"), RegionCode.Parse("990121")));
        Assert.NotNull(FundRules.CheckDirection(RegionCode.Parse("990121"), RegionCode.Parse("990121001")));   // below the county
        Assert.NotNull(FundRules.CheckDirection(RegionCode.Parse("990121"), RegionCode.Parse("99")));          // upwards
        Assert.NotNull(FundRules.CheckDirection(RegionCode.Parse("99"), RegionCode.Parse("98")));              // sideways
        Assert.NotNull(FundRules.CheckDirection(RegionCode.Parse("9901"), RegionCode.Parse("980121")));        // outside
        Assert.NotNull(FundRules.CheckDirection(RegionCode.Parse("990121"), RegionCode.Parse("990121")));      // to itself
    }
}
