using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Notices;

/// <summary>How <see cref="Objection"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class ObjectionMapping : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> e)
    {
        e.Property(o => o.RegionCode).HasMaxLength(12);
        e.Property(o => o.SubmittedBy).HasMaxLength(64);
        e.Property(o => o.Contact).HasMaxLength(100);
        e.Property(o => o.Text).HasMaxLength(2000);
        e.Property(o => o.Outcome).HasMaxLength(2000);
        e.Property(o => o.ResolvedBy).HasMaxLength(64);
        e.HasIndex(o => o.CaseId);
    }
}
