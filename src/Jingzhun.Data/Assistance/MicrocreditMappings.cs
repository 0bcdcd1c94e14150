using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Assistance;

// How microcredit, relocation and visits are stored.

internal sealed class CreditRatingMapping : IEntityTypeConfiguration<CreditRating>
{
    public void Configure(EntityTypeBuilder<CreditRating> e)
    {
        e.Property(r => r.CountyCode).HasMaxLength(6);
        e.Property(r => r.CreditLine).HasConversion(new MoneyToFenConverter()).HasColumnName("CreditLineFen");
        e.Property(r => r.RuleSet).HasMaxLength(64);
        e.Property(r => r.RatedBy).HasMaxLength(64);
        e.Property(r => r.Version).IsConcurrencyToken();
        e.HasOne(r => r.Household).WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => new { r.HouseholdId, r.IsCurrent });
    }
}

internal sealed class MicroLoanMapping : IEntityTypeConfiguration<MicroLoan>
{
    public void Configure(EntityTypeBuilder<MicroLoan> e)
    {
        e.Property(l => l.CountyCode).HasMaxLength(6);
        e.Property(l => l.Bank).HasMaxLength(100);
        e.Property(l => l.Purpose).HasMaxLength(200);
        e.Property(l => l.RecordedBy).HasMaxLength(64);
        e.Property(l => l.Amount).HasConversion(new MoneyToFenConverter()).HasColumnName("AmountFen");
        e.Property(l => l.Repaid).HasConversion(new MoneyToFenConverter()).HasColumnName("RepaidFen");
        e.Property(l => l.RatePercent).HasPrecision(6, 3);
        e.Property(l => l.Version).IsConcurrencyToken();
        e.Ignore(l => l.Outstanding);
        e.HasOne(l => l.Household).WithMany().HasForeignKey(l => l.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<CreditRating>().WithMany().HasForeignKey(l => l.RatingId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(l => new { l.HouseholdId, l.State });
        e.HasIndex(l => new { l.CountyCode, l.State, l.DueOn });
    }
}

internal sealed class LoanRepaymentMapping : IEntityTypeConfiguration<LoanRepayment>
{
    public void Configure(EntityTypeBuilder<LoanRepayment> e)
    {
        e.Property(r => r.CountyCode).HasMaxLength(6);
        e.Property(r => r.RecordedBy).HasMaxLength(64);
        e.Property(r => r.Principal).HasConversion(new MoneyToFenConverter()).HasColumnName("PrincipalFen");
        e.Property(r => r.Interest).HasConversion(new MoneyToFenConverter()).HasColumnName("InterestFen");
        e.Property(r => r.InterestSubsidy).HasConversion(new MoneyToFenConverter()).HasColumnName("InterestSubsidyFen");
        e.HasOne(r => r.Loan).WithMany().HasForeignKey(r => r.LoanId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(r => r.Household).WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => r.LoanId);
    }
}

internal sealed class RelocationMapping : IEntityTypeConfiguration<Relocation>
{
    public void Configure(EntityTypeBuilder<Relocation> e)
    {
        e.Property(r => r.CountyCode).HasMaxLength(6);
        e.Property(r => r.Site).HasMaxLength(100);
        e.Property(r => r.SiteVillageCode).HasMaxLength(12);
        e.Property(r => r.StateReason).HasMaxLength(200);
        e.Property(r => r.RecordedBy).HasMaxLength(64);
        e.Property(r => r.HousingArea).HasPrecision(10, 2);
        e.Property(r => r.HousingSubsidy).HasConversion(new MoneyToFenConverter()).HasColumnName("HousingSubsidyFen");
        e.Property(r => r.OtherSubsidy).HasConversion(new MoneyToFenConverter()).HasColumnName("OtherSubsidyFen");
        e.Property(r => r.Version).IsConcurrencyToken();
        e.Ignore(r => r.AreaPerPerson);
        e.HasOne(r => r.Household).WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => new { r.HouseholdId, r.State });
        e.HasIndex(r => new { r.CountyCode, r.Year });
    }
}

internal sealed class RelocationFollowUpMapping : IEntityTypeConfiguration<RelocationFollowUp>
{
    public void Configure(EntityTypeBuilder<RelocationFollowUp> e)
    {
        e.Property(f => f.CountyCode).HasMaxLength(6);
        e.Property(f => f.Description).HasMaxLength(500);
        e.Property(f => f.RecordedBy).HasMaxLength(64);
        e.HasOne(f => f.Relocation).WithMany().HasForeignKey(f => f.RelocationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(f => f.Household).WithMany().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(f => f.RelocationId);
    }
}

internal sealed class AssistanceVisitMapping : IEntityTypeConfiguration<AssistanceVisit>
{
    public void Configure(EntityTypeBuilder<AssistanceVisit> e)
    {
        e.Property(v => v.VillageCode).HasMaxLength(12);
        e.Property(v => v.CountyCode).HasMaxLength(6);
        e.Property(v => v.Place).HasMaxLength(100);
        e.Property(v => v.VisitedBy).HasMaxLength(64);
        e.Property(v => v.Present).HasMaxLength(200);
        e.Property(v => v.Findings).HasMaxLength(1000);
        e.HasOne(v => v.Household).WithMany().HasForeignKey(v => v.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Cadre>().WithMany().HasForeignKey(v => v.CadreId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(v => new { v.HouseholdId, v.VisitedOn });
        e.HasIndex(v => new { v.CountyCode, v.VillageCode, v.VisitedOn });
    }
}

internal sealed class VisitPhotoMapping : IEntityTypeConfiguration<VisitPhoto>
{
    public void Configure(EntityTypeBuilder<VisitPhoto> e)
    {
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.ContentType).HasMaxLength(32);
        e.Property(p => p.Sha256).HasMaxLength(64);
        e.HasOne(p => p.Visit).WithMany().HasForeignKey(p => p.VisitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(p => p.Household).WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.VisitId, p.Sha256 }).IsUnique();
    }
}
