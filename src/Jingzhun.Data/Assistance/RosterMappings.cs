using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Assistance;

// How the roster of cadres, their pairings and the village work teams are stored.

internal sealed class CadreMapping : IEntityTypeConfiguration<Cadre>
{
    public void Configure(EntityTypeBuilder<Cadre> e)
    {
        e.Property(c => c.CountyCode).HasMaxLength(6);
        e.Property(c => c.Name).HasMaxLength(50);
        e.Property(c => c.Unit).HasMaxLength(100);
        e.Property(c => c.Position).HasMaxLength(50);
        e.Property(c => c.Phone).HasMaxLength(20);
        e.Property(c => c.LeftReason).HasMaxLength(200);
        e.Property(c => c.Version).IsConcurrencyToken();
        e.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.CountyCode, c.State });
        // One roster entry per account: the account's pairings are the cadre's.
        e.HasIndex(c => c.AccountId).IsUnique();
    }
}

internal sealed class CadrePairingMapping : IEntityTypeConfiguration<CadrePairing>
{
    public void Configure(EntityTypeBuilder<CadrePairing> e)
    {
        e.Property(p => p.VillageCode).HasMaxLength(12);
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.StartReason).HasMaxLength(200);
        e.Property(p => p.EndReason).HasMaxLength(200);
        e.Property(p => p.StartedBy).HasMaxLength(64);
        e.Property(p => p.EndedBy).HasMaxLength(64);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.Ignore(p => p.IsActive);
        e.HasOne(p => p.Household).WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(p => p.Cadre).WithMany().HasForeignKey(p => p.CadreId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.HouseholdId, p.EndedOn });
        e.HasIndex(p => new { p.CadreId, p.EndedOn });
        e.HasIndex(p => new { p.CountyCode, p.VillageCode });
    }
}

internal sealed class WorkTeamMapping : IEntityTypeConfiguration<WorkTeam>
{
    public void Configure(EntityTypeBuilder<WorkTeam> e)
    {
        e.Property(t => t.VillageCode).HasMaxLength(12);
        e.Property(t => t.CountyCode).HasMaxLength(6);
        e.Property(t => t.SendingUnit).HasMaxLength(100);
        e.Property(t => t.Note).HasMaxLength(500);
        e.Property(t => t.Version).IsConcurrencyToken();
        e.HasIndex(t => new { t.CountyCode, t.VillageCode, t.State });
    }
}

internal sealed class WorkTeamMemberMapping : IEntityTypeConfiguration<WorkTeamMember>
{
    public void Configure(EntityTypeBuilder<WorkTeamMember> e)
    {
        e.Property(m => m.VillageCode).HasMaxLength(12);
        e.Property(m => m.CountyCode).HasMaxLength(6);
        e.Property(m => m.Name).HasMaxLength(50);
        e.Property(m => m.Unit).HasMaxLength(100);
        e.Property(m => m.Phone).HasMaxLength(20);
        e.Property(m => m.LeftReason).HasMaxLength(200);
        e.Property(m => m.Version).IsConcurrencyToken();
        e.Ignore(m => m.IsActive);
        e.HasOne(m => m.Team).WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => new { m.TeamId, m.LeftOn });
        e.HasIndex(m => new { m.CountyCode, m.VillageCode });
    }
}

internal sealed class WorkTeamAssessmentMapping : IEntityTypeConfiguration<WorkTeamAssessment>
{
    public void Configure(EntityTypeBuilder<WorkTeamAssessment> e)
    {
        e.Property(a => a.VillageCode).HasMaxLength(12);
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.Comment).HasMaxLength(500);
        e.Property(a => a.AssessedBy).HasMaxLength(64);
        e.HasOne(a => a.Member).WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<WorkTeam>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Restrict);
        // One assessment per member and year; a correction is an update, audited.
        e.HasIndex(a => new { a.MemberId, a.Year }).IsUnique();
    }
}
