using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Funds;

// Funds rows are rows of an area (the project's region, the paid household's village, the receiving county), changed
// only by those whose region holds it, stamped with their county, audited. An assistance cadre changes none of them.
// Ledger rows (allocations, payments, steps, documents) are written once and never edited: a wrong entry is reversed.
// A project's stage moves only with a step row saved beside it, so no form, import or direct write can move it alone.

/// <summary>The rules of a funds row that belongs to a region by its own code.</summary>
internal abstract class FundRowSaveRules<T> : EntitySaveRules<T> where T : class
{
    protected abstract string RegionOf(T row);
    protected abstract void SetCounty(T row, string county);
    protected virtual void Touch(T row, EntityState state, DateTime now) { }
    /// <summary>Ledger rows are written once: a change or correction is a new row.</summary>
    protected virtual bool WrittenOnce => false;

    public override void Prepare(EntityEntry entry)
    {
        if (WrittenOnce && entry.State == EntityState.Modified)
            throw new WorkflowBlockedException($"{typeof(T).Name}记录写入后不能修改，请做冲正", $"a {typeof(T).Name} entry is never edited once written; reverse it instead");
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(RegionOf(Row(entry)), null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) => FundScope.Check(scope, owner.VillageCode);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        SetCounty(Row(entry), FundScope.CountyOf(owner.VillageCode));
        Touch(Row(entry), entry.State, now);
    }

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) =>
        FundScope.CountyOf(owner.VillageCode) is { Length: 6 } county ? [county] : [];

    /// <summary>Whether the row counts in the funds figures kept per area (a project, its funding, a payment, an asset).</summary>
    protected virtual bool CountsInFigures => false;

    /// <summary>A counted row above a county (a province's own project) marks its area: the areas above the counties are counted again.</summary>
    public override IEnumerable<string> StaleKeptCounties(EntityEntry entry, RowOwner owner) =>
        CountsInFigures && FundScope.CountyOf(owner.VillageCode).Length == 0 && Domain.Regions.RegionCode.TryParse(owner.VillageCode, out var area, out _)
            ? [area.Prefix] : [];
}

/// <summary>The rules of a funds row that belongs to a household (a beneficiary, a share of an asset's income).</summary>
internal abstract class FundHouseholdRowSaveRules<T> : HouseholdRowSaveRules<T> where T : class
{
    protected abstract void SetCounty(T row, string county);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) => FundScope.Check(scope, owner.VillageCode);

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now) => SetCounty(Row(entry), Household.CountyOf(owner.VillageCode));

    public override IEnumerable<string> StaleCounties(EntityEntry entry, RowOwner owner) => [Household.CountyOf(owner.VillageCode)];
}

internal static class FundScope
{
    public static void Check(AccessScope scope, string regionCode)
    {
        if (!scope.MayChange(regionCode) || scope.WritesAssignedOnly)
            throw new ScopeViolationException($"{scope.Actor} may not change funds or projects of {regionCode}", regionCode);
    }

    /// <summary>The county of a 12-digit code at county level or below; "" above the county.</summary>
    public static string CountyOf(string regionCode) =>
        Domain.Regions.RegionCode.TryParse(regionCode, out var code, out _) && code.Level >= Domain.Regions.RegionLevel.County
            ? code.Value[..6] : "";
}

/// <summary>An allocation is written by the issuing level and belongs, for reading and the audit log, to the receiver.</summary>
internal sealed class FundAllocationSaveRules : FundRowSaveRules<FundAllocation>
{
    protected override string RegionOf(FundAllocation row) => row.ToCode;
    protected override void SetCounty(FundAllocation row, string county) => row.CountyCode = county;
    protected override bool WrittenOnce => true;
    protected override void Touch(FundAllocation row, EntityState state, DateTime now) { if (row.CreatedAt == default) row.CreatedAt = now; }

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        // The issuer's region must hold both ends, except a county's own record of funds received from an issuer outside
        // the system (no parent): that entry, and its reversal, belong to the receiving county alone.
        var row = Row(entry);
        var countyRecord = row.ParentId is null && scope.Covers(row.ToCode) && !scope.Covers(row.FromCode)
            && FundScope.CountyOf(row.ToCode).PadRight(12, '0') == row.ToCode;
        if (!countyRecord) FundScope.Check(scope, row.FromCode.All(c => c == '0') && scope.RegionPrefix.Length == 0 ? row.ToCode : row.FromCode);
        FundScope.Check(scope, row.ToCode);
    }

    public override string Key(EntityEntry entry) => $"资金下达 {Row(entry).Year} {Row(entry).Source.Chinese()} {Row(entry).Amount.Yuan:0.00}";
}

