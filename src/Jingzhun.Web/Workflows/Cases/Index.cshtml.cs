using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows.Cases;

/// <summary>
/// The work list (待办): open cases in the reader's scope at stages its role may act on; with
/// "all", every open case of its region. Filters by kind, stage and year.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool All { get; set; }
    [BindProperty(SupportsGet = true)] public CaseKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public Stage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public List<CaseRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + CaseReading.PageSize - 1) / CaseReading.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Rows, Total) = await CaseReading.ListAsync(db, new CaseFilter(All, Kind, Stage, Year, PageNumber), ct);
    }

    public string PageUrl(int page) =>
        $"/cases?all={All.ToString().ToLowerInvariant()}&kind={Kind}&stage={Stage}&year={Year}&page={page}";
}
