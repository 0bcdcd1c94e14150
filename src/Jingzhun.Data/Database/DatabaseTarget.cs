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
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString, string Description)
{
    public const string EnvironmentVariable = "JINGZHUN_DB";
    public const string DefaultSqlitePath = "data/jingzhun.db";

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
