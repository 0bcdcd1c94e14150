using System.Data.Common;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Jingzhun.Data.Database;

/// <summary>The SQLite flavour of the model; owns the migrations under Migrations/Sqlite.</summary>
public sealed class SqliteJingzhunDbContext(DbContextOptions<SqliteJingzhunDbContext> options) : JingzhunDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>One queue per database file (its connection string): the saves of this process wait for it in turn.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Writers = new();

    protected override SemaphoreSlim? WriterQueue => Writers.GetOrAdd(Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
}

/// <summary>The PostgreSQL flavour of the model; owns the migrations under Migrations/Postgres.</summary>
public sealed class PostgresJingzhunDbContext(DbContextOptions<PostgresJingzhunDbContext> options) : JingzhunDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Code columns are compared by prefix (LIKE 'x%'); the C collation lets B-tree indexes serve those searches.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p =>
                         p.Name is "VillageCode" or "CountyCode" or "Number" or "ResidentId" or "RegionCode" or "Code" or "ParentCode" or "FromCode" or "ToCode"))
                property.SetCollation("C");
    }
}

/// <summary>Creates a context for a database target; the one place that knows both providers.</summary>
public static class JingzhunDb
{
    public static JingzhunDbContext Create(DatabaseTarget target, AccessScope scope, TimeProvider? clock = null)
    {
        var db = Pools.GetOrAdd((target.Provider, target.ConnectionString, scope.AuditsReads, scope.ReadsAssignedOnly), Pool)();
        db.Lease(scope, target, clock ?? TimeProvider.System);
        return db;
    }

    /// <summary>A context made outside the pools for EF's tools (migrations), with the system as its reader.</summary>
    internal static T ForDesign<T>(T db) where T : JingzhunDbContext
    {
        db.Lease(AccessScope.System(), null, TimeProvider.System);
        return db;
    }

    /// <summary>Contexts kept ready per pool: past it, a context is made for the use and dropped after.</summary>
    private const int PoolSize = 256;

    // Contexts come from a pool per database and kind of reader (read log or not, assigned sample or not), each kind with
    // its own options and model. A context made anew resolved EF Core's services for itself at its first query, some of
    // them under a lock all requests share (an eighth of the web host's CPU in a household lookup, docs/benchmarks.md);
    // a pooled one keeps them, and EF sets its change tracker and connection back when it returns. What belongs to a use
    // (the reader, the read log, the reason, the counties) is set at each rent (JingzhunDbContext.Lease).
    // The options of each pool are built once: options built anew for every context made EF Core find its internal
    // services again at each context's first query, by comparing every option (a tenth of a household lookup's CPU).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(DatabaseProvider Provider, string ConnectionString, bool AuditsReads, bool SampleOnly),
        Func<JingzhunDbContext>> Pools = new();

    private static Func<JingzhunDbContext> Pool((DatabaseProvider Provider, string ConnectionString, bool AuditsReads, bool SampleOnly) key)
    {
        if (key.Provider == DatabaseProvider.Postgres)
        {
            var postgres = new PooledDbContextFactory<PostgresJingzhunDbContext>(PostgresOptions(key.ConnectionString, key.AuditsReads, key.SampleOnly), PoolSize);
            return postgres.CreateDbContext;
        }
        var sqlite = new PooledDbContextFactory<SqliteJingzhunDbContext>(SqliteOptions(key.ConnectionString, key.AuditsReads, key.SampleOnly), PoolSize);
        return sqlite.CreateDbContext;
    }

