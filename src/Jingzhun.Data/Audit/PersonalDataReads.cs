using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jingzhun.Data.Audit;

/// <summary>
/// Notes every household whose personal data (the household row or its members) a context loads,
/// when the actor's reads are audited. Hooked into EF Core's materialisation, so no page or
/// endpoint has to remember it.
/// </summary>
public sealed class PersonalDataReadInterceptor : IMaterializationInterceptor
{
    public static readonly PersonalDataReadInterceptor Instance = new();

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (materializationData.Context is JingzhunDbContext { Scope.AuditsReads: true } db)
        {
            switch (entity)
            {
                case Household h: db.HouseholdsRead[h.Id] = h.VillageCode; break;
                case Member m: db.HouseholdsRead.TryAdd(m.HouseholdId, ""); break;
            }
        }
        return entity;
    }
}

public static class PersonalDataReads
{
    /// <summary>Writes one audit entry per household read, with a context of its own (the reading one may hold failed changes).</summary>
    public static async Task FlushAsync(JingzhunDbContext reader, DatabaseTarget target, string what, CancellationToken ct = default)
    {
        if (reader.HouseholdsRead.Count == 0) return;
        var read = reader.HouseholdsRead.ToDictionary();
        reader.HouseholdsRead.Clear();
        await using var db = JingzhunDb.Create(target, AccessScope.System(reader.Scope.Actor));
        var missing = read.Where(r => r.Value.Length == 0).Select(r => r.Key).ToList();
        if (missing.Count > 0)
        {
            var villages = await db.Households.Where(h => missing.Contains(h.Id)).Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
            foreach (var v in villages) read[v.Id] = v.VillageCode;
        }
        var now = DateTime.UtcNow;
        db.AuditEntries.AddRange(read.Select(r => new AuditEntry
        {
            At = now, Actor = reader.Scope.Actor, Action = AuditAction.Read, EntityType = "Household",
            EntityId = r.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), HouseholdId = r.Key, RegionCode = r.Value, Reason = what,
        }));
        await db.SaveChangesAsync(ct);
    }
}
