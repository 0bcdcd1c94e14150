using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Plans;

/// <summary>
/// <c>/households/{id}/card</c>: the household's 明白卡, one printable page: the household (number, head, members,
/// attribute, causes — never an ID number), its cadre with unit and phone, the plan's goals, and the policies and
/// measures it receives with their amounts and years. Anyone who reads the household may print it.
/// </summary>
public sealed class CardModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public HouseholdPlanView View { get; private set; } = default!;
    public DateOnly Today { get; } = Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var view = await HouseholdPlans.ViewAsync(db, id, Today, ct);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }
}
