using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Collaboration.Labour;

/// <summary>An area's labour cooperation figures as an xlsx workbook (?year=&amp;destination=); the download is audited.</summary>
public sealed class ExportModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string regionCode, int? year, string? destination, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        if (year is < 2000 or > 2999 || destination is { Length: > 40 }) return BadRequest();
        var bytes = await LabourCooperationFigures.ExportAsync(db, regionCode, year, destination, clock.GetUtcNow().UtcDateTime, ct);
        return bytes is null ? NotFound()
            : File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"labour-{regionCode}-{year ?? clock.GetUtcNow().Year}.xlsx");
    }
}
