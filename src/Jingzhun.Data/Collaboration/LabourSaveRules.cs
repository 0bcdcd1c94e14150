using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Collaboration;

// A labour worker and its steps are rows of the worker's household: changed only inside the actor's villages (the default
// scope check), stamped with the household's county, audited like every row.

internal sealed class LabourWorkerSaveRules : HouseholdRowSaveRules<LabourWorker>
{
    protected override (Household? Household, long Id) HouseholdOf(LabourWorker row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var w = Row(entry);
        w.CountyCode = Household.CountyOf(owner.VillageCode);
        if (entry.State == EntityState.Added)
        {
            // The origin is where the household lived when the worker entered the pool; a later move does not rewrite it.
            if (w.VillageCode.Length == 0) w.VillageCode = owner.VillageCode;
            if (w.CreatedAt == default) w.CreatedAt = now;
        }
        else w.Version++;
        w.UpdatedAt = now;
    }

    public override string Key(EntityEntry entry) => $"劳务协作 成员{Row(entry).MemberId}";
}

internal sealed class LabourPlacementSaveRules : HouseholdRowSaveRules<LabourPlacement>
{
    protected override (Household? Household, long Id) HouseholdOf(LabourPlacement row) => (row.Household, row.HouseholdId);

    /// <summary>A step is written once: a correction is a later step, so the history can be read as it happened.</summary>
    public override void Prepare(EntityEntry entry)
    {
        if (entry.State == EntityState.Modified)
            throw new InvalidOperationException("劳务协作记录写入后不能修改 / a labour cooperation step is never changed once written");
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var p = Row(entry);
        p.CountyCode = Household.CountyOf(owner.VillageCode);
        if (p.CreatedAt == default) p.CreatedAt = now;
    }

    public override string Key(EntityEntry entry) => $"劳务协作 {Row(entry).Stage.Chinese()} {Row(entry).On:yyyy-MM-dd}";
}
