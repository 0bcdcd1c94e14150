using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Projects;

/// <summary><c>/funds/projects/{regionCode}</c>: an area's projects by year, stage and type, with budget, paid and beneficiaries.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    public ProjectPage View { get; private set; } = null!;
    public bool MayPropose { get; private set; }
    public const int PageSize = 50;

    public async Task<IActionResult> OnGetAsync(string regionCode, int? year, ProjectStage? stage, ProjectType? type, int? p, CancellationToken ct)
    {
        var page = await ProjectLibrary.ListAsync(db, regionCode, year, stage, type, p ?? 1, PageSize, ct);
        if (page is null) return NotFound();
        View = page;
        MayPropose = ProjectLibrary.MayPropose(db.Scope, page.Code);
        return Page();
    }
}
