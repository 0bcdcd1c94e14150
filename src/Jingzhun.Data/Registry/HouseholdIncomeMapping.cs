using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Registry;

/// <summary>How <see cref="HouseholdIncome"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class HouseholdIncomeMapping : IEntityTypeConfiguration<HouseholdIncome>
{
    public void Configure(EntityTypeBuilder<HouseholdIncome> e)
    {
        e.Property(i => i.CountyCode).HasMaxLength(6);
        e.HasIndex(i => new { i.HouseholdId, i.Year }).IsUnique();
    }
}
