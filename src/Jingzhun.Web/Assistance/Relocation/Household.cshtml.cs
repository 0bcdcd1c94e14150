using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Assistance.Credit;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance.RelocationForms;

/// <summary>
/// A household's relocation on a phone (/households/{id}/relocation): record it within the area line, the move-in, a
/// cancellation, and follow-up support, each a governed step of <see cref="Relocations"/>; refusals at their field (422).
/// </summary>
public sealed class HouseholdModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class RecordForm
    {
        public RelocationReason? Reason { get; set; }
        public RelocationMode? Mode { get; set; }
        [TextLimit(100)] public string? Site { get; set; }
        [TextLimit(12)] public string? SiteVillageCode { get; set; }
        public int? People { get; set; }
        public decimal? HousingArea { get; set; }
        public decimal? HousingSubsidy { get; set; }
        public decimal? OtherSubsidy { get; set; }
        public int? Year { get; set; }
    }

    public sealed class MoveInForm
    {
        public long? RelocationId { get; set; }
        public DateOnly? MovedOn { get; set; }
    }

    public sealed class CancelForm
    {
        public long? RelocationId { get; set; }
        [TextLimit(200)] public string? Reason { get; set; }
    }

    public sealed class FollowUpForm
    {
        public long? RelocationId { get; set; }
        public DateOnly? On { get; set; }
        public FollowUpKind? Kind { get; set; }
        [TextLimit(500)] public string? Description { get; set; }
    }

    [BindProperty] public RecordForm Record { get; set; } = new();
    [BindProperty] public MoveInForm MoveIn { get; set; } = new();
    [BindProperty] public CancelForm Cancel { get; set; } = new();
    [BindProperty] public FollowUpForm FollowUp { get; set; } = new();

    public long Id { get; private set; }
    public string Number { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public HouseholdCreditSection Section { get; private set; } = null!;
    public decimal AreaPerPerson { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRecordAsync(long id, CancellationToken ct) => StepAsync(id, "Record", now =>
    {
        Need(Record.People is >= 0 and <= 1000, "Record.People", "请填写搬迁人数", "Give the number of people");
        Need(Record.HousingArea is >= 0 and <= 100_000, "Record.HousingArea", "请填写住房面积", "Give the housing area");
        Need(Record.HousingSubsidy is null or >= 0 and <= 100_000_000, "Record.HousingSubsidy", "补助应在0到1亿元之间", "The subsidy is between 0 and 100 million");
        Need(Record.OtherSubsidy is null or >= 0 and <= 100_000_000, "Record.OtherSubsidy", "补助应在0到1亿元之间", "The subsidy is between 0 and 100 million");
        Need(Record.Year is null or >= 2000 and <= 2999, "Record.Year", "年度应在2000到2999之间", "The year is between 2000 and 2999");
        return ModelState.IsValid
            ? Errors(Relocations.RecordAsync(db, id, new RelocationInput(Record.Reason, Record.Mode, Record.Site ?? "", Record.SiteVillageCode,
                Record.People!.Value, Record.HousingArea!.Value, new Money(Record.HousingSubsidy ?? 0m), new Money(Record.OtherSubsidy ?? 0m),
                Record.Year ?? now.Year), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostMoveInAsync(long id, CancellationToken ct) => StepAsync(id, "MoveIn", now =>
    {
        Need(MoveIn.RelocationId is not null, "MoveIn.RelocationId", "请选择搬迁记录", "Choose the relocation");
        return ModelState.IsValid
            ? Errors(Relocations.MoveInAsync(db, id, MoveIn.RelocationId!.Value, MoveIn.MovedOn ?? DateOnly.FromDateTime(now), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) => StepAsync(id, "Cancel", now =>
    {
        Need(Cancel.RelocationId is not null, "Cancel.RelocationId", "请选择搬迁记录", "Choose the relocation");
        return ModelState.IsValid
            ? Errors(Relocations.CancelAsync(db, id, Cancel.RelocationId!.Value, Cancel.Reason))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostFollowUpAsync(long id, CancellationToken ct) => StepAsync(id, "FollowUp", now =>
    {
        Need(FollowUp.RelocationId is not null, "FollowUp.RelocationId", "请选择搬迁记录", "Choose the relocation");
        return ModelState.IsValid
            ? Errors(Relocations.FollowUpAsync(db, id, FollowUp.RelocationId!.Value,
                new FollowUpInput(FollowUp.On ?? DateOnly.FromDateTime(now), FollowUp.Kind, FollowUp.Description ?? ""), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    private void Need(bool ok, string key, string zh, string en)
    {
        if (!ok && (ModelState[key]?.Errors.Count ?? 0) == 0) ModelState.AddModelError(key, lang.T(zh, en));
    }

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
        if (valid && ModelState.IsValid && errors.Count == 0) return Redirect($"/households/{id}#credit");
        foreach (var e in errors) ModelState.AddModelError($"{form}.{e.Field}", e.Message(lang.English));
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == id).Select(h => new { h.Number, h.VillageCode }).FirstOrDefaultAsync(ct);
        if (household is null) return false;
        Id = id;
        Number = household.Number;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var credit = await MicrocreditWork.ForHouseholdAsync(db, id, Today, ct);
        if (credit is null) return false;
        var village = household.VillageCode;
        Section = new HouseholdCreditSection(id, Today, credit, await Relocations.ForHouseholdAsync(db, id, Today, ct) ?? [],
            await CreditAccess.MayAsync(db, AssistanceRoles.RateCredit, id, village, ct), await CreditAccess.MayAsync(db, AssistanceRoles.Lend, id, village, ct),
            await CreditAccess.MayAsync(db, AssistanceRoles.Relocate, id, village, ct), await CreditAccess.MayAsync(db, AssistanceRoles.FollowUp, id, village, ct));
        AreaPerPerson = (await Data.Rules.RuleBook.ForAsync(db, village, Today.Year, ct)).RelocationAreaPerPerson;
        return true;
    }
}
