using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Notices;

/// <summary>How <see cref="Notice"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class NoticeMapping : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> e)
    {
        e.Property(n => n.RegionCode).HasMaxLength(12);
        e.Property(n => n.Title).HasMaxLength(200);
        e.Property(n => n.PostedBy).HasMaxLength(64);
        e.HasMany(n => n.Objections).WithOne(o => o.Notice).HasForeignKey(o => o.NoticeId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(n => new { n.RegionCode, n.ClosedAt });
    }
}
