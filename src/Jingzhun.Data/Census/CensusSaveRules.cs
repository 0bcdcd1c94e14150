using Jingzhun.Data.Database;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Census;

// A round belongs to its county; a record to its household's village (the default scope check: only inside the actor's
// villages). Both are audited field by field; nobody deletes (the save hook refuses it).

internal sealed class CensusRoundSaveRules : EntitySaveRules<CensusRound>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).CountyCode.PadRight(12, '0'), null, null);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var round = Row(entry);
        if (entry.State == EntityState.Added) { if (round.OpenedAt == default) round.OpenedAt = now; }
        else round.Version++;
    }

    public override string Key(EntityEntry entry) => $"普查 {Row(entry).Year} {Row(entry).CountyCode}";
}

internal sealed class CensusRecordSaveRules : HouseholdRowSaveRules<CensusRecord>
{
    protected override (Household? Household, long Id) HouseholdOf(CensusRecord row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var r = Row(entry);
        // The record follows its household's village, so the rates of an area count where the household lives now.
        r.VillageCode = owner.VillageCode;
        r.CountyCode = Household.CountyOf(owner.VillageCode);
        if (entry.State == EntityState.Modified) r.Version++;
    }

    public override string Key(EntityEntry entry) => $"普查记录 {Row(entry).Year}";
}
