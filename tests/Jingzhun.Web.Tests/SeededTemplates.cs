using System.Collections.Concurrent;
using Npgsql;

namespace Jingzhun.Web.Tests;

/// <summary>
/// Seeded demo databases that test hosts start from instead of seeding their own. Seeding the demo county is most of a
/// host's start (seconds each, and the suite starts well over a hundred hosts), and hosts of the same engine, size and
/// history seed the very same rows (the demo is seeded from a fixed seed). The first host of a kind seeds a template once
/// (a host of its own, stopped once its background work is stored), and every host of that kind gets a copy: a file copy
/// on SQLite (with the audit key file beside it), <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL. Nearly every kind is
/// asked for by several classes, so the template is built at the first ask. A host whose settings could change what is
/// seeded always seeds its own; settings that change only how a host answers (<see cref="SeedNeutral"/>) do not stop it
/// starting from a template, which is built with no setting but the history.
/// </summary>
internal static class SeededTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<Template>> Built = new();

    /// <summary>Settings read only when requests are answered (limits, the time zone shown, logging), never by the seeding.</summary>
    private static readonly HashSet<string> SeedNeutral = ["rate-limit-sign-in", "public-objections-per-hour", "time-zone", "stats-debounce-ms", "stats-longest-wait-ms"];

    static SeededTemplates() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DropAll();

    /// <summary>A kept seeded database: a folder of files on SQLite, a database name on PostgreSQL.</summary>
    public sealed record Template(Engine Engine, string Location);

    /// <summary>
    /// The template for a host of this kind, built now if this is the first host asking; null when the host should
    /// seed its own database (settings that a template cannot stand for).
    /// </summary>
    public static Template? For(Engine engine, int households, IReadOnlyDictionary<string, string> settings)
    {
        // A host reading reports from the replica holds the same rows: its copy, made on the primary, reaches the replica too.
        if (settings.Keys.Any(k => k != "demo-history" && !SeedNeutral.Contains(k) && !k.StartsWith("Logging:", StringComparison.Ordinal))) return null;
        var history = settings.TryGetValue("demo-history", out var h) && bool.TryParse(h, out var on) && on;
        var key = $"{engine}|{households}|{history}";
        return Built.GetOrAdd(key, _ => new Lazy<Template>(() => Build(engine, households, history))).Value;
    }

    private static Template Build(Engine engine, int households, bool history)
    {
        var host = new ApiHost(engine, households, history ? new() { ["demo-history"] = "true" } : [], seedOwn: true);
        _ = host.Services;
        WaitForStoredMeasures(host);
        var location = host.KeepDatabase();
        host.Dispose();
        if (engine == Engine.Sqlite) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new Template(engine, location);
    }

    /// <summary>The host fills the poverty measures in the background after its start; the template keeps them filled.</summary>
    private static void WaitForStoredMeasures(ApiHost host)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until)
        {
            using var db = host.OpenDatabase();
            if (db.MeasureSums.Any()) return;
            Thread.Sleep(200);
        }
    }

    /// <summary>Copies the template's files into <paramref name="folder"/> (SQLite).</summary>
    public static void CopyFiles(Template template, string folder)
    {
        foreach (var file in Directory.GetFiles(template.Location))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    /// <summary>The statement that creates a database as a copy of the template (PostgreSQL): a copy of its files, not of
    /// every block through the WAL (why: Jingzhun.Data.Tests' SeededTemplates.CopyPostgresAsync).</summary>
    public static string CreateDatabaseSql(Template template, string name) => $"CREATE DATABASE {name} TEMPLATE {template.Location} STRATEGY FILE_COPY";

    private static void DropAll()
    {
        foreach (var lazy in Built.Values.Where(l => l.IsValueCreated))
        {
            var template = lazy.Value;
            try
            {
                if (template.Engine == Engine.Sqlite)
                    Directory.Delete(template.Location, recursive: true);
                else if (Environment.GetEnvironmentVariable(ApiHost.PostgresVariable) is { Length: > 0 } server)
                {
                    using var connection = new NpgsqlConnection(server);
                    connection.Open();
                    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {template.Location} WITH (FORCE)", connection);
                    drop.ExecuteNonQuery();
                }
            }
            catch (Exception e) when (e is IOException or NpgsqlException) { /* temp files and test databases are cleaned anyway */ }
        }
    }
}
