using Jingzhun.Data.Database;
using Jingzhun.Data.PoorAreas;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// The demo counties' designations with their years (issue 21), written last: their flags as the historic lists an import
/// brings in (贫困村 from 2014, ended in the village's exit year if any; the county a national key county 2014–2020;
/// deep-poverty villages from 2017). One save with one audit line, inside the seeding's transaction.
/// </summary>
public static class DemoPoorAreas
{
    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default)
    {
        if (await db.Designations.AnyAsync(d => d.RegionCode.StartsWith(DemoGenerator.CountyPrefix), ct)) return;
        var regions = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null
                && (r.Code.StartsWith(DemoGenerator.CountyPrefix) || r.Code.StartsWith(DemoGenerator.ExitedCountyPrefix)))
            .OrderBy(r => r.Code).ToListAsync(ct);
        var recordedAt = new DateTime(options.CurrentYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var designations = regions.SelectMany(r => AreaDesignations.FromFlags(r, "演示数据：历史名单 / demo data: the historic lists", db.Scope.Actor, recordedAt)).ToList();
        if (designations.Count == 0) return;
        db.Designations.AddRange(designations);
        db.BulkAuditSummary = $"演示数据：贫困村、贫困县等认定{designations.Count}条 / demo data: {designations.Count} designations of places (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        db.ChangeTracker.Clear();
    }
}
