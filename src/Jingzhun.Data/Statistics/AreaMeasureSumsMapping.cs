using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Statistics;

/// <summary>How <see cref="AreaMeasureSums"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class AreaMeasureSumsMapping : IEntityTypeConfiguration<AreaMeasureSums>
{
    public void Configure(EntityTypeBuilder<AreaMeasureSums> e)
    {
        e.Property(m => m.RegionCode).HasMaxLength(12);
        e.Property(m => m.RuleSet).HasMaxLength(32);
        e.Property(m => m.Line).HasPrecision(12, 2);
        // An area's row and its children's (same year, rule set and level, codes under the area's prefix) are one range each.
        e.HasIndex(m => new { m.Year, m.RuleSet, m.Level, m.RegionCode }).IsUnique();
        // The latest year stored for an area (the live dashboard's income year).
        e.HasIndex(m => new { m.RegionCode, m.Year });
    }
}
