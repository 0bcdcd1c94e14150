using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds;

/// <summary>The funds start page: where allocations, payments, the project library, disclosures, control lists and assets are.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    /// <summary>The reader's own region, padded to a full code for the area pages (the nation reads the whole tree).</summary>
    public string RegionCode { get; private set; } = "";

    public void OnGet() => RegionCode = db.Scope.RegionPrefix.Length == 0 ? "000000000000" : db.Scope.RegionPrefix.PadRight(12, '0');
}
