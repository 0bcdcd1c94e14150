using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Control;

/// <summary>One list of funds control as an xlsx workbook (?list=IdleFunds, OverdueProjects, Misdirected, Duplicate, Diverted or its number; ?year=); the download is audited.</summary>
public sealed class ExportModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string regionCode, string? list, int? year, CancellationToken ct)
    {
        if (!FundControl.IsVisible(db, regionCode, out _)) return NotFound();
        if (!Enum.TryParse<ControlList>(list, ignoreCase: true, out var which) || !Enum.IsDefined(which) || year is < 2000 or > 2100) return BadRequest();
        var bytes = await FundControl.ExportAsync(db, regionCode, year, which, clock.GetUtcNow().UtcDateTime, ct);
        return bytes is null ? NotFound()
            : File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"fund-control-{regionCode}-{which}.xlsx");
    }
}
