using System.Net;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// Sign-in under attack, through the real host: parallel wrong passwords counted without loss and locking once,
/// a lock per (account, source), and failures that look and take alike.
/// </summary>
public abstract partial class SignInRaceTests(Engine engine) : IDisposable
{
    private const string SourceHeader = "X-Test-Source";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ApiHost _host = new(engine, households: 80);
    private WebApplicationFactory<Program>? _app;

    /// <summary>The host, with a test-only startup filter that takes the client address from a test header
    /// (the production host has no such thing: there the address is the connection's).</summary>
    private WebApplicationFactory<Program> App => _app ??= _host.WithWebHostBuilder(b =>
        b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new TestSource())));

    private sealed class TestSource : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, go) =>
            {
                if (http.Request.Headers.TryGetValue(SourceHeader, out var value) && IPAddress.TryParse(value, out var address))
                    http.Connection.RemoteIpAddress = address;
                return go(http);
            });
            next(app);
        };
    }

    /// <summary>A browser at the given address, with the login form's anti-forgery token.</summary>
    private async Task<(HttpClient Client, string Token)> BrowserAsync(string source)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(SourceHeader, source);
        return (client, ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct)));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string user, string password) =>
        client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = password, ["__RequestVerificationToken"] = token,
        }), Ct);

    private async Task<bool> SignInAsync(string source, string user, string password)
    {
        var (client, token) = await BrowserAsync(source);
        return (await PostAsync(client, token, user, password)).StatusCode == HttpStatusCode.Redirect;
    }

    /// <summary>A fresh account (like the demo county officer) with the demo password, so tests do not share counts.</summary>
    private async Task<string> NewAccountAsync(int failedSignIns = 0)
    {
        _ = App.Services;
        await using var db = _host.OpenDatabase();
        var county = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "county", Ct);
        var account = new Account
        {
            UserName = $"t{Guid.NewGuid():N}"[..12], DisplayName = "测试", Role = county.Role, RegionCode = county.RegionCode,
            CreatedAt = DateTime.UtcNow, FailedSignIns = failedSignIns,
        };
        Passwords.Set(account, DemoAccounts.Password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.UserName;
    }

    private async Task<(Account Account, List<string?> Failures)> StateAsync(string user)
    {
        await using var db = _host.OpenDatabase();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, Ct);
        var failures = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Actor == user && a.Action == AuditAction.SignInFailed).Select(a => a.Reason).ToListAsync(Ct);
        return (account, failures);
    }

    [Fact]
    public async Task Fifty_parallel_wrong_passwords_from_one_source_lock_it_once_and_lose_no_count()
    {
        var user = await NewAccountAsync();
        var (client, token) = await BrowserAsync("10.1.0.1");
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => PostAsync(client, token, user, $"wrong-{i}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var (account, failures) = await StateAsync(user);
        Assert.Equal(50, failures.Count);
        Assert.Single(failures, r => r!.EndsWith("source locked out of the account", StringComparison.Ordinal));
        var counted = failures.Count(r => r == "10.1.0.1" || r!.EndsWith("source locked out of the account", StringComparison.Ordinal));
        Assert.True(account.FailedSignIns >= Lockout.MaxFailedSignIns, $"count {account.FailedSignIns}");
        Assert.Equal(counted, account.FailedSignIns);
        Assert.Null(account.LockedUntil); // the source is locked out, not the account

        // The right password from the locked source is refused; from another source it signs in and clears the count.
        Assert.False(await SignInAsync("10.1.0.1", user, DemoAccounts.Password));
        Assert.True(await SignInAsync("10.1.0.2", user, DemoAccounts.Password));
        Assert.Equal(0, (await StateAsync(user)).Account.FailedSignIns);
        Assert.False(await SignInAsync("10.1.0.1", user, DemoAccounts.Password)); // still locked out there
    }

    [Fact]
    public async Task An_administrators_unlock_opens_the_account_again_from_a_source_that_was_locked_out()
    {
        var user = await NewAccountAsync();
        var (client, token) = await BrowserAsync("10.4.0.1");
        for (var i = 0; i < Lockout.MaxFailedSignIns; i++) await PostAsync(client, token, user, $"wrong-{i}");
        Assert.False(await SignInAsync("10.4.0.1", user, DemoAccounts.Password));

        var (admin, adminToken) = await BrowserAsync("10.4.0.9");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, adminToken, "admin", DemoAccounts.Password)).StatusCode);
        var id = (await StateAsync(user)).Account.Id;
        var detail = await admin.GetStringAsync($"/accounts/{id}", Ct);
        Assert.Contains("id=\"locked-sources\"", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"unlock\"", detail, StringComparison.Ordinal); // shown although the account itself is not locked
        var unlock = await admin.PostAsync($"/accounts/{id}?handler=unlock",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(detail) }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        Assert.True(await SignInAsync("10.4.0.1", user, DemoAccounts.Password));
    }

    [Fact]
    public async Task Failures_spread_over_many_sources_lock_the_whole_account_once()
    {
        var start = Lockout.AccountWideMaxFailedSignIns - 5;
        var user = await NewAccountAsync(failedSignIns: start);
        var browsers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => BrowserAsync($"10.2.0.{i + 1}")));
        await Task.WhenAll(browsers.Select(b => PostAsync(b.Client, b.Token, user, "wrong")));

        var (account, failures) = await StateAsync(user);
        Assert.Single(failures, r => r!.Contains("account locked after", StringComparison.Ordinal));
        Assert.True(account.LockedUntil > DateTime.UtcNow.AddMinutes(10));
        var counted = failures.Count(r => !r!.Contains("account locked until", StringComparison.Ordinal));
        Assert.Equal(start + counted, account.FailedSignIns);
        Assert.False(await SignInAsync("10.2.1.1", user, DemoAccounts.Password)); // locked for every source
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_user_and_a_lock_say_the_same_and_take_as_long()
    {
        var user = await NewAccountAsync();
        for (var i = 0; i < Lockout.MaxFailedSignIns; i++) Assert.False(await SignInAsync("10.3.0.1", user, "wrong"));
        var (locked, lockedToken) = await BrowserAsync("10.3.0.1");
        var (other, otherToken) = await BrowserAsync("10.3.0.2");
        var unknown = $"nobody{Guid.NewGuid():N}"[..14];

        async Task<(string Message, double Ms)> TryAsync(HttpClient client, string token, string name, string password)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await PostAsync(client, token, name, password);
            var html = await response.Content.ReadAsStringAsync(Ct);
            clock.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (ErrorPattern().Match(html).Groups[1].Value, clock.Elapsed.TotalMilliseconds);
        }

        var (wrongTimes, unknownTimes, lockedTimes) = (new List<double>(), new List<double>(), new List<double>());
        var messages = new HashSet<string>();
        for (var i = 0; i < 17; i++)
        {
            // Interleaved, so that a slow moment of the machine falls on all three alike; the first two warm up.
            // Wrong passwords from a source of their own each time, so that they are never locked.
            var (c, t) = await BrowserAsync($"10.3.1.{i + 1}");
            var wrong = await TryAsync(c, t, user, "wrong");
            var nobody = await TryAsync(other, otherToken, unknown, "wrong");
            var refused = await TryAsync(locked, lockedToken, user, DemoAccounts.Password);
            messages.UnionWith([wrong.Message, nobody.Message, refused.Message]);
            if (i < 2) continue;
            wrongTimes.Add(wrong.Ms);
            unknownTimes.Add(nobody.Ms);
            lockedTimes.Add(refused.Ms);
        }

        Assert.Equal(["用户名或密码不正确，或尝试次数过多，请稍后再试"], messages);
        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var (w, u, l) = (Median(wrongTimes), Median(unknownTimes), Median(lockedTimes));
        foreach (var (name, ratio) in new[] { ("unknown/wrong", u / w), ("locked/wrong", l / w), ("locked/unknown", l / u) })
            Assert.True(ratio is >= 0.5 and <= 2.0, $"{name} = {ratio:F2} (medians: wrong {w:F1} ms, unknown {u:F1} ms, locked {l:F1} ms)");
    }

    [GeneratedRegex("id=\"login-error\">([^<]*)<")]
    private static partial Regex ErrorPattern();

    public void Dispose()
    {
        _app?.Dispose();
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSignInRaceTests() : SignInRaceTests(Engine.Sqlite);

public sealed class PostgresSignInRaceTests() : SignInRaceTests(Engine.Postgres);
