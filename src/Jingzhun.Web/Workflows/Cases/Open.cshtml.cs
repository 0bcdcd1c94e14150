using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows.Cases;

/// <summary>
/// Opens a household case from the household page: identification, exit or look-back removal.
/// The year is the household's latest income year; the workflow checks role, eligibility and
/// open cases. When it says no, the reason is shown with status 409 and a link back.
/// </summary>
public sealed class OpenModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public string? Problem { get; private set; }
    public long HouseholdId { get; private set; }

    public IActionResult OnGet() => Redirect("/cases");

    public async Task<IActionResult> OnPostAsync(CaseKind? kind, long householdId, string? reason, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Include(h => h.Incomes).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return NotFound();
        HouseholdId = householdId;
        if (kind is not { } k || !CasesApi.HouseholdKinds.Contains(k))
            return Refuse(lang.T("请选择识别、退出或回头看剔除", "Choose identification, exit or look-back removal"), StatusCodes.Status422UnprocessableEntity);
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var opened = await CaseWorkflow.OpenHouseholdCaseAsync(db, k, householdId, CaseReading.YearOf(household, now), reason?.Trim() ?? "", now, ct: ct);
            return Redirect($"/cases/{opened.Id}");
        }
        catch (WorkflowBlockedException blocked)
        {
            return Refuse(lang.T(blocked.Text), StatusCodes.Status409Conflict);
        }
    }

    private PageResult Refuse(string problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
