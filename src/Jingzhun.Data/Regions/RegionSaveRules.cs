using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Regions;

/// <summary>
/// The region tree is changed by system work, administrators and province (or national) officers inside their region
/// (<see cref="RegionPolicy"/>), for the unit as it was and as it is. Only the exit year that a completed village or
/// county exit case writes, and the poor flags that follow the designations (PoorAreas), are governed by their own steps:
/// whoever may change the area's data may record them.
/// </summary>
internal sealed class RegionSaveRules : EntitySaveRules<Region>
{
    /// <summary>The present state of a place's designations and exit, written by the governed steps that own them.</summary>
    private static readonly HashSet<string> GovernedFlags =
        [nameof(Region.ExitedYear), nameof(Region.IsPoorVillage), nameof(Region.IsPoorCounty), nameof(Region.IsDeepPoverty), nameof(Region.PoorSinceYear)];

    public override void Prepare(EntityEntry entry) => SavedChanges.RegionTree.Note(entry);

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).Code, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var r = Row(entry);
        if (entry.State == EntityState.Modified
            && entry.Properties.Where(p => p.IsModified).All(p => GovernedFlags.Contains(p.Metadata.Name)))
        {
            if (!scope.MayChange(r.Code))
                throw new ScopeViolationException($"{scope.Actor} may not record the exit of {r.Code}", r.Code);
            return;
        }
        List<string> codes = [r.Code];
        if (entry.State == EntityState.Modified) codes.Add((string)entry.Property(nameof(Region.Code)).OriginalValue!);
        CheckCodes(scope, codes);
    }

    public override AuditLine? Describe(EntityEntry entry)
    {
        if (entry.State != EntityState.Added) return null;
        var region = Row(entry);
        var from = SaveRules.Format(region.ValidFrom);
        return new AuditLine(AuditAction.Create, nameof(Region.Name), null,
            $"{region.Name}（{Labels.Chinese(region.Level)}，{from}起 / {Labels.English(region.Level)} from {from}）");
    }

    /// <summary>
    /// A village's poor-village flag or validity, which the assistance figures count, changed (or a poor village was added):
    /// its county's kept figures are recounted. Nothing else of the tree is in them.
    /// </summary>
    public override IEnumerable<string> StaleKeptCounties(EntityEntry entry, RowOwner owner)
    {
        var r = Row(entry);
        if (r.Level != RegionLevel.Village || r.Code.Length < 6) return [];
        var counted = entry.State switch
        {
            EntityState.Added => r.IsPoorVillage,
            EntityState.Modified => entry.Property(nameof(Region.IsPoorVillage)).IsModified || entry.Property(nameof(Region.ValidFrom)).IsModified
                                    || entry.Property(nameof(Region.ValidTo)).IsModified,
            _ => false,
        };
        return counted ? [r.Code[..6]] : [];
    }

    public override string Key(EntityEntry entry)
    {
        var r = Row(entry);
        return $"{r.Code}@{r.ValidFrom:yyyy-MM-dd}";
    }

    /// <summary>Refuses the change unless the actor may change the region of every code.</summary>
    internal static void CheckCodes(AccessScope scope, IEnumerable<string> codes)
    {
        foreach (var code in codes.Distinct())
            if (!RegionPolicy.MayChange(scope, code))
                throw new ScopeViolationException($"{scope.Actor} may not change the region {code} (province officers and administrators only)", code);
    }
}

/// <summary>A region's rural population of a year, changed under the region tree's rules.</summary>
internal sealed class RegionPopulationSaveRules : EntitySaveRules<RegionPopulation>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        RegionSaveRules.CheckCodes(scope, [Row(entry).RegionCode]);

    public override AuditLine? Describe(EntityEntry entry) => entry.State == EntityState.Added
        ? new AuditLine(AuditAction.Create, nameof(RegionPopulation.RuralPopulation), null,
            Row(entry).RuralPopulation.ToString(CultureInfo.InvariantCulture))
        : null;

    public override string Key(EntityEntry entry)
    {
        var p = Row(entry);
        return $"{p.RegionCode}:{p.Year.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>A change of the region tree (a unit created, renamed, merged…), which belongs to the unit it changes.</summary>
internal sealed class RegionChangeSaveRules : EntitySaveRules<RegionChange>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var c = Row(entry);
        return new RowOwner(c.FromCode.Length > 0 ? c.FromCode : c.ToCode, null, null);
    }

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var c = Row(entry);
        RegionSaveRules.CheckCodes(scope, new[] { c.FromCode, c.ToCode }.Where(code => code.Length > 0));
    }

    public override AuditLine? Describe(EntityEntry entry)
    {
        var c = Row(entry);
        return new AuditLine(AuditAction.Create, nameof(RegionChange.Kind), $"{c.FromCode} {c.FromName}".Trim(),
            $"{c.ToCode} {c.ToName}".Trim(), c.Reason.Length > 0 ? c.Reason : null);
    }

    public override string Key(EntityEntry entry)
    {
        var c = Row(entry);
        return $"{c.Kind}:{c.FromCode}>{c.ToCode}@{c.EffectiveDate:yyyy-MM-dd}";
    }
}
