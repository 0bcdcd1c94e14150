using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>Writes a synthetic province (<see cref="ProvinceGenerator"/>) into the database: its regions, then its households.</summary>
public static class ProvinceSeeder
{
    /// <summary>The province's regions, those not there yet; their rural population is known from the generator.</summary>
    public static async Task<int> SeedRegionsAsync(DatabaseTarget target, ProvinceGenerator generator, CancellationToken ct = default)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("demo"));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var known = (await db.Regions.Where(r => r.Code.StartsWith(ProvinceGenerator.ProvincePrefix)).Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        var added = generator.Regions().Where(r => !known.Contains(r.Code)).ToList();
        foreach (var chunk in added.Chunk(5_000))
        {
            db.Regions.AddRange(chunk);
            db.BulkAuditSummary = $"演示数据：区划{chunk.Length}个 / demo data: {chunk.Length} regions";
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        db.BulkAuditSummary = null;
        return added.Count;
    }

    /// <summary>Regions and every household of the province; <paramref name="progress"/> receives households written so far.</summary>
    public static async Task SeedAsync(DatabaseTarget target, ProvinceGenerator generator, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        await SeedRegionsAsync(target, generator, ct);
        var households = generator.Households(Math.Max(1, Environment.ProcessorCount - 1));
        await RegistryBulkLoader.LoadAsync(target, households,
            new BulkLoadOptions { Source = $"示范省演示数据 / province demo (seed {generator.Options.Seed})" }, progress, ct);
    }
}
