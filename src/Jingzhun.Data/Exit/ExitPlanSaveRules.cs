using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Exit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Exit;

/// <summary>A plan is set by a county-or-higher officer for an area in its region, and kept: a revision is a new row.</summary>
internal sealed class ExitPlanSaveRules : EntitySaveRules<ExitPlan>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var plan = Row(entry);
        if (entry.State != EntityState.Added)
            throw new InvalidOperationException("exit plans are kept: a revision adds a new version");
        if (!ExitPlan.MaySet(scope, plan.RegionCode))
            throw new ScopeViolationException($"{scope.Actor} may not set the exit plan of {plan.RegionCode}", plan.RegionCode);
    }

    public override AuditLine? Describe(EntityEntry entry)
    {
        var plan = Row(entry);
        return new AuditLine(AuditAction.Create, "Plan", null,
            $"{plan.Year}: {plan.PlannedHouseholds.ToString(CultureInfo.InvariantCulture)}户 / {plan.PlannedPeople.ToString(CultureInfo.InvariantCulture)}人 (v{plan.Version.ToString(CultureInfo.InvariantCulture)})",
            plan.Note.Length > 0 ? plan.Note : null);
    }

    public override string Key(EntityEntry entry)
    {
        var p = Row(entry);
        return $"{p.RegionCode}:{p.Year}:v{p.Version}";
    }
}
