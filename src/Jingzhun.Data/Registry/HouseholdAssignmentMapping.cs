using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Registry;

/// <summary>How <see cref="HouseholdAssignment"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class HouseholdAssignmentMapping : IEntityTypeConfiguration<HouseholdAssignment>
{
    public void Configure(EntityTypeBuilder<HouseholdAssignment> e)
    {
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.VillageCode).HasMaxLength(12);
        e.Property(a => a.AssignedBy).HasMaxLength(64);
        e.Property(a => a.EndedBy).HasMaxLength(64);
        e.HasOne(a => a.Household).WithMany().HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => new { a.AccountId, a.Kind, a.HouseholdId });
        e.HasIndex(a => a.HouseholdId);
        e.Ignore(a => a.IsActive);
    }
}