internal sealed class FundAccountSaveRules : FundRowSaveRules<FundAccount>
{
    protected override string RegionOf(FundAccount row) => row.CountyCode.PadRight(12, '0');
    protected override void SetCounty(FundAccount row, string county) => row.CountyCode = county;
    protected override void Touch(FundAccount row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
    }
    public override string Key(EntityEntry entry) => $"资金专户 {Row(entry).Name}";
    private static string? Masked(object? value) => value is string number ? Masking.BankAccount(number) : null;
    public override AuditLine? DescribeField(PropertyEntry property) =>
        property.Metadata.Name == nameof(FundAccount.Number)
            ? new AuditLine(Domain.Audit.AuditAction.Update, property.Metadata.Name, Masked(property.OriginalValue), Masked(property.CurrentValue))
            : base.DescribeField(property);
}

internal sealed class FundPaymentSaveRules : FundRowSaveRules<FundPayment>
{
    protected override bool CountsInFigures => true;
    protected override string RegionOf(FundPayment row) => row.RegionCode;
    protected override void SetCounty(FundPayment row, string county) => row.CountyCode = county;
    protected override bool WrittenOnce => true;
    protected override void Touch(FundPayment row, EntityState state, DateTime now) { if (row.RecordedAt == default) row.RecordedAt = now; }
    public override string Key(EntityEntry entry) =>
        $"{(Row(entry).IsReversal ? "冲正" : "资金支付")} {Row(entry).PaidOn:yyyy-MM-dd} {Row(entry).Amount.Yuan:0.00}";
}

internal sealed class ProjectSaveRules : FundRowSaveRules<Project>
{
    protected override bool CountsInFigures => true;
    protected override string RegionOf(Project row) => row.RegionCode;
    protected override void SetCounty(Project row, string county) => row.CountyCode = county;
    protected override void Touch(Project row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
        row.UpdatedAt = now;
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var project = Row(entry);
        var stage = entry.Property(nameof(Project.Stage));
        var moved = entry.State == EntityState.Added ? project.Stage != ProjectStage.Proposed : stage.IsModified && !Equals(stage.OriginalValue, stage.CurrentValue);
        // The stage moves only through the lifecycle, which saves a step row for the move in the same save.
        if (moved && !batch.Entries.Any(e => e.State == EntityState.Added && e.Entity is ProjectStep s && s.To == project.Stage
                && (project.Steps.Contains(s) || (project.Id != 0 && s.ProjectId == project.Id))))
            throw new WorkflowBlockedException("项目阶段只能通过项目流程变更", "a project's stage changes only through its lifecycle steps");
        return base.Owner(entry, batch);
    }

    public override string Key(EntityEntry entry) => $"项目 {Row(entry).Number}";
}

internal sealed class ProjectFundingSaveRules : FundRowSaveRules<ProjectFunding>
{
    protected override bool CountsInFigures => true;
    protected override string RegionOf(ProjectFunding row) => row.RegionCode.Length > 0 ? row.RegionCode : row.Project?.RegionCode ?? "-";
    protected override void SetCounty(ProjectFunding row, string county) => row.CountyCode = county;
    protected override void Touch(ProjectFunding row, EntityState state, DateTime now)
    {
        if (row.RegionCode.Length == 0 && row.Project is { } p) row.RegionCode = p.RegionCode;
    }
    public override string Key(EntityEntry entry) => $"项目资金 {Row(entry).Source.Chinese()} {Row(entry).Amount.Yuan:0.00}";
}

