using Jingzhun.Data.Database;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Jingzhun.Web.Exit;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Statistics;

/// <summary>The printable report of an area (A4): every figure, table and chart of the dashboard on paper.</summary>
public sealed class ReportModel([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db, Lang lang, TimeProvider clock) : StatisticsPage(db, lang, clock)
{
    public DateTime PrintedAt { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct) =>
        await LoadAsync(regionCode, withMeasures: true, ct) ? Page() : NotFound();
}
