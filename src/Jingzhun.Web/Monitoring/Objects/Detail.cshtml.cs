using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Monitoring.Objects;

/// <summary>
/// One monitored object (监测对象): its household, type, risk class, causes, how it was found and recognised, the measures
/// taken since, the on-site assessments with the rule's answer, and the steps that close it: the assessment form, the
/// proposal of risk elimination (once the latest assessment passed) and the city's evaluation of the result.
/// Outside the reader's scope it does not exist (404).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock, Can can) : PageModel
{
    public MonitoredObject Object { get; private set; } = default!;
    public Household Household { get; private set; } = default!;
    public List<AssistanceMeasure> Measures { get; private set; } = [];
    public List<RiskAssessment> Assessments { get; private set; } = [];
    public List<WorkflowCase> EliminationCases { get; private set; } = [];
    public RuleSet Rules { get; private set; } = default!;
    public DateOnly Today { get; private set; }
    public string? Problem { get; private set; }

    public RiskAssessment? Latest => Assessments.FirstOrDefault();
    public WorkflowCase? OpenElimination => EliminationCases.FirstOrDefault(c => c.IsOpen);
    public bool MayAssess => Object.IsActive && OpenElimination is null && can.AssessRisk(Object.VillageCode);
    /// <summary>Whether the reader's role opens risk elimination (the case engine's first step for the kind).</summary>
    public bool MayPropose => Object.IsActive && OpenElimination is null && db.Scope.MayChange(Object.VillageCode)
                              && WorkflowRules.MayAdvance(db.Scope.Role, CaseKind.RiskElimination, WorkflowRules.Start(CaseKind.RiskElimination));
    public bool ProposalReady => Latest is { Passed: true };
    public bool MayEvaluate => Object.State == RiskState.Eliminated && Object.EvaluatedAt is null && can.EvaluateRisk(Object.VillageCode);

    [BindProperty] public AssessmentForm Assessment { get; set; } = new();
    [BindProperty] public EvaluationForm Evaluation { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Records an on-site assessment (实地核查评估); the rule weighs it against the year's monitoring line.</summary>
    public async Task<IActionResult> OnPostAssessAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!can.AssessRisk(Object.VillageCode)) throw Refused(new("记录实地核查评估", "record an on-site assessment"));
        Need(Assessment.AssessedOn is not null, "Assessment.AssessedOn", "须填写评估日期", "the date of the assessment is needed");
        Need(Assessment.IncomePerCapita is >= 0 and < 100_000_000m, "Assessment.IncomePerCapita", "须填写人均纯收入（元）", "the per-capita net income (yuan) is needed");
        Need(Assessment.Comment.Length <= 500, "Assessment.Comment", "意见须在500字以内", "the comment is 500 characters at most");
        var findings = new AssessmentFindings(new(decimal.Round(Assessment.IncomePerCapita ?? 0, 2)), Assessment.IncomeStable, Assessment.FoodAndClothing,
            Assessment.CompulsoryEducation, Assessment.BasicMedical, Assessment.SafeHousing, Assessment.SafeWater);
        return await StepAsync(id, now => MonitoringWork.RecordAssessmentAsync(db, id, Assessment.AssessedOn!.Value, findings, Assessment.Comment, now, ct), ct);
    }

    /// <summary>Proposes risk elimination (opens the case) on the latest passing assessment; refused (409) without one.</summary>
    public async Task<IActionResult> OnPostProposeAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var opened = default(WorkflowCase);
        var result = await StepAsync(id, async now => opened = await MonitoringWork.ProposeEliminationAsync(db, id,
            lang.T("实地核查评估通过，申请风险消除", "On-site assessment passed: risk elimination proposed"), now, ct), ct);
        return opened is null ? result : Redirect($"/cases/{opened.Id}");
    }

    /// <summary>市级评估成效: the city's evaluation once the risk is eliminated.</summary>
    public async Task<IActionResult> OnPostEvaluateAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!can.EvaluateRisk(Object.VillageCode)) throw Refused(new("评估帮扶成效", "evaluate the result"));
        Need(Evaluation.Effective is not null, "Evaluation.Effective", "须选择是否有效", "choose whether the assistance was effective");
        Need(Evaluation.Text.Trim().Length is > 0 and <= 1000, "Evaluation.Text", "须填写评估意见（1000字以内）", "the evaluation needs a text (1000 characters at most)");
        return await StepAsync(id, now => MonitoringWork.EvaluateAsync(db, id, Evaluation.Effective ?? false, Evaluation.Text, now, ct), ct);
    }

    private WorkflowRefusedException Refused(Domain.Common.Bilingual what) =>
        new($"您的角色不能{what.Chinese}", $"your role may not {what.English}", Object.VillageCode);

    private void Need(bool ok, string key, string zh, string en)
    {
        if (!ok) ModelState.AddModelError(key, $"{zh} / {en}");
    }

    private async Task<IActionResult> StepAsync(long id, Func<DateTime, Task> step, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                await step(clock.GetUtcNow().UtcDateTime);
                return Redirect($"/monitoring/objects/{id}");
            }
            catch (WorkflowBlockedException blocked)
            {
                Problem = lang.T(blocked.Text);
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
        }
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var monitored = await db.MonitoredObjects.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (monitored is null) return false;
        Object = monitored;
        Household = await db.Households.AsNoTracking().Include(h => h.Members).FirstAsync(h => h.Id == monitored.HouseholdId, ct);
        Measures = await db.Measures.AsNoTracking().Where(m => m.HouseholdId == monitored.HouseholdId && m.Year >= monitored.RecognisedYear)
            .OrderBy(m => m.Year).ThenBy(m => m.Id).ToListAsync(ct);
        Assessments = await db.RiskAssessments.AsNoTracking().Where(a => a.MonitoredObjectId == id)
            .OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.Id).ToListAsync(ct);
        EliminationCases = await db.Cases.AsNoTracking().Where(c => c.HouseholdId == monitored.HouseholdId && c.Kind == CaseKind.RiskElimination && c.OpenedAt >= monitored.RecognisedAt)
            .OrderByDescending(c => c.Id).ToListAsync(ct);
        Today = Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);
        Rules = await RuleBook.ForAsync(db, monitored.VillageCode, Today.Year, ct);
        return true;
    }
}

/// <summary>The on-site assessment form: income per head, whether it is stable, the five guarantees.</summary>
public sealed class AssessmentForm
{
    public DateOnly? AssessedOn { get; set; }
    public decimal? IncomePerCapita { get; set; }
    public bool IncomeStable { get; set; }
    public bool FoodAndClothing { get; set; }
    public bool CompulsoryEducation { get; set; }
    public bool BasicMedical { get; set; }
    public bool SafeHousing { get; set; }
    public bool SafeWater { get; set; }
    public string Comment { get; set; } = "";
}

/// <summary>The city's evaluation (市级评估成效).</summary>
public sealed class EvaluationForm
{
    public bool? Effective { get; set; }
    public string Text { get; set; } = "";
}
