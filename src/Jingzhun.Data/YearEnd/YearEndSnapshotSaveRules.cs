using Jingzhun.Data.Database;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.YearEnd;

/// <summary>A household's year-end snapshot belongs to its village.</summary>
internal sealed class YearEndSnapshotSaveRules : EntitySaveRules<YearEndSnapshot>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var y = Row(entry);
        return new RowOwner(y.VillageCode, null, y.HouseholdId);
    }
}
