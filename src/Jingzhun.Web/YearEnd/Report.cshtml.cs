using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.YearEnd;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.YearEnd;

/// <summary>One frozen year by area: an area and the areas one level below it, drillable to a village. Counts only.</summary>
/// <remarks>Reads through the report replica when one is configured (<see cref="ReportReplica"/>).</remarks>
public sealed class ReportModel([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }

    public int Year { get; private set; }
    public List<AreaCounts> Rows { get; } = [];

    /// <summary>The monitoring register at the year's 31 December, by area code (monitored = eliminated + continuing).</summary>
    public Dictionary<string, MonitoringTally> Monitoring { get; } = [];

    public async Task<IActionResult> OnGetAsync(int year, CancellationToken ct)
    {
        Year = year;
        var counts = await YearEndReport.CountsAsync(db, year, YearEndApi.PrefixOf(Region), ct);
        if (!counts.IsFrozen) return NotFound();
        var top = counts.Areas.Min(a => a.Level);
        Rows.AddRange(counts.Areas.Where(a => a.Level == top || a.Level == top + 1));
        if (Rows.Find(IsHead) is { } head && await MonitoringLedger.FiguresAsync(db, head.Code, LedgerDate.YearEnd(year), ct) is { } figures)
            foreach (var area in figures.Children.Prepend(figures.Area))
                Monitoring[area.Code] = area.Tally;
        return Page();
    }

    public bool IsHead(AreaCounts area) => area.Level == Rows.Min(r => r.Level);
}
