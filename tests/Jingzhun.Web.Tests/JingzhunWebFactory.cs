using System.Net;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Jingzhun.Web.Tests;

/// <summary>
/// The real web host (its own Program, services and pipeline) on a database of its own.
/// By default a fresh temporary SQLite file with a small demo county, deleted on dispose; set
/// <see cref="Db"/> to another SQLite path or a PostgreSQL connection string to run against that instead
/// (the host migrates it and seeds it when it is empty). Use it as an xunit class fixture, or create it directly:
/// <code>await using var app = new JingzhunWebFactory { DemoHouseholds = 1000 };</code>
/// </summary>
public class JingzhunWebFactory : WebApplicationFactory<Program>
{
    public const int DefaultDemoHouseholds = 300;

    private readonly string? ownedFile;

    /// <summary>A fresh temporary SQLite database with <see cref="DefaultDemoHouseholds"/> demo households.</summary>
    public JingzhunWebFactory()
    {
        ownedFile = Path.Combine(Path.GetTempPath(), $"jingzhun-web-{Guid.NewGuid():N}.db");
        Db = ownedFile;
    }

    /// <summary>A host on the given database: a SQLite file path, or a PostgreSQL connection string (Host=… or postgres://…).</summary>
    protected JingzhunWebFactory(string db, int demoHouseholds = DefaultDemoHouseholds)
    {
        Db = db;
        DemoHouseholds = demoHouseholds;
    }

    /// <summary>The host's <c>db</c> setting. Set before the host starts (before the first client is created).</summary>
    public string Db { get; init; }

    /// <summary>How many demo households the host seeds into an empty database.</summary>
    public int DemoHouseholds { get; init; } = DefaultDemoHouseholds;

    public DatabaseTarget Target => DatabaseTarget.Parse(Db);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("db", Db);
        builder.UseSetting("demo-households", DemoHouseholds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseEnvironment("Testing");
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("http://localhost"),
    });

    /// <summary>Signs in through the login page (anti-forgery token and all) and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password = DemoAccounts.Password)
    {
        var client = CreateBrowser();
        var login = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = password,
            ["__RequestVerificationToken"] = HtmlForm.AntiforgeryToken(login),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {user} answered {(int)response.StatusCode}, not a redirect");
        return client;
    }

    /// <summary>A data context on the host's database for arranging and checking data; the system scope unless one is given.</summary>
    public JingzhunDbContext OpenDb(AccessScope? scope = null)
    {
        _ = Services; // make sure the host has started, migrated and seeded
        return JingzhunDb.Create(Target, scope ?? AccessScope.System("test"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteOwnedFile();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DeleteOwnedFile();
    }

    private void DeleteOwnedFile()
    {
        if (ownedFile is null) return;
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { ownedFile, ownedFile + "-wal", ownedFile + "-shm", ownedFile + "-journal" })
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
