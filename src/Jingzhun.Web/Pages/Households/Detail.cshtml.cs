using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Pages.Households;

/// <summary>One household with members, incomes, status history and change log. Outside the reader's scope it does not exist (404).</summary>
public sealed class DetailModel(JingzhunDbContext db) : PageModel
{
    public const int HistoryLimit = 200;

    public Household Household { get; private set; } = default!;
    public string RegionPath { get; private set; } = "";
    public List<AuditEntry> History { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; } = DateOnly.FromDateTime(DateTime.Now);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var household = await RegistrySearch.LoadAsync(db, id, ct: ct);
        if (household is null) return NotFound();
        Household = household;
        RegionPath = await RegistrySearch.RegionPathAsync(db, household.VillageCode, ct);
        History = await db.AuditEntries.AsNoTracking().Where(a => a.HouseholdId == id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(HistoryLimit).ToListAsync(ct);
        CanWrite = db.Scope.MayChange(household.VillageCode);
        return Page();
    }
}
