using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Collaboration;

internal sealed class LabourWorkerMapping : IEntityTypeConfiguration<LabourWorker>
{
    public void Configure(EntityTypeBuilder<LabourWorker> e)
    {
        e.Property(w => w.VillageCode).HasMaxLength(12);
        e.Property(w => w.CountyCode).HasMaxLength(6);
        e.Property(w => w.RecordedBy).HasMaxLength(64);
        e.Property(w => w.Version).IsConcurrencyToken();
        e.HasOne(w => w.Household).WithMany().HasForeignKey(w => w.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(w => w.Member).WithMany().HasForeignKey(w => w.MemberId).OnDelete(DeleteBehavior.Restrict);
        // A member is one worker: its whole path hangs off that one row.
        e.HasIndex(w => w.MemberId).IsUnique();
        e.HasIndex(w => w.HouseholdId);
        e.HasIndex(w => new { w.CountyCode, w.Stage });
    }
}

internal sealed class LabourPlacementMapping : IEntityTypeConfiguration<LabourPlacement>
{
    public void Configure(EntityTypeBuilder<LabourPlacement> e)
    {
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.Course).HasMaxLength(100);
        e.Property(p => p.Destination).HasMaxLength(100);
        e.Property(p => p.DestinationCode).HasMaxLength(12);
        e.Property(p => p.DestinationProvince).HasMaxLength(40);
        e.Property(p => p.Employer).HasMaxLength(100);
        e.Property(p => p.Reason).HasMaxLength(200);
        e.Property(p => p.RecordedBy).HasMaxLength(64);
        e.Property(p => p.MonthlyIncome).HasConversion(new MoneyToFenConverter()).HasColumnName("MonthlyIncomeFen");
        e.HasOne(p => p.Worker).WithMany().HasForeignKey(p => p.WorkerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(p => p.Household).WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.WorkerId, p.On });
        e.HasIndex(p => new { p.CountyCode, p.Stage, p.On });
        e.HasIndex(p => p.DestinationCode);
        e.HasIndex(p => p.PairingId);
    }
}
