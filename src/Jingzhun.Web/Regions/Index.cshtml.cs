using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Regions;

/// <summary>The region tree inside the reader's scope, with registry counts at every level.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    public IReadOnlyList<RegionNode> Roots { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Roots = await RegionTree.BuildAsync(db, ct);
}
