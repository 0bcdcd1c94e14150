using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Exit.Areas;

/// <summary>Poor villages and counties of the reader's region with their exit figures, and proposing their exit.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public int ShownYear { get; private set; }
    public List<AreaRow> Rows { get; private set; } = [];
    /// <summary>The transition of each exited county on the list (过渡期, five years from its exit date).</summary>
    public Dictionary<string, Domain.Transition.TransitionPeriod> Transitions { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Opens the exit case. A county applies on incidence alone: its rates come from the national special assessment.</summary>
    public async Task<IActionResult> OnPostProposeAsync(string regionCode, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var (decision, opened) = await AreaExit.ProposeAsync(db, regionCode, Year ?? RulesApi.DefaultYear(clock), "", now, ct);
            if (opened is not null) return Redirect($"/cases/{opened.Id}");
            Message = lang.T("未达到退出条件：", "Exit criteria not met: ") + decision.Summary(lang.English);
        }
        catch (WorkflowBlockedException blocked)
        {
            Message = lang.T(blocked.Text);
        }
        await LoadAsync(ct);
        return Page();
    }

    public bool MayPropose(AreaRow row) => row.ExitedYear is null && row.OpenCaseId is null && db.Scope.MayChange(row.Code)
        && WorkflowRules.MayAdvance(db.Scope.Role, row.Level == RegionLevel.Village ? CaseKind.VillageExit : CaseKind.CountyExit,
            row.Level == RegionLevel.Village ? Stage.Computed : Stage.CountyProposal);

    private async Task LoadAsync(CancellationToken ct)
    {
        ShownYear = Year ?? RulesApi.DefaultYear(clock);
        Rows = await AreaExit.ListAsync(db, ShownYear, ct);
        foreach (var row in Rows.Where(r => r.Level == RegionLevel.County && r.ExitedYear is not null))
            if (await Data.Transition.Transitions.ForCountyAsync(db, row.Code, ct) is { } period) Transitions[row.Code] = period;
    }
}
