using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Coverage;

/// <summary>One list of the coverage report as an xlsx workbook (?list=VillagesWithoutTeam, … or its number); the download is audited.</summary>
public sealed class ExportModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string regionCode, string? list, CancellationToken ct)
    {
        if (!Data.Assistance.Coverage.IsVisible(db, regionCode, out _)) return NotFound();
        if (!Enum.TryParse<CoverageList>(list, ignoreCase: true, out var which) || !Enum.IsDefined(which)) return BadRequest();
        var bytes = await Data.Assistance.Coverage.ExportAsync(db, regionCode, which, clock.GetUtcNow().UtcDateTime, ct);
        return bytes is null ? NotFound()
            : File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"coverage-{regionCode}-{which}.xlsx");
    }
}
