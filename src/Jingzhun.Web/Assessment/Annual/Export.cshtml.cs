using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.Annual;

/// <summary>The ranking of an annual assessment as an xlsx workbook (the rows the reader sees); the download is audited.</summary>
public sealed class ExportModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await AnnualAssessments.ExportAsync(db, id, clock.GetUtcNow().UtcDateTime, ct) is { } bytes
            ? File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"annual-assessment-{id}.xlsx")
            : NotFound();
}
