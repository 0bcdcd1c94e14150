using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// Writes the demo's collaboration (<see cref="DemoCollaborationGenerator"/>) after its funds: two partners, their pairings,
/// the people exchanged and a few years of inputs, in two bulk saves with one audit line each. Runs inside the seeding's
/// transaction (a system context). The demo partner account (DemoAccounts "partner") acts for the enterprise.
/// </summary>
public static class DemoCollaborationData
{
    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default)
    {
        var villages = await db.Regions.AsNoTracking()
            .Where(r => r.Code.StartsWith(DemoGenerator.CountyPrefix) && r.Level == RegionLevel.Village && r.ValidTo == null)
            .OrderBy(r => r.Code).Select(r => r.Code).ToListAsync(ct);
        var data = DemoCollaborationGenerator.Generate(villages.Distinct().ToList(), options.Seed, options.CurrentYear);
        if (data.Partners.Count == 0) return;
        db.Partners.AddRange(data.Partners);
        await SaveAsync(db, "帮扶单位", "partners", options, ct);
        foreach (var pairing in data.Pairings) pairing.PartnerId = pairing.Partner!.Id;
        foreach (var person in data.People) person.PartnerId = person.Pairing!.Partner!.Id;
        foreach (var input in data.Inputs)
        {
            input.PartnerId = input.Pairing!.Partner!.Id;
            // The steps' times: the check a week after the entry, the confirmation a fortnight after it.
            var entered = input.On.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            input.EnteredAt = entered;
            if (input.CheckedBy.Length > 0) input.CheckedAt = entered.AddDays(7);
            if (input.ConfirmedBy.Length > 0) input.ConfirmedAt = entered.AddDays(14);
            if (input.RejectedBy.Length > 0) input.RejectedAt = entered.AddDays(7);
        }
        db.CollaborationPairings.AddRange(data.Pairings);
        db.SecondedCadres.AddRange(data.People);
        db.CollaborationInputs.AddRange(data.Inputs);
        await SaveAsync(db, $"结对{data.Pairings.Count}个、挂职交流{data.People.Count}人、帮扶投入{data.Inputs.Count}条",
            $"{data.Pairings.Count} pairings, {data.People.Count} people exchanged, {data.Inputs.Count} inputs", options, ct);
        await Access.DemoAccounts.LinkPartnerAsync(db, ct);
    }

    private static async Task SaveAsync(JingzhunDbContext db, string zh, string en, DemoOptions options, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        db.BulkAuditSummary = $"演示数据：{zh} / demo data: {en} (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
    }
}
