using Jingzhun.Domain.Exit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Exit;

/// <summary>How <see cref="ExitPlan"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class ExitPlanMapping : IEntityTypeConfiguration<ExitPlan>
{
    public void Configure(EntityTypeBuilder<ExitPlan> e)
    {
        e.Property(p => p.RegionCode).HasMaxLength(12);
        e.Property(p => p.Note).HasMaxLength(500);
        e.Property(p => p.SetBy).HasMaxLength(64);
        e.HasIndex(p => new { p.RegionCode, p.Year, p.Version }).IsUnique();
    }
}
