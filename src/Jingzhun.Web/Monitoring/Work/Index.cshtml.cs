using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Monitoring.Work;

/// <summary>
/// The monitoring work list (监测待办): the cases whose turn is the reader's, every open case of the region with the
/// 15-day clock (days left, or days overdue in red), the overdue list per level, signals awaiting attention and
/// monitored households needing action. Reads only; the steps are taken on /cases/{id} and the monitored household's page.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public MonitoringWorkView View { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct) => View = await MonitoringWorkList.LoadAsync(db, clock.GetUtcNow().UtcDateTime, ct);
}
