using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Registry;

/// <summary>How <see cref="Household"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class HouseholdMapping : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> e)
    {
        e.Property(h => h.Number).HasMaxLength(32);
        e.Property(h => h.VillageCode).HasMaxLength(12);
        e.Property(h => h.CountyCode).HasMaxLength(6);
        e.Property(h => h.VillagerGroup).HasMaxLength(50);
        e.Property(h => h.Address).HasMaxLength(200);
        e.Property(h => h.Phone).HasMaxLength(32);
        e.Property(h => h.BankAccount).HasMaxLength(32);
        e.Property(h => h.Version).IsConcurrencyToken();
        e.HasIndex(h => h.Number).IsUnique();
        e.HasIndex(h => new { h.VillageCode, h.Status });
        e.HasIndex(h => new { h.CountyCode, h.Status });
        e.HasIndex(h => h.PrimaryCause);
        e.Ignore(h => h.Head);
        e.Ignore(h => h.PresentMembers);
        e.Ignore(h => h.AllCauses);
        e.Ignore(h => h.LivesInDangerousHouse);
        e.HasMany(h => h.Members).WithOne(m => m.Household).HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(h => h.Incomes).WithOne(i => i.Household).HasForeignKey(i => i.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(h => h.StatusHistory).WithOne(s => s.Household).HasForeignKey(s => s.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}
