using Jingzhun.Domain.PoorAreas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.PoorAreas;

internal sealed class RegionDesignationMapping : IEntityTypeConfiguration<RegionDesignation>
{
    public void Configure(EntityTypeBuilder<RegionDesignation> e)
    {
        e.Property(d => d.RegionCode).HasMaxLength(12);
        e.Property(d => d.Source).HasMaxLength(500);
        e.Property(d => d.RecordedBy).HasMaxLength(64);
        e.Property(d => d.EndedBy).HasMaxLength(64);
        e.Property(d => d.EndedReason).HasMaxLength(500);
        e.Property(d => d.Version).IsConcurrencyToken();
        e.HasIndex(d => new { d.RegionCode, d.Kind });
    }
}
