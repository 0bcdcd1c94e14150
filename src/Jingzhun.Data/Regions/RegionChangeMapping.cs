using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Regions;

/// <summary>How <see cref="RegionChange"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class RegionChangeMapping : IEntityTypeConfiguration<RegionChange>
{
    public void Configure(EntityTypeBuilder<RegionChange> e)
    {
        e.Property(c => c.FromCode).HasMaxLength(12);
        e.Property(c => c.ToCode).HasMaxLength(12);
        e.Property(c => c.FromName).HasMaxLength(100);
        e.Property(c => c.ToName).HasMaxLength(100);
        e.Property(c => c.Reason).HasMaxLength(500);
        e.Property(c => c.Actor).HasMaxLength(64);
        e.HasIndex(c => c.FromCode);
        e.HasIndex(c => c.ToCode);
    }
}
