using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Credit;

/// <summary>An area's microcredit (/assistance/microcredit/{code}): totals, loans outstanding, the overdue list and its xlsx.</summary>
public sealed class AreaModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public MicrocreditArea View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        var area = await MicrocreditWork.ForAreaAsync(db, regionCode, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        if (area is null) return NotFound();
        View = area;
        return Page();
    }

    /// <summary>The overdue list as xlsx (household numbers, no personal data); the export is audited.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string regionCode, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        var now = clock.GetUtcNow().UtcDateTime;
        var bytes = await MicrocreditWork.ExportOverdueAsync(db, regionCode, DateOnly.FromDateTime(now), now, ct);
        return bytes is null ? NotFound()
            : File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                $"microcredit-overdue-{(RegionCode.TryParse(regionCode, out var c, out _) ? c.Value : "area")}-{now:yyyyMMdd}.xlsx");
    }
}
