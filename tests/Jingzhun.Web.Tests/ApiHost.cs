using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.RegularExpressions;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests;

/// <summary>The database engines the integration tests run on.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real web host on a fresh database of its own: a temporary SQLite file, or a new
/// PostgreSQL database on the server named by <c>JINGZHUN_TEST_PG</c>. Seeded with a small demo county.
/// </summary>
public sealed partial class ApiHost : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "JINGZHUN_TEST_PG";

    /// <summary>A streaming replica of the server named by <see cref="PostgresVariable"/> (.ci/run starts one beside it).</summary>
    public const string ReplicaVariable = "JINGZHUN_TEST_PG_REPLICA";
    private readonly string _cleanup;
    private readonly string? _server;
    private readonly string _databaseName = "";

    private readonly Dictionary<string, string> _settings;

    /// <summary>
    /// A test run keeps many hosts alive at once; each one's configuration and static files would watch their folders
    /// through inotify, and Linux allows a user 128 instances. The hosts of a test never need a file change noticed:
    /// no reload on change, and any file provider polls instead of holding an inotify instance.
    /// </summary>
    static ApiHost()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    /// <param name="reportsOnReplica">
    /// Statistics and reports read from the replica named by <see cref="ReplicaVariable"/> (setting reports-db); the host's
    /// own sessions commit with <c>synchronous_commit=remote_apply</c>, so that a test reads its writes on the replica
    /// (the primary needs <c>synchronous_standby_names</c>, as .ci/run sets it). Skipped without a replica.
    /// </param>
    /// <param name="seedOwn">Seed this host's own database rather than copy a seeded template (see <see cref="SeededTemplates"/>).</param>
    public ApiHost(Engine engine, int households = 800, Dictionary<string, string>? settings = null, bool reportsOnReplica = false,
                   bool seedOwn = false)
    {
        _settings = settings ?? [];
        Engine = engine;
        Households = households;
        var template = seedOwn ? null : SeededTemplates.For(engine, households, _settings);
        if (engine == Engine.Postgres)
        {
            _server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(_server))
                Assert.Skip($"PostgreSQL tests need a server: set {PostgresVariable}=\"Host=127.0.0.1;Port=5432;Username=postgres\" (.ci/run does this).");
            var replica = reportsOnReplica ? Environment.GetEnvironmentVariable(ReplicaVariable) : null;
            if (reportsOnReplica && string.IsNullOrWhiteSpace(replica))
                Assert.Skip($"Report replica tests need a streaming replica of {PostgresVariable}'s server: set {ReplicaVariable}=\"Host=127.0.0.1;Port=55433;Username=postgres\" (.ci/run starts one).");
            _databaseName = $"jz_test_{Guid.NewGuid():N}"[..24];
            // With a replica, the new database must be there before the host reads from it: remote_apply makes CREATE
            // DATABASE wait until the replica has applied it (the primary names it synchronous, as .ci/run starts it).
            using (var connection = new NpgsqlConnection(replica is null ? _server
                       : new NpgsqlConnectionStringBuilder(_server) { Options = "-c synchronous_commit=remote_apply" }.ConnectionString))
            {
                connection.Open();
                using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE {_databaseName} STRATEGY FILE_COPY"
                                                                      : SeededTemplates.CreateDatabaseSql(template, _databaseName), connection);
                create.ExecuteNonQuery();
            }
            Database = new NpgsqlConnectionStringBuilder(_server) { Database = _databaseName }.ConnectionString;
            _cleanup = "";
            if (replica is not null)
            {
                ReportsDatabase = new NpgsqlConnectionStringBuilder(replica) { Database = _databaseName }.ConnectionString;
                Database = new NpgsqlConnectionStringBuilder(Database) { Options = "-c jit=off -c synchronous_commit=remote_apply" }.ConnectionString;
                _settings["reports-db"] = ReportsDatabase;
            }
        }
        else
        {
            _cleanup = Path.Combine(Path.GetTempPath(), $"jingzhun-test-{Guid.NewGuid():N}");
            Directory.CreateDirectory(_cleanup);
            if (template is not null) SeededTemplates.CopyFiles(template, _cleanup);
            Database = Path.Combine(_cleanup, "jingzhun.db");
        }
    }

    public Engine Engine { get; }
    public int Households { get; }
    /// <summary>The <c>--db</c> value the host runs on.</summary>
    public string Database { get; }

    /// <summary>The replica that statistics and reports read from (setting reports-db), when the host was asked for one.</summary>
    public string? ReportsDatabase { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("db", Database);
        builder.UseSetting("demo-households", Households.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("demo-seed", "2014");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("rate-limit-sign-in", "10000"); // tests sign in far more often than people do
        builder.UseSetting("public-objections-per-hour", "10000"); // every test client is one sender ("unknown") to the throttle
        builder.UseSetting("demo-history", "false");        // years of history only where a test asks for it (SqliteDemoHost)
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>The host's clock: real time until a test moves it forward.</summary>
    public AdjustableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>A context on the same database with the whole registry in scope, to check what the host wrote.</summary>
    public JingzhunDbContext OpenDatabase() => JingzhunDb.Create(DatabaseTarget.Parse(Database), AccessScope.System("test"));

    /// <summary>An HTTP client signed in as a demo account (password demo2025), keeping its cookies.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password = "demo2025")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = password, ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {user} answered {(int)response.StatusCode}");
        return client;
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no anti-forgery token in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private bool _kept;

    /// <summary>Keeps the database when the host is disposed, and says where it is: its folder (SQLite) or its name (PostgreSQL).</summary>
    internal string KeepDatabase()
    {
        _kept = true;
        return _server is null ? _cleanup : _databaseName;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (_kept)
        {
            // A database is copied only while nobody is connected to it: the host's idle pooled connections go now.
            if (_server is not null) NpgsqlConnection.ClearAllPools();
            return;
        }
        if (_server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_server);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_cleanup, recursive: true); } catch (IOException) { /* a file still open on a slow machine; temp is cleaned anyway */ }
        }
    }
}