    // Includes load as split queries, one statement per collection. As one statement, a collection is LEFT JOINed to a
    // subquery that carries the scope filter through the household; SQLite cannot flatten that and builds the whole
    // subquery for every load: a case step or a member edit read every status change or member of the county (40–250 ms
    // at 20,000 households, against 1–1.5 ms split; 557 case loads were 19 of the demo's 24 s of monitoring history).
    // A split query on PostgreSQL reads its whole result into memory before the first row (one statement at a time on a
    // connection), with or without collections: reads that stream many rows (an export, a what-if, the audit chain's
    // check) say AsSingleQuery, so that they stream, and do not pay for boxing every value on the way.
    //
    // The read interceptor is added only to contexts of actors whose reads are audited (auditors, assessors). With any
    // materialisation interceptor configured, EF Core compiles a delegate for every entity it materialises, to hand the
    // interceptor the entity's values: that was two thirds of a county export's CPU.
    // An interceptor is part of EF's internal service provider, so the two kinds of context get one provider each.
    public static DbContextOptions<SqliteJingzhunDbContext> SqliteOptions(string connectionString, bool auditsReads = false, bool sampleOnly = false)
    {
        SqliteWithoutMemoryCount.Ensure();
        return WithReaderKindAndReadAudit(new DbContextOptionsBuilder<SqliteJingzhunDbContext>()
            .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(JingzhunDb).Assembly.FullName).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .AddInterceptors(SqliteHandleSettings.Instance),
            auditsReads, sampleOnly).Options;
    }

    /// <summary>
    /// SQLite counts every allocation under one lock shared by all connections of the process (SQLITE_CONFIG_MEMSTATUS),
    /// which requests running at once on a host wait for. Nothing here reads that count. It can be turned off only
    /// before SQLite starts, so the first options built do it; later it is refused, harmlessly.
    /// </summary>
    private static class SqliteWithoutMemoryCount
    {
        private const int SqliteConfigMemstatus = 9;

        // Runs once, before the first options are used.
        static SqliteWithoutMemoryCount()
        {
            SQLitePCL.Batteries_V2.Init();
            SQLitePCL.raw.sqlite3_config(SqliteConfigMemstatus, 0);
        }

        public static void Ensure() { }
    }

    public static DbContextOptions<PostgresJingzhunDbContext> PostgresOptions(string connectionString, bool auditsReads = false, bool sampleOnly = false) =>
        WithReaderKindAndReadAudit(new DbContextOptionsBuilder<PostgresJingzhunDbContext>()
            .UseNpgsql(SessionSettings(connectionString), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)),
            auditsReads, sampleOnly).Options;

    private static DbContextOptionsBuilder<T> WithReaderKindAndReadAudit<T>(DbContextOptionsBuilder<T> options, bool auditsReads, bool sampleOnly) where T : DbContext
    {
        options.ReplaceService<IModelCacheKeyFactory, ReaderKindModelKey>();
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new ReaderKindOption(sampleOnly));
        return auditsReads ? options.AddInterceptors(Audit.PersonalDataReadInterceptor.Instance) : options;
    }

    /// <summary>
    /// PostgreSQL's JIT compiler pays off on long analytic queries, but the registry runs many short parameterised ones
    /// (a what-if page, a lookup): their generic plans estimate enough rows to cross the JIT thresholds, and compiling
    /// then costs 150–230 ms a query against 8–11 ms to run it (measured at 10 M households). Off for every session,
    /// unless the connection string sets its own <c>Options</c>.
    /// The statements a host runs again and again (a lookup's four, a session's check) are prepared on each connection
    /// after a few uses, so the server parses and plans them once: a third more lookups a second on the demo. Unless
    /// the connection string sets its own <c>Max Auto Prepare</c>.
    /// A connection goes back to the pool without a reset: the reset is seven commands sent before the next use's first
    /// statement (RESET ALL, DISCARD TEMP…), about 60 µs of the server's CPU and 30 µs of the host's on every request,
    /// for session state only the bulk sessions make, and they put it back themselves (BulkSession). Unless the
    /// connection string sets its own <c>No Reset On Close</c>.
    /// </summary>
    public static string SessionSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Options)) builder.Options = "-c jit=off";
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 100;
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Creates or upgrades the schema. SQLite also gets WAL mode so readers never wait for the importer. A database that
    /// already has every migration is only read: EF's <c>MigrateAsync</c> would first rebuild the migrations' model snapshot
    /// and compare it with the model (about a second of CPU) and take its migration lock, at every start of every host.
    /// An empty database gets the model's tables at once (<see cref="CreateEmptyAsync"/>).
    /// </summary>
    public static async Task MigrateAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        target.EnsureDirectory();
        await using var db = Create(target, AccessScope.System());
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any() && !await CreateEmptyAsync(db, cancellationToken))
            await db.Database.MigrateAsync(cancellationToken);
        if (target.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// A database with no tables and no migration applied gets the tables of the model in one transaction, with every
    /// migration recorded as applied. That is the schema the migrations build (the model equals their last snapshot,
    /// <c>MigrationTests</c>, and their own SQL only moves rows an empty database does not have) but for one thing: a column
    /// a migration added to an existing table keeps there the default that filled its rows, which the model does not have
    /// and EF never relies on (it writes every column). Applying the 25 migrations one by one made EF build each one's
    /// target model and rebuild SQLite tables step by step: 1.2–1.9 s of a first start, and of every test database made
    /// from nothing. False when the database is not empty (or another process filled it first): the caller migrates.
    /// </summary>
    private static async Task<bool> CreateEmptyAsync(JingzhunDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct)) await creator.CreateAsync(ct);
        // A database with a migration applied has the history table, so "no tables" covers "no migration" too.
        if (await creator.HasTablesAsync(ct)) return false;
        var history = db.GetService<IHistoryRepository>();
        var version = ProductInfo.GetVersion();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await creator.CreateTablesAsync(ct);
            await db.Database.ExecuteSqlRawAsync(history.GetCreateScript(), ct);
            foreach (var id in db.GetService<IMigrationsAssembly>().Migrations.Keys)
                await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, version)), ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbException)
        {
            // Another process created them meanwhile: the caller's MigrateAsync finds its migrations applied. Anything else
            // (the tables still missing) is a real failure.
            if (!await creator.HasTablesAsync(ct)) throw;
            return false;
        }
    }
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJingzhunDbContext>
{
    public SqliteJingzhunDbContext CreateDbContext(string[] args) =>
        JingzhunDb.ForDesign(new SqliteJingzhunDbContext(JingzhunDb.SqliteOptions("Data Source=design.db")));
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJingzhunDbContext>
{
    public PostgresJingzhunDbContext CreateDbContext(string[] args) =>
        JingzhunDb.ForDesign(new PostgresJingzhunDbContext(JingzhunDb.PostgresOptions("Host=localhost;Database=jingzhun_design")));
}

/// <summary>
/// One model for readers of an assigned sample (assessors) and one for every other reader: the query filters write the
/// reader's kind into the SQL (<see cref="ScopeFilters.Apply"/>), so a context must be given the model of its kind. The
/// kind comes with the options (<see cref="ReaderKindOption"/>), as a pooled context is made before its reader is known.
/// </summary>
internal sealed class ReaderKindModelKey : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), designTime, context is JingzhunDbContext { ScopeSampleOnly: true });
}

/// <summary>The kind of reader a context's options are for: readers of an assigned sample, or every other reader.</summary>
internal sealed class ReaderKindOption(bool sampleOnly) : IDbContextOptionsExtension
{
    public bool SampleOnly { get; } = sampleOnly;

    public DbContextOptionsExtensionInfo Info => new KindInfo(this);

    public void ApplyServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) { }

    public void Validate(IDbContextOptions options) { }

    // Both kinds share EF's internal services; the model cache tells them apart (ReaderKindModelKey).
    private sealed class KindInfo(ReaderKindOption option) : DbContextOptionsExtensionInfo(option)
    {
        public override bool IsDatabaseProvider => false;
        public override string LogFragment => option.SampleOnly ? "ReaderKind=AssignedSample " : "";
        public override int GetServiceProviderHashCode() => 0;
        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is KindInfo;
        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Jingzhun:ReaderKind"] = option.SampleOnly ? "1" : "0";
    }
}
