using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Assessment;

// Assessment rows are rows of an area. The organising office (nation or province) writes projects and samples; only the
// assessor a sampled household is assigned to writes its form, and only while the visits run; the offices of an area
// raise, rectify and sign off its findings; the annual assessment is the assessing office's. Nothing here is ever deleted,
// and rows are refused to everyone else even through the context (no side door past the services).

internal static class AssessmentScope
{
    /// <summary>The actor may take a step of these roles in this region (system work may take any).</summary>
    public static void Check(AccessScope scope, IReadOnlyCollection<Role> roles, string regionCode, string what)
    {
        if (scope.IsAdministrator && scope.Role is null) return;
        if (!AssessmentRoles.May(scope.Role, roles) || !scope.MayChange(regionCode))
            throw new ScopeViolationException($"{scope.Actor} may not change {what} of {regionCode}", regionCode);
    }

    /// <summary>The county of a 12-digit code at county level or below; "" above the county.</summary>
    public static string CountyOf(string regionCode) =>
        RegionCode.TryParse(regionCode, out var code, out _) && code.Level >= RegionLevel.County ? code.Value[..6] : "";

    public static bool IsSystem(AccessScope scope) => scope.IsAdministrator && scope.Role is null;
}

internal sealed class AssessmentProjectSaveRules : EntitySaveRules<AssessmentProject>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).OrganiserCode, null, null);
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        AssessmentScope.Check(scope, AssessmentRoles.Organise, owner.VillageCode, "an assessment project");
    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var row = Row(entry);
        if (entry.State == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
    }
    public override string Key(EntityEntry entry) => $"评估项目 {Row(entry).Year} {Row(entry).Name}";
}

internal sealed class AssessmentCountySaveRules : EntitySaveRules<AssessmentCounty>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).CountyCode.PadRight(12, '0'), null, null);
    // The organiser (above the county) writes it; the county's own offices may not.
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        AssessmentScope.Check(scope, AssessmentRoles.Organise, owner.VillageCode, "an assessed county");
    public override string Key(EntityEntry entry) => $"被评估县 {Row(entry).CountyCode}";
}

/// <summary>
/// A sampled household: drawn and assigned by the organiser; its form written by its assigned assessor alone while the
/// visits run. A closed project's sample changes no more.
/// </summary>
internal sealed class SampledHouseholdSaveRules : EntitySaveRules<SampledHousehold>
{
    /// <summary>The fields of the assessor's form; everything else is the organiser's.</summary>
    public static readonly HashSet<string> FormFields =
    [
        nameof(SampledHousehold.VisitedOn), nameof(SampledHousehold.PerCapitaIncome), nameof(SampledHousehold.FoodAndClothing),
        nameof(SampledHousehold.Education), nameof(SampledHousehold.Medical), nameof(SampledHousehold.Housing), nameof(SampledHousehold.Water),
        nameof(SampledHousehold.Recognition), nameof(SampledHousehold.Notes), nameof(SampledHousehold.Finding), nameof(SampledHousehold.FindingTrace),
        nameof(SampledHousehold.RecordedAt), nameof(SampledHousehold.RecordedBy), nameof(SampledHousehold.ClientId),
    ];

    public override void Prepare(EntityEntry entry)
    {
        if (entry.State == EntityState.Modified && Equals(entry.Property(nameof(SampledHousehold.Phase)).OriginalValue, SamplePhase.Closed))
            throw new WorkflowBlockedException("评估项目已结束，样本不能再修改", "the assessment is closed; its sample changes no more");
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).VillageCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var row = Row(entry);
        var formChanged = entry.State == EntityState.Added
            ? row.RecordedAt is not null
            : entry.Properties.Any(p => p.IsModified && FormFields.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue));
        var otherChanged = entry.State == EntityState.Added
            || entry.Properties.Any(p => p.IsModified && !FormFields.Contains(p.Metadata.Name) && p.Metadata.Name != nameof(SampledHousehold.Version)
                && !Equals(p.OriginalValue, p.CurrentValue));
        if (AssessmentScope.IsSystem(scope)) return;
        if (formChanged)
        {
            // Only the assessor the household is assigned to records its form, and only while the visits run.
            if (scope.Role != Role.Assessor || row.AssessorAccountId != scope.AccountId || row.Phase != SamplePhase.Visiting
                || !owner.VillageCode.StartsWith(scope.RegionPrefix, StringComparison.Ordinal))
                throw new ScopeViolationException($"{scope.Actor} may not record the assessment form of sample {row.Id}", owner.VillageCode);
        }
        if (otherChanged) AssessmentScope.Check(scope, AssessmentRoles.Organise, owner.VillageCode, "an assessment sample");
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var row = Row(entry);
        if (row.CountyCode.Length == 0) row.CountyCode = AssessmentScope.CountyOf(row.VillageCode);
        if (entry.State == EntityState.Modified) row.Version++;
    }

    public override string Key(EntityEntry entry) => $"评估样本 {Row(entry).ProjectId}-{Row(entry).Frame.Chinese()}-{Row(entry).DrawOrder}";
}

internal sealed class SamplePhotoSaveRules : EntitySaveRules<SamplePhoto>
{
    public override void Prepare(EntityEntry entry)
    {
        if (entry.State == EntityState.Modified)
            throw new WorkflowBlockedException("评估照片上传后不能修改", "an assessment photo is never edited once uploaded");
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).VillageCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        if (AssessmentScope.IsSystem(scope)) return;
        var sample = Row(entry).Sample;
        if (scope.Role != Role.Assessor || sample is null || sample.AssessorAccountId != scope.AccountId || sample.Phase != SamplePhase.Visiting
            || sample.VillageCode != owner.VillageCode)
            throw new ScopeViolationException($"{scope.Actor} may not add photos to sample {Row(entry).SampleId}", owner.VillageCode);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var row = Row(entry);
        row.CountyCode = AssessmentScope.CountyOf(row.VillageCode);
        if (row.UploadedAt == default) row.UploadedAt = now;
    }

    public override string Key(EntityEntry entry) => $"评估照片 {Row(entry).SampleId}";
    public override AuditLine? DescribeField(PropertyEntry property) => property.Metadata.Name is "Content" or "Thumbnail" ? null : base.DescribeField(property);
}

