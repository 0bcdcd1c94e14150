using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Monitoring.Public;

/// <summary>Asking after an application by its receipt number: when it arrived and where it stands, nothing personal.</summary>
[AllowAnonymous]
public sealed class ReceiptModel(DatabaseTarget target, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }

    public PublicReceipt? Found { get; private set; }
    public bool Asked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Number)) return Page();
        Asked = true;
        Found = await new PublicMonitoring(target, clock).ReceiptAsync(Number, ct);
        if (Found is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
