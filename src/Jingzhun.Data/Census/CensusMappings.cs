using Jingzhun.Domain.Census;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Census;

// How census rounds and their household records are stored.

internal sealed class CensusRoundMapping : IEntityTypeConfiguration<CensusRound>
{
    public void Configure(EntityTypeBuilder<CensusRound> e)
    {
        e.Property(r => r.CountyCode).HasMaxLength(6);
        e.Property(r => r.Name).HasMaxLength(200);
        e.Property(r => r.OpenedBy).HasMaxLength(64);
        e.Property(r => r.Version).IsConcurrencyToken();
        // One round per county and year: the census counts each household once.
        e.HasIndex(r => new { r.CountyCode, r.Year }).IsUnique();
    }
}

internal sealed class CensusRecordMapping : IEntityTypeConfiguration<CensusRecord>
{
    public void Configure(EntityTypeBuilder<CensusRecord> e)
    {
        e.Property(r => r.VillageCode).HasMaxLength(12);
        e.Property(r => r.CountyCode).HasMaxLength(6);
        e.Property(r => r.Note).HasMaxLength(500);
        e.Property(r => r.SurveyedBy).HasMaxLength(64);
        e.Property(r => r.EnteredBy).HasMaxLength(64);
        e.Property(r => r.TownshipBy).HasMaxLength(64);
        e.Property(r => r.CountyBy).HasMaxLength(64);
        e.Property(r => r.CityBy).HasMaxLength(64);
        e.Property(r => r.ProvinceBy).HasMaxLength(64);
        e.Property(r => r.SentBackBy).HasMaxLength(64);
        e.Property(r => r.SentBackReason).HasMaxLength(500);
        e.Property(r => r.Version).IsConcurrencyToken();
        e.HasOne(r => r.Round).WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(r => r.Household).WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => new { r.RoundId, r.HouseholdId }).IsUnique();
        e.HasIndex(r => new { r.Year, r.VillageCode, r.State });
    }
}
