using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.YearEnd;
using Jingzhun.Web.Hosting;
using Freeze = Jingzhun.Data.YearEnd.YearEndFreeze;

namespace Jingzhun.Web.YearEnd;

/// <summary>The frozen years of the reader's region with their counts; county officers freeze a year here.</summary>
public sealed class IndexModel(JingzhunDbContext db, DatabaseTarget target, TimeProvider clock) : PageModel
{
    public List<YearEndCounts> Years { get; } = [];
    public bool MayFreeze => Freeze.MayFreeze(db.Scope) && db.Scope.Role is not null;
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public int Year { get; set; } = clock.GetUtcNow().Year - 1;
    [BindProperty] public bool Confirm { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayFreeze) return Forbid();
        if (!Confirm) Error = "须勾选确认后才能冻结 / tick the confirmation to freeze";
        else if (Year < 2014 || Year >= clock.GetUtcNow().Year)
            Error = "只能冻结已结束的年度（2014年起） / only a finished year from 2014 on can be frozen";
        else
        {
            try
            {
                var written = await Freeze.FreezeAsync(db, Year, clock.GetUtcNow().UtcDateTime, ct: ct);
                Message = $"{Year}年已冻结{written}户 / {Year} frozen: {written} households";
                // The statistics are system work over every area (the freeze itself was checked against the officer's scope).
                await using var system = JingzhunDb.Create(target, AccessScope.System(db.Scope.Actor));
                await Data.Statistics.AreaStatistics.RefreshAsync(system, clock.GetUtcNow().UtcDateTime, ct);
            }
            catch (WorkflowBlockedException e) { Error = e.Text.Both; }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        foreach (var year in await YearEndReport.FrozenYearsAsync(db, ct))
            Years.Add(await YearEndReport.CountsAsync(db, year, db.Scope.RegionPrefix, ct));
    }

    /// <summary>The rows that sum up the reader's region: those of the highest level the report has.</summary>
    public static IEnumerable<AreaCounts> Top(YearEndCounts counts) =>
        counts.Areas.Where(a => a.Level == counts.Areas.Min(x => x.Level));
}
