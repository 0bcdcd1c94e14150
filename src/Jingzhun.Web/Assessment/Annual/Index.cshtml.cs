using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RegionCodeValue = Jingzhun.Domain.Regions.RegionCode;

namespace Jingzhun.Web.Assessment.Annual;

/// <summary>
/// The annual assessments of an area (/assessment/annual/{code}): those its office runs and those in which it was assessed;
/// an office in <see cref="AssessmentRoles.AssessAnnually"/> opens one for a year and level here, with the timetable shown.
/// Outside the reader's region: 404.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class CreateForm
    {
        public int? Year { get; set; }
        public RegionLevel? Level { get; set; }
    }

    [BindProperty] public CreateForm Form { get; set; } = new();

    public string Code { get; private set; } = "";
    public IReadOnlyList<AnnualAssessment> Assessments { get; private set; } = [];
    public IReadOnlyList<RegionLevel> Levels { get; private set; } = [];
    public AnnualWindow? Window { get; private set; }
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public bool MayCreate => Levels.Count > 0;

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct) => await LoadAsync(regionCode, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string regionCode, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        if (Form.Year is not { } year || Form.Level is not { } level)
            ModelState.AddModelError("Form", lang.T("请选择年度和考核层级", "Choose the year and the level"));
        else
            try
            {
                var created = await AnnualAssessments.CreateAsync(db, year, level, Now, ct);
                return Redirect($"/assessment/annual/detail/{created.Id}");
            }
            catch (AssessmentInputException e) { ModelState.AddModelError("Form", lang.T(e.Text)); }
            catch (WorkflowBlockedException e) { ModelState.AddModelError("Form", lang.T(e.Text)); }
        db.ChangeTracker.Clear();
        await LoadAsync(regionCode, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(string regionCode, CancellationToken ct)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !RegionCodeValue.TryParse(regionCode, out var code, out _)
            || !code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal))
            return false;
        Code = code.Value;
        var prefix = code.Prefix;
        var all = await AnnualAssessments.ListAsync(db, ct);
        var assessed = await db.AnnualScores.Where(s => s.RegionCode.StartsWith(prefix)).Select(s => s.AssessmentId).Distinct().ToListAsync(ct);
        Assessments = all.Where(a => a.AssessorCode.StartsWith(prefix, StringComparison.Ordinal) || assessed.Contains(a.Id)).ToList();
        if (AnnualAssessments.MayAssess(db) && AnnualAssessments.OfficeCode(db) == code.Value)
        {
            Levels = AnnualAssessments.LevelsFor(code.Level);
            var rulesYear = Form.Year ?? DefaultYear();
            Window = await AnnualAssessments.WindowAsync(db, code.Value, rulesYear, ct);
            Form.Year ??= rulesYear;
        }
        return true;
    }

    /// <summary>The year most likely assessed now: this year from its start month, the year before until then.</summary>
    private int DefaultYear() => Now.Month >= 12 ? Now.Year : Now.Year - 1;
}
