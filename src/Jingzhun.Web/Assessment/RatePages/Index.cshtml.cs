using System.Globalization;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.RatePages;

/// <summary>
/// A third-party assessment's results: per county, then per township, the wrong-exit and missed rates and recognition,
/// each with its confidence interval, the households and villages behind it, and the limit it is judged against.
/// Nothing here is typed: every figure comes from the recorded forms and the sample's design.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    public ProjectRates Project { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await AssessmentResults.ForProjectAsync(db, id, ct) is not { } project) return NotFound();
        Project = project;
        return Page();
    }

    public static string Percent(decimal share) => (share * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Interval(RateEstimate e) => $"{Percent(e.Low)}–{Percent(e.High)}";

    public string Level => (Project.Confidence * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
