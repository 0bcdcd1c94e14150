using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Statistics;

/// <summary>How <see cref="AreaBreakdown"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class AreaBreakdownMapping : IEntityTypeConfiguration<AreaBreakdown>
{
    public void Configure(EntityTypeBuilder<AreaBreakdown> e)
    {
        e.Property(b => b.RegionCode).HasMaxLength(12);
        e.HasIndex(b => new { b.Year, b.RegionCode, b.Dimension, b.Value, b.Status }).IsUnique();
    }
}
