using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.YearEnd;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.YearEnd;

/// <summary>One frozen year by area: an area and the areas one level below it, drillable to a village. Counts only.</summary>
public sealed class ReportModel(JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }

    public int Year { get; private set; }
    public List<AreaCounts> Rows { get; } = [];

    public async Task<IActionResult> OnGetAsync(int year, CancellationToken ct)
    {
        Year = year;
        var counts = await YearEndReport.CountsAsync(db, year, YearEndApi.PrefixOf(Region), ct);
        if (!counts.IsFrozen) return NotFound();
        var top = counts.Areas.Min(a => a.Level);
        Rows.AddRange(counts.Areas.Where(a => a.Level == top || a.Level == top + 1));
        return Page();
    }

    public bool IsHead(AreaCounts area) => area.Level == Rows.Min(r => r.Level);
}
