using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Assistance;

// How the plans, needs, measures and their funding are stored. Who may read them is declared once, in Database.ScopeFilters.

internal sealed class AssistanceMeasureMapping : IEntityTypeConfiguration<AssistanceMeasure>
{
    public void Configure(EntityTypeBuilder<AssistanceMeasure> e)
    {
        e.Property(m => m.CountyCode).HasMaxLength(6);
        e.Property(m => m.Description).HasMaxLength(500);
        e.Property(m => m.Programme).HasMaxLength(64);
        e.Property(m => m.StateReason).HasMaxLength(500);
        e.Property(m => m.Funds).HasConversion(new MoneyToFenConverter()).HasColumnName("FundsFen");
        e.Property(m => m.IncomeEffect).HasConversion(new MoneyToFenConverter()).HasColumnName("IncomeEffectFen");
        e.Property(m => m.Version).IsConcurrencyToken();
        e.Ignore(m => m.Counts);
        e.HasOne(m => m.Household).WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AssistancePlan>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Cadre>().WithMany().HasForeignKey(m => m.CadreId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => new { m.HouseholdId, m.Type });
        e.HasIndex(m => new { m.CountyCode, m.Type });
    }
}

internal sealed class MeasureFundingMapping : IEntityTypeConfiguration<MeasureFunding>
{
    public void Configure(EntityTypeBuilder<MeasureFunding> e)
    {
        e.Property(f => f.CountyCode).HasMaxLength(6);
        e.Property(f => f.Amount).HasConversion(new MoneyToFenConverter()).HasColumnName("AmountFen");
        e.HasOne(f => f.Measure).WithMany().HasForeignKey(f => f.MeasureId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(f => f.Household).WithMany().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(f => f.MeasureId);
        e.HasIndex(f => new { f.CountyCode, f.Source });
    }
}

internal sealed class AssistanceNeedMapping : IEntityTypeConfiguration<AssistanceNeed>
{
    public void Configure(EntityTypeBuilder<AssistanceNeed> e)
    {
        e.Property(n => n.CountyCode).HasMaxLength(6);
        e.Property(n => n.Description).HasMaxLength(500);
        e.Property(n => n.RecordedBy).HasMaxLength(64);
        e.Property(n => n.Version).IsConcurrencyToken();
        e.HasOne(n => n.Household).WithMany().HasForeignKey(n => n.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(n => new { n.HouseholdId, n.State });
    }
}

internal sealed class AssistancePlanMapping : IEntityTypeConfiguration<AssistancePlan>
{
    public void Configure(EntityTypeBuilder<AssistancePlan> e)
    {
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.Goals).HasMaxLength(1000);
        e.Property(p => p.CreatedBy).HasMaxLength(64);
        e.Property(p => p.TargetIncomePerCapita).HasConversion(new MoneyToFenConverter()).HasColumnName("TargetIncomePerCapitaFen");
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasOne(p => p.Household).WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Cadre>().WithMany().HasForeignKey(p => p.CadreId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.HouseholdId, p.State });
        e.HasIndex(p => new { p.CountyCode, p.State });
    }
}
