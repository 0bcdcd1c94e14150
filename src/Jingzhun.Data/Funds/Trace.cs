using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A project drawing on an allocation: its budget line(s) on it and what was paid to it from it.</summary>
public sealed record TracedProject(long ProjectId, string Number, string Name, ProjectStage Stage, string RegionCode, Money Budget, Money Paid);

/// <summary>A household reached by an allocation: what it was paid from it (reversals netted).</summary>
public sealed record TracedHousehold(long HouseholdId, string Number, string HeadName, string VillageCode, Money Paid, int Payments);

/// <summary>
/// One allocation in the trace down, with its balance and where the money went: the allocations to the level below
/// (<see cref="Children"/>), the projects budgeting on it, the payments drawn on it to projects and to households.
/// Allocated = passed down + paid + unpaid, and passed down = the sum of the children's allocated, at every node.
/// </summary>
public sealed record TraceNode(AllocationRow Row, IReadOnlyList<TraceNode> Children, IReadOnlyList<TracedProject> Projects,
    IReadOnlyList<TracedHousehold> Households, Money PaidToProjects, Money PaidToHouseholds, Money PaidOther)
{
    public FundAllocation Allocation => Row.Allocation;
    public AllocationBalance Balance => Row.Balance!;
    public IEnumerable<TraceNode> All => Children.SelectMany(c => c.All).Prepend(this);
    /// <summary>The households reached from this node and every node below it, with their yuan summed.</summary>
    public IReadOnlyList<TracedHousehold> AllHouseholds => All.SelectMany(n => n.Households).GroupBy(h => h.HouseholdId)
        .Select(g => g.First() with { Paid = new Money(g.Sum(h => h.Paid.Yuan)), Payments = g.Sum(h => h.Payments) }).OrderBy(h => h.Number).ToList();
}

/// <summary>One yuan line a household received: the payment (its reversal netted), its allocation with the chain above it, its project.</summary>
public sealed record ReceivedLine(FundPayment Payment, Money Reversed, IReadOnlyList<AllocationRow> Chain, string? ProjectNumber, string? ProjectName)
{
    public Money Net => Payment.Amount + Reversed;
    /// <summary>The allocation the payment was drawn on (the last of the chain), when the reader can see it.</summary>
    public AllocationRow? Allocation => Chain.Count == 0 ? null : Chain[^1];
}

/// <summary>A project the household benefits from.</summary>
public sealed record BenefitingProject(long ProjectId, string Number, string Name, ProjectType Type, ProjectStage Stage, int Year, int People);

/// <summary>Every yuan a household received (household payments and dividends, reversals netted) and the projects it benefits from.</summary>
public sealed record HouseholdFunds(long HouseholdId, IReadOnlyList<ReceivedLine> Lines, IReadOnlyList<BenefitingProject> Projects)
{
    public Money Total => new(Lines.Sum(l => l.Net.Yuan));
}

