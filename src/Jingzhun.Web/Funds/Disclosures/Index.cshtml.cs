using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Disclosures;

/// <summary>The disclosures of an area for staff (公告公示与异议), those with open objections first; outside the reader's region 404.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public DisclosureList List { get; private set; } = null!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(string regionCode, int? page, CancellationToken ct)
    {
        if (await DisclosureObjections.ListAsync(db, regionCode, page ?? 1, Now, ct: ct) is not { } list) return NotFound();
        List = list;
        return Page();
    }
}
