using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.Forms;

/// <summary>
/// The assessor's list on a phone: its assigned households whose visits run, grouped by village, how many are done and
/// how many left; the page's script adds how many forms wait on this phone to be sent. Other roles see an empty list.
/// </summary>
public sealed class MineModel(JingzhunDbContext db) : PageModel
{
    public IReadOnlyList<AssignedSample> Samples { get; private set; } = [];
    public int Done => Samples.Count(s => s.Recorded);
    public int Left => Samples.Count(s => !s.Recorded);

    public async Task OnGetAsync(CancellationToken ct) => Samples = await AssessmentForms.MineAsync(db, ct);
}
