using Jingzhun.Data.Database;
using Jingzhun.Data.Transition;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Transition;

/// <summary>过渡期 and 四个不摘: the area's counties with their transition, and what each exited household still receives.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public TransitionReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(Code) ? db.Scope.RegionPrefix.PadRight(12, '0') : Code.Trim();
        if (await Transitions.ReportAsync(db, code, clock.GetUtcNow().UtcDateTime, PageNumber, ct: ct) is not { } report) return NotFound();
        Report = report;
        return Page();
    }
}
