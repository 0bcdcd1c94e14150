using Jingzhun.Data.Database;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// The demo city's second county, 示例东县 (issue 21): a small national key county whose registry, measures and assistance
/// are written like the demo county's, inside the seeding's transaction. <see cref="DemoHistory"/> then takes it through
/// the whole county-exit process, so the demo shows an exited county in its five-year transition (四个不摘).
/// </summary>
public static class DemoExitedCounty
{
    public static async Task AddAsync(JingzhunDbContext db, DemoGenerator generator, CancellationToken ct = default)
    {
        var regions = generator.ExitedCountyRegions();
        if (regions.Count == 0 || await db.Regions.AnyAsync(r => r.Code == DemoGenerator.ExitedCountyCode, ct)) return;
        var options = generator.Options;
        db.Regions.AddRange(regions);
        db.BulkAuditSummary = $"演示数据：{DemoGenerator.ExitedCountyName}区划 / demo data: regions of the exited county (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        db.ChangeTracker.Clear();

        var people = await DemoSeeder.AddHouseholdsAsync(db, generator.ExitedCountyHouseholds(), $"{DemoGenerator.ExitedCountyName}, seed {options.Seed}",
            cancellationToken: ct, measuresOf: generator.MeasuresOf);
        await DemoSeeder.SetRuralPopulationsAsync(db, generator, people, ct);
        await DemoAssistance.AddAsync(db, options, ct, DemoGenerator.ExitedCountyPrefix, inTransition: true);
    }
}
