using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance.Credit;

/// <summary>
/// A household's microcredit on a phone (/households/{id}/credit): the rating panel's scores, a loan, a repayment and an
/// extension, each a governed step of <see cref="MicrocreditWork"/>; a refused figure comes back at its field (422).
/// </summary>
public sealed class HouseholdModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class RateForm
    {
        public int? Integrity { get; set; }
        public int? Income { get; set; }
        public int? Labour { get; set; }
        public DateOnly? RatedOn { get; set; }
    }

    public sealed class LendForm
    {
        [TextLimit(100)] public string? Bank { get; set; }
        public decimal? Amount { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public int? TermMonths { get; set; }
        public decimal? RatePercent { get; set; }
        public int? SubsidyYears { get; set; }
        [TextLimit(200)] public string? Purpose { get; set; }
    }

    public sealed class RepayForm
    {
        public long? LoanId { get; set; }
        public DateOnly? PaidOn { get; set; }
        public decimal? Principal { get; set; }
        public decimal? Interest { get; set; }
        public decimal? InterestSubsidy { get; set; }
    }

    public sealed class ExtendForm
    {
        public long? LoanId { get; set; }
        public DateOnly? DueOn { get; set; }
        [TextLimit(200)] public string? Reason { get; set; }
    }

    [BindProperty] public RateForm Rate { get; set; } = new();
    [BindProperty] public LendForm Lend { get; set; } = new();
    [BindProperty] public RepayForm Repay { get; set; } = new();
    [BindProperty] public ExtendForm Extend { get; set; } = new();

    public long Id { get; private set; }
    public string Number { get; private set; } = "";
    public string VillageCode { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public HouseholdCreditSection Section { get; private set; } = null!;
    /// <summary>The form that was sent back with errors, to open it.</summary>
    public string? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRateAsync(long id, CancellationToken ct) => StepAsync(id, "Rate", now =>
    {
        Need(Rate.Integrity is not null, "Rate.Integrity", "请填写诚信评价得分", "Give the integrity score");
        Need(Rate.Income is not null, "Rate.Income", "请填写人均纯收入得分", "Give the income score");
        Need(Rate.Labour is not null, "Rate.Labour", "请填写家庭劳动力得分", "Give the labour score");
        return ModelState.IsValid
            ? Errors(MicrocreditWork.RateAsync(db, id, new RatingInput(Rate.Integrity!.Value, Rate.Income!.Value, Rate.Labour!.Value,
                Rate.RatedOn ?? DateOnly.FromDateTime(now)), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostLendAsync(long id, CancellationToken ct) => StepAsync(id, "Lend", now =>
    {
        Need(Lend.Amount is >= 0 and <= 100_000_000, "Lend.Amount", "请填写贷款金额", "Give the amount");
        Need(Lend.TermMonths is >= 0 and <= 1200, "Lend.TermMonths", "请填写贷款期限（月）", "Give the term in months");
        Need(Lend.RatePercent is null or >= 0 and <= 100, "Lend.RatePercent", "年利率应在0到100之间", "The rate is between 0 and 100");
        Need(Lend.SubsidyYears is null or >= 0 and <= 100, "Lend.SubsidyYears", "贴息年限应在0到3年之间", "Subsidy years are between 0 and 3");
        return ModelState.IsValid
            ? Errors(MicrocreditWork.LendAsync(db, id, new LoanInput(Lend.Bank ?? "", new Money(Lend.Amount!.Value), Lend.IssuedOn ?? DateOnly.FromDateTime(now),
                Lend.TermMonths!.Value, Lend.RatePercent ?? 0m, Lend.SubsidyYears ?? 0, Lend.Purpose ?? ""), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostRepayAsync(long id, CancellationToken ct) => StepAsync(id, "Repay", now =>
    {
        Need(Repay.LoanId is not null, "Repay.LoanId", "请选择贷款", "Choose the loan");
        foreach (var (value, key) in new[] { (Repay.Principal, "Principal"), (Repay.Interest, "Interest"), (Repay.InterestSubsidy, "InterestSubsidy") })
            Need(value is null or >= 0 and <= 100_000_000, $"Repay.{key}", "金额应在0到1亿元之间", "The amount is between 0 and 100 million");
        return ModelState.IsValid
            ? Errors(MicrocreditWork.RepayAsync(db, id, Repay.LoanId!.Value, new RepaymentInput(Repay.PaidOn ?? DateOnly.FromDateTime(now),
                new Money(Repay.Principal ?? 0m), new Money(Repay.Interest ?? 0m), new Money(Repay.InterestSubsidy ?? 0m)), now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    public Task<IActionResult> OnPostExtendAsync(long id, CancellationToken ct) => StepAsync(id, "Extend", now =>
    {
        Need(Extend.LoanId is not null, "Extend.LoanId", "请选择贷款", "Choose the loan");
        Need(Extend.DueOn is not null, "Extend.DueOn", "请填写展期后的到期日", "Give the new due date");
        return ModelState.IsValid
            ? Errors(MicrocreditWork.ExtendAsync(db, id, Extend.LoanId!.Value, Extend.DueOn!.Value, Extend.Reason, now))
            : Task.FromResult<IReadOnlyList<FieldError>?>([]);
    }, ct);

    private void Need(bool ok, string key, string zh, string en)
    {
        if (!ok && (ModelState[key]?.Errors.Count ?? 0) == 0) ModelState.AddModelError(key, lang.T(zh, en));
    }

    /// <summary>The step's field errors (none: saved), null when the household or loan is not there.</summary>
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
        Open = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == id).Select(h => new { h.Number, h.VillageCode }).FirstOrDefaultAsync(ct);
        if (household is null) return false;
        Id = id;
        Number = household.Number;
        VillageCode = household.VillageCode;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var credit = await MicrocreditWork.ForHouseholdAsync(db, id, Today, ct);
        if (credit is null) return false;
        Section = new HouseholdCreditSection(id, Today, credit, await Relocations.ForHouseholdAsync(db, id, Today, ct) ?? [],
            await CreditAccess.MayAsync(db, AssistanceRoles.RateCredit, id, VillageCode, ct), await CreditAccess.MayAsync(db, AssistanceRoles.Lend, id, VillageCode, ct),
            await CreditAccess.MayAsync(db, AssistanceRoles.Relocate, id, VillageCode, ct), await CreditAccess.MayAsync(db, AssistanceRoles.FollowUp, id, VillageCode, ct));
        return true;
    }
}
