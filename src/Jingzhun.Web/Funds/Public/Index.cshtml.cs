using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Public;

/// <summary>The public funds chooser (扶贫资金项目公告公示), without sign-in: the counties that have posted disclosures.</summary>
public sealed class IndexModel(DatabaseTarget target, TimeProvider clock) : PageModel
{
    public IReadOnlyList<PublicCounty> Counties { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Counties = await new PublicFunds(target, clock).CountiesAsync(ct);
}
