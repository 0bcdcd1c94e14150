using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Workflows;

// Workflow rows are changed by those who may change their region's data, and name their household (if any) in the audit log.

internal sealed class WorkflowCaseSaveRules : EntitySaveRules<WorkflowCase>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var c = Row(entry);
        return new RowOwner(c.RegionCode, c.Household, c.HouseholdId);
    }
}

internal sealed class CaseStepSaveRules : EntitySaveRules<CaseStep>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var s = Row(entry);
        return new RowOwner(s.RegionCode, null, s.Case?.HouseholdId);
    }
}

internal sealed class CaseBatchSaveRules : EntitySaveRules<CaseBatch>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);
}
