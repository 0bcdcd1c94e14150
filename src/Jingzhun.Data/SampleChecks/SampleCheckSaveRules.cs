using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.SampleChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.SampleChecks;

// A sample check and its findings are rows of the checked area, written only by the level that checks (the township for a
// village's list, the county for a township's) inside its region: no side door past SampleCheckSteps, even through the context.

internal static class SampleCheckScope
{
    public static void Check(AccessScope scope, SampleCheckLevel level, string regionCode)
    {
        if (scope.IsAdministrator && scope.Role is null) return;
        if (scope.Role != SampleCheckRoles.For(level) || !scope.MayChange(regionCode))
            throw new ScopeViolationException($"{scope.Actor} may not change a {level} sample check of {regionCode}", regionCode);
    }
}

internal sealed class SampleCheckSaveRules : EntitySaveRules<SampleCheck>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) => SampleCheckScope.Check(scope, Row(entry).Level, owner.VillageCode);
    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var row = Row(entry);
        row.CountyCode = row.RegionCode[..6];
        if (entry.State == EntityState.Added) { if (row.OpenedAt == default) row.OpenedAt = now; }
        else row.Version++;
    }
    public override string Key(EntityEntry entry) => $"抽检 {Row(entry).Year} {Row(entry).RegionCode}";
}

internal sealed class SampleCheckItemSaveRules : EntitySaveRules<SampleCheckItem>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    // The item's level is its check's; the check is always loaded with its items (SampleCheckSteps never saves one alone).
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var check = Row(entry).SampleCheck ?? throw new ScopeViolationException($"{scope.Actor} may not change a sample item without its check", owner.VillageCode);
        SampleCheckScope.Check(scope, check.Level, check.RegionCode);
    }
    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        if (entry.State == EntityState.Modified) Row(entry).Version++;
    }
    public override string Key(EntityEntry entry) => $"抽检办件 {Row(entry).CaseId}";
}
