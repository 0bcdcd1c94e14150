using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment;

/// <summary>The assessment start page: third-party assessments, the annual assessment, findings and their rectification.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    /// <summary>The reader's own region, padded to a full code for the area pages (the nation reads the whole tree).</summary>
    public string RegionCode { get; private set; } = "";

    public void OnGet() => RegionCode = db.Scope.RegionPrefix.Length == 0 ? "000000000000" : db.Scope.RegionPrefix.PadRight(12, '0');
}
