using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Statistics;

/// <summary>How <see cref="AreaAggregate"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class AreaAggregateMapping : IEntityTypeConfiguration<AreaAggregate>
{
    public void Configure(EntityTypeBuilder<AreaAggregate> e)
    {
        e.Property(a => a.RegionCode).HasMaxLength(12);
        e.HasIndex(a => new { a.Year, a.RegionCode }).IsUnique();
        e.Ignore(a => a.CurrentPoorHouseholds);
        e.Ignore(a => a.CurrentPoorPeople);
        e.Ignore(a => a.IncidencePercent);
    }
}
