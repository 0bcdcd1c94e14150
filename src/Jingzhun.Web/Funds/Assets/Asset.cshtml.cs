using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Funds.Assets;

/// <summary>
/// One asset on a phone (/funds/assets/detail/{assetId}): its project, shares, incomes and the dividends they paid, and the
/// forms of the steps the reader may take (<see cref="FundRoles"/>), each a governed step of <see cref="ProjectAssets"/>; a
/// refused value comes back at its form (422), a wrong role is 403.
/// </summary>
public sealed class AssetModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class StateForm
    {
        public AssetState? State { get; set; }
        [TextLimit(500)] public string? Reason { get; set; }
    }

    public sealed class RegistrationForm
    {
        public bool Registered { get; set; }
        public DateOnly? HandedOverOn { get; set; }
    }

    public sealed class ShareForm
    {
        /// <summary>户编号 of the household.</summary>
        [TextLimit(20)] public string? Number { get; set; }
        public decimal? Weight { get; set; }
        public DateOnly? From { get; set; }
    }

    public sealed class EndShareForm
    {
        public long? ShareId { get; set; }
        [TextLimit(200)] public string? Reason { get; set; }
    }

    public sealed class IncomeForm
    {
        public int? Year { get; set; }
        public DateOnly? ReceivedOn { get; set; }
        public decimal? Amount { get; set; }
        [TextLimit(500)] public string? Note { get; set; }
    }

    public sealed class DistributeForm
    {
        public long? IncomeId { get; set; }
        public decimal? Amount { get; set; }
        public DateOnly? PaidOn { get; set; }
        [TextLimit(100)] public string? Voucher { get; set; }
    }

    [BindProperty] public StateForm ChangeState { get; set; } = new();
    [BindProperty] public RegistrationForm Registration { get; set; } = new();
    [BindProperty] public ShareForm Share { get; set; } = new();
    [BindProperty] public EndShareForm EndShare { get; set; } = new();
    [BindProperty] public IncomeForm Income { get; set; } = new();
    [BindProperty] public DistributeForm Distribute { get; set; } = new();

    public AssetPage View { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public bool MayManage { get; private set; }
    public bool MayRecordIncome { get; private set; }
    public bool MayDistribute { get; private set; }
    /// <summary>The form sent back with errors.</summary>
    public string? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(long assetId, CancellationToken ct) => await LoadAsync(assetId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostStateAsync(long assetId, CancellationToken ct) => StepAsync(assetId, "state", async now =>
        await ProjectAssets.SetStateAsync(db, assetId, ChangeState.State ?? 0, ChangeState.Reason, ct) is not null, ct);

    public Task<IActionResult> OnPostRegistrationAsync(long assetId, CancellationToken ct) => StepAsync(assetId, "registration", async now =>
        await ProjectAssets.RecordRegistrationAsync(db, assetId, Registration.Registered, Registration.HandedOverOn, now, ct) is not null, ct);

    public Task<IActionResult> OnPostShareAsync(long assetId, CancellationToken ct) => StepAsync(assetId, "share", async now =>
    {
        var number = (Share.Number ?? "").Trim();
        var household = number.Length == 0 ? null : await db.Households.AsNoTracking().Where(h => h.Number == number).Select(h => (long?)h.Id).FirstOrDefaultAsync(ct);
        return await ProjectAssets.AddShareAsync(db, assetId, new ShareInput(household ?? 0, Share.Weight ?? 0m, Share.From), now, ct) is not null;
    }, ct);

    public Task<IActionResult> OnPostEndShareAsync(long assetId, CancellationToken ct) => StepAsync(assetId, "end-share", async now =>
        await ProjectAssets.EndShareAsync(db, assetId, EndShare.ShareId ?? 0, EndShare.Reason, null, now, ct) is not null, ct);

    public Task<IActionResult> OnPostIncomeAsync(long assetId, CancellationToken ct) => StepAsync(assetId, "income", async now =>
    {
        var received = Income.ReceivedOn ?? DateOnly.FromDateTime(now);
        return await ProjectAssets.RecordIncomeAsync(db, assetId, new IncomeInput(Income.Year ?? received.Year, received, new Money(Income.Amount ?? 0m),
            Income.Note ?? ""), now, ct) is not null;
    }, ct);

    public Task<IActionResult> OnPostDistributeAsync(long assetId, CancellationToken ct) => StepAsync(assetId, "distribute", async now =>
    {
        return await ProjectAssets.DistributeAsync(db, assetId, Distribute.IncomeId ?? 0, new DistributionInput(new Money(Distribute.Amount ?? 0m), Distribute.PaidOn,
            Distribute.Voucher ?? ""), now, ct) is not null;
    }, ct);

    private async Task<IActionResult> StepAsync(long assetId, string form, Func<DateTime, Task<bool>> step, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        if (ModelState.IsValid)
        {
            try
            {
                if (!await step(clock.GetUtcNow().UtcDateTime)) return NotFound();
                return Redirect($"/funds/assets/detail/{assetId}#{form}");
            }
            catch (FundInputException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
            catch (WorkflowBlockedException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
        }
        else ModelState.AddModelError(form, lang.T("输入有误", "Some fields are not valid"));
        db.ChangeTracker.Clear();
        if (!await LoadAsync(assetId, ct)) return NotFound();
        Open = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The messages of a form that came back.</summary>
    public IEnumerable<string> ErrorsOf(string form) => ModelState.TryGetValue(form, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    private async Task<bool> LoadAsync(long assetId, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return false;
        var page = await ProjectAssets.ForAssetAsync(db, assetId, ct);
        if (page is null) return false;
        View = page;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var region = page.Asset.RegionCode;
        MayManage = ProjectAssets.May(db, FundRoles.ManageAssets, region);
        MayRecordIncome = ProjectAssets.May(db, FundRoles.RecordIncome, region);
        MayDistribute = ProjectAssets.May(db, FundRoles.Distribute, region);
        return true;
    }
}
