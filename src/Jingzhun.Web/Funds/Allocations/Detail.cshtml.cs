using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Allocations;

/// <summary>
/// One allocation traced down (资金追溯): the allocations below it, level by level, the projects budgeting on each county
/// allocation and the payments drawn on it, the households reached with their yuan; allocated, passed down, paid and
/// unpaid at every node. The reverse form is shown to whoever may reverse it (the issuing level; the county for its own record).
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public TraceNode Root { get; private set; } = null!;
    public bool Reversed { get; private set; }
    public string? Saved { get; private set; }

    public bool MayReverse
    {
        get
        {
            var a = Root.Allocation;
            if (Root.Row.Reversed) return false;
            if (Root.Row.RecordedByCounty) return Data.Funds.Allocations.MayManageAccounts(db, a.ToCode);
            return Data.Funds.Allocations.MayAllocate(db, a.FromCode);
        }
    }

    public async Task<IActionResult> OnGetAsync(long allocationId, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(allocationId, ct)) return NotFound();
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostReverseAsync(long allocationId, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(allocationId, ct)) return NotFound();
        try
        {
            await Data.Funds.Allocations.ReverseAsync(db, allocationId, reason ?? "", clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (Exception e) when (e is FundInputException or WorkflowBlockedException)
        {
            ModelState.AddModelError("reason", lang.T(e is FundInputException input ? input.Text : ((WorkflowBlockedException)e).Text));
            return Page();
        }
        return Redirect($"/funds/allocations/detail/{allocationId}?saved=reversed");
    }

    private async Task<bool> LoadAsync(long allocationId, CancellationToken ct)
    {
        var root = await Trace.DownAsync(db, allocationId, ct);
        if (root is null) return false;
        Root = root;
        return true;
    }

    /// <summary>The area page an allocation belongs to (its receiver), when the reader may open it.</summary>
    public string? AreaOf(FundAllocation a) => a.ToCode.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal) ? $"/funds/allocations/{a.ToCode}?year={a.Year}" : null;

    public static string LevelOf(string code) => RegionCode.TryParse(code, out var c, out _) ? c.Level.ToString() : "";
}
