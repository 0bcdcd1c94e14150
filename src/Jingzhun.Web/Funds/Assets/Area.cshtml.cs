using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Assets;

/// <summary>An area's project assets (/funds/assets/{code}): 移交率 and 确权率, totals by class and ownership, income and dividends by year, the list.</summary>
public sealed class AreaModel(JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "class")] public AssetClass? Class { get; set; }
    [BindProperty(SupportsGet = true, Name = "ownership")] public AssetOwnership? Ownership { get; set; }
    [BindProperty(SupportsGet = true, Name = "state")] public AssetState? State { get; set; }

    public AssetArea View { get; private set; } = null!;
    /// <summary>The reader may register assets of the area's completed projects.</summary>
    public bool MayRegister { get; private set; }

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        // A filter value outside its set is not a filter: it shows everything rather than nothing.
        var filter = new AssetFilter(Class is { } c && Enum.IsDefined(c) ? c : null, Ownership is { } o && Enum.IsDefined(o) ? o : null,
            State is { } s && Enum.IsDefined(s) ? s : null);
        var area = await ProjectAssets.ForAreaAsync(db, regionCode, filter, ct);
        if (area is null) return NotFound();
        View = area;
        MayRegister = area.Projects.Any(p => ProjectAssets.May(db, FundRoles.ManageAssets, p.RegionCode));
        return Page();
    }
}
