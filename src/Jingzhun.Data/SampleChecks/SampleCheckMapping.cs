using Jingzhun.Domain.SampleChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.SampleChecks;

/// <summary>How <see cref="SampleCheck"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class SampleCheckMapping : IEntityTypeConfiguration<SampleCheck>
{
    public void Configure(EntityTypeBuilder<SampleCheck> e)
    {
        e.Property(c => c.RegionCode).HasMaxLength(12);
        e.Property(c => c.CountyCode).HasMaxLength(6);
        e.Property(c => c.Share).HasPrecision(9, 6);
        e.Property(c => c.OpenedBy).HasMaxLength(64);
        e.Property(c => c.ClosedBy).HasMaxLength(64);
        e.Property(c => c.Conclusion).HasMaxLength(1000);
        e.Property(c => c.Version).IsConcurrencyToken();
        e.Ignore(c => c.IsOpen);
        e.HasMany(c => c.Items).WithOne(i => i.SampleCheck).HasForeignKey(i => i.SampleCheckId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Domain.Workflows.CaseBatch>().WithMany().HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.RegionCode, c.Year, c.Level });
    }
}

internal sealed class SampleCheckItemMapping : IEntityTypeConfiguration<SampleCheckItem>
{
    public void Configure(EntityTypeBuilder<SampleCheckItem> e)
    {
        e.Property(i => i.RegionCode).HasMaxLength(12);
        e.Property(i => i.Note).HasMaxLength(1000);
        e.Property(i => i.RecordedBy).HasMaxLength(64);
        e.Property(i => i.Version).IsConcurrencyToken();
        e.HasOne(i => i.Case).WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => i.CaseId);
    }
}
