using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Jingzhun.Web.Pages.Households;

/// <summary>Registry search: every criterion optional, results paged; the data context limits rows to the reader's region.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? ResidentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public HouseholdStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public PovertyCause? Cause { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public const int PageSize = 20;

    public SearchPage<HouseholdRow> Results { get; private set; } = new([], 0, 1, PageSize);
    public List<SelectListItem> Regions { get; private set; } = [];
    public bool CanWrite => db.Scope.CanWrite;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unreadable values (a status that does not exist, a page that is not a number) are ignored, not errors.
        if (!ModelState.IsValid) ModelState.Clear();
        Regions = ScopeRegions.Options(await ScopeRegions.ListAsync(db, ct), Region, villagesOnly: false);
        Results = await RegistrySearch.SearchAsync(db, new RegistryCriteria
        {
            Name = Name, ResidentId = ResidentId, Region = Region, Status = Status, Cause = Cause, Number = Number,
            Page = PageNumber, PageSize = PageSize,
        }, ct);
    }

    /// <summary>The address of another page of the same search.</summary>
    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["name"] = Name, ["residentId"] = ResidentId, ["region"] = Region, ["status"] = Status?.ToString(),
            ["cause"] = Cause?.ToString(), ["number"] = Number, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/households",
            query.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }
}
