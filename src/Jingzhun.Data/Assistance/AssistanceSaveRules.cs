using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Assistance;

// Assistance rows are household data (or rows of a village, or of a county's roster): changed only inside the actor's
// region, an assistance cadre only for the households paired with it (Database.PairingSaveRules), stamped with their
// county, audited. Changes that the figures count make the county's live statistics stale.

/// <summary>A row of one household: its county is the household's, and its change may make the county's figures stale.</summary>
internal abstract class AssistanceRowSaveRules<T> : HouseholdRowSaveRules<T> where T : class
{
    protected abstract void SetCounty(T row, string county);
    protected virtual void Touch(T row, EntityState state, DateTime now) { }
    protected virtual bool Counted => true;

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        SetCounty(Row(entry), Household.CountyOf(owner.VillageCode));
        Touch(Row(entry), entry.State, now);
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) =>
        Counted ? [Household.CountyOf(owner.VillageCode)] : [];
}

internal sealed class MeasureFundingSaveRules : AssistanceRowSaveRules<MeasureFunding>
{
    protected override (Household? Household, long Id) HouseholdOf(MeasureFunding row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(MeasureFunding row, string county) => row.CountyCode = county;
    public override string Key(EntityEntry entry) => $"措施资金 {Row(entry).Source.Chinese()}";
}

internal sealed class AssistanceNeedSaveRules : AssistanceRowSaveRules<AssistanceNeed>
{
    protected override (Household? Household, long Id) HouseholdOf(AssistanceNeed row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(AssistanceNeed row, string county) => row.CountyCode = county;
    protected override bool Counted => false;
    protected override void Touch(AssistanceNeed row, EntityState state, DateTime now)
    {
        if (state != EntityState.Added) row.Version++;
        row.UpdatedAt = now;
    }
    public override string Key(EntityEntry entry) => $"帮扶需求 {Row(entry).Area.Chinese()}";
}

internal sealed class AssistancePlanSaveRules : AssistanceRowSaveRules<AssistancePlan>
{
    protected override (Household? Household, long Id) HouseholdOf(AssistancePlan row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(AssistancePlan row, string county) => row.CountyCode = county;
    protected override void Touch(AssistancePlan row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
        row.UpdatedAt = now;
    }
    public override string Key(EntityEntry entry) => $"一户一策 {Row(entry).FromYear}–{Row(entry).ToYear}";
}

internal sealed class CreditRatingSaveRules : AssistanceRowSaveRules<CreditRating>
{
    protected override (Household? Household, long Id) HouseholdOf(CreditRating row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(CreditRating row, string county) => row.CountyCode = county;
    protected override void Touch(CreditRating row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
    }
    public override string Key(EntityEntry entry) => $"评级授信 {Row(entry).RatedOn:yyyy-MM-dd}";
}

internal sealed class MicroLoanSaveRules : AssistanceRowSaveRules<MicroLoan>
{
    protected override (Household? Household, long Id) HouseholdOf(MicroLoan row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(MicroLoan row, string county) => row.CountyCode = county;
    protected override void Touch(MicroLoan row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
        row.UpdatedAt = now;
    }
    public override string Key(EntityEntry entry) => $"小额信贷 {Row(entry).IssuedOn:yyyy-MM-dd}";
}

internal sealed class LoanRepaymentSaveRules : AssistanceRowSaveRules<LoanRepayment>
{
    protected override (Household? Household, long Id) HouseholdOf(LoanRepayment row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(LoanRepayment row, string county) => row.CountyCode = county;
    protected override void Touch(LoanRepayment row, EntityState state, DateTime now) { if (row.CreatedAt == default) row.CreatedAt = now; }
    public override string Key(EntityEntry entry) => $"还款 {Row(entry).PaidOn:yyyy-MM-dd}";
}

internal sealed class RelocationSaveRules : AssistanceRowSaveRules<Relocation>
{
    protected override (Household? Household, long Id) HouseholdOf(Relocation row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(Relocation row, string county) => row.CountyCode = county;
    protected override void Touch(Relocation row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
        row.UpdatedAt = now;
    }
    public override string Key(EntityEntry entry) => $"易地搬迁 {Row(entry).Year}";
}

internal sealed class RelocationFollowUpSaveRules : AssistanceRowSaveRules<RelocationFollowUp>
{
    protected override (Household? Household, long Id) HouseholdOf(RelocationFollowUp row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(RelocationFollowUp row, string county) => row.CountyCode = county;
    protected override bool Counted => false;
    protected override void Touch(RelocationFollowUp row, EntityState state, DateTime now) { if (row.CreatedAt == default) row.CreatedAt = now; }
    public override string Key(EntityEntry entry) => $"后续扶持 {Row(entry).On:yyyy-MM-dd}";
}

internal sealed class AssistanceVisitSaveRules : AssistanceRowSaveRules<AssistanceVisit>
{
    protected override (Household? Household, long Id) HouseholdOf(AssistanceVisit row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(AssistanceVisit row, string county) => row.CountyCode = county;
    protected override void Touch(AssistanceVisit row, EntityState state, DateTime now) { if (row.RecordedAt == default) row.RecordedAt = now; }
    public override string Key(EntityEntry entry) => $"走访 {Row(entry).VisitedOn:yyyy-MM-dd}";
}

internal sealed class VisitPhotoSaveRules : AssistanceRowSaveRules<VisitPhoto>
{
    protected override (Household? Household, long Id) HouseholdOf(VisitPhoto row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(VisitPhoto row, string county) => row.CountyCode = county;
    protected override bool Counted => false;
    protected override void Touch(VisitPhoto row, EntityState state, DateTime now) { if (row.UploadedAt == default) row.UploadedAt = now; }
    public override string Key(EntityEntry entry) => $"走访照片 {Row(entry).Sha256[..Math.Min(12, Row(entry).Sha256.Length)]}";

    // The picture's bytes are no news for the audit log; its key (the hash) is.
    public override AuditLine? DescribeField(PropertyEntry property) =>
        property.Metadata.Name is "Content" or "Thumbnail" ? null : base.DescribeField(property);
}

internal sealed class CadrePairingSaveRules : EntitySaveRules<CadrePairing>
{
    public override long? HouseholdToLoad(EntityEntry entry) => Row(entry).Household is null ? Row(entry).HouseholdId : null;

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var p = Row(entry);
        var owner = batch.OwnerOf(p.Household, p.HouseholdId);
        // The pairing's own village must be its household's: a pairing cannot be filed under another village's scope.
        if (owner.VillageCode != "-" && owner.VillageCode != p.VillageCode)
            throw new ScopeViolationException($"pairing of household {p.HouseholdId} filed under {p.VillageCode}", p.VillageCode);
        return owner;
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var p = Row(entry);
        p.CountyCode = Household.CountyOf(owner.VillageCode);
        if (entry.State == EntityState.Added) { if (p.CreatedAt == default) p.CreatedAt = now; }
        else p.Version++;
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => $"结对帮扶 干部{Row(entry).CadreId}";
}

/// <summary>A roster entry belongs to its county: only those whose region holds the county change it.</summary>
internal sealed class CadreSaveRules : EntitySaveRules<Cadre>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).CountyCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        if (owner.VillageCode.Length != 6 || !scope.MayChange(owner.VillageCode))
            throw new ScopeViolationException($"{scope.Actor} may not change the cadre roster of {owner.VillageCode}", owner.VillageCode);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var c = Row(entry);
        if (entry.State == EntityState.Added) { if (c.CreatedAt == default) c.CreatedAt = now; }
        else c.Version++;
        c.UpdatedAt = now;
    }

