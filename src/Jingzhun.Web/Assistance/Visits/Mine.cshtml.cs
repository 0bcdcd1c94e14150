using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Visits;

/// <summary>
/// The cadre's daily list (我的结对户): the households paired with the signed-in account's roster entry, the least recently
/// visited first, with the date of the last visit and a link to record one. Other accounts are told the list is a cadre's.
/// </summary>
public sealed class MineModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public Cadre? Cadre { get; private set; }
    public IReadOnlyList<PairedHousehold> Households { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Today = DateOnly.FromDateTime(now);
        Cadre = await Data.Assistance.Visits.MyCadreAsync(db, ct);
        if (Cadre is not null) Households = await Data.Assistance.Visits.MyHouseholdsAsync(db, now, ct);
    }
}
