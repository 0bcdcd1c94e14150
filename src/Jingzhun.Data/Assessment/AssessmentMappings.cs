using Jingzhun.Domain.Assessment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Assessment;

// How assessment projects, their samples and forms, findings and rectifications, and annual assessments are stored.

internal sealed class AssessmentProjectMapping : IEntityTypeConfiguration<AssessmentProject>
{
    public void Configure(EntityTypeBuilder<AssessmentProject> e)
    {
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.OrganiserCode).HasMaxLength(12);
        e.Property(p => p.OrganiserPrefix).HasMaxLength(12);
        e.Property(p => p.CreatedBy).HasMaxLength(64);
        e.Property(p => p.ClosedReason).HasMaxLength(1000);
        e.Property(p => p.Margin).HasPrecision(9, 6);
        e.Property(p => p.Confidence).HasPrecision(9, 6);
        e.Property(p => p.ExpectedRate).HasPrecision(9, 6);
        e.Property(p => p.ClusterCorrelation).HasPrecision(9, 6);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasMany(p => p.Counties).WithOne(c => c.Project).HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.OrganiserCode, p.Year });
    }
}

internal sealed class AssessmentCountyMapping : IEntityTypeConfiguration<AssessmentCounty>
{
    public void Configure(EntityTypeBuilder<AssessmentCounty> e)
    {
        e.Property(c => c.CountyCode).HasMaxLength(6);
        e.HasIndex(c => new { c.ProjectId, c.CountyCode }).IsUnique();
        e.HasIndex(c => c.CountyCode);
    }
}

internal sealed class SampledHouseholdMapping : IEntityTypeConfiguration<SampledHousehold>
{
    public void Configure(EntityTypeBuilder<SampledHousehold> e)
    {
        e.Property(s => s.CountyCode).HasMaxLength(6);
        e.Property(s => s.Stratum).HasMaxLength(12);
        e.Property(s => s.VillageCode).HasMaxLength(12);
        e.Property(s => s.OrganiserPrefix).HasMaxLength(12);
        e.Property(s => s.FoundName).HasMaxLength(50);
        e.Property(s => s.Weight).HasPrecision(18, 6);
        e.Property(s => s.PerCapitaIncome).HasPrecision(18, 2);
        e.Property(s => s.Notes).HasMaxLength(2000);
        e.Property(s => s.FindingTrace).HasMaxLength(2000);
        e.Property(s => s.RecordedBy).HasMaxLength(64);
        e.Property(s => s.Version).IsConcurrencyToken();
        e.HasOne(s => s.Project).WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(s => s.Household).WithMany().HasForeignKey(s => s.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(s => new { s.ProjectId, s.Frame, s.DrawOrder });
        e.HasIndex(s => new { s.ProjectId, s.HouseholdId });
        e.HasIndex(s => s.AssessorAccountId);
        e.HasIndex(s => s.VillageCode);
        // A form sent twice from a phone (the connection dropped after the first) is stored once.
        e.HasIndex(s => s.ClientId).IsUnique();
    }
}

internal sealed class SamplePhotoMapping : IEntityTypeConfiguration<SamplePhoto>
{
    public void Configure(EntityTypeBuilder<SamplePhoto> e)
    {
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.VillageCode).HasMaxLength(12);
        e.Property(p => p.ContentType).HasMaxLength(40);
        e.Property(p => p.Sha256).HasMaxLength(64);
        e.Property(p => p.UploadedBy).HasMaxLength(64);
        e.HasOne(p => p.Sample).WithMany().HasForeignKey(p => p.SampleId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.SampleId, p.Sha256 }).IsUnique();
    }
}

internal sealed class FindingMapping : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> e)
    {
        e.Property(f => f.Number).HasMaxLength(40);
        e.Property(f => f.RegionCode).HasMaxLength(12);
        e.Property(f => f.CountyCode).HasMaxLength(6);
        e.Property(f => f.RaisedByCode).HasMaxLength(12);
        e.Property(f => f.Title).HasMaxLength(200);
        e.Property(f => f.Description).HasMaxLength(4000);
        e.Property(f => f.ResponsibleUnit).HasMaxLength(200);
        e.Property(f => f.RaisedBy).HasMaxLength(64);
        e.Property(f => f.ClosedBy).HasMaxLength(64);
        e.Property(f => f.ClosedReason).HasMaxLength(1000);
        e.Property(f => f.Version).IsConcurrencyToken();
        e.HasMany(f => f.Subjects).WithOne(s => s.Finding).HasForeignKey(s => s.FindingId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(f => f.Rectifications).WithOne(r => r.Finding).HasForeignKey(r => r.FindingId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AssessmentProject>().WithMany().HasForeignKey(f => f.AssessmentProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(f => f.Number).IsUnique();
        e.HasIndex(f => new { f.RegionCode, f.State });
        e.HasIndex(f => new { f.State, f.Deadline });
    }
}

internal sealed class FindingSubjectMapping : IEntityTypeConfiguration<FindingSubject>
{
    public void Configure(EntityTypeBuilder<FindingSubject> e)
    {
        e.Property(s => s.RegionCode).HasMaxLength(12);
        e.HasOne<Domain.Registry.Household>().WithMany().HasForeignKey(s => s.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Domain.Funds.Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RectificationMapping : IEntityTypeConfiguration<Rectification>
{
    public void Configure(EntityTypeBuilder<Rectification> e)
    {
        e.Property(r => r.RegionCode).HasMaxLength(12);
        e.Property(r => r.Measures).HasMaxLength(4000);
        e.Property(r => r.ReportedBy).HasMaxLength(64);
        e.Property(r => r.EvidenceName).HasMaxLength(200);
        e.Property(r => r.EvidenceType).HasMaxLength(100);
        e.Property(r => r.EvidenceSha256).HasMaxLength(64);
        e.Property(r => r.Answer).HasMaxLength(1000);
        e.Property(r => r.AnsweredBy).HasMaxLength(64);
    }
}

internal sealed class AnnualAssessmentMapping : IEntityTypeConfiguration<AnnualAssessment>
{
    public void Configure(EntityTypeBuilder<AnnualAssessment> e)
    {
        e.Property(a => a.AssessorCode).HasMaxLength(12);
        e.Property(a => a.CreatedBy).HasMaxLength(64);
        e.Property(a => a.FinalisedBy).HasMaxLength(64);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasMany(a => a.Scores).WithOne(s => s.Assessment).HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        // One assessment of one level per office and year.
        e.HasIndex(a => new { a.AssessorCode, a.Year, a.Level }).IsUnique();
    }
}

internal sealed class AnnualScoreMapping : IEntityTypeConfiguration<AnnualScore>
{
    public void Configure(EntityTypeBuilder<AnnualScore> e)
    {
        e.Property(s => s.RegionCode).HasMaxLength(12);
        e.Property(s => s.Value).HasPrecision(18, 6);
        e.Property(s => s.Score).HasPrecision(9, 3);
        e.Property(s => s.Total).HasPrecision(9, 3);
        e.Property(s => s.Source).HasMaxLength(1000);
        e.HasIndex(s => new { s.AssessmentId, s.RegionCode, s.Indicator }).IsUnique();
    }
}
