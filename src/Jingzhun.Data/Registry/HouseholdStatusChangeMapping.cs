using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Registry;

/// <summary>How <see cref="HouseholdStatusChange"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class HouseholdStatusChangeMapping : IEntityTypeConfiguration<HouseholdStatusChange>
{
    public void Configure(EntityTypeBuilder<HouseholdStatusChange> e)
    {
        e.Property(s => s.CountyCode).HasMaxLength(6);
        e.Property(s => s.Reason).HasMaxLength(500);
        e.Property(s => s.Actor).HasMaxLength(64);
        e.HasIndex(s => s.HouseholdId);
        e.HasIndex(s => s.CaseId);
    }
}
