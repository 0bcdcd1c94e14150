using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Access;

/// <summary>How <see cref="Account"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class AccountMapping : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e)
    {
        e.Property(a => a.UserName).HasMaxLength(64);
        e.Property(a => a.DisplayName).HasMaxLength(100);
        e.Property(a => a.RegionCode).HasMaxLength(12);
        e.Property(a => a.Phone).HasMaxLength(20);
        e.HasIndex(a => a.UserName).IsUnique();
    }
}