    public override string Key(EntityEntry entry) => $"帮扶责任人 {Row(entry).Name}";
}

/// <summary>Team rows are rows of their village.</summary>
internal sealed class WorkTeamSaveRules : EntitySaveRules<WorkTeam>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).VillageCode, null, null);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var t = Row(entry);
        t.CountyCode = Household.CountyOf(t.VillageCode);
        if (entry.State == EntityState.Added) { if (t.CreatedAt == default) t.CreatedAt = now; }
        else t.Version++;
        t.UpdatedAt = now;
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => $"驻村工作队 {Row(entry).SendingUnit}";
}

internal sealed class WorkTeamMemberSaveRules : EntitySaveRules<WorkTeamMember>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).VillageCode, null, null);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var m = Row(entry);
        m.CountyCode = Household.CountyOf(m.VillageCode);
        if (entry.State == EntityState.Added) { if (m.CreatedAt == default) m.CreatedAt = now; }
        else m.Version++;
    }

    /// <summary>A first secretary joining or leaving changes the village's count of them.</summary>
    public override IEnumerable<string> StaleKeptCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];

    public override string Key(EntityEntry entry) => $"{Row(entry).Role.Chinese()} {Row(entry).Name}";
}

internal sealed class WorkTeamAssessmentSaveRules : EntitySaveRules<WorkTeamAssessment>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).VillageCode, null, null);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var a = Row(entry);
        a.CountyCode = Household.CountyOf(a.VillageCode);
        if (a.AssessedAt == default) a.AssessedAt = now;
    }

    public override string Key(EntityEntry entry) => $"年度考核 {Row(entry).Year}";
}
