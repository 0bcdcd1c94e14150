using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Shared;

/// <summary>The current regions inside the reader's scope (the ones the region tree shows below its ancestors), for selects.</summary>
public static class ScopeRegions
{
    public static async Task<List<Region>> ListAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead) return [];
        var prefix = db.Scope.RegionPrefix;
        return await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && r.Code.StartsWith(prefix))
            .OrderBy(r => r.Code).ToListAsync(ct);
    }

    /// <summary>Options for a region select: every region in scope, indented by level; villages only when <paramref name="villagesOnly"/>.</summary>
    public static List<SelectListItem> Options(IEnumerable<Region> regions, string? selected, bool villagesOnly)
    {
        var items = regions
            .Where(r => !villagesOnly || r.Level == RegionLevel.Village)
            .Select(r => new SelectListItem(
                (villagesOnly ? "" : new string('\u3000', Math.Max(0, (int)r.Level - (int)RegionLevel.County))) + $"{r.Name} ({r.Code})",
                r.Code, r.Code == selected))
            .ToList();
        if (!string.IsNullOrWhiteSpace(selected) && items.All(i => i.Value != selected))
            items.Insert(0, new SelectListItem(selected, selected, true));
        return items;
    }
}
