using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Workflows;

/// <summary>How <see cref="CaseStep"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class CaseStepMapping : IEntityTypeConfiguration<CaseStep>
{
    public void Configure(EntityTypeBuilder<CaseStep> e)
    {
        e.Property(s => s.RegionCode).HasMaxLength(12);
        e.Property(s => s.Actor).HasMaxLength(64);
        e.Property(s => s.Role).HasMaxLength(32);
        e.Property(s => s.Comment).HasMaxLength(2000);
        e.Property(s => s.Attachments).HasMaxLength(2000);
        e.HasIndex(s => s.CaseId);
    }
}
