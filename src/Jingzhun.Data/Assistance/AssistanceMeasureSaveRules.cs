using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Assistance;

/// <summary>A measure is household data: versioned, stamped, and it feeds its county's live statistics.</summary>
internal sealed class AssistanceMeasureSaveRules : HouseholdRowSaveRules<AssistanceMeasure>
{
    protected override (Household? Household, long Id) HouseholdOf(AssistanceMeasure row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var m = Row(entry);
        if (entry.State == EntityState.Added)
        {
            if (m.CreatedAt == default) m.CreatedAt = now;
            if (m.CountyCode.Length == 0 && m.Household is { } household) m.CountyCode = Household.CountyOf(household.VillageCode);
        }
        else m.Version++;
        m.UpdatedAt = now;
        // A measure saved with its household's id only takes the county of the household found for it.
        if (m.CountyCode == "") m.CountyCode = Household.CountyOf(owner.VillageCode);
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry)
    {
        var m = Row(entry);
        return $"{m.Type}:{m.Year}";
    }
}
