using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Regions;

/// <summary>A region with the registry counts of the households inside it (within the reader's scope).</summary>
public sealed class RegionNode
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public RegionLevel Level { get; init; }
    public bool IsPoorCounty { get; init; }
    public bool IsPoorVillage { get; init; }
    public bool IsWestern { get; init; }
    public int RuralPopulation { get; set; }
    public int Households { get; set; }
    public int People { get; set; }
    /// <summary>Households by status.</summary>
    public Dictionary<HouseholdStatus, int> ByStatus { get; } = [];
    public List<RegionNode> Children { get; } = [];
}

/// <summary>Builds the region tree with counts from one grouped query over the registry.</summary>
public static class RegionTree
{
    /// <summary>
    /// The tree from the top level down to villages, limited to the regions inside the reader's scope
    /// and their ancestors. Counts come through the context, so they only include households the reader may see.
    /// </summary>
    public static async Task<IReadOnlyList<RegionNode>> BuildAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var prefix = db.Scope.CanRead ? db.Scope.RegionPrefix : "-";
        var regions = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null).OrderBy(r => r.Code).ToListAsync(ct);
        var visible = regions.Where(r => r.Code.StartsWith(prefix, StringComparison.Ordinal)
                                          || (prefix.Length > 0 && prefix.StartsWith(RegionCode.Parse(r.Code).Prefix, StringComparison.Ordinal)))
            .ToList();
        var nodes = visible.ToDictionary(r => r.Code, r => new RegionNode
        {
            Code = r.Code, Name = r.Name, Level = r.Level, IsPoorCounty = r.IsPoorCounty, IsPoorVillage = r.IsPoorVillage,
            IsWestern = r.IsWestern, RuralPopulation = r.Level == RegionLevel.Village && r.Code.StartsWith(prefix, StringComparison.Ordinal) ? r.RuralPopulation : 0,
        });

        var counts = await db.Households.AsNoTracking()
            .GroupBy(h => new { h.VillageCode, h.Status })
            .Select(g => new { g.Key.VillageCode, g.Key.Status, Households = g.Count(), People = g.Sum(h => h.Members.Count(m => m.State == MemberState.Present)) })
            .ToListAsync(ct);

        var roots = new List<RegionNode>();
        foreach (var node in nodes.Values.OrderBy(n => n.Code))
        {
            var parent = RegionCode.Parse(node.Code).Parent;
            if (parent is { } p && nodes.TryGetValue(p.Value, out var parentNode)) parentNode.Children.Add(node);
            else roots.Add(node);
        }
        foreach (var c in counts)
        {
            for (RegionCode? code = RegionCode.Parse(c.VillageCode); code is { } rc && rc.Level > RegionLevel.Nation; code = rc.Parent)
            {
                if (!nodes.TryGetValue(rc.Value, out var node)) continue;
                node.Households += c.Households;
                node.People += c.People;
                node.ByStatus[c.Status] = node.ByStatus.GetValueOrDefault(c.Status) + c.Households;
            }
        }
        foreach (var root in roots) SumPopulation(root);
        return roots;
    }

    private static int SumPopulation(RegionNode node)
    {
        if (node.Children.Count > 0) node.RuralPopulation = node.Children.Sum(SumPopulation);
        return node.RuralPopulation;
    }
}
