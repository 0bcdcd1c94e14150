using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.RelocationForms;

/// <summary>An area's relocations (/assistance/relocation/{code}): by year and site, people moved, area per person, follow-up.</summary>
public sealed class AreaModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public RelocationArea View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        if (Year is < 2000 or > 2999) return BadRequest();
        var area = await Relocations.ForAreaAsync(db, regionCode, Year, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        if (area is null) return NotFound();
        View = area;
        return Page();
    }
}