internal sealed class ProjectStepSaveRules : FundRowSaveRules<ProjectStep>
{
    protected override string RegionOf(ProjectStep row) => row.RegionCode;
    protected override void SetCounty(ProjectStep row, string county) => row.CountyCode = county;
    protected override bool WrittenOnce => true;
    public override string Key(EntityEntry entry) => $"项目流程 {Row(entry).From.Chinese()}→{Row(entry).To.Chinese()}";
}

internal sealed class ProjectDocumentSaveRules : FundRowSaveRules<ProjectDocument>
{
    protected override string RegionOf(ProjectDocument row) => row.RegionCode;
    protected override void SetCounty(ProjectDocument row, string county) => row.CountyCode = county;
    protected override bool WrittenOnce => true;
    protected override void Touch(ProjectDocument row, EntityState state, DateTime now) { if (row.UploadedAt == default) row.UploadedAt = now; }
    public override string Key(EntityEntry entry) => $"项目附件 {Row(entry).FileName}";
    public override AuditLine? DescribeField(PropertyEntry property) => property.Metadata.Name == "Content" ? null : base.DescribeField(property);
}

internal sealed class FundDisclosureSaveRules : FundRowSaveRules<FundDisclosure>
{
    protected override string RegionOf(FundDisclosure row) => row.RegionCode;
    protected override void SetCounty(FundDisclosure row, string county) => row.CountyCode = county;
    protected override void Touch(FundDisclosure row, EntityState state, DateTime now) { if (row.PostedAt == default) row.PostedAt = now; }
    public override string Key(EntityEntry entry) => $"公告公示 {Row(entry).Kind.Chinese()} {Row(entry).Title}";
}

internal sealed class DisclosureObjectionSaveRules : FundRowSaveRules<DisclosureObjection>
{
    protected override string RegionOf(DisclosureObjection row) => row.RegionCode;
    protected override void SetCounty(DisclosureObjection row, string county) => row.CountyCode = county;
    protected override void Touch(DisclosureObjection row, EntityState state, DateTime now) { if (row.SubmittedAt == default) row.SubmittedAt = now; }
    public override string Key(EntityEntry entry) => $"公示异议 {Row(entry).DisclosureId}";
    // The objector's words and contact stay with the objection; the log records that one came in and how it ended.
    public override AuditLine? DescribeField(PropertyEntry property) =>
        property.Metadata.Name is "Text" or "Contact" ? null : base.DescribeField(property);
}

internal sealed class ProjectAssetSaveRules : FundRowSaveRules<ProjectAsset>
{
    protected override bool CountsInFigures => true;
    protected override string RegionOf(ProjectAsset row) => row.RegionCode;
    protected override void SetCounty(ProjectAsset row, string county) => row.CountyCode = county;
    protected override void Touch(ProjectAsset row, EntityState state, DateTime now)
    {
        if (state == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
        row.UpdatedAt = now;
    }
    public override string Key(EntityEntry entry) => $"项目资产 {Row(entry).Name}";
}

internal sealed class AssetIncomeSaveRules : FundRowSaveRules<AssetIncome>
{
    protected override string RegionOf(AssetIncome row) => row.RegionCode;
    protected override void SetCounty(AssetIncome row, string county) => row.CountyCode = county;
    protected override void Touch(AssetIncome row, EntityState state, DateTime now) { if (row.RecordedAt == default) row.RecordedAt = now; }
    public override string Key(EntityEntry entry) => $"资产收益 {Row(entry).Year} {Row(entry).Amount.Yuan:0.00}";
}

internal sealed class ProjectBeneficiarySaveRules : FundHouseholdRowSaveRules<ProjectBeneficiary>
{
    protected override (Household? Household, long Id) HouseholdOf(ProjectBeneficiary row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(ProjectBeneficiary row, string county) => row.CountyCode = county;
    public override string Key(EntityEntry entry) => $"项目受益户 项目{Row(entry).ProjectId}";
}

internal sealed class AssetShareSaveRules : FundHouseholdRowSaveRules<AssetShare>
{
    protected override (Household? Household, long Id) HouseholdOf(AssetShare row) => (row.Household, row.HouseholdId);
    protected override void SetCounty(AssetShare row, string county) => row.CountyCode = county;
    public override string Key(EntityEntry entry) => $"收益分配份额 资产{Row(entry).AssetId}";
}
