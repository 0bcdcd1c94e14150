using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Rules;

/// <summary>How <see cref="RuleSetVersion"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class RuleSetVersionMapping : IEntityTypeConfiguration<RuleSetVersion>
{
    public void Configure(EntityTypeBuilder<RuleSetVersion> e)
    {
        e.Property(r => r.Jurisdiction).HasMaxLength(12);
        e.Property(r => r.Note).HasMaxLength(500);
        e.Property(r => r.CreatedBy).HasMaxLength(64);
        e.HasIndex(r => new { r.Jurisdiction, r.Year, r.Version }).IsUnique();
    }
}