/// <summary>
/// The fund trace both ways (资金到户可追溯): from any allocation down through the allocations below it to the projects and
/// households its money reached, and from a household up to every yuan it received and the allocations it came from.
/// Balances are counted by <see cref="FundBalances"/> only. What the reader's scope hides (an allocation above its
/// region, a household of another village) is simply not in the answer.
/// </summary>
public static class Trace
{
    /// <summary>The trace down from an allocation; null when the reader cannot see it or it is a reversing entry.</summary>
    public static async Task<TraceNode?> DownAsync(JingzhunDbContext db, long allocationId, CancellationToken ct = default)
    {
        var root = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == allocationId, ct);
        if (root is null || root.ReversesId is not null) return null;
        var all = new List<FundAllocation> { root };
        var frontier = new List<long> { root.Id };
        while (frontier.Count > 0)
        {
            var ids = frontier;
            var children = await db.Allocations.AsNoTracking().Where(a => a.ParentId != null && ids.Contains(a.ParentId.Value) && a.ReversesId == null)
                .OrderBy(a => a.ToCode).ThenBy(a => a.Id).ToListAsync(ct);
            all.AddRange(children);
            frontier = children.Select(c => c.Id).ToList();
        }
        var rows = (await Allocations.RowsAsync(db, all, ct)).ToDictionary(r => r.Allocation.Id);
        var allIds = rows.Keys.ToList();
        var payments = await db.Payments.AsNoTracking().Where(p => p.AllocationId != null && allIds.Contains(p.AllocationId.Value)).ToListAsync(ct);
        var funding = await db.ProjectFunding.AsNoTracking().Where(f => f.AllocationId != null && allIds.Contains(f.AllocationId.Value))
            .Select(f => new { AllocationId = f.AllocationId!.Value, f.ProjectId, f.Amount }).ToListAsync(ct);
        var projectIds = funding.Select(f => f.ProjectId).Concat(payments.Where(p => p.ProjectId != null).Select(p => p.ProjectId!.Value)).Distinct().ToList();
        var projects = projectIds.Count == 0 ? [] : await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Number, p.Name, p.Stage, p.RegionCode }).ToDictionaryAsync(p => p.Id, ct);
        var householdIds = payments.Where(p => p.HouseholdId != null).Select(p => p.HouseholdId!.Value).Distinct().ToList();
        var households = await HouseholdNamesAsync(db, householdIds, ct);
        var childrenOf = all.Where(a => a.ParentId is not null).ToLookup(a => a.ParentId!.Value);

        TraceNode Build(FundAllocation a)
        {
            var mine = payments.Where(p => p.AllocationId == a.Id).ToList();
            var toProjects = mine.Where(p => p.Kind == PaymentKind.Project).ToList();
            var toHouseholds = mine.Where(p => p.Kind != PaymentKind.Project && p.HouseholdId is not null).ToList();
            var other = mine.Except(toProjects).Except(toHouseholds).ToList();
            var lines = funding.Where(f => f.AllocationId == a.Id).ToList();
            var traced = lines.Select(f => f.ProjectId).Concat(toProjects.Where(p => p.ProjectId != null).Select(p => p.ProjectId!.Value)).Distinct()
                .Where(projects.ContainsKey).Select(id => projects[id])
                .Select(p => new TracedProject(p.Id, p.Number, p.Name, p.Stage, p.RegionCode, new Money(lines.Where(l => l.ProjectId == p.Id).Sum(l => l.Amount.Yuan)),
                    new Money(toProjects.Where(x => x.ProjectId == p.Id).Sum(x => x.Amount.Yuan))))
                .OrderBy(p => p.Number).ToList();
            var reached = toHouseholds.GroupBy(p => p.HouseholdId!.Value)
                .Select(g => households.TryGetValue(g.Key, out var h)
                    ? new TracedHousehold(g.Key, h.Number, h.Head, h.Village, new Money(g.Sum(p => p.Amount.Yuan)), g.Count(p => !p.IsReversal))
                    : new TracedHousehold(g.Key, "", "", g.First().RegionCode, new Money(g.Sum(p => p.Amount.Yuan)), g.Count(p => !p.IsReversal)))
                .OrderBy(h => h.Number).ToList();
            return new TraceNode(rows[a.Id], childrenOf[a.Id].Select(Build).ToList(), traced, reached,
                new Money(toProjects.Sum(p => p.Amount.Yuan)), new Money(toHouseholds.Sum(p => p.Amount.Yuan)), new Money(other.Sum(p => p.Amount.Yuan)));
        }
        return Build(root);
    }

    private sealed record HouseholdName(string Number, string Head, string Village);

    private static async Task<Dictionary<long, HouseholdName>> HouseholdNamesAsync(JingzhunDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var found = await db.Households.AsNoTracking().Where(h => ids.Contains(h.Id))
            .Select(h => new
            {
                h.Id, h.Number, h.VillageCode,
                Head = h.Members.Where(m => m.State == MemberState.Present && m.Relation == Relation.Head).Select(m => m.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return found.ToDictionary(h => h.Id, h => new HouseholdName(h.Number, h.Head ?? "—", h.VillageCode));
    }

    /// <summary>
    /// The trace up from a household: every payment it received (household subsidies and dividends; each reversal netted
    /// into the payment it reverses), with its allocation and the chain of allocations above it to the top (as far as the
    /// reader can see), its project; and the projects it benefits from. Null when the reader cannot see the household.
    /// </summary>
    public static async Task<HouseholdFunds?> UpAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        if (!await db.Households.AsNoTracking().AnyAsync(h => h.Id == householdId, ct)) return null;
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.HouseholdId == householdId && (p.Kind == PaymentKind.Household || p.Kind == PaymentKind.Dividend))
            .OrderBy(p => p.PaidOn).ThenBy(p => p.Id).ToListAsync(ct);
        var reversals = payments.Where(p => p.ReversesId is not null).ToLookup(p => p.ReversesId!.Value);
        var originals = payments.Where(p => p.ReversesId is null || !payments.Any(o => o.Id == p.ReversesId)).ToList();

        // The allocations drawn on and every allocation above them, as far as the reader can see.
        var known = new Dictionary<long, FundAllocation>();
        var wanted = originals.Where(p => p.AllocationId != null).Select(p => p.AllocationId!.Value).Distinct().ToList();
        while (wanted.Count > 0)
        {
            var ids = wanted;
            var found = await db.Allocations.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
            foreach (var a in found) known[a.Id] = a;
            wanted = found.Where(a => a.ParentId is { } p && !known.ContainsKey(p)).Select(a => a.ParentId!.Value).Distinct().ToList();
        }
        var rows = known.Count == 0 ? new Dictionary<long, AllocationRow>() : (await Allocations.RowsAsync(db, [.. known.Values], ct)).ToDictionary(r => r.Allocation.Id);
        IReadOnlyList<AllocationRow> Chain(long? allocationId)
        {
            var chain = new List<AllocationRow>();
            for (var id = allocationId; id is { } x && rows.TryGetValue(x, out var row); id = row.Allocation.ParentId) chain.Insert(0, row);
            return chain;
        }
        var projectIds = originals.Where(p => p.ProjectId != null).Select(p => p.ProjectId!.Value).Distinct().ToList();
        var projects = projectIds.Count == 0 ? [] : await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Number, p.Name }).ToDictionaryAsync(p => p.Id, ct);
        var lines = originals.Select(p =>
        {
            var project = p.ProjectId is { } id && projects.TryGetValue(id, out var x) ? x : null;
            return new ReceivedLine(p, new Money(reversals[p.Id].Sum(r => r.Amount.Yuan)), Chain(p.AllocationId), project?.Number, project?.Name);
        }).ToList();
        var benefiting = await db.ProjectBeneficiaries.AsNoTracking().Where(b => b.HouseholdId == householdId && b.EndedAt == null)
            .OrderBy(b => b.Project!.Year).ThenBy(b => b.Project!.Number)
            .Select(b => new BenefitingProject(b.ProjectId, b.Project!.Number, b.Project.Name, b.Project.Type, b.Project.Stage, b.Project.Year, b.People))
            .ToListAsync(ct);
        return new HouseholdFunds(householdId, lines, benefiting);
    }
}
