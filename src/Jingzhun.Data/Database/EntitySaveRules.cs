using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Database;

/// <summary>The region a changed row belongs to (the unit of scope and of its audit lines), and its household when it has one.</summary>
internal readonly record struct RowOwner(string VillageCode, Household? Entity, long? Id);

/// <summary>An audit line a feature writes in its own words, in place of the field-by-field lines.</summary>
internal sealed record AuditLine(AuditAction Action, string? Field = null, string? Before = null, string? After = null, string? Reason = null);

/// <summary>
/// The save rules of one entity, kept by the entity's feature. <see cref="SaveRules"/> runs them for each changed row in
/// the order they are declared here. They run inside the save and never query: whatever they need from the database is
/// loaded before (<see cref="SaveBatch"/>).
/// </summary>
internal abstract class EntitySaveRules
{
    public abstract Type EntityType { get; }

    /// <summary>First, before the row's owner is known: refusals that need no scope, and changes that ride along with the row's.</summary>
    public virtual void Prepare(EntityEntry entry) { }

    /// <summary>The household to load before the save because the row names it only by id (see <see cref="SaveBatch.OwnerOf"/>).</summary>
    public virtual long? HouseholdToLoad(EntityEntry entry) => null;

    /// <summary>Whom the row belongs to; null for rows that are neither scoped nor audited on save.</summary>
    public abstract RowOwner? Owner(EntityEntry entry, SaveBatch batch);

    /// <summary>Refuses a change the actor may not make; by default, one to household data outside the actor's villages.</summary>
    public virtual void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) => CheckVillage(scope, owner.VillageCode);

    /// <summary>Stamps times, versions and derived codes.</summary>
    public virtual void Stamp(EntityEntry entry, RowOwner owner, DateTime now) { }

    /// <summary>The counties whose live statistics this change makes stale.</summary>
    public virtual IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [];

    /// <summary>Counties whose figures kept per area alone this change makes stale (a poor village's flag, a first secretary).</summary>
    public virtual IEnumerable<string> StaleKeptCounties(EntityEntry entry, RowOwner owner) => [];

    /// <summary>The row's one audit line in the feature's words, or null for the usual ones (created, or each changed field).</summary>
    public virtual AuditLine? Describe(EntityEntry entry) => null;

    /// <summary>The audit line of one changed field, or null when the change is no news.</summary>
    public virtual AuditLine? DescribeField(PropertyEntry property)
    {
        var name = property.Metadata.Name;
        if (name is "Version" or "UpdatedAt" or "CreatedAt") return null;
        var before = SaveRules.Format(property.OriginalValue);
        var after = SaveRules.Format(property.CurrentValue);
        // The log keeps personal data masked, like every other place outside the household's own file.
        return before == after ? null : new AuditLine(AuditAction.Update, name, Masking.Field(name, before), Masking.Field(name, after));
    }

    /// <summary>A readable key for the audit log (a household number, a masked resident ID, a year).</summary>
    public virtual string Key(EntityEntry entry) => "";

    protected static void CheckVillage(AccessScope scope, string villageCode)
    {
        if (!scope.MayChange(villageCode))
            throw new ScopeViolationException($"{scope.Actor} may not change household data of {villageCode}", villageCode);
    }
}

/// <summary>The save rules of rows of <typeparamref name="T"/>.</summary>
internal abstract class EntitySaveRules<T> : EntitySaveRules where T : class
{
    public sealed override Type EntityType => typeof(T);

    protected static T Row(EntityEntry entry) => (T)entry.Entity;
}

/// <summary>The save rules of a row that belongs to a household, which it may name only by id.</summary>
internal abstract class HouseholdRowSaveRules<T> : EntitySaveRules<T> where T : class
{
    protected abstract (Household? Household, long Id) HouseholdOf(T row);

    public sealed override long? HouseholdToLoad(EntityEntry entry) => HouseholdOf(Row(entry)) is (null, var id) ? id : null;

    public sealed override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var (household, id) = HouseholdOf(Row(entry));
        return batch.OwnerOf(household, id);
    }
}
