using Jingzhun.Data.Database;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Monitoring;

// Monitoring rows are household data (or, for signals and feeds, data of a village or county): changed only in the
// actor's region, stamped with their county, audited. A change to the register makes the county's live figures stale.

internal sealed class MonitoredObjectSaveRules : HouseholdRowSaveRules<MonitoredObject>
{
    protected override (Household? Household, long Id) HouseholdOf(MonitoredObject row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var m = Row(entry);
        if (entry.State != EntityState.Added) m.Version++;
        m.UpdatedAt = now;
        m.CountyCode = Household.CountyOf(m.VillageCode);
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => $"监测对象 {Row(entry).Type.Chinese()}";
}

internal sealed class RiskSignalSaveRules : EntitySaveRules<RiskSignal>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var s = Row(entry);
        return new RowOwner(s.VillageCode, s.Household, s.HouseholdId);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var s = Row(entry);
        s.CountyCode = Household.CountyOf(s.VillageCode);
    }

    public override string Key(EntityEntry entry) => $"风险信号 {Row(entry).Kind.Chinese()}";
}

internal sealed class ScreeningVisitSaveRules : HouseholdRowSaveRules<ScreeningVisit>
{
    protected override (Household? Household, long Id) HouseholdOf(ScreeningVisit row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now) => Row(entry).CountyCode = Household.CountyOf(Row(entry).VillageCode);

    public override string Key(EntityEntry entry) => $"排查走访 {Row(entry).VisitedOn:yyyy-MM-dd}";
}

internal sealed class DataCheckConsentSaveRules : HouseholdRowSaveRules<DataCheckConsent>
{
    protected override (Household? Household, long Id) HouseholdOf(DataCheckConsent row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now) => Row(entry).CountyCode = Household.CountyOf(Row(entry).VillageCode);

    public override string Key(EntityEntry entry) => $"数据核查授权 {Row(entry).GivenOn:yyyy-MM-dd}";
}

internal sealed class HomeVisitRecordSaveRules : HouseholdRowSaveRules<HomeVisitRecord>
{
    protected override (Household? Household, long Id) HouseholdOf(HomeVisitRecord row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now) => Row(entry).CountyCode = Household.CountyOf(Row(entry).VillageCode);

    public override string Key(EntityEntry entry) => $"入户核查 案件{Row(entry).CaseId}";
}

internal sealed class RiskAssessmentSaveRules : HouseholdRowSaveRules<RiskAssessment>
{
    protected override (Household? Household, long Id) HouseholdOf(RiskAssessment row) => (row.Household, row.HouseholdId);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now) => Row(entry).CountyCode = Household.CountyOf(Row(entry).VillageCode);

    public override string Key(EntityEntry entry) => $"实地核查评估 {Row(entry).AssessedOn:yyyy-MM-dd}";
}

/// <summary>A feed is county data: imported by those who may change the county's data.</summary>
internal sealed class DepartmentFeedSaveRules : EntitySaveRules<DepartmentFeed>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).CountyCode, null, null);

    public override string Key(EntityEntry entry) => $"部门数据 {Row(entry).Department}";
}
