using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Notices;

// Notices and objections are changed by those who may change their region's data.

internal sealed class NoticeSaveRules : EntitySaveRules<Notice>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var n = Row(entry);
        return new RowOwner(n.RegionCode, null, n.Case?.HouseholdId);
    }
}

internal sealed class ObjectionSaveRules : EntitySaveRules<Objection>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);
}