internal sealed class FindingSaveRules : EntitySaveRules<Finding>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    // Raised, withdrawn and signed off by the supervising offices; its state moves to "reported" with a rectification,
    // which the area's own offices write: both kinds of role may change it, each service checks which step is whose.
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var row = Row(entry);
        if (entry.State == EntityState.Added)
        {
            AssessmentScope.Check(scope, AssessmentRoles.Supervise, row.RaisedByCode, "a finding");
            AssessmentScope.Check(scope, AssessmentRoles.Supervise, owner.VillageCode, "a finding");
        }
        else if (AssessmentRoles.May(scope.Role, AssessmentRoles.Supervise) || AssessmentScope.IsSystem(scope))
            AssessmentScope.Check(scope, AssessmentRoles.Supervise, owner.VillageCode, "a finding");
        else
        {
            // The area's own offices only report: their one change to a finding is open → reported, nothing else.
            AssessmentScope.Check(scope, AssessmentRoles.Rectify, owner.VillageCode, "a finding");
            var changed = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name)
                .Where(n => n != nameof(Finding.Version)).ToList();
            var state = entry.Property(nameof(Finding.State));
            if (changed.Any(n => n != nameof(Finding.State)) || !Equals(state.OriginalValue, FindingState.Open) || !Equals(state.CurrentValue, FindingState.Reported))
                throw new ScopeViolationException($"{scope.Actor} may only report a rectification of finding {row.Number}", owner.VillageCode);
        }
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var row = Row(entry);
        row.CountyCode = AssessmentScope.CountyOf(row.RegionCode);
        if (entry.State == EntityState.Added) { if (row.RaisedAt == default) row.RaisedAt = now; }
        else row.Version++;
    }

    public override string Key(EntityEntry entry) => $"问题 {Row(entry).Number}";
}

internal sealed class FindingSubjectSaveRules : EntitySaveRules<FindingSubject>
{
    public override void Prepare(EntityEntry entry)
    {
        if (entry.State == EntityState.Modified)
            throw new WorkflowBlockedException("问题涉及的对象写入后不能修改", "a finding's subjects are never edited once written");
    }
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, Row(entry).HouseholdId);
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        AssessmentScope.Check(scope, AssessmentRoles.Supervise, owner.VillageCode, "a finding");
    public override string Key(EntityEntry entry) => $"问题对象 {Row(entry).FindingId}";
}

internal sealed class RectificationSaveRules : EntitySaveRules<Rectification>
{
    public override void Prepare(EntityEntry entry)
    {
        // A report is written once; only its answer is added later, once.
        if (entry.State != EntityState.Modified) return;
        var changed = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name).ToList();
        if (changed.Any(n => n is not (nameof(Rectification.Accepted) or nameof(Rectification.Answer) or nameof(Rectification.AnsweredBy) or nameof(Rectification.AnsweredAt)))
            || entry.Property(nameof(Rectification.Accepted)).OriginalValue is not null)
            throw new WorkflowBlockedException("整改报告写入后不能修改，答复只能一次", "a rectification report is never edited and is answered once");
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);

    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        AssessmentScope.Check(scope, entry.State == EntityState.Added ? AssessmentRoles.Rectify : AssessmentRoles.Supervise, owner.VillageCode, "a rectification");

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        if (Row(entry).ReportedAt == default) Row(entry).ReportedAt = now;
    }

    public override string Key(EntityEntry entry) => $"整改报告 {Row(entry).FindingId}";
    public override AuditLine? DescribeField(PropertyEntry property) => property.Metadata.Name == "Evidence" ? null : base.DescribeField(property);
}

internal sealed class AnnualAssessmentSaveRules : EntitySaveRules<AnnualAssessment>
{
    public override void Prepare(EntityEntry entry)
    {
        if (entry.State == EntityState.Modified && Equals(entry.Property(nameof(AnnualAssessment.State)).OriginalValue, AnnualAssessmentState.Final))
            throw new WorkflowBlockedException("年度考核已定稿，不能修改", "the annual assessment is final and changes no more");
    }
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).AssessorCode, null, null);
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        AssessmentScope.Check(scope, AssessmentRoles.AssessAnnually, owner.VillageCode, "an annual assessment");
    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var row = Row(entry);
        if (entry.State == EntityState.Added) { if (row.CreatedAt == default) row.CreatedAt = now; }
        else row.Version++;
    }
    public override string Key(EntityEntry entry) => $"年度考核 {Row(entry).Year} {Row(entry).Level.Chinese()}";
}

internal sealed class AnnualScoreSaveRules : EntitySaveRules<AnnualScore>
{
    public override void Prepare(EntityEntry entry)
    {
        if (entry.State is EntityState.Modified or EntityState.Added && entry.Entity is AnnualScore { Assessment.State: AnnualAssessmentState.Final })
            throw new WorkflowBlockedException("年度考核已定稿，不能修改", "the annual assessment is final and changes no more");
    }
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner) =>
        AssessmentScope.Check(scope, AssessmentRoles.AssessAnnually, owner.VillageCode, "an annual assessment score");
    public override string Key(EntityEntry entry) => $"考核得分 {Row(entry).RegionCode} {Row(entry).Indicator.Chinese()}";
}
