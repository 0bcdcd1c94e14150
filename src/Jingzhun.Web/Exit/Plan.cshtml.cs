using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;
using Jingzhun.Web.Statistics;

namespace Jingzhun.Web.Exit;

/// <summary>
/// An area's annual exit plans: every version with who set it, and a form for county-level officers
/// and above to set the plan of a year (a new version; the earlier ones stay in the history).
/// </summary>
public sealed class PlanModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class PlanForm
    {
        public int Year { get; set; }
        public int PlannedHouseholds { get; set; }
        public int PlannedPeople { get; set; }
        public string Note { get; set; } = "";
    }

    [BindProperty] public PlanForm Input { get; set; } = new();

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public RegionLevel Level { get; private set; }
    public bool MaySet { get; private set; }
    public List<ExitPlan> History { get; private set; } = [];
    public IReadOnlyList<ExitProgress> Progress { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        Input.Year = clock.GetUtcNow().Year;
        if (History.FirstOrDefault(p => p.Year == Input.Year) is { } current)
            (Input.PlannedHouseholds, Input.PlannedPeople) = (current.PlannedHouseholds, current.PlannedPeople);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string regionCode, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        // Officers below county level are refused by the save itself (403, audited), like every other change outside one's rights.
        if (!ModelState.IsValid) return Page();
        var result = await ExitPlans.SetAsync(db, Code, Input.Year, Input.PlannedHouseholds, Input.PlannedPeople, Input.Note, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Plan is null)
        {
            FormErrors.AddTo(ModelState, result.Errors, lang.English, f => FormErrors.Property<PlanForm>(nameof(Input), f));
            return Page();
        }
        return Redirect($"/stats/{Code}/plan?saved={result.Plan.Year}");
    }

    private async Task<bool> LoadAsync(string regionCode, CancellationToken ct)
    {
        if (!await ExitPlans.IsVisibleAsync(db, regionCode, ct)) return false;
        var code = RegionCode.Parse(regionCode);
        Code = code.Value;
        Level = code.Level;
        Name = await db.Regions.AsNoTracking().Where(r => r.Code == Code && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? Code;
        MaySet = ExitPlan.MaySet(db.Scope, Code);
        History = await ExitPlans.HistoryAsync(db, Code, ct);
        Progress = await ExitPlans.ProgressAsync(db, Code, clock.GetUtcNow().Year, ct);
        Saved = Request.Query.ContainsKey("saved");
        return true;
    }
}
