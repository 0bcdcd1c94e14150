using Jingzhun.Data.Database;
using Jingzhun.Data.SampleChecks;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// The demo's sample check (issue 21): the township has checked the village list that waits at 乡镇审核 and closed the
/// check, so the list may pass; the lists further on passed before any check and show as 未抽检. Taken through the
/// governed steps, as the township would.
/// </summary>
internal static class DemoSampleChecks
{
    public static async Task AddAsync(JingzhunDbContext db, int year, DateTime now, CancellationToken ct)
    {
        var village = await db.Cases.Where(c => c.Kind == CaseKind.Identification && c.Year == year && c.Stage == Stage.TownshipReview && c.ClosedAt == null)
            .OrderBy(c => c.Id).Select(c => c.RegionCode).FirstOrDefaultAsync(ct);
        if (village is null) return;
        var check = await SampleCheckSteps.OpenAsync(db, SampleCheckLevel.Township, village, year, now, seed: 2025, ct: ct);
        foreach (var item in check.Items.ToList())
            await SampleCheckSteps.RecordAsync(db, item.Id, SampleFinding.Confirmed, "演示：入户核实，家庭收入和人口属实 / demo: visited, income and members as declared", now, ct);
        await SampleCheckSteps.CloseAsync(db, check.Id, "演示：抽检户情况属实，同意名单进入乡镇审核 / demo: the sampled households are as declared", now, ct);
        db.ChangeTracker.Clear();
    }
}
