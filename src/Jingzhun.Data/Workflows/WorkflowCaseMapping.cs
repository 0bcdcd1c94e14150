using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Workflows;

/// <summary>How <see cref="WorkflowCase"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class WorkflowCaseMapping : IEntityTypeConfiguration<WorkflowCase>
{
    public void Configure(EntityTypeBuilder<WorkflowCase> e)
    {
        e.Property(c => c.RegionCode).HasMaxLength(12);
        e.Property(c => c.CountyCode).HasMaxLength(6);
        e.Property(c => c.OpenedBy).HasMaxLength(64);
        e.Property(c => c.Reason).HasMaxLength(1000);
        e.Property(c => c.Version).IsConcurrencyToken();
        e.Ignore(c => c.IsOpen);
        e.HasOne(c => c.Household).WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(c => c.Batch).WithMany(b => b.Cases).HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(c => c.Steps).WithOne(s => s.Case).HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(c => c.Notices).WithOne(n => n.Case).HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.RegionCode, c.Kind, c.Stage });
        e.HasIndex(c => c.HouseholdId);
    }
}
