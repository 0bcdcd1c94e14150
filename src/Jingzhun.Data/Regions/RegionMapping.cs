using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Regions;

/// <summary>How <see cref="Region"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class RegionMapping : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> e)
    {
        e.Property(r => r.Code).HasMaxLength(12);
        e.Property(r => r.ParentCode).HasMaxLength(12);
        e.Property(r => r.Name).HasMaxLength(100);
        e.HasIndex(r => new { r.Code, r.ValidFrom }).IsUnique();
        e.HasIndex(r => r.ParentCode);
        e.Property(r => r.UrbanRuralClass).HasMaxLength(3);
        e.Ignore(r => r.RegionCode);
    }
}
