using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Allocations;

/// <summary>
/// An area's allocations of a year (资金分配): what it received and what it issued, each with allocated, passed down, paid
/// and unpaid; totals by source; the form to allocate to a region below for the roles of <see cref="Domain.Funds.FundRoles.Allocate"/>
/// at this level; at a county, its dedicated accounts (numbers masked for readers who may not manage them), the form to
/// record funds received from an issuer outside the system, and the integrated-fund plan. Forms are shown exactly when the
/// step would be allowed (<see cref="Data.Funds.Allocations.MayAllocate"/>, <see cref="Data.Funds.Allocations.MayManageAccounts"/>).
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public AreaAllocations Area { get; private set; } = null!;
    public IReadOnlyList<AccountView> Accounts { get; private set; } = [];
    public IntegratedPlan? Plan { get; private set; }
    public string? Saved { get; private set; }
    public DateOnly Today { get; private set; }

    public bool IsCounty => Area.Level == RegionLevel.County;
    public bool MayAllocate => Data.Funds.Allocations.MayAllocate(db, Area.Code);
    public bool MayManageAccounts => IsCounty && Data.Funds.Allocations.MayManageAccounts(db, Area.Code);

    /// <summary>Received allocations with something left to pass down: the parents the form offers.</summary>
    public IEnumerable<AllocationRow> Parents => Area.Received.Where(r => r.Balance is { } b && b.Unpaid > Money.Zero && !r.Reversed);

    /// <summary>The issuing regions above a county (nation, province, city) for its record of funds received.</summary>
    public IReadOnlyList<(string Code, string Name)> Issuers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string regionCode, int? year, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, year, ct)) return NotFound();
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAllocateAsync(string regionCode, string? toCode, int? year, FundSource? source, decimal? amount, string? purpose,
        string? documentNumber, DateOnly? issuedOn, long? parentId, bool integrated, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, year, ct)) return NotFound();
        if (!MayAllocate) return Forbid();
        if (toCode is null || year is null || source is null || amount is null)
            return await Invalid(regionCode, year, "请选择接收区划、年度、来源并填写金额", "Choose the receiver, year and source and give the amount", ct);
        return await StepAsync(regionCode, year, "allocated", () => Data.Funds.Allocations.AllocateAsync(db, new AllocationInput(Area.Code, toCode, year.Value, source.Value,
            new Money(amount.Value), purpose ?? "", documentNumber ?? "", issuedOn ?? Today, parentId, integrated), Now, ct), ct);
    }

    public async Task<IActionResult> OnPostReceivedAsync(string regionCode, string? fromCode, int? year, FundSource? source, decimal? amount, string? purpose,
        string? documentNumber, DateOnly? issuedOn, bool integrated, long? accountId, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, year, ct)) return NotFound();
        if (!MayManageAccounts) return Forbid();
        if (fromCode is null || year is null || source is null || amount is null)
            return await Invalid(regionCode, year, "请选择下达单位、年度、来源并填写金额", "Choose the issuer, year and source and give the amount", ct);
        return await StepAsync(regionCode, year, "received", () => Data.Funds.Allocations.RecordReceivedAsync(db, new AllocationInput(fromCode, Area.Code, year.Value, source.Value,
            new Money(amount.Value), purpose ?? "", documentNumber ?? "", issuedOn ?? Today, null, integrated, accountId), Now, ct), ct);
    }

    public async Task<IActionResult> OnPostOpenAccountAsync(string regionCode, string? name, string? bank, string? number, DateOnly? openedOn, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, null, ct)) return NotFound();
        if (!MayManageAccounts) return Forbid();
        return await StepAsync(regionCode, null, "account", () => Data.Funds.Allocations.OpenAccountAsync(db, new AccountInput(Area.Code, name ?? "", bank ?? "", number ?? "",
            openedOn ?? Today), Now, ct), ct);
    }

    public async Task<IActionResult> OnPostCloseAccountAsync(string regionCode, long accountId, DateOnly? closedOn, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, null, ct)) return NotFound();
        if (!MayManageAccounts) return Forbid();
        if (Accounts.All(a => a.Id != accountId)) return NotFound();
        return await StepAsync(regionCode, null, "closed", () => Data.Funds.Allocations.CloseAccountAsync(db, accountId, closedOn ?? Today, reason ?? "", Now, ct), ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<bool> LoadAsync(string regionCode, int? year, CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(Now);
        if (year is < 2010 or > 2100) return false;
        var area = await Data.Funds.Allocations.ForAreaAsync(db, regionCode, year, Now, ct);
        if (area is null) return false;
        Area = area;
        if (IsCounty)
        {
            Accounts = await Data.Funds.Allocations.AccountsAsync(db, area.Code, ct);
            Plan = await Data.Funds.Allocations.IntegratedPlanAsync(db, area.Code, area.Year, ct);
            var code = RegionCode.Parse(area.Code);
            var above = new List<string> { RegionCode.Nation.Value, code.Value[..2].PadRight(12, '0'), code.Value[..4].PadRight(12, '0') };
            var names = await Data.Funds.Allocations.NamesAsync(db, above, ct);
            Issuers = above.Select(c => (c, names[c])).ToList();
        }
        return true;
    }

    private async Task<IActionResult> StepAsync<T>(string regionCode, int? year, string what, Func<Task<T>> step, CancellationToken ct)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is FundInputException or WorkflowBlockedException)
        {
            var text = e is FundInputException input ? input.Text : ((WorkflowBlockedException)e).Text;
            ModelState.AddModelError("", lang.T(text));
            await LoadAsync(regionCode, year, ct);
            return Page();
        }
        return Redirect($"/funds/allocations/{Area.Code}?year={year ?? Area.Year}&saved={what}");
    }

    private async Task<IActionResult> Invalid(string regionCode, int? year, string zh, string en, CancellationToken ct)
    {
        ModelState.AddModelError("", lang.T(zh, en));
        await LoadAsync(regionCode, year, ct);
        return Page();
    }
}
