using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Workflows;

/// <summary>How <see cref="CaseBatch"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class CaseBatchMapping : IEntityTypeConfiguration<CaseBatch>
{
    public void Configure(EntityTypeBuilder<CaseBatch> e)
    {
        e.Property(b => b.RegionCode).HasMaxLength(12);
        e.Property(b => b.CountyCode).HasMaxLength(6);
        e.Property(b => b.Title).HasMaxLength(200);
        e.Property(b => b.CreatedBy).HasMaxLength(64);
        e.HasIndex(b => new { b.RegionCode, b.Kind, b.Year });
    }
}
