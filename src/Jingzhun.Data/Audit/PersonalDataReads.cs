using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jingzhun.Data.Audit;

/// <summary>
/// Notes every household whose personal data (the household row or its members) a context loads,
/// when the actor's reads are audited. Hooked into EF Core's materialisation, so no page or
/// endpoint has to remember it. Only the contexts of those actors carry it (<see cref="Database.JingzhunDb"/>): EF Core pays
/// for any materialisation interceptor on every entity of every query.
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
    /// <summary>The field of a listing entry whose new value names every household the request read.</summary>
    public const string HouseholdIdsField = "HouseholdIds";

    /// <summary>
    /// Writes what one request read as one audit entry, with a context of its own (the reading one may hold failed
    /// changes): the household itself when the request read one, otherwise how many it read and their ids, under the
    /// smallest region that holds them all. An auditor's export of a county is one entry, not one per household.
    /// </summary>
    public static async Task FlushAsync(JingzhunDbContext reader, DatabaseTarget target, string what, DateTime now,
        CancellationToken ct = default)
    {
        if (reader.HouseholdsRead.Count == 0) return;
        var read = reader.HouseholdsRead.ToDictionary();
        reader.HouseholdsRead.Clear();
        await using var db = JingzhunDb.Create(target, AccessScope.System(reader.Scope.Actor));
        var missing = read.Where(r => r.Value.Length == 0).Select(r => r.Key).ToList();
        foreach (var chunk in missing.Chunk(1_000))
        {
            var villages = await db.Households.Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
            foreach (var v in villages) read[v.Id] = v.VillageCode;
        }
        db.AuditEntries.Add(EntryFor(read, reader.Scope.Actor, what, now));
        await db.SaveChangesAsync(ct);
    }

    private static AuditEntry EntryFor(Dictionary<long, string> read, string actor, string what, DateTime now)
    {
        var entry = new AuditEntry { At = now, Actor = actor, Action = AuditAction.Read, Reason = what, RegionCode = CommonRegion(read.Values) };
        var ids = read.Keys.Order().ToList();
        if (ids.Count == 1)
        {
            entry.EntityType = "Household";
            entry.EntityId = ids[0].ToString(CultureInfo.InvariantCulture);
            entry.HouseholdId = ids[0];
            return entry;
        }
        entry.EntityType = "Households";
        entry.EntityId = ids.Count.ToString(CultureInfo.InvariantCulture);
        entry.Field = HouseholdIdsField;
        entry.NewValue = string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return entry;
    }

    /// <summary>
    /// The smallest region holding every village read (a village, township, county, city, province or the nation),
    /// so the entry is seen in the audit view of exactly the offices whose region covers all of it.
    /// </summary>
    public static string CommonRegion(IEnumerable<string> villageCodes)
    {
        var codes = villageCodes.Where(c => c.Length == 12).Distinct().ToList();
        if (codes.Count == 0) return RegionCode.Nation.Value;
        var common = codes.Aggregate((a, b) => a[..CommonLength(a, b)]).Length;
        var level = Enum.GetValues<RegionLevel>().OrderByDescending(RegionCode.PrefixLength).First(l => RegionCode.PrefixLength(l) <= common);
        return codes[0][..RegionCode.PrefixLength(level)].PadRight(12, '0');
    }

    private static int CommonLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }
}
