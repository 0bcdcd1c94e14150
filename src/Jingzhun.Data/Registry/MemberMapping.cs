using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Registry;

/// <summary>How <see cref="Member"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class MemberMapping : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> e)
    {
        e.Property(m => m.Name).HasMaxLength(50);
        e.Property(m => m.ResidentId).HasMaxLength(18);
        e.Property(m => m.CountyCode).HasMaxLength(6);
        e.Property(m => m.Ethnicity).HasMaxLength(20);
        e.Property(m => m.MigrantWorkPlace).HasMaxLength(100);
        e.Property(m => m.Version).IsConcurrencyToken();
        e.HasIndex(m => m.ResidentId);
        e.HasIndex(m => m.Name);
        // A person is present in a household once: enforced here too, so that two imports of the same file
        // running at once cannot both add the member (the second one's chunk fails and is re-run).
        // Members who left keep their rows, so the rule covers present members only (MemberState.Present = 1).
        e.HasIndex(m => new { m.HouseholdId, m.ResidentId }).IsUnique().HasFilter("\"State\" = 1").HasDatabaseName("UX_Members_Present");
        e.HasIndex(m => m.HouseholdId);
    }
}
