using System.Globalization;
using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Audit;

/// <summary>The audit log of the reader's region, newest first, 50 a page. The data context decides which entries the reader sees.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Household { get; set; }
    [BindProperty(SupportsGet = true)] public AuditAction? Action { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public SearchPage<AuditEntry> Results { get; private set; } = new([], 0, 1, AuditSearch.DefaultPageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unreadable values (an action that does not exist, a date that is not one) are ignored, not errors.
        if (!ModelState.IsValid) ModelState.Clear();
        Results = await AuditSearch.SearchAsync(db, new AuditCriteria
        {
            Actor = Actor, Household = Household, Action = Action, From = From, To = To, Page = PageNumber,
        }, ct);
    }

    public static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The address of another page of the same search.</summary>
    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["actor"] = Actor, ["household"] = Household, ["action"] = Action?.ToString(), ["from"] = Day(From), ["to"] = Day(To),
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit", query.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }
}
