using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Monitoring.Ledger;

/// <summary>
/// What a new monitoring line would bring: households not registered poor whose per-capita net income of a year is below
/// it, by child area, against the line in force, and how many of them are monitored already. Nothing is written.
/// </summary>
public sealed class WhatIfModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The proposed line as a multiple of the year's poverty line…</summary>
    [BindProperty(SupportsGet = true)] public decimal? Factor { get; set; }
    /// <summary>… or in yuan per person a year (wins over the factor).</summary>
    [BindProperty(SupportsGet = true)] public decimal? Line { get; set; }

    public MonitoringWhatIfResult Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? regionCode, CancellationToken ct)
    {
        if (!LedgerAccess.ReadRegionWork(db)) return Forbid();
        var now = clock.GetUtcNow().UtcDateTime;
        Year ??= now.Year - 1;
        if (Year is < 2000 or > 2999 || Factor is <= 0 or > 100 || Line is <= 0 or > 1_000_000) return BadRequest();
        var result = await MonitoringWhatIf.RunAsync(db, regionCode ?? db.Scope.RegionPrefix.PadRight(12, '0'), Year.Value, Line is null ? Factor : null, Line, now, ct);
        if (result is null) return NotFound();
        Result = result;
        return Page();
    }
}
