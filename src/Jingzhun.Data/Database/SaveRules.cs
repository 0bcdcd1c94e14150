using System.Globalization;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Database;

/// <summary>
/// Runs before every save: refuses deletions and values the columns cannot hold (<see cref="StoredValues"/>), then runs
/// each changed row's save rules, which its feature keeps (<see cref="EntitySaveRules"/>): scope, stamps, stale counties.
/// Last it writes the audit entries of the change.
/// </summary>
internal static class SaveRules
{
    // Found like the mappings, so that a feature's rules stay in its folder.
    private static readonly Dictionary<Type, EntitySaveRules> ByType = typeof(SaveRules).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(EntitySaveRules)))
        .Select(t => (EntitySaveRules)Activator.CreateInstance(t)!)
        .ToDictionary(r => r.EntityType);

    /// <summary>A stale-county mark is cleared by the recount that covers it; every other row is registry history, never deleted.</summary>
    private static readonly HashSet<Type> Deletable = [typeof(StaleCounty)];

    public static EntitySaveRules? For(EntityEntry entry) => ByType.GetValueOrDefault(entry.Metadata.ClrType);

    public static void Apply(JingzhunDbContext db, SaveBatch batch)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var audit = new List<AuditEntry>();
        foreach (var entry in batch.Entries)
        {
            if (entry.State == EntityState.Deleted && !Deletable.Contains(entry.Metadata.ClrType))
                throw new DeletionRefusedException(entry.Metadata.ClrType.Name);
            StoredValues.Check(entry);
            if (For(entry) is not { } rules) continue;
            rules.Prepare(entry);
            if (rules.Owner(entry, batch) is not { } owner) continue;
            rules.CheckScope(db.Scope, entry, owner);
            PairingSaveRules.Check(db.Scope, entry, owner, batch);
            rules.Stamp(entry, owner, now);
            db.ChangedCounties.UnionWith(rules.StaleCounties(entry, owner));
            db.ChangedKeptCounties.UnionWith(rules.StaleKeptCounties(entry, owner));
            if (db.BulkAuditSummary is null) audit.AddRange(Describe(db, rules, entry, owner, now));
        }
        if (db.BulkAuditSummary is not null && batch.Entries.Count > 0)
        {
            audit.Add(Audit.BulkAuditLine.For(db, now, db.BulkAuditSummary));
            db.BulkAuditSummary = null;
        }
        db.AuditEntries.AddRange(audit);
    }

    private static IEnumerable<AuditEntry> Describe(JingzhunDbContext db, EntitySaveRules rules, EntityEntry entry, RowOwner owner, DateTime now)
    {
        if (rules.Describe(entry) is { } own) return [Entry(db, rules, entry, owner, now, own)];
        if (entry.State == EntityState.Added) return [Entry(db, rules, entry, owner, now, new AuditLine(AuditAction.Create))];
        return entry.Properties.Where(p => p.IsModified)
            .Select(rules.DescribeField).OfType<AuditLine>()
            .Select(line => Entry(db, rules, entry, owner, now, line))
            .ToList();
    }

    private static AuditEntry Entry(JingzhunDbContext db, EntitySaveRules rules, EntityEntry entry, RowOwner owner, DateTime now, AuditLine line)
    {
        var audit = new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = line.Action, EntityType = entry.Metadata.ClrType.Name, EntityId = Clip(rules.Key(entry)),
            RegionCode = owner.VillageCode, Field = line.Field, OldValue = line.Before, NewValue = line.After, Reason = line.Reason ?? db.ChangeReason,
        };
        if (owner.Entity is not null) audit.Household = owner.Entity; else audit.HouseholdId = owner.Id;
        return audit;
    }

    /// <summary>
    /// A readable key fits its column (64): keys carry names and titles typed by users (a team's sending unit, a
    /// disclosure's title), and a long one must not fail the change it describes.
    /// </summary>
    private static string Clip(string key) => key.Length <= 64 ? key : key[..63] + "…";

    /// <summary>A value as the audit log writes it: invariant, dates as ISO dates, times round-trip.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
