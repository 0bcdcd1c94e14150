using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Funds;

/// <summary>Pure checks and sums of funds: where an allocation may go, how an asset's income is split.</summary>
public static class FundRules
{
    /// <summary>An allocation goes from a level to a region below it and inside it (a province to its city or county).</summary>
    public static Bilingual? CheckDirection(RegionCode from, RegionCode to)
    {
        if (to.Level <= from.Level || !from.Contains(to))
            return new("资金只能下达到本级以下的区划", "funds are allocated only to a region below the issuing one");
        if (to.Level > RegionLevel.County)
            return new("资金下达到县为止，县以下通过项目和到户补助使用", "allocations stop at the county; below it funds are used through projects and household payments");
        return null;
    }

    /// <summary>
    /// Splits an amount among shares by weight, in whole fen, by the largest-remainder method: the parts sum to the amount
    /// exactly, and no household gets a fen more than its weight earns unless the remainder has to go somewhere.
    /// </summary>
    public static IReadOnlyList<Money> Split(Money amount, IReadOnlyList<decimal> weights)
    {
        if (weights.Count == 0) return [];
        if (weights.Any(w => w < 0)) throw new ArgumentException("weights must not be negative", nameof(weights));
        var total = weights.Sum();
        if (total == 0) throw new ArgumentException("weights must not all be zero", nameof(weights));
        var fen = decimal.Round(amount.Yuan * 100m);
        var exact = weights.Select(w => fen * w / total).ToList();
        var parts = exact.Select(decimal.Floor).ToList();
        var left = (int)(fen - parts.Sum());
        foreach (var i in exact.Select((e, i) => (Remainder: e - decimal.Floor(e), i)).OrderByDescending(x => x.Remainder).ThenBy(x => x.i).Take(left).Select(x => x.i))
            parts[i]++;
        return parts.Select(p => new Money(p / 100m)).ToList();
    }
}
