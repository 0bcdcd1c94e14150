using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Coverage;

/// <summary>
/// The coverage report of an area (帮扶覆盖情况): five figures with counts and rates, the children's rates to drill into, and
/// the first rows of each list with links to the households and villages; every list downloads whole as xlsx.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public CoverageReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct)
    {
        var report = await Data.Assistance.Coverage.ForAsync(db, regionCode, clock.GetUtcNow().UtcDateTime, Data.Assistance.Coverage.DefaultRows, ct);
        if (report is null) return NotFound();
        Report = report;
        return Page();
    }

    /// <summary>The rate as a percentage, or a dash when there is nothing to cover.</summary>
    public static string Rate(CoverageFigure f) => f.Rate is { } r ? (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}
