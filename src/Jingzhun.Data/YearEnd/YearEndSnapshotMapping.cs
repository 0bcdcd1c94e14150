using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.YearEnd;

/// <summary>How <see cref="YearEndSnapshot"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class YearEndSnapshotMapping : IEntityTypeConfiguration<YearEndSnapshot>
{
    public void Configure(EntityTypeBuilder<YearEndSnapshot> e)
    {
        e.Property(x => x.VillageCode).HasMaxLength(12);
        e.Property(x => x.CountyCode).HasMaxLength(6);
        e.HasIndex(x => new { x.Year, x.HouseholdId }).IsUnique();
        e.HasIndex(x => new { x.Year, x.VillageCode });
    }
}
