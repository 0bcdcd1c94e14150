using Jingzhun.Data.Database;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Jingzhun.Web.Exit;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Statistics;

/// <summary>An area's indicators with its children to drill into, read from the aggregates within the reader's scope.</summary>
public sealed class IndexModel([FromKeyedServices(ReportReplica.Reads)] JingzhunDbContext db, Lang lang, TimeProvider clock) : StatisticsPage(db, lang, clock)
{
    public async Task<IActionResult> OnGetAsync(string? regionCode, CancellationToken ct) =>
        await LoadAsync(regionCode, WithMeasures, ct) ? Page() : NotFound();

    /// <summary>Every table of the page (the area and its children first) as an xlsx workbook.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string? regionCode, CancellationToken ct) =>
        await LoadAsync(regionCode, withMeasures: true, ct) ? await XlsxAsync(ct) : NotFound();
}
