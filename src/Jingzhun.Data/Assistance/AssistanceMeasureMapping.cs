using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Assistance;

/// <summary>How <see cref="AssistanceMeasure"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class AssistanceMeasureMapping : IEntityTypeConfiguration<AssistanceMeasure>
{
    public void Configure(EntityTypeBuilder<AssistanceMeasure> e)
    {
        e.Property(m => m.CountyCode).HasMaxLength(6);
        e.Property(m => m.Description).HasMaxLength(500);
        e.Property(m => m.Funds).HasConversion(new MoneyToFenConverter()).HasColumnName("FundsFen");
        e.Property(m => m.Version).IsConcurrencyToken();
        e.Ignore(m => m.Counts);
        e.HasOne(m => m.Household).WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => new { m.HouseholdId, m.Type });
        e.HasIndex(m => new { m.CountyCode, m.Type });
    }
}
