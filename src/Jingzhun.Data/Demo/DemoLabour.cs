using Jingzhun.Data.Database;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// Writes the demo county's labour cooperation (<see cref="DemoLabourGenerator"/>) last, after the assessments: a dozen or
/// so workers with their steps in one save with one audit line. Runs inside the seeding's transaction (a system context).
/// </summary>
public static class DemoLabour
{
    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default)
    {
        var county = DemoGenerator.CountyPrefix;
        var candidates = await db.Members.AsNoTracking()
            .Where(m => m.CountyCode == county && m.State == MemberState.Present
                && (m.Household!.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Exited
                    || m.Household.Status == HouseholdStatus.Returned || m.Household.Status == HouseholdStatus.Monitored))
            .OrderBy(m => m.Id).Take(2_000)
            .Select(m => new LabourCandidate(m.HouseholdId, m.Household!.VillageCode, m.Id, m.BirthDate, m.Labour)).ToListAsync(ct);
        var workers = DemoLabourGenerator.Generate(candidates, options.Seed, options.CurrentYear);
        if (workers.Count == 0) return;
        db.LabourWorkers.AddRange(workers.Select(w => w.Worker));
        db.LabourPlacements.AddRange(workers.SelectMany(w => w.Steps));
        db.BulkAuditSummary = $"演示数据：劳务协作劳动力{workers.Count}人 / demo data: {workers.Count} labour cooperation workers (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        db.ChangeTracker.Clear();
    }
}
