using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Collaboration;

// Collaboration rows belong to the helped area for scope and the audit log. Officers change those of their region; a
// partner account changes only its own partner's inputs (the steps in CollaborationWork decide which); nobody deletes.

internal abstract class CollaborationRowSaveRules<T> : EntitySaveRules<T> where T : class
{
    protected abstract string RegionOf(T row);
    protected abstract long PartnerOf(T row);
    protected virtual void Touch(T row, EntityState state, DateTime now) { }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(RegionOf(Row(entry)), null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) => CollaborationScope.Check(scope, owner.VillageCode, PartnerOf(Row(entry)));

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        if (entry.State == EntityState.Modified) entry.Property("Version").CurrentValue = (int)entry.Property("Version").CurrentValue! + 1;
        Touch(Row(entry), entry.State, now);
    }
}

internal static class CollaborationScope
{
    /// <summary>A partner account writes only for its partner; everyone else only inside its region (cadres: never).</summary>
    public static void Check(AccessScope scope, string regionCode, long partnerId)
    {
        if (scope.Role == Role.Partner)
        {
            if (partnerId != scope.PartnerId) throw new ScopeViolationException($"{scope.Actor} may change only its own partner's entries", regionCode);
            return;
        }
        if (!scope.MayChange(regionCode) || scope.WritesAssignedOnly)
            throw new ScopeViolationException($"{scope.Actor} may not change collaboration records of {regionCode}", regionCode);
    }
}

internal sealed class PartnerSaveRules : CollaborationRowSaveRules<Partner>
{
    protected override string RegionOf(Partner row) => row.RegisteredIn;
    // A partner account never changes the partner record itself: 0 matches no partner.
    protected override long PartnerOf(Partner row) => 0;
    protected override void Touch(Partner row, EntityState state, DateTime now) { if (row.CreatedAt == default) row.CreatedAt = now; }
    public override string Key(EntityEntry entry) => $"帮扶单位 {Row(entry).Name}";
}

internal sealed class CollaborationPairingSaveRules : CollaborationRowSaveRules<Pairing>
{
    protected override string RegionOf(Pairing row) => row.RegionCode;
    protected override long PartnerOf(Pairing row) => 0;
    protected override void Touch(Pairing row, EntityState state, DateTime now) { if (row.CreatedAt == default) row.CreatedAt = now; }
    public override string Key(EntityEntry entry) => $"结对 {Row(entry).Type.Chinese()} {Row(entry).StartsOn:yyyy-MM-dd}";
}

internal sealed class SecondedCadreSaveRules : CollaborationRowSaveRules<SecondedCadre>
{
    protected override string RegionOf(SecondedCadre row) => row.RegionCode;
    protected override long PartnerOf(SecondedCadre row) => 0;
    protected override void Touch(SecondedCadre row, EntityState state, DateTime now) { if (row.RecordedAt == default) row.RecordedAt = now; }
    public override string Key(EntityEntry entry) => $"挂职交流 {Row(entry).Name}";
}

internal sealed class CollaborationInputSaveRules : CollaborationRowSaveRules<CollaborationInput>
{
    protected override string RegionOf(CollaborationInput row) => row.RegionCode;
    protected override long PartnerOf(CollaborationInput row) => row.PartnerId;
    protected override void Touch(CollaborationInput row, EntityState state, DateTime now) { if (row.EnteredAt == default) row.EnteredAt = now; }
    public override string Key(EntityEntry entry) => $"帮扶投入 {Row(entry).Kind.Chinese()} {Row(entry).On:yyyy-MM-dd}";
}
