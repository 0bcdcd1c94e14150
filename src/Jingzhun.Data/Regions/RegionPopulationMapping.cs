using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Regions;

/// <summary>How <see cref="RegionPopulation"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class RegionPopulationMapping : IEntityTypeConfiguration<RegionPopulation>
{
    public void Configure(EntityTypeBuilder<RegionPopulation> e)
    {
        e.Property(p => p.RegionCode).HasMaxLength(12);
        e.HasIndex(p => new { p.RegionCode, p.Year }).IsUnique();
    }
}
