using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.PoorAreas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.PoorAreas;

/// <summary>
/// A designation belongs to its region. Once recorded only its end is written (the years it held and who ended it, why):
/// the governed steps are <see cref="AreaDesignations"/> and the identification case.
/// </summary>
internal sealed class RegionDesignationSaveRules : EntitySaveRules<RegionDesignation>
{
    private static readonly HashSet<string> EndFields =
        [nameof(RegionDesignation.ToYear), nameof(RegionDesignation.EndedBy), nameof(RegionDesignation.EndedAt), nameof(RegionDesignation.EndedReason), nameof(RegionDesignation.Version)];

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        if (!scope.MayChange(owner.VillageCode))
            throw new ScopeViolationException($"{scope.Actor} may not designate {owner.VillageCode}", owner.VillageCode);
        if (entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified && !EndFields.Contains(p.Metadata.Name)))
            throw new ScopeViolationException("a designation is only ended, never rewritten", owner.VillageCode);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var d = Row(entry);
        if (d.RecordedAt == default) d.RecordedAt = now;
        if (entry.State == EntityState.Modified) d.Version++;
    }

    public override AuditLine? Describe(EntityEntry entry)
    {
        var d = Row(entry);
        var years = $"{d.FromYear}–{(d.ToYear is { } to ? to.ToString(CultureInfo.InvariantCulture) : "")}";
        return entry.State == EntityState.Added
            ? new AuditLine(AuditAction.Create, nameof(RegionDesignation.Kind), null, $"{d.Kind.Chinese()} {years} / {d.Kind.English()} {years}", d.Source)
            : new AuditLine(AuditAction.Update, nameof(RegionDesignation.ToYear), null, years, d.EndedReason);
    }

    public override string Key(EntityEntry entry) => $"{Row(entry).RegionCode}:{Row(entry).Kind}";
}
