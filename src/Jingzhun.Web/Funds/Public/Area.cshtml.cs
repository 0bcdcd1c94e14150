using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Public;

/// <summary>
/// A county's (or township's, or village's) public funds page, without sign-in: funds received by year and source and the
/// allocation results posted (county), and its projects in the library with their disclosures — read only through
/// <see cref="PublicFunds"/>, so nothing but masked projections reaches the page.
/// </summary>
public sealed class AreaModel(DatabaseTarget target, TimeProvider clock) : PageModel
{
    public PublicFundsPage Area { get; private set; } = null!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct)
    {
        if (await new PublicFunds(target, clock).PageAsync(regionCode, Now, ct) is not { } area) return NotFound();
        Area = area;
        return Page();
    }
}
