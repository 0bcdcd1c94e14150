using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Database;

/// <summary>
/// The one data model of Jingzhun. Every query of household data is filtered by the actor's
/// <see cref="AccessScope"/>, and every save is checked against it, audited, versioned and
/// refused if it would delete registry data.
/// </summary>
public abstract class JingzhunDbContext : DbContext
{
    protected JingzhunDbContext(DbContextOptions options, AccessScope scope) : base(options)
    {
        Scope = scope;
        SavingChanges += (_, _) => RegistryChangeRules.Apply(this);
    }

    public AccessScope Scope { get; }

    /// <summary>Households whose personal data this context loaded, with their village, when the actor's reads are audited.</summary>
    public Dictionary<long, string> HouseholdsRead { get; } = [];

    /// <summary>When set, saves write one summary audit entry instead of one per field (bulk loads).</summary>
    public string? BulkAuditSummary { get; set; }

    // Query filters read these members; EF turns them into parameters of each query.
    protected string ScopePrefix => Scope.RegionPrefix;
    protected bool ScopeCanRead => Scope.CanRead;
    protected bool ScopeSampleOnly => Scope.ReadsAssignedOnly;
    protected int ScopeAccountId => Scope.AccountId;

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<HouseholdIncome> Incomes => Set<HouseholdIncome>();
    public DbSet<HouseholdStatusChange> StatusChanges => Set<HouseholdStatusChange>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<HouseholdAssignment> Assignments => Set<HouseholdAssignment>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Saves, then seals the new audit entries into the hash chain in the same transaction, so a
    /// change and its audit trail are written together or not at all.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await Audit.AuditChain.SealAsync(this, cancellationToken);
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Money>().HaveConversion<MoneyToFenConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Region>(e =>
        {
            e.Property(r => r.Code).HasMaxLength(12);
            e.Property(r => r.ParentCode).HasMaxLength(12);
            e.Property(r => r.Name).HasMaxLength(100);
            e.HasIndex(r => new { r.Code, r.ValidFrom }).IsUnique();
            e.HasIndex(r => r.ParentCode);
            e.Ignore(r => r.RegionCode);
        });

        modelBuilder.Entity<Household>(e =>
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
            e.HasQueryFilter(h => ScopeCanRead && h.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || h.Assignments.Any(a => a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)));
        });

        modelBuilder.Entity<Member>(e =>
        {
            e.Property(m => m.Name).HasMaxLength(50);
            e.Property(m => m.ResidentId).HasMaxLength(18);
            e.Property(m => m.CountyCode).HasMaxLength(6);
            e.Property(m => m.Ethnicity).HasMaxLength(20);
            e.Property(m => m.MigrantWorkPlace).HasMaxLength(100);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasIndex(m => m.ResidentId);
            e.HasIndex(m => m.Name);
            e.HasQueryFilter(m => ScopeCanRead && m.Household!.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || m.Household.Assignments.Any(a => a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)));
        });

        modelBuilder.Entity<HouseholdIncome>(e =>
        {
            e.Property(i => i.CountyCode).HasMaxLength(6);
            e.HasIndex(i => new { i.HouseholdId, i.Year }).IsUnique();
            e.HasQueryFilter(i => ScopeCanRead && i.Household!.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || i.Household.Assignments.Any(a => a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)));
        });

        modelBuilder.Entity<HouseholdStatusChange>(e =>
        {
            e.Property(s => s.CountyCode).HasMaxLength(6);
            e.Property(s => s.Reason).HasMaxLength(500);
            e.Property(s => s.Actor).HasMaxLength(64);
            e.HasIndex(s => s.HouseholdId);
            e.HasQueryFilter(s => ScopeCanRead && s.Household!.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || s.Household.Assignments.Any(a => a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)));
        });

        modelBuilder.Entity<HouseholdAssignment>(e =>
        {
            e.Property(a => a.CountyCode).HasMaxLength(6);
            e.Property(a => a.VillageCode).HasMaxLength(12);
            e.Property(a => a.AssignedBy).HasMaxLength(64);
            e.Property(a => a.EndedBy).HasMaxLength(64);
            e.HasOne(a => a.Household).WithMany(h => h.Assignments).HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.AccountId, a.Kind, a.HouseholdId });
            e.HasIndex(a => a.HouseholdId);
            e.Ignore(a => a.IsActive);
            // Filtered by its own village code: a filter through Household would recurse into Household's filter.
            e.HasQueryFilter(a => ScopeCanRead && a.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || (a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample)));
        });

        modelBuilder.Entity<Account>(e =>
        {
            e.Property(a => a.UserName).HasMaxLength(64);
            e.Property(a => a.DisplayName).HasMaxLength(100);
            e.Property(a => a.RegionCode).HasMaxLength(12);
            e.HasIndex(a => a.UserName).IsUnique();
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Actor).HasMaxLength(64);
            e.Property(a => a.EntityType).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.Property(a => a.RegionCode).HasMaxLength(12);
            e.Property(a => a.Field).HasMaxLength(64);
            e.HasIndex(a => a.HouseholdId);
            e.HasOne(a => a.Household).WithMany().HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.RegionCode, a.At });
            e.HasIndex(a => a.ChainIndex).IsUnique();
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            // Assessors work on their sample only; the audit log is not theirs to read.
            e.HasQueryFilter(a => ScopeCanRead && !ScopeSampleOnly && a.RegionCode.StartsWith(ScopePrefix));
        });

        // Money is kept in whole fen; the column names say so.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(Money)))
                property.SetColumnName(property.Name + "Fen");
    }
}
