using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Workflows;

/// <summary>
/// How <see cref="CaseAttachment"/> rows are stored: the bytes as a blob (SQLite) or bytea (PostgreSQL), unchanged.
/// Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.
/// </summary>
internal sealed class CaseAttachmentMapping : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> e)
    {
        e.Property(a => a.RegionCode).HasMaxLength(12);
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.FileName).HasMaxLength(200);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.Sha256).HasMaxLength(64);
        e.Property(a => a.UploadedBy).HasMaxLength(64);
        e.HasOne(a => a.CaseStep).WithMany(s => s.Files).HasForeignKey(a => a.CaseStepId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<WorkflowCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => a.CaseStepId);
        e.HasIndex(a => a.CaseId);
    }
}
