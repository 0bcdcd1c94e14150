using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Collaboration.Labour;

/// <summary>
/// A household's labour cooperation on a phone (/households/{id}/labour): a member enters the labour pool, and each worker's
/// next step (training, a job, the return) is recorded, each a governed step of <see cref="LabourCooperation"/>; a refused
/// field comes back at its place (422).
/// </summary>
public sealed class HouseholdModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class PoolForm
    {
        public long? MemberId { get; set; }
        public DateOnly? On { get; set; }
    }

    public sealed class StepForm
    {
        public long? WorkerId { get; set; }
        public LabourStage? Stage { get; set; }
        public DateOnly? On { get; set; }
        [TextLimit(100)] public string? Course { get; set; }
        public DateOnly? TrainingUntil { get; set; }
        [TextLimit(100)] public string? Destination { get; set; }
        [TextLimit(12)] public string? DestinationCode { get; set; }
        [TextLimit(100)] public string? Employer { get; set; }
        public PlacementMode? Mode { get; set; }
        public decimal? MonthlyIncome { get; set; }
        public long? PairingId { get; set; }
        [TextLimit(200)] public string? Reason { get; set; }
    }

    [BindProperty] public PoolForm Pool { get; set; } = new();
    [BindProperty] public StepForm Step { get; set; } = new();

    public long Id { get; private set; }
    public string Number { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public HouseholdLabourSection Section { get; private set; } = null!;
    /// <summary>The members who may still enter the pool: present, not yet workers.</summary>
    public IReadOnlyList<(long Id, string Name)> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostPoolAsync(long id, CancellationToken ct) => StepAsync(id, "Pool", now =>
    {
        if (Pool.MemberId is null) ModelState.AddModelError("Pool.MemberId", lang.T("请选择本户成员", "Choose a member of this household"));
        return ModelState.IsValid
            ? Errors(LabourCooperation.EnterPoolAsync(db, id, Pool.MemberId!.Value, Pool.On ?? DateOnly.FromDateTime(now), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostStepAsync(long id, CancellationToken ct) => StepAsync(id, "Step", now =>
    {
        if (Step.WorkerId is null) ModelState.AddModelError("Step.WorkerId", lang.T("请选择劳动力", "Choose the worker"));
        if (Step.MonthlyIncome is < 0 or > 10_000_000)
            ModelState.AddModelError("Step.MonthlyIncome", lang.T("月收入应在0到1000万元之间", "The monthly income is between 0 and 10 million"));
        return ModelState.IsValid
            ? Errors(LabourCooperation.RecordAsync(db, id, Step.WorkerId!.Value, new LabourStepInput(Step.Stage, Step.On ?? DateOnly.FromDateTime(now),
                Step.Course, Step.TrainingUntil, Step.Destination, Step.DestinationCode, Step.Employer, Step.Mode, new Money(Step.MonthlyIncome ?? 0m),
                Step.PairingId, Step.Reason), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    /// <summary>The step's field errors (none: saved), null when the household or worker is not there.</summary>
    private static async Task<IReadOnlyList<FieldError>?> Errors<T>(Task<EditResult<T>> step)
    {
        var result = await step;
        return result.Outcome switch { EditOutcome.NotFound => null, EditOutcome.Invalid => result.Errors, _ => [] };
    }

    private async Task<IActionResult> StepAsync(long id, string form, Func<DateTime, Task<IReadOnlyList<FieldError>?>> step, CancellationToken ct)
    {
        var valid = ModelState.IsValid;
        var errors = await step(clock.GetUtcNow().UtcDateTime);
        if (errors is null) return NotFound();
        if (valid && ModelState.IsValid && errors.Count == 0) return Redirect($"/households/{id}#labour");
        foreach (var e in errors) ModelState.AddModelError($"{form}.{e.Field}", e.Message(lang.English));
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var number = await db.Households.AsNoTracking().Where(h => h.Id == id).Select(h => h.Number).FirstOrDefaultAsync(ct);
        if (number is null || await HouseholdLabourSection.LoadAsync(db, id, ct) is not { } section) return false;
        Id = id;
        Number = number;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Section = section;
        var workers = section.Workers.Select(w => w.Worker.MemberId).ToHashSet();
        Candidates = (await db.Members.AsNoTracking().Where(m => m.HouseholdId == id && m.State == MemberState.Present).OrderBy(m => m.Id)
                .Select(m => new { m.Id, m.Name }).ToListAsync(ct))
            .Where(m => !workers.Contains(m.Id)).Select(m => (m.Id, m.Name)).ToList();
        return true;
    }
}
