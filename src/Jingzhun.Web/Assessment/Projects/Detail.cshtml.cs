using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.Projects;

/// <summary>
/// <c>/assessment/projects/detail/{id}</c>: a project's settings and seed, its counties with frame and sample sizes and the
/// margin each achieves, and the sample the reader may see (none for the assessed county before the visits start). The
/// organiser's steps (draw, assign, start visits, close) are buttons for organisers only; each is refused on the server
/// to anyone else whatever the page shows.
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public AssessmentProject Project { get; private set; } = null!;
    public IReadOnlyList<CountyView> Counties { get; private set; } = [];
    public IReadOnlyList<SampleView> Sample { get; private set; } = [];
    public IReadOnlyList<Account> Assessors { get; private set; } = [];
    public string? Saved { get; private set; }
    public bool MayOrganise { get; private set; }
    public bool SeedShown { get; private set; }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<bool> LoadAsync(long assessmentId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (await AssessmentProjects.DetailAsync(db, assessmentId, ct) is not { } detail) return false;
        Project = detail.Project;
        Counties = detail.Counties;
        Sample = await AssessmentProjects.SampleAsync(db, assessmentId, ct);
        MayOrganise = AssessmentProjects.MayOrganise(db, Project);
        SeedShown = AssessmentProjects.SeedShown(db, Project);
        if (MayOrganise) Assessors = await AssessmentProjects.AssessorsForAsync(db, Project, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long assessmentId, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(assessmentId, ct)) return NotFound();
        Saved = saved;
        return Page();
    }

    public Task<IActionResult> OnPostDrawAsync(long assessmentId, CancellationToken ct) =>
        StepAsync(assessmentId, "drawn", () => AssessmentProjects.DrawAsync(db, assessmentId, Now, ct), ct);

    public Task<IActionResult> OnPostAssignAsync(long assessmentId, int[]? assessors, CancellationToken ct) =>
        StepAsync(assessmentId, "assigned", () => AssessmentProjects.AssignAsync(db, assessmentId, assessors ?? [], Now, ct), ct);

    public Task<IActionResult> OnPostStartAsync(long assessmentId, CancellationToken ct) =>
        StepAsync(assessmentId, "started", () => AssessmentProjects.StartVisitsAsync(db, assessmentId, Now, ct), ct);

    public Task<IActionResult> OnPostCloseAsync(long assessmentId, string? reason, CancellationToken ct) =>
        StepAsync(assessmentId, "closed", () => AssessmentProjects.CloseAsync(db, assessmentId, reason ?? "", Now, ct), ct);

    /// <summary>Runs a step; a bad value or a step out of turn comes back as a message on the page, a refusal as 403.</summary>
    private async Task<IActionResult> StepAsync(long assessmentId, string saved, Func<Task<AssessmentProject?>> step, CancellationToken ct)
    {
        try
        {
            if (await step() is null) return NotFound();
        }
        catch (Exception e) when (e is AssessmentInputException or WorkflowBlockedException)
        {
            if (!await LoadAsync(assessmentId, ct)) return NotFound();
            ModelState.AddModelError("step", lang.T(e is AssessmentInputException input ? input.Text : ((WorkflowBlockedException)e).Text));
            return Page();
        }
        return Redirect($"/assessment/projects/detail/{assessmentId}?saved={saved}");
    }

    public string SavedText => Saved switch
    {
        "created" => lang.T("项目已创建。", "The project was created."),
        "drawn" => lang.T("样本已抽取，在开始入户核查前对被评估县保密。", "The sample was drawn; it stays hidden from the county until the visits start."),
        "assigned" => lang.T("样本已分配给评估人员。", "The sample was assigned to the assessors."),
        "started" => lang.T("入户核查已开始。", "The visits have started."),
        "closed" => lang.T("项目已结束。", "The project was closed."),
        _ => "",
    };
}
