using Jingzhun.Domain.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Statistics;

/// <summary>How <see cref="StaleCounty"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class StaleCountyMapping : IEntityTypeConfiguration<StaleCounty>
{
    public void Configure(EntityTypeBuilder<StaleCounty> e)
    {
        e.HasKey(s => s.CountyCode);
        e.Property(s => s.CountyCode).HasMaxLength(6);
    }
}
