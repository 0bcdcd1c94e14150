namespace Jingzhun.Data.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database to use, from a <c>--db</c> option or the <c>JINGZHUN_DB</c> environment variable:
/// a SQLite file path, or a PostgreSQL connection string (<c>Host=…</c> or <c>postgres://…</c>).
/// Without either, the SQLite file <c>data/jingzhun.db</c> under the working directory.
/// It also names the audit key and the checkpoints file that seal and anchor this database's audit log
/// (<see cref="AuditKeyFile"/>, <see cref="CheckpointsFile"/>): they live outside the database on purpose.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString, string Description)
{
    public const string EnvironmentVariable = "JINGZHUN_DB";
    public const string DefaultSqlitePath = "data/jingzhun.db";
    public const string AuditKeyVariable = "JINGZHUN_AUDIT_KEY_FILE";
    public const string CheckpointsVariable = "JINGZHUN_AUDIT_CHECKPOINTS";
    public const string AuditKeyFileName = "audit.key";
    public const string CheckpointsFileName = "audit-checkpoints.jsonl";

    private readonly string? _auditKeyFile;
    private readonly string? _checkpointsFile;

    /// <summary>
    /// The audit key's file: as set (option or setting), else <c>JINGZHUN_AUDIT_KEY_FILE</c>, else <c>audit.key</c> beside
    /// a SQLite file, else <c>data/audit.key</c> under the working directory.
    /// </summary>
    public string AuditKeyFile
    {
        get => Path.GetFullPath(_auditKeyFile ?? NonEmpty(Environment.GetEnvironmentVariable(AuditKeyVariable))
            ?? Path.Combine(SqliteDirectory ?? "data", AuditKeyFileName));
        init => _auditKeyFile = NonEmpty(value);
    }

    /// <summary>The checkpoints file: as set, else <c>JINGZHUN_AUDIT_CHECKPOINTS</c>, else beside the audit key.</summary>
    public string CheckpointsFile
    {
        get => Path.GetFullPath(_checkpointsFile ?? NonEmpty(Environment.GetEnvironmentVariable(CheckpointsVariable))
            ?? Path.Combine(Path.GetDirectoryName(AuditKeyFile)!, CheckpointsFileName));
        init => _checkpointsFile = NonEmpty(value);
    }

    /// <summary>With the audit files named by an option or setting; null or empty keeps the default.</summary>
    public DatabaseTarget WithAuditFiles(string? auditKeyFile, string? checkpointsFile) =>
        this with { AuditKeyFile = auditKeyFile ?? _auditKeyFile ?? "", CheckpointsFile = checkpointsFile ?? _checkpointsFile ?? "" };

    /// <summary>
    /// Which database this is, as checkpoints name it: the SQLite file's full path, or <c>postgres://host:port/database</c>
    /// (without user or password, so that the same database reads the same however it is reached).
    /// </summary>
    public string Identity => Provider == DatabaseProvider.Postgres
        ? new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) is var b ? $"postgres://{b.Host}:{b.Port}/{b.Database ?? b.Username}" : ""
        : SqliteFile ?? Description;

    /// <summary>The SQLite file's full path (null for PostgreSQL or an in-memory database).</summary>
    public string? SqliteFile => Provider == DatabaseProvider.Sqlite
        && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } file && file != ":memory:"
        ? Path.GetFullPath(file) : null;

    private string? SqliteDirectory => SqliteFile is { } file ? Path.GetDirectoryName(file) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static DatabaseTarget Resolve(string? option) =>
        Parse(!string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static DatabaseTarget Parse(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) v = DefaultSqlitePath;
        if (v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseProvider.Postgres, FromUri(new Uri(v)), Redact(v));
        if (v.Contains("Host=", StringComparison.OrdinalIgnoreCase) || v.Contains("Server=", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseProvider.Postgres, v, RedactKeyValue(v));
        if (v.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseProvider.Sqlite, v, v);
        var path = Path.GetFullPath(v);
        return new(DatabaseProvider.Sqlite, $"Data Source={path}", path);
    }

    /// <summary>Creates the folder of a SQLite file so that the first start can create the database.</summary>
    public void EnsureDirectory()
    {
        if (Provider != DatabaseProvider.Sqlite) return;
        var path = ConnectionString["Data Source=".Length..].Split(';')[0];
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }

    private static string FromUri(Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (uri.Port > 0) parts.Add($"Port={uri.Port}");
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) parts.Add($"Database={Uri.UnescapeDataString(database)}");
        if (userInfo[0].Length > 0) parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        if (userInfo.Length > 1) parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        return string.Join(';', parts);
    }

    // Passwords never reach logs or the console.
    private static string Redact(string uri) => new Uri(uri) is var u && u.UserInfo.Contains(':')
        ? uri.Replace(u.UserInfo, u.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal) : uri;

    private static string RedactKeyValue(string cs) => string.Join(';', cs.Split(';')
        .Select(p => p.Trim().StartsWith("Password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : p));
}
