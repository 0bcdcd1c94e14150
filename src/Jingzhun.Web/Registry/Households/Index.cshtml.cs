using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Registry.Households;

/// <summary>Registry search: every criterion optional, results paged; the data context limits rows to the reader's region.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? ResidentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public HouseholdStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public PovertyCause? Cause { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    /// <summary>只看我的帮扶户: an assistance cadre's own paired households only.</summary>
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public const int PageSize = 20;

    public SearchPage<HouseholdRow> Results { get; private set; } = new([], 0, 1, PageSize);
    public List<SelectListItem> Regions { get; private set; } = [];
    /// <summary>Assistance cadres: their paired households are starred and can be searched alone.</summary>
    public bool IsCadre => db.Scope.WritesAssignedOnly;
    /// <summary>Assessors: the search runs over their assessment sample only.</summary>
    public bool IsAssessor => db.Scope.ReadsAssignedOnly;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unreadable values (a status that does not exist, a page that is not a number) are ignored, not errors.
        if (!ModelState.IsValid) ModelState.Clear();
        Regions = ScopeRegions.Options(await ScopeRegions.ListAsync(db, ct), Region, villagesOnly: false);
        var criteria = new RegistryCriteria
        {
            Name = Name, ResidentId = ResidentId, Region = Region, Status = Status, Cause = Cause, Number = Number,
            OnlyPaired = Mine && IsCadre, Page = PageNumber, PageSize = PageSize,
        };
        Problem = criteria.Problem;
        if (Problem is null) Results = await RegistrySearch.SearchAsync(db, criteria, ct);
    }

    /// <summary>Why the search was not run (a number or ID fragment shorter than the minimum), or null.</summary>
    public Domain.Common.Bilingual? Problem { get; private set; }

    /// <summary>The address of another page of the same search.</summary>
    public string PageUrl(int page) => SearchUrl("/households", ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The search's criteria as the export form sends them to POST /exports (the export job), by the same names.</summary>
    public IEnumerable<(string Name, string Value)> ExportFields() =>
        new (string, string?)[]
        {
            ("name", Name), ("residentId", ResidentId), ("region", Region), ("status", Status?.ToString()), ("cause", Cause?.ToString()),
            ("number", Number), ("mine", Mine && IsCadre ? "true" : null),
        }.Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => (f.Item1, f.Item2!));

    private string SearchUrl(string path, (string Key, string Value) extra)
    {
        var query = new Dictionary<string, string?>
        {
            ["name"] = Name, ["residentId"] = ResidentId, ["region"] = Region, ["status"] = Status?.ToString(),
            ["cause"] = Cause?.ToString(), ["number"] = Number, ["mine"] = Mine && IsCadre ? "true" : null, [extra.Key] = extra.Value,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
            query.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }
}
