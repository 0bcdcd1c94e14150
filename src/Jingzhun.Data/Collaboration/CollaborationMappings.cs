using Jingzhun.Domain.Collaboration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Collaboration;

// How partners, pairings, seconded people and inputs are stored. Money columns are whole fen (the context's convention).

internal sealed class PartnerMapping : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> e)
    {
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.RegionCode).HasMaxLength(12);
        e.Property(p => p.Place).HasMaxLength(200);
        e.Property(p => p.CreditCode).HasMaxLength(18);
        e.Property(p => p.Contact).HasMaxLength(100);
        e.Property(p => p.RegisteredIn).HasMaxLength(12);
        e.Property(p => p.InactiveReason).HasMaxLength(500);
        e.Property(p => p.CreatedBy).HasMaxLength(64);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasIndex(p => p.Name);
    }
}

internal sealed class PairingMapping : IEntityTypeConfiguration<Pairing>
{
    public void Configure(EntityTypeBuilder<Pairing> e)
    {
        e.Property(p => p.RegionCode).HasMaxLength(12);
        e.Property(p => p.RegionPrefix).HasMaxLength(12);
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.Agreement).HasMaxLength(1000);
        e.Property(p => p.EndedReason).HasMaxLength(500);
        e.Property(p => p.CreatedBy).HasMaxLength(64);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasOne(p => p.Partner).WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => p.RegionPrefix);
        e.HasIndex(p => p.PartnerId);
    }
}

internal sealed class SecondedCadreMapping : IEntityTypeConfiguration<SecondedCadre>
{
    public void Configure(EntityTypeBuilder<SecondedCadre> e)
    {
        e.Property(c => c.RegionCode).HasMaxLength(12);
        e.Property(c => c.RegionPrefix).HasMaxLength(12);
        e.Property(c => c.CountyCode).HasMaxLength(6);
        e.Property(c => c.Name).HasMaxLength(50);
        e.Property(c => c.Post).HasMaxLength(100);
        e.Property(c => c.RecordedBy).HasMaxLength(64);
        e.Property(c => c.Version).IsConcurrencyToken();
        e.HasOne(c => c.Pairing).WithMany().HasForeignKey(c => c.PairingId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => c.PairingId);
    }
}

internal sealed class CollaborationInputMapping : IEntityTypeConfiguration<CollaborationInput>
{
    public void Configure(EntityTypeBuilder<CollaborationInput> e)
    {
        e.Property(i => i.RegionCode).HasMaxLength(12);
        e.Property(i => i.CountyCode).HasMaxLength(6);
        e.Property(i => i.Description).HasMaxLength(1000);
        e.Property(i => i.EnteredBy).HasMaxLength(64);
        e.Property(i => i.CheckedBy).HasMaxLength(64);
        e.Property(i => i.ConfirmedBy).HasMaxLength(64);
        e.Property(i => i.RejectedBy).HasMaxLength(64);
        e.Property(i => i.RejectedReason).HasMaxLength(500);
        e.Property(i => i.Version).IsConcurrencyToken();
        e.HasOne(i => i.Pairing).WithMany().HasForeignKey(i => i.PairingId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(i => i.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => new { i.PairingId, i.Year });
        e.HasIndex(i => new { i.RegionCode, i.Year });
        e.HasIndex(i => new { i.PartnerId, i.State });
    }
}
