using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>What an allocation came to after its corrections, what was passed down or paid from it, and what is left.</summary>
/// <param name="Allocated">The amount less its reversal, if any.</param>
/// <param name="PassedDown">Net allocations to the level below that name it as their parent.</param>
/// <param name="Paid">Net payments drawn on it (reversals subtract).</param>
public sealed record AllocationBalance(long AllocationId, Money Allocated, Money PassedDown, Money Paid)
{
    /// <summary>Neither passed down nor paid: allocated = passed down + paid + unpaid, at every level.</summary>
    public Money Unpaid => new(Allocated.Yuan - PassedDown.Yuan - Paid.Yuan);
}

/// <summary>
/// The one way balances are counted, so that the allocation pages, the payment checks, the trace and the control lists
/// agree. Reversal rows are not allocations of their own: they reduce the one they reverse. Only the amounts of the
/// allocations asked for are read (Money is a converted column, so the fen are summed here, not in SQL).
/// </summary>
public static class FundBalances
{
    public static async Task<IReadOnlyDictionary<long, AllocationBalance>> ForAsync(JingzhunDbContext db, IReadOnlyCollection<long> allocationIds, CancellationToken ct = default)
    {
        if (allocationIds.Count == 0) return new Dictionary<long, AllocationBalance>();
        var ids = allocationIds.Distinct().ToList();
        var own = await db.Allocations.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Amount }).ToListAsync(ct);
        var reversed = await Sum(db.Allocations.AsNoTracking().Where(a => a.ReversesId != null && ids.Contains(a.ReversesId.Value))
            .Select(a => new Line(a.ReversesId!.Value, a.Amount)), ct);
        var passed = await Sum(db.Allocations.AsNoTracking().Where(a => a.ParentId != null && ids.Contains(a.ParentId.Value))
            .Select(a => new Line(a.ParentId!.Value, a.Amount)), ct);
        // A child's reversal carries the parent of the child it reverses, so it is netted here too.
        var paid = await Sum(db.Payments.AsNoTracking().Where(p => p.AllocationId != null && ids.Contains(p.AllocationId.Value))
            .Select(p => new Line(p.AllocationId!.Value, p.Amount)), ct);
        return own.ToDictionary(a => a.Id, a => new AllocationBalance(a.Id,
            new Money(a.Amount.Yuan + reversed.GetValueOrDefault(a.Id)), new Money(passed.GetValueOrDefault(a.Id)), new Money(paid.GetValueOrDefault(a.Id))));
    }

    public static async Task<AllocationBalance?> ForAsync(JingzhunDbContext db, long allocationId, CancellationToken ct = default) =>
        (await ForAsync(db, [allocationId], ct)).GetValueOrDefault(allocationId);

    private sealed record Line(long Key, Money Amount);

    private static async Task<Dictionary<long, decimal>> Sum(IQueryable<Line> lines, CancellationToken ct) =>
        (await lines.ToListAsync(ct)).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount.Yuan));
}
