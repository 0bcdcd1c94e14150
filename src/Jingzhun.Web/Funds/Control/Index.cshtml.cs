using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Control;

/// <summary>
/// Funds control of an area (资金监管): the rates with the children's (which add up to the area), and the lists an auditor works
/// through — idle funds, overdue projects, flagged payments of each kind — a page of each (?list=…&amp;page=… pages one of them),
/// every list downloadable whole as xlsx. Everyone who may read the area reads it; nothing on it changes anything.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public ControlView View { get; private set; } = null!;
    public ControlPage<IdleFund> Idle { get; private set; } = null!;
    public ControlPage<OverdueProject> Overdue { get; private set; } = null!;
    public IReadOnlyDictionary<ControlList, ControlPage<FlaggedPayment>> Flags { get; private set; } = null!;
    public int? Year { get; private set; }

    public async Task<IActionResult> OnGetAsync(string regionCode, int? year, string? list, int? page, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return BadRequest();
        ControlList? paged = Enum.TryParse<ControlList>(list, ignoreCase: true, out var l) && Enum.IsDefined(l) ? l : null;
        int PageOf(ControlList x) => paged == x ? Math.Clamp(page ?? 1, 1, 100_000) : 1;
        var now = clock.GetUtcNow().UtcDateTime;
        var view = await FundControl.ForAsync(db, regionCode, year, now, ct);
        if (view is null) return NotFound();
        View = view;
        Year = year;
        var code = RegionCode.Parse(view.Area.Code);
        var size = FundControl.DefaultPageSize;
        Idle = await FundControl.IdleFundsPageAsync(db, code, year, view.Today, PageOf(ControlList.IdleFunds), size, ct);
        Overdue = await FundControl.OverdueProjectsAsync(db, code, year, view.Today, PageOf(ControlList.OverdueProjects), size, ct);
        var flags = new Dictionary<ControlList, ControlPage<FlaggedPayment>>();
        foreach (var kind in FundControl.FlagLists)
            flags[kind] = await FundControl.FlaggedPaymentsAsync(db, code, year, kind, PageOf(kind), size, ct);
        Flags = flags;
        return Page();
    }

    public string YearQuery => Year is { } y ? $"year={y}" : "";

    public string Link(string code) => $"/funds/control/{code}" + (Year is { } y ? $"?year={y}" : "");

    public string Export(ControlList list) => $"/funds/control/{View.Area.Code}/export?list={list}" + (Year is { } y ? $"&year={y}" : "");

    public string PageLink(ControlList list, int page) => $"/funds/control/{View.Area.Code}?list={list}&page={page}" + (Year is { } y ? $"&year={y}" : "") + $"#list-{list}";

    public int CountOf(ControlList list) => list switch
    {
        ControlList.IdleFunds => View.IdleFunds,
        ControlList.OverdueProjects => View.OverdueProjects,
        ControlList.Misdirected => View.Area.Figures.Misdirected,
        ControlList.Duplicate => View.Area.Figures.Duplicate,
        _ => View.Area.Figures.Diverted,
    };

    public static string Rate(double? share) => share is { } s ? (100 * s).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    public static string Yuan(Domain.Common.Money m) => m.Yuan.ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
}
