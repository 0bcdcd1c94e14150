using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;

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

    /// <summary>The database this context works on, with its audit key and checkpoints file (null only at design time).</summary>
    public DatabaseTarget? Target { get; set; }

    /// <summary>Households whose personal data this context loaded, with their village, when the actor's reads are audited.</summary>
    public Dictionary<long, string> HouseholdsRead { get; } = [];

    /// <summary>
    /// Counties (6 digits) whose households, members or measures this context has saved changes to:
    /// their live statistics are stale. Marked in the database (<see cref="Statistics.StaleCounties"/>) in the save's
    /// transaction, handed to <see cref="RegistrySaved"/> and cleared after each save.
    /// </summary>
    public HashSet<string> ChangedCounties { get; } = [];

    /// <summary>
    /// Called after every successful save that changed registry rows, with their counties: the web host's live
    /// statistics wake at once instead of at their next look at the stale marks.
    /// </summary>
    public Action<IReadOnlyCollection<string>>? RegistrySaved { get; set; }

    /// <summary>When set, saves write one summary audit entry instead of one per field (bulk loads).</summary>
    public string? BulkAuditSummary { get; set; }

    /// <summary>When set, the reason written on every audit line of the next saves that has none of its own (a region change naming itself on the households it moves).</summary>
    public string? ChangeReason { get; set; }

    // Query filters read these members; EF turns them into parameters of each query.
    protected string ScopePrefix => Scope.RegionPrefix;
    protected bool ScopeCanRead => Scope.CanRead;
    protected bool ScopeSampleOnly => Scope.ReadsAssignedOnly;
    protected int ScopeAccountId => Scope.AccountId;

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionPopulation> RegionPopulations => Set<RegionPopulation>();
    public DbSet<RegionChange> RegionChanges => Set<RegionChange>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<HouseholdIncome> Incomes => Set<HouseholdIncome>();
    public DbSet<HouseholdStatusChange> StatusChanges => Set<HouseholdStatusChange>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<HouseholdAssignment> Assignments => Set<HouseholdAssignment>();
    public DbSet<WorkflowCase> Cases => Set<WorkflowCase>();
    public DbSet<CaseStep> CaseSteps => Set<CaseStep>();
    public DbSet<CaseBatch> Batches => Set<CaseBatch>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<RuleSetVersion> RuleSets => Set<RuleSetVersion>();
    public DbSet<RuleDecision> Decisions => Set<RuleDecision>();
    public DbSet<YearEndSnapshot> Snapshots => Set<YearEndSnapshot>();
    public DbSet<AreaAggregate> Aggregates => Set<AreaAggregate>();
    public DbSet<AreaBreakdown> Breakdowns => Set<AreaBreakdown>();
    public DbSet<AssistanceMeasure> Measures => Set<AssistanceMeasure>();
    public DbSet<ExitPlan> ExitPlans => Set<ExitPlan>();
    public DbSet<StaleCounty> StaleCounties => Set<StaleCounty>();

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
            if (ChangedCounties.Count > 0) await Statistics.StaleCounties.MarkAsync(this, ChangedCounties, DateTime.UtcNow, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            if (ChangedCounties.Count > 0)
            {
                RegistrySaved?.Invoke([.. ChangedCounties]);
                ChangedCounties.Clear();
            }
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
            e.Property(r => r.UrbanRuralClass).HasMaxLength(3);
            e.Ignore(r => r.RegionCode);
        });
        modelBuilder.Entity<RegionPopulation>(e =>
        {
            e.Property(p => p.RegionCode).HasMaxLength(12);
            e.HasIndex(p => new { p.RegionCode, p.Year }).IsUnique();
        });
        modelBuilder.Entity<RegionChange>(e =>
        {
            e.Property(c => c.FromCode).HasMaxLength(12);
            e.Property(c => c.ToCode).HasMaxLength(12);
            e.Property(c => c.FromName).HasMaxLength(100);
            e.Property(c => c.ToName).HasMaxLength(100);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.Property(c => c.Actor).HasMaxLength(64);
            e.HasIndex(c => c.FromCode);
            e.HasIndex(c => c.ToCode);
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
            e.HasMany(h => h.Measures).WithOne(m => m.Household).HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
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
            // A person is present in a household once: enforced here too, so that two imports of the same file
            // running at once cannot both add the member (the second one's chunk fails and is re-run).
            // Members who left keep their rows, so the rule covers present members only (MemberState.Present = 1).
            e.HasIndex(m => new { m.HouseholdId, m.ResidentId }).IsUnique().HasFilter("\"State\" = 1").HasDatabaseName("UX_Members_Present");
            e.HasIndex(m => m.HouseholdId);
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
            e.HasIndex(s => s.CaseId);
            e.HasQueryFilter(s => ScopeCanRead && s.Household!.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || s.Household.Assignments.Any(a => a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)));
        });

        modelBuilder.Entity<AssistanceMeasure>(e =>
        {
            e.Property(m => m.CountyCode).HasMaxLength(6);
            e.Property(m => m.Description).HasMaxLength(500);
            e.Property(m => m.Funds).HasConversion(new MoneyToFenConverter()).HasColumnName("FundsFen");
            e.Property(m => m.Version).IsConcurrencyToken();
            e.Ignore(m => m.Counts);
            e.HasIndex(m => new { m.HouseholdId, m.Type });
            e.HasIndex(m => new { m.CountyCode, m.Type });
            e.HasQueryFilter(m => ScopeCanRead && m.Household!.VillageCode.StartsWith(ScopePrefix)
                && (!ScopeSampleOnly || m.Household.Assignments.Any(a => a.AccountId == ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)));
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

        ConfigureWorkflows(modelBuilder);
        ConfigureRules(modelBuilder);
        ConfigureStatistics(modelBuilder);

        modelBuilder.Entity<Account>(e =>
        {
            e.Property(a => a.UserName).HasMaxLength(64);
            e.Property(a => a.DisplayName).HasMaxLength(100);
            e.Property(a => a.RegionCode).HasMaxLength(12);
            e.Property(a => a.Phone).HasMaxLength(20);
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

    // Workflow and rule rows are scoped by their region code, like household data; assessors see none.
    private void ConfigureWorkflows(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkflowCase>(e =>
        {
            e.Property(c => c.RegionCode).HasMaxLength(12);
            e.Property(c => c.CountyCode).HasMaxLength(6);
            e.Property(c => c.OpenedBy).HasMaxLength(64);
            e.Property(c => c.Reason).HasMaxLength(1000);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Ignore(c => c.IsOpen);
            e.HasOne(c => c.Household).WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.Batch).WithMany(b => b.Cases).HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Steps).WithOne(s => s.Case).HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Notices).WithOne(n => n.Case).HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.RegionCode, c.Kind, c.Stage });
            e.HasIndex(c => c.HouseholdId);
            e.HasQueryFilter(c => ScopeCanRead && !ScopeSampleOnly && c.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<CaseStep>(e =>
        {
            e.Property(s => s.RegionCode).HasMaxLength(12);
            e.Property(s => s.Actor).HasMaxLength(64);
            e.Property(s => s.Role).HasMaxLength(32);
            e.Property(s => s.Comment).HasMaxLength(2000);
            e.Property(s => s.Attachments).HasMaxLength(2000);
            e.HasIndex(s => s.CaseId);
            e.HasQueryFilter(s => ScopeCanRead && !ScopeSampleOnly && s.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<CaseBatch>(e =>
        {
            e.Property(b => b.RegionCode).HasMaxLength(12);
            e.Property(b => b.CountyCode).HasMaxLength(6);
            e.Property(b => b.Title).HasMaxLength(200);
            e.Property(b => b.CreatedBy).HasMaxLength(64);
            e.HasIndex(b => new { b.RegionCode, b.Kind, b.Year });
            e.HasQueryFilter(b => ScopeCanRead && !ScopeSampleOnly && b.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<Notice>(e =>
        {
            e.Property(n => n.RegionCode).HasMaxLength(12);
            e.Property(n => n.Title).HasMaxLength(200);
            e.Property(n => n.PostedBy).HasMaxLength(64);
            e.HasMany(n => n.Objections).WithOne(o => o.Notice).HasForeignKey(o => o.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(n => new { n.RegionCode, n.ClosedAt });
            e.HasQueryFilter(n => ScopeCanRead && !ScopeSampleOnly && n.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<Objection>(e =>
        {
            e.Property(o => o.RegionCode).HasMaxLength(12);
            e.Property(o => o.SubmittedBy).HasMaxLength(64);
            e.Property(o => o.Contact).HasMaxLength(100);
            e.Property(o => o.Text).HasMaxLength(2000);
            e.Property(o => o.Outcome).HasMaxLength(2000);
            e.Property(o => o.ResolvedBy).HasMaxLength(64);
            e.HasIndex(o => o.CaseId);
            e.HasQueryFilter(o => ScopeCanRead && !ScopeSampleOnly && o.RegionCode.StartsWith(ScopePrefix));
        });
    }

    private void ConfigureRules(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RuleSetVersion>(e =>
        {
            e.Property(r => r.Jurisdiction).HasMaxLength(12);
            e.Property(r => r.Note).HasMaxLength(500);
            e.Property(r => r.CreatedBy).HasMaxLength(64);
            e.HasIndex(r => new { r.Jurisdiction, r.Year, r.Version }).IsUnique();
        });
        modelBuilder.Entity<RuleDecision>(e =>
        {
            e.Property(d => d.Rule).HasMaxLength(64);
            e.Property(d => d.RegionCode).HasMaxLength(12);
            e.Property(d => d.RuleSet).HasMaxLength(64);
            e.Property(d => d.Actor).HasMaxLength(64);
            e.HasIndex(d => new { d.HouseholdId, d.Rule, d.Year });
            e.HasIndex(d => new { d.RegionCode, d.Rule, d.Year });
            e.HasQueryFilter(d => ScopeCanRead && !ScopeSampleOnly && d.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<YearEndSnapshot>(e =>
        {
            e.Property(x => x.VillageCode).HasMaxLength(12);
            e.Property(x => x.CountyCode).HasMaxLength(6);
            e.HasIndex(x => new { x.Year, x.HouseholdId }).IsUnique();
            e.HasIndex(x => new { x.Year, x.VillageCode });
            e.HasQueryFilter(x => ScopeCanRead && !ScopeSampleOnly && x.VillageCode.StartsWith(ScopePrefix));
        });
    }

    // Aggregates carry no personal data but are still figures of an area: each actor reads those of its region and below.
    private void ConfigureStatistics(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StaleCounty>(e =>
        {
            e.HasKey(s => s.CountyCode);
            e.Property(s => s.CountyCode).HasMaxLength(6);
        });

        modelBuilder.Entity<AreaAggregate>(e =>
        {
            e.Property(a => a.RegionCode).HasMaxLength(12);
            e.HasIndex(a => new { a.Year, a.RegionCode }).IsUnique();
            e.Ignore(a => a.CurrentPoorHouseholds);
            e.Ignore(a => a.CurrentPoorPeople);
            e.Ignore(a => a.IncidencePercent);
            e.HasQueryFilter(a => ScopeCanRead && !ScopeSampleOnly && a.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<AreaBreakdown>(e =>
        {
            e.Property(b => b.RegionCode).HasMaxLength(12);
            e.HasIndex(b => new { b.Year, b.RegionCode, b.Dimension, b.Value, b.Status }).IsUnique();
            e.HasQueryFilter(b => ScopeCanRead && !ScopeSampleOnly && b.RegionCode.StartsWith(ScopePrefix));
        });
        modelBuilder.Entity<ExitPlan>(e =>
        {
            e.Property(p => p.RegionCode).HasMaxLength(12);
            e.Property(p => p.Note).HasMaxLength(500);
            e.Property(p => p.SetBy).HasMaxLength(64);
            e.HasIndex(p => new { p.RegionCode, p.Year, p.Version }).IsUnique();
            e.HasQueryFilter(p => ScopeCanRead && !ScopeSampleOnly && p.RegionCode.StartsWith(ScopePrefix));
        });
    }
}
