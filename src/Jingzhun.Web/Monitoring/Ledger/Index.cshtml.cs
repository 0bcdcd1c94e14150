using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Monitoring.Ledger;

/// <summary>
/// The monitoring ledger of an area (县乡村三级动态监测台账): its figures by type and by risk class with its children to
/// drill into, the ledger's rows a page at a time, and the whole ledger as xlsx; live or at a year's end.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    /// <summary>"live" (default) or a year: the ledger at that year's 31 December.</summary>
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public LedgerView View { get; private set; } = null!;

    public bool English => lang.English;

    public string DateLabel => View.Date.Year is { } y ? lang.T($"{y}年12月31日", $"31 December {y}") : lang.T("实时", "live");

    public async Task<IActionResult> OnGetAsync(string? regionCode, CancellationToken ct)
    {
        if (!LedgerAccess.ReadRegionWork(db)) return Forbid();
        if (!LedgerDate.TryParse(Year, clock.GetUtcNow().UtcDateTime, out var date)) return BadRequest();
        var view = await MonitoringLedger.ForAsync(db, Code(regionCode), date, PageNumber, MonitoringLedger.DefaultPageSize, ct);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }

    /// <summary>The whole ledger as an xlsx workbook (Chinese headers, no resident IDs); the export is audited.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string? regionCode, CancellationToken ct)
    {
        if (!LedgerAccess.ReadRegionWork(db)) return Forbid();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!LedgerDate.TryParse(Year, now, out var date)) return BadRequest();
        var code = Code(regionCode);
        var bytes = await MonitoringLedger.ExportAsync(db, code, date, now, ct);
        return bytes is null ? NotFound()
            : File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"monitoring-ledger-{RegionCodeText(code)}-{date.Text}.xlsx");
    }

    /// <summary>Without a code the ledger opens at the reader's own region.</summary>
    private string Code(string? regionCode) => regionCode ?? db.Scope.RegionPrefix.PadRight(12, '0');

    private static string RegionCodeText(string code) => RegionCode.TryParse(code, out var c, out _) ? c.Value : "area";

    public string Link(string code, int page = 1) =>
        $"/monitoring/ledger/{code}" + (View.Date.Year is { } y ? $"?year={y}" : "?year=live") + (page > 1 ? $"&p={page}" : "");

    /// <summary>A child can be opened unless it is the village's own row.</summary>
    public bool Drills => View.Area.Level != RegionLevel.Village;

    public static IReadOnlyList<MonitoringCategory> Types => MonitoringTally.Types;
    public static IReadOnlyList<RiskClass> Classes => MonitoringTally.Classes;
}

/// <summary>Who may read a ledger: region work (not an assessor's sample).</summary>
internal static class LedgerAccess
{
    public static bool ReadRegionWork(JingzhunDbContext db) => db.Scope.CanRead && !db.Scope.ReadsAssignedOnly;
}
