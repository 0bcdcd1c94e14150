using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Workflows.Lists;

/// <summary>Village lists (名单) in the reader's scope: each village's yearly identification or exit list, newest first.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    public sealed record ListRow(long Id, CaseKind Kind, string RegionCode, int Year, string Title, DateTime CreatedAt, string CreatedBy, int Cases, int Open);

    public List<ListRow> Rows { get; private set; } = [];
    public bool MayCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        MayCreate = NewModel.MayCreateAny(db.Scope);
        Rows = await db.Batches.AsNoTracking().OrderByDescending(b => b.Id).Take(500)
            .Select(b => new ListRow(b.Id, b.Kind, b.RegionCode, b.Year, b.Title, b.CreatedAt, b.CreatedBy, b.Cases.Count, b.Cases.Count(c => c.ClosedAt == null)))
            .ToListAsync(ct);
    }
}
