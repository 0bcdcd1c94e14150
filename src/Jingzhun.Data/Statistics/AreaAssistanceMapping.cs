using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Statistics;

/// <summary>How kept figures of an area are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal abstract class KeptAreaFiguresMapping<T> : IEntityTypeConfiguration<T> where T : KeptAreaFigures
{
    public void Configure(EntityTypeBuilder<T> e)
    {
        e.Property(a => a.RegionCode).HasMaxLength(12);
        // An area's row and its children's (same date and level, codes under the area's prefix) are one range each.
        e.HasIndex(a => new { a.On, a.Level, a.RegionCode }).IsUnique();
    }
}

internal sealed class AreaAssistanceMapping : KeptAreaFiguresMapping<AreaAssistance>;

internal sealed class AreaFundsMapping : KeptAreaFiguresMapping<AreaFunds>;

/// <summary>How <see cref="AreaIncomeTrend"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class AreaIncomeTrendMapping : IEntityTypeConfiguration<AreaIncomeTrend>
{
    public void Configure(EntityTypeBuilder<AreaIncomeTrend> e)
    {
        e.Property(a => a.RegionCode).HasMaxLength(12);
        e.HasIndex(a => new { a.Level, a.RegionCode }).IsUnique();
    }
}

/// <summary>How <see cref="StaleKeptCounty"/> marks are stored (read by system work only, like <see cref="StaleCounty"/>).</summary>
internal sealed class StaleKeptCountyMapping : IEntityTypeConfiguration<StaleKeptCounty>
{
    public void Configure(EntityTypeBuilder<StaleKeptCounty> e)
    {
        e.HasKey(s => s.CountyCode);
        e.Property(s => s.CountyCode).HasMaxLength(6);
    }
}
