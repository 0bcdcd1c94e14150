using Jingzhun.Data.Database;
using Jingzhun.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Monitoring;

// How the monitoring register is stored. Who may read it is declared once, in Database.ScopeFilters.

internal sealed class MonitoredObjectMapping : IEntityTypeConfiguration<MonitoredObject>
{
    public void Configure(EntityTypeBuilder<MonitoredObject> e)
    {
        e.Property(m => m.VillageCode).HasMaxLength(12);
        e.Property(m => m.CountyCode).HasMaxLength(6);
        e.Property(m => m.EvaluatedBy).HasMaxLength(64);
        e.Property(m => m.Evaluation).HasMaxLength(1000);
        e.Property(m => m.Version).IsConcurrencyToken();
        e.Ignore(m => m.IsActive);
        e.HasOne(m => m.Household).WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => new { m.HouseholdId, m.State });
        e.HasIndex(m => new { m.CountyCode, m.VillageCode, m.State });
    }
}

internal sealed class RiskSignalMapping : IEntityTypeConfiguration<RiskSignal>
{
    public void Configure(EntityTypeBuilder<RiskSignal> e)
    {
        e.Property(s => s.VillageCode).HasMaxLength(12);
        e.Property(s => s.CountyCode).HasMaxLength(6);
        e.Property(s => s.Source).HasMaxLength(100);
        e.Property(s => s.Evidence).HasMaxLength(1000);
        e.Property(s => s.Amount).HasConversion(new MoneyToFenConverter()).HasColumnName("AmountFen");
        e.Property(s => s.ReceiptNumber).HasMaxLength(32);
        e.Property(s => s.ApplicantName).HasMaxLength(50);
        e.Property(s => s.ApplicantContact).HasMaxLength(50);
        e.Property(s => s.Outcome).HasMaxLength(500);
        e.HasOne(s => s.Household).WithMany().HasForeignKey(s => s.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(s => new { s.HouseholdId, s.State });
        e.HasIndex(s => new { s.CountyCode, s.VillageCode, s.State });
        e.HasIndex(s => s.CaseId);
        e.HasIndex(s => s.FeedId);
        e.HasIndex(s => s.ReceiptNumber);
    }
}

internal sealed class ScreeningVisitMapping : IEntityTypeConfiguration<ScreeningVisit>
{
    public void Configure(EntityTypeBuilder<ScreeningVisit> e)
    {
        e.Property(v => v.VillageCode).HasMaxLength(12);
        e.Property(v => v.CountyCode).HasMaxLength(6);
        e.Property(v => v.VisitedBy).HasMaxLength(64);
        e.Property(v => v.Findings).HasMaxLength(1000);
        e.HasOne(v => v.Household).WithMany().HasForeignKey(v => v.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(v => new { v.HouseholdId, v.VisitedOn });
        e.HasIndex(v => new { v.CountyCode, v.VillageCode });
    }
}

internal sealed class DataCheckConsentMapping : IEntityTypeConfiguration<DataCheckConsent>
{
    public void Configure(EntityTypeBuilder<DataCheckConsent> e)
    {
        e.Property(c => c.VillageCode).HasMaxLength(12);
        e.Property(c => c.CountyCode).HasMaxLength(6);
        e.Property(c => c.Document).HasMaxLength(200);
        e.Property(c => c.RecordedBy).HasMaxLength(64);
        e.Property(c => c.WithdrawnBy).HasMaxLength(64);
        e.Ignore(c => c.IsValid);
        e.HasOne(c => c.Household).WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.HouseholdId, c.WithdrawnAt });
        e.HasIndex(c => c.CountyCode);
    }
}

internal sealed class HomeVisitRecordMapping : IEntityTypeConfiguration<HomeVisitRecord>
{
    public void Configure(EntityTypeBuilder<HomeVisitRecord> e)
    {
        e.Property(v => v.VillageCode).HasMaxLength(12);
        e.Property(v => v.CountyCode).HasMaxLength(6);
        e.Property(v => v.VisitedBy).HasMaxLength(64);
        e.Property(v => v.Findings).HasMaxLength(1000);
        e.Property(v => v.ExpectedIncomePerCapita).HasConversion(new MoneyToFenConverter()).HasColumnName("ExpectedIncomePerCapitaFen");
        e.Property(v => v.MedicalExpenses).HasConversion(new MoneyToFenConverter()).HasColumnName("MedicalExpensesFen");
        e.Property(v => v.DisasterLoss).HasConversion(new MoneyToFenConverter()).HasColumnName("DisasterLossFen");
        e.HasOne(v => v.Household).WithMany().HasForeignKey(v => v.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(v => v.CaseId);
        e.HasIndex(v => v.HouseholdId);
    }
}

internal sealed class RiskAssessmentMapping : IEntityTypeConfiguration<RiskAssessment>
{
    public void Configure(EntityTypeBuilder<RiskAssessment> e)
    {
        e.Property(a => a.VillageCode).HasMaxLength(12);
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.AssessedBy).HasMaxLength(64);
        e.Property(a => a.RuleSet).HasMaxLength(64);
        e.Property(a => a.Comment).HasMaxLength(1000);
        e.Property(a => a.IncomePerCapita).HasConversion(new MoneyToFenConverter()).HasColumnName("IncomePerCapitaFen");
        e.Property(a => a.MonitoringLine).HasConversion(new MoneyToFenConverter()).HasColumnName("MonitoringLineFen");
        e.HasOne(a => a.Household).WithMany().HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => a.MonitoredObjectId);
        e.HasIndex(a => a.HouseholdId);
    }
}

internal sealed class DepartmentFeedMapping : IEntityTypeConfiguration<DepartmentFeed>
{
    public void Configure(EntityTypeBuilder<DepartmentFeed> e)
    {
        e.Property(f => f.CountyCode).HasMaxLength(6);
        e.Property(f => f.Department).HasMaxLength(100);
        e.Property(f => f.FileName).HasMaxLength(260);
        e.Property(f => f.ImportedBy).HasMaxLength(64);
        e.HasIndex(f => f.CountyCode);
    }
}
