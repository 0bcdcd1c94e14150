using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Collaboration.Labour;

/// <summary>
/// An area's labour cooperation (/collaboration/labour/{code}?year=&amp;destination=): workers by stage and their incomes,
/// by origin, destination, how the job was found and year; /collaboration/labour opens the reader's own region.
/// </summary>
public sealed class AreaModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Destination { get; set; }

    public LabourFigures View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? regionCode, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        if (regionCode is null) return Redirect($"/collaboration/labour/{db.Scope.RegionPrefix.PadRight(12, '0')}");
        if (Year is < 2000 or > 2999 || Destination is { Length: > 40 }) return BadRequest();
        var figures = await LabourCooperationFigures.ForAreaAsync(db, regionCode, Year, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), Destination, ct);
        if (figures is null) return NotFound();
        View = figures;
        return Page();
    }
}
