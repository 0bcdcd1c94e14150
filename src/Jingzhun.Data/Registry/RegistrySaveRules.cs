using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Registry;

/// <summary>A household: changed by those who may change its village (both villages, for a move); versioned and stamped.</summary>
internal sealed class HouseholdSaveRules : EntitySaveRules<Household>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var h = Row(entry);
        return new RowOwner(h.VillageCode, h, h.Id);
    }

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        base.CheckScope(scope, entry, owner);
        // Moving a household to another village needs rights over both villages.
        if (OriginalVillage(entry) is { } original) CheckVillage(scope, original);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var h = Row(entry);
        if (entry.State == EntityState.Added)
        {
            if (h.CreatedAt == default) h.CreatedAt = now;
            h.CountyCode = Household.CountyOf(h.VillageCode);
        }
        else h.Version++;
        h.UpdatedAt = now;
    }

    /// <summary>Households feed the live statistics: their county becomes stale, and for a move the county they left too.</summary>
    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) =>
        OriginalVillage(entry) is { } original
            ? [Household.CountyOf(owner.VillageCode), Household.CountyOf(original)]
            : [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => Row(entry).Number;

    private static string? OriginalVillage(EntityEntry entry) =>
        entry.State == EntityState.Modified ? (string?)entry.Property(nameof(Household.VillageCode)).OriginalValue : null;
}

/// <summary>A member: household data, versioned and stamped; it feeds its county's live statistics.</summary>
internal sealed class MemberSaveRules : HouseholdRowSaveRules<Member>
{
    protected override (Household? Household, long Id) HouseholdOf(Member row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var m = Row(entry);
        if (entry.State == EntityState.Added)
        {
            if (m.CreatedAt == default) m.CreatedAt = now;
        }
        else m.Version++;
        m.UpdatedAt = now;
        // Every household-scoped row carries its county (the shard key; department data is matched by it), whichever
        // way the member was added.
        m.CountyCode = Household.CountyOf(owner.VillageCode);
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => Masking.ResidentId(Row(entry).ResidentId);
}

/// <summary>A year's income of a household.</summary>
internal sealed class HouseholdIncomeSaveRules : HouseholdRowSaveRules<HouseholdIncome>
{
    protected override (Household? Household, long Id) HouseholdOf(HouseholdIncome row) => (row.Household, row.HouseholdId);

    // Incomes feed the county's stored poverty measures (AreaMeasures), refreshed with its live statistics.
    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => Row(entry).Year.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A status change: audited as one line, from the old status to the new, with its reason.</summary>
internal sealed class HouseholdStatusChangeSaveRules : HouseholdRowSaveRules<HouseholdStatusChange>
{
    protected override (Household? Household, long Id) HouseholdOf(HouseholdStatusChange row) => (row.Household, row.HouseholdId);

    public override AuditLine? Describe(EntityEntry entry)
    {
        var change = Row(entry);
        return new AuditLine(AuditAction.StatusChange, nameof(Household.Status), change.From.ToString(), change.To.ToString(), change.Reason);
    }

    public override string Key(EntityEntry entry) => Row(entry).Year.ToString(CultureInfo.InvariantCulture);
}
