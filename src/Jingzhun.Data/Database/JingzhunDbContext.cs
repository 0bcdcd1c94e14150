using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Funds;
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
    // A context comes from a pool (JingzhunDb.Create) and is given its reader at each rent (Lease): the constructor knows only
    // the kind of reader its pool serves, which its model is built for.
    protected JingzhunDbContext(DbContextOptions options) : base(options)
    {
        ScopeSampleOnly = options.FindExtension<ReaderKindOption>()?.SampleOnly ?? false;
    }

    /// <summary>The reader this context serves, set at each rent from the pool (<see cref="Lease"/>).</summary>
    public AccessScope Scope { get; private set; } = AccessScope.None;

    /// <summary>The database this context works on, with its audit key and checkpoints file (null only at design time).</summary>
    public DatabaseTarget? Target { get; set; }

    /// <summary>Households whose personal data this context loaded, with their village, when the actor's reads are audited.</summary>
    public Dictionary<long, string> HouseholdsRead { get; set; } = [];

    /// <summary>
    /// A context that reads reports from a replica (<see cref="ReportReplica"/>): it never saves. It shares the read log
    /// of the request's main context, so that personal data read there is audited like any other read.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Counties (6 digits) whose households, members or measures this context has saved changes to:
    /// their live statistics are stale. Marked in the database (<see cref="Statistics.StaleCounties"/>) in the save's
    /// transaction, handed to <see cref="RegistrySaved"/> and cleared after each save.
    /// </summary>
    public HashSet<string> ChangedCounties { get; } = [];

    /// <summary>
    /// Counties whose figures kept per area (assistance, income trend, funds: <see cref="Statistics.StoredAssistance"/>) alone this context's saves have made stale;
    /// a county in <see cref="ChangedCounties"/> is marked for them too.
    /// </summary>
    public HashSet<string> ChangedKeptCounties { get; } = [];

    /// <summary>
    /// The clock the save rules stamp rows and audit entries with: the one the web host or the command line registers
    /// (<see cref="JingzhunDb.Create"/>), so that a test's adjustable clock reaches them too.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// Called after every successful save that changed registry rows, with their counties: the web host's live
    /// statistics wake at once instead of at their next look at the stale marks.
    /// </summary>
    public Action<IReadOnlyCollection<string>>? RegistrySaved { get; set; }

    /// <summary>When set, saves write one summary audit entry instead of one per field (bulk loads).</summary>
    public string? BulkAuditSummary { get; set; }

    /// <summary>When set, the reason written on every audit line of the next saves that has none of its own (a region change naming itself on the households it moves).</summary>
    public string? ChangeReason { get; set; }

    /// <summary>
    /// Gives a context rented from its pool to one reader: every field that belongs to a use, and not to the pooled
    /// context, is set here, so nothing of the previous renter (its scope, its read log, its reason, its counties, its
    /// save hook) reaches the next one. A field added to this class that a use sets must be set here too (<c>ContextPoolTests</c>).
    /// </summary>
    internal void Lease(AccessScope scope, DatabaseTarget? target, TimeProvider clock)
    {
        if (scope.ReadsAssignedOnly != ScopeSampleOnly)
            throw new InvalidOperationException("A context of one kind of reader was given a reader of the other kind / 读者类型与上下文不符");
        Forget();
        Scope = scope;
        Target = target;
        Clock = clock;
        leased = true;
    }

    /// <summary>Whether this context is out of its pool, given to a use that has not disposed it yet.</summary>
    private bool leased;

    /// <summary>Further holders of this use that will each dispose it (<see cref="Share"/>).</summary>
    private int shares;

    /// <summary>
    /// Hands this use's context to one more holder that disposes it, such as the web host's report reads without a
    /// replica (the request's own context under a second service key): only the last disposal gives it back to the pool.
    /// A pooled context given back twice could be given back while a second request already holds it.
    /// </summary>
    public JingzhunDbContext Share()
    {
        shares++;
        return this;
    }

    /// <summary>Drops what a use left, so that a context waiting in the pool holds none of it.</summary>
    private void Forget()
    {
        Scope = AccessScope.None;
        Target = null;
        Clock = TimeProvider.System;
        HouseholdsRead = [];
        ReadOnly = false;
        ChangedCounties.Clear();
        ChangedKeptCounties.Clear();
        RegistrySaved = null;
        BulkAuditSummary = null;
        ChangeReason = null;
        countedChanges = null;
        connectionHeld = false;
        shares = 0;
    }

    /// <summary>
    /// Whether this disposal gives the context back: not while another holder still has it (<see cref="Share"/>), nor a
    /// second time. Disposing a pooled context hands it back to its pool, where another use may rent it at once, so what
    /// this use left is dropped first.
    /// </summary>
    private bool GivesBack()
    {
        if (!leased) return false;
        if (shares > 0)
        {
            shares--;
            return false;
        }
        Forget();
        leased = false;
        return true;
    }

    public override void Dispose()
    {
        if (GivesBack()) base.Dispose();
    }

    public override ValueTask DisposeAsync() => GivesBack() ? base.DisposeAsync() : ValueTask.CompletedTask;

    // The query filters (ScopeFilters) read these members; EF turns them into parameters of each query.
    internal string ScopePrefix => Scope.RegionPrefix;
    internal bool ScopeCanRead => Scope.CanRead;
    // The kind of reader this context's model is built for (ScopeFilters writes it into the SQL): fixed for a pooled
    // context's life, and Lease refuses a reader of the other kind.
    internal bool ScopeSampleOnly { get; }
    internal int ScopeAccountId => Scope.AccountId;
    internal long ScopePartnerId => Scope.PartnerId;

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
    public DbSet<CaseAttachment> CaseAttachments => Set<CaseAttachment>();
    public DbSet<CaseBatch> Batches => Set<CaseBatch>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<RuleSetVersion> RuleSets => Set<RuleSetVersion>();
    public DbSet<RuleDecision> Decisions => Set<RuleDecision>();
    public DbSet<YearEndSnapshot> Snapshots => Set<YearEndSnapshot>();
    public DbSet<AreaAggregate> Aggregates => Set<AreaAggregate>();
    public DbSet<AreaBreakdown> Breakdowns => Set<AreaBreakdown>();
    public DbSet<AreaMeasureSums> MeasureSums => Set<AreaMeasureSums>();
    public DbSet<AreaAssistance> AssistanceTallies => Set<AreaAssistance>();
    public DbSet<AreaIncomeTrend> IncomeTrends => Set<AreaIncomeTrend>();
    public DbSet<AreaFunds> FundTallies => Set<AreaFunds>();
    public DbSet<AssistanceMeasure> Measures => Set<AssistanceMeasure>();
    public DbSet<MeasureFunding> MeasureFunding => Set<MeasureFunding>();
    public DbSet<AssistanceNeed> Needs => Set<AssistanceNeed>();
    public DbSet<AssistancePlan> Plans => Set<AssistancePlan>();
    public DbSet<Cadre> Cadres => Set<Cadre>();
    public DbSet<CadrePairing> CadrePairings => Set<CadrePairing>();
    public DbSet<WorkTeam> WorkTeams => Set<WorkTeam>();
    public DbSet<WorkTeamMember> WorkTeamMembers => Set<WorkTeamMember>();
    public DbSet<WorkTeamAssessment> WorkTeamAssessments => Set<WorkTeamAssessment>();
    public DbSet<CreditRating> CreditRatings => Set<CreditRating>();
    public DbSet<MicroLoan> Loans => Set<MicroLoan>();
    public DbSet<LoanRepayment> Repayments => Set<LoanRepayment>();
    public DbSet<Relocation> Relocations => Set<Relocation>();
    public DbSet<RelocationFollowUp> RelocationFollowUps => Set<RelocationFollowUp>();
    public DbSet<AssistanceVisit> Visits => Set<AssistanceVisit>();
    // Collaboration: labour cooperation (劳务协作)
    public DbSet<LabourWorker> LabourWorkers => Set<LabourWorker>();
    public DbSet<LabourPlacement> LabourPlacements => Set<LabourPlacement>();
    public DbSet<VisitPhoto> VisitPhotos => Set<VisitPhoto>();
    public DbSet<ExitPlan> ExitPlans => Set<ExitPlan>();
    public DbSet<StaleCounty> StaleCounties => Set<StaleCounty>();
    public DbSet<StaleKeptCounty> StaleKeptCounties => Set<StaleKeptCounty>();
    public DbSet<MonitoredObject> MonitoredObjects => Set<MonitoredObject>();
    public DbSet<RiskSignal> RiskSignals => Set<RiskSignal>();
    public DbSet<ScreeningVisit> ScreeningVisits => Set<ScreeningVisit>();
    public DbSet<DataCheckConsent> DataConsents => Set<DataCheckConsent>();
    public DbSet<HomeVisitRecord> HomeVisits => Set<HomeVisitRecord>();
    public DbSet<RiskAssessment> RiskAssessments => Set<RiskAssessment>();
    public DbSet<DepartmentFeed> DepartmentFeeds => Set<DepartmentFeed>();
    public DbSet<FundAllocation> Allocations => Set<FundAllocation>();
    public DbSet<FundAccount> FundAccounts => Set<FundAccount>();
    public DbSet<FundPayment> Payments => Set<FundPayment>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectFunding> ProjectFunding => Set<ProjectFunding>();
    public DbSet<ProjectBeneficiary> ProjectBeneficiaries => Set<ProjectBeneficiary>();
    public DbSet<ProjectStep> ProjectSteps => Set<ProjectStep>();
    public DbSet<ProjectDocument> ProjectDocuments => Set<ProjectDocument>();
    public DbSet<FundDisclosure> Disclosures => Set<FundDisclosure>();
    public DbSet<DisclosureObjection> DisclosureObjections => Set<DisclosureObjection>();
    public DbSet<ProjectAsset> Assets => Set<ProjectAsset>();
    public DbSet<AssetShare> AssetShares => Set<AssetShare>();
    public DbSet<AssetIncome> AssetIncomes => Set<AssetIncome>();
    public DbSet<AssessmentProject> AssessmentProjects => Set<AssessmentProject>();
    public DbSet<AssessmentCounty> AssessmentCounties => Set<AssessmentCounty>();
    public DbSet<SampledHousehold> SampledHouseholds => Set<SampledHousehold>();
    public DbSet<SamplePhoto> SamplePhotos => Set<SamplePhoto>();
    public DbSet<Finding> Findings => Set<Finding>();
    public DbSet<Domain.SampleChecks.SampleCheck> SampleChecks => Set<Domain.SampleChecks.SampleCheck>();
    public DbSet<Domain.SampleChecks.SampleCheckItem> SampleCheckItems => Set<Domain.SampleChecks.SampleCheckItem>();
    public DbSet<FindingSubject> FindingSubjects => Set<FindingSubject>();
    public DbSet<Rectification> Rectifications => Set<Rectification>();
    public DbSet<AnnualAssessment> AnnualAssessments => Set<AnnualAssessment>();
    public DbSet<AnnualScore> AnnualScores => Set<AnnualScore>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Pairing> CollaborationPairings => Set<Pairing>();
    public DbSet<SecondedCadre> SecondedCadres => Set<SecondedCadre>();
    public DbSet<CollaborationInput> CollaborationInputs => Set<CollaborationInput>();
    public DbSet<Domain.PoorAreas.RegionDesignation> Designations => Set<Domain.PoorAreas.RegionDesignation>();
    // Census (脱贫攻坚普查)
    public DbSet<Jingzhun.Domain.Census.CensusRound> CensusRounds => Set<Jingzhun.Domain.Census.CensusRound>();
    public DbSet<Jingzhun.Domain.Census.CensusRecord> CensusRecords => Set<Jingzhun.Domain.Census.CensusRecord>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The counts this save's rules noted, noted again once it is committed (<see cref="SavedChanges"/>).</summary>
    private HashSet<SavedChanges>? countedChanges;

    internal void CountAgainWhenSaved(SavedChanges changes) => (countedChanges ??= []).Add(changes);

    /// <summary>
    /// Saves under the save rules (<see cref="SaveRules"/>), then seals the new audit entries into the hash chain in the
    /// same transaction, so a change and its audit trail are written together or not at all.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (ReadOnly) throw new InvalidOperationException("A report replica's context does not write; writes go to the main database.");
        // A save in the caller's transaction already holds the database; one of its own queues for it.
        var queue = Database.CurrentTransaction is null ? WriterQueue : null;
        if (queue is not null) await WaitForTurnAsync(queue, cancellationToken);
        try
        {
            return await SaveInTransactionAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            queue?.Release();
        }
    }

    /// <summary>
    /// Where the saves of this process wait for the database in turn, first come first served; null where they need not.
    /// SQLite lets one writer at a time hold the database, and the others poll for it (a busy BEGIN is retried until the
    /// command's 30-second timeout): under 200 clerks saving at once the polling is unfair, and a save could miss every turn
    /// for 30 s and fail with "database is locked" (37 of 218,373 saves in the 10 M soak). Queued here, a save waits only
    /// for those before it; other processes and the background recounts still meet it at SQLite's own lock.
    /// </summary>
    protected virtual SemaphoreSlim? WriterQueue => null;

    /// <summary>Whether the connection is open for the length of a request (<see cref="HoldConnectionAsync"/>).</summary>
    private bool connectionHeld;

    /// <summary>
    /// Opens the connection and keeps it open until the context is disposed, so that a request's statements share one
    /// connection (the web host's <c>RequestConnection</c>). A save that must wait for its turn gives it back meanwhile.
    /// </summary>
    public async Task HoldConnectionAsync(CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        connectionHeld = true;
    }

    /// <summary>
    /// Waits in the writer queue. A request that holds its connection gives it back to the pool while it waits behind other
    /// saves, and opens one again when its turn comes: with 200 clerks saving at once, about 200 requests were waiting here,
    /// each holding a pooled SQLite connection with a page cache of its own, so the pool grew to 200 connections. A handful
    /// now serve them in turn (docs/benchmarks.md: the host 120–145 MiB smaller in the 10 M soak).
    /// A connection opened by the caller for its own purposes (a bulk session's settings) is never swapped for another.
    /// </summary>
    private async Task WaitForTurnAsync(SemaphoreSlim queue, CancellationToken cancellationToken)
    {
        if (queue.Wait(0)) return;
        var giveBack = connectionHeld && Database.GetDbConnection().State == System.Data.ConnectionState.Open;
        if (giveBack) await Database.CloseConnectionAsync();
        await queue.WaitAsync(cancellationToken);
        if (!giveBack) return;
        try
        {
            await Database.OpenConnectionAsync(cancellationToken);
        }
        catch
        {
            queue.Release();
            throw;
        }
    }

    private async Task<int> SaveInTransactionAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // In a transaction of its own a save has nothing to roll back to but the start: EF's savepoint around each of its two
        // saves would be four more round trips, two of them while the audit chain's lock is held (see AuditChain.SealAsync).
        var savepoints = Database.AutoSavepointsEnabled;
        if (own is not null) Database.AutoSavepointsEnabled = false;
        try
        {
            var written = await SaveUnderRulesAsync(acceptAllChangesOnSuccess, cancellationToken);
            // The counties' marks go with the chain's lock where the engine can take both in one round trip (PostgreSQL).
            var changed = ChangedCounties.Count + ChangedKeptCounties.Count;
            var now = Statistics.StaleCounties.Now();
            var markedUnderLock = await Audit.AuditChain.SealAsync(this, cancellationToken, changed == 0 ? null
                : parameter => Statistics.StaleCounties.MarksSql(ChangedCounties, ChangedKeptCounties, now, parameter));
            await SaveUnderRulesAsync(acceptAllChangesOnSuccess, cancellationToken, detectChanges: false);
            // The seal's save writes hashes only; should it ever change a county's figures, the marks are sent again with it.
            var marked = ChangedCounties.Count + ChangedKeptCounties.Count > 0;
            if (marked && (!markedUnderLock || ChangedCounties.Count + ChangedKeptCounties.Count > changed))
                await Statistics.StaleCounties.MarkAsync(this, ChangedCounties, ChangedKeptCounties, now, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            // Committed now (or saved into the caller's transaction): what was read and remembered meanwhile is read again.
            foreach (var changes in countedChanges ?? []) changes.Note();
            countedChanges = null;
            if (marked)
            {
                RegistrySaved?.Invoke([.. ChangedCounties.Union(ChangedKeptCounties)]);
                ChangedCounties.Clear();
                ChangedKeptCounties.Clear();
            }
            return written;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// Nobody in src saves synchronously. This one waits on the asynchronous save, so that a synchronous caller gets the
    /// same rules, with the same asynchronous loading before them, instead of a second copy that queries synchronously.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>Loads what the save rules need, runs them (they refuse, stamp and audit the change), then saves.</summary>
    private async Task<int> SaveUnderRulesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken, bool detectChanges = true)
    {
        var batch = await SaveBatch.LoadAsync(this, cancellationToken, detectChanges);
        SaveRules.Apply(this, batch);
        // EF detects changes again here, when automatic detection is on: the rules' stamps are among them.
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Reads the change tracker without EF comparing every tracked row with its snapshot first.</summary>
    internal T WithoutDetectingChanges<T>(Func<T> read)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try { return read(); }
        finally { ChangeTracker.AutoDetectChangesEnabled = detect; }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Money>().HaveConversion<MoneyToFenConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature maps its own entities (Registry/HouseholdMapping.cs, Exit/ExitPlanMapping.cs, …).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(JingzhunDbContext).Assembly);
        ScopeFilters.Apply(modelBuilder, this);

        // Money is kept in whole fen; the column names say so.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(Money)))
                property.SetColumnName(property.Name + "Fen");
    }
}
