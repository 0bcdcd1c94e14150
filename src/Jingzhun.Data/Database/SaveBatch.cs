using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Database;

/// <summary>
/// The rows one save changes, with what their save rules need from the database, loaded before the rules run: the
/// villages of households that changed rows name only by id, and the households an assistance cadre is paired with.
/// The rules themselves never query, so a save's queries are all asynchronous and in one place.
/// </summary>
internal sealed class SaveBatch
{
    private readonly Dictionary<long, Household> tracked;
    private readonly Dictionary<long, string?> villages;

    private SaveBatch(List<EntityEntry> entries, Dictionary<long, Household> tracked, Dictionary<long, string?> villages, IReadOnlySet<long> paired)
    {
        Entries = entries;
        this.tracked = tracked;
        this.villages = villages;
        PairedHouseholds = paired;
    }

    /// <summary>The rows added, changed or deleted.</summary>
    public IReadOnlyList<EntityEntry> Entries { get; }

    /// <summary>The households the actor is paired with as its assistance cadre (loaded for cadres only).</summary>
    public IReadOnlySet<long> PairedHouseholds { get; }

    /// <summary>
    /// The batch of the context's pending changes. <paramref name="detectChanges"/> is false for the save that seals the
    /// audit chain, whose only changes the sealing detected itself.
    /// </summary>
    public static async Task<SaveBatch> LoadAsync(JingzhunDbContext db, CancellationToken ct, bool detectChanges = true)
    {
        if (detectChanges && db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        // Changes detected once: each look at the tracker's entries would otherwise compare every tracked row's values
        // with its snapshot again (a context that keeps its rows between saves, as a run of workflow steps does, paid
        // for that four times a save).
        var (entries, tracked) = db.WithoutDetectingChanges(() => (
            db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList(),
            TrackedHouseholds(db)));
        var villages = await VillagesAsync(db, HouseholdsToLoad(tracked, entries), ct);
        // Sealing the audit chain saves audit entries alone: no pairing to look at then.
        var paired = db.Scope.WritesAssignedOnly && entries.Any(e => e.Entity is not AuditEntry)
            ? await PairingSaveRules.LoadAsync(db, ct)
            : new HashSet<long>();
        return new SaveBatch(entries, tracked, villages, paired);
    }

    /// <summary>The household a row belongs to: its navigation, a household this context tracks, or the one loaded for it.</summary>
    public RowOwner OwnerOf(Household? navigation, long householdId)
    {
        var household = navigation ?? tracked.GetValueOrDefault(householdId);
        if (household is not null) return new RowOwner(household.VillageCode, household, household.Id);
        if (!villages.TryGetValue(householdId, out var village))
            throw new InvalidOperationException($"household {householdId} was not loaded before the save");
        // Loaded through the scope filter: a household outside it is not found, and the change is refused.
        return new RowOwner(village ?? "-", null, householdId);
    }

    /// <summary>
    /// The households the context tracks, by id, looked up once for the whole save (a household added in it has no id yet:
    /// its rows reach it by navigation). The first tracked one wins, as a search of the tracker would find it.
    /// </summary>
    private static Dictionary<long, Household> TrackedHouseholds(JingzhunDbContext db)
    {
        var tracked = new Dictionary<long, Household>();
        foreach (var entry in db.ChangeTracker.Entries<Household>()) tracked.TryAdd(entry.Entity.Id, entry.Entity);
        return tracked;
    }

    private static HashSet<long> HouseholdsToLoad(Dictionary<long, Household> tracked, List<EntityEntry> entries)
    {
        var ids = new HashSet<long>();
        foreach (var entry in entries)
            if (SaveRules.For(entry)?.HouseholdToLoad(entry) is { } id && !tracked.ContainsKey(id))
                ids.Add(id);
        return ids;
    }

    private static async Task<Dictionary<long, string?>> VillagesAsync(JingzhunDbContext db, HashSet<long> ids, CancellationToken ct)
    {
        var villages = ids.ToDictionary(id => id, _ => (string?)null);
        // In chunks: an import's save may name thousands of households, more than one statement's parameters.
        foreach (var chunk in ids.Chunk(1000))
        {
            var found = await db.Households.Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
            foreach (var household in found) villages[household.Id] = household.VillageCode;
        }
        return villages;
    }
}
