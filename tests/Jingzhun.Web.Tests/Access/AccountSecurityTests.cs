using System.Net;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>Sign-in defences through the real host: lockout, anti-forgery, rate limits, headers, forced password change.</summary>
public sealed class AccountSecurityTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_wrong_passwords_lock_the_source_out_of_the_account_even_against_the_right_password()
    {
        for (var i = 0; i < 10; i++)
            await Assert.ThrowsAsync<InvalidOperationException>(() => Host.SignInAsync("city", $"wrong-{i}"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.SignInAsync("city"));

        await using var db = Host.OpenDatabase();
        var account = await db.Accounts.SingleAsync(a => a.UserName == "city", Ct);
        // The lock is this source's, kept in memory; the stored count has the ten wrong passwords, not the refused right one.
        Assert.Null(account.LockedUntil);
        Assert.Equal(10, account.FailedSignIns);
        Assert.Equal(11, await db.AuditEntries.CountAsync(a => a.Actor == "city" && a.Action == AuditAction.SignInFailed, Ct));
        // Another account is not affected.
        await Host.SignInAsync("province");
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_rejected()
    {
        var client = Host.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "county", ["password"] = "demo2025",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("jingzhun.auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        var response = await Host.CreateClient().GetAsync("/account/login", Ct);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await Host.SignInAsync("township");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/households", Ct)).StatusCode);
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/password", Ct));
        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/households", Ct)).StatusCode);
    }
}

/// <summary>Hosts with settings of their own: a low sign-in rate limit, and production mode (no demo passwords).</summary>
public sealed class AccountModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_attempts_beyond_the_rate_limit_answer_429()
    {
        using var host = new ApiHost(Engine.Sqlite, settings: new() { ["rate-limit-sign-in"] = "5" });
        var client = host.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct));
            var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "county", ["password"] = "wrong", ["__RequestVerificationToken"] = token,
            }), Ct);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Outside_demo_mode_a_demo_password_must_be_changed_before_anything_else()
    {
        using var host = new ApiHost(Engine.Sqlite);
        _ = host.Services; // first start in demo mode creates the demo accounts
        using var production = host.WithWebHostBuilder(b => b.UseSetting("demo", "false"));
        var client = production.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct));
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "county", ["password"] = "demo2025", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/households", Ct)).StatusCode);
        Assert.Equal("/account/password", (await client.GetAsync("/households", Ct)).Headers.Location!.OriginalString);

        token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/password", Ct));
        async Task<string> Change(string password) => await (await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["current"] = "demo2025", ["password"] = password, ["confirm"] = password, ["__RequestVerificationToken"] = token,
        }), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("至少10位", await Change("short1"));
        Assert.Contains("password-saved", await Change("Yunnan2026safe"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/households", Ct)).StatusCode);
    }
}
