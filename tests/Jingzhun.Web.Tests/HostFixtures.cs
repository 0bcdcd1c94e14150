using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests;

/// <summary>One host per test class, started on first use so that a missing PostgreSQL server skips rather than fails.</summary>
public abstract class HostFixture(Engine engine, Dictionary<string, string>? settings = null, bool reportsOnReplica = false) : IDisposable
{
    private ApiHost? _host;

    public ApiHost Host
    {
        get
        {
            if (_host is not null) return _host;
            _host = new ApiHost(engine, settings: settings, reportsOnReplica: reportsOnReplica);
            _ = _host.Services; // starts the host: migrates and seeds before the test reads the database
            return _host;
        }
    }

    public void Dispose()
    {
        _host?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteHost() : HostFixture(Engine.Sqlite);

public sealed class PostgresHost() : HostFixture(Engine.Postgres);

/// <summary>A SQLite host with the living demo's history: frozen year-ends and open cases at every stage.</summary>
public sealed class SqliteDemoHost() : HostFixture(Engine.Sqlite, new() { ["demo-history"] = "true" });

/// <summary>A PostgreSQL host with the living demo's history (skipped without a server).</summary>
public sealed class PostgresDemoHost() : HostFixture(Engine.Postgres, new() { ["demo-history"] = "true" });
