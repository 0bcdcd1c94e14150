using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Access.Accounts;

/// <summary>The accounts the signed-in officer or administrator may manage: those of its region at its level or below.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Role? Role { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public List<AccountRow> Accounts { get; private set; } = [];
    public IReadOnlyList<FieldError>? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) ModelState.Clear(); // an unknown role in the query is ignored
        if (!db.Scope.CanAdministerAccounts)
        {
            Refused = [];
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        Accounts = await AccountAdministration.ListAsync(db, Role, Q, clock.GetUtcNow().UtcDateTime, ct);
        return Page();
    }
}
