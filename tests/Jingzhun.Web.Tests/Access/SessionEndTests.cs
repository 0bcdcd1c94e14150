using System.Net;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// Sessions that end: a copy of the sign-in cookie (another machine, a stolen header) stops working when the account
/// signs out, changes its password, is disabled, or gets another role or region; other accounts' sessions go on.
/// </summary>
public abstract class SessionEndTests(HostFixture fixture)
{
    private const string Password = "Huihua2026mima";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Uri Root = new("http://localhost");

    private async Task<(int Id, string UserName)> AccountAsync()
    {
        await using var db = Host.OpenDatabase();
        var account = new Account
        {
            UserName = $"session-{Guid.NewGuid():N}"[..16], DisplayName = "会话测试", Role = Role.TownshipOfficer, RegionCode = "990121001000",
        };
        Passwords.Set(account, Password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return (account.Id, account.UserName);
    }

    /// <summary>A browser (its own cookie jar) signed in as the account, and a second client sending a copy of its sign-in cookie.</summary>
    private async Task<(HttpClient Browser, HttpClient Copy)> SignInAsync(string user)
    {
        var jar = new CookieContainer();
        var browser = Host.CreateDefaultClient(new CookieContainerHandler(jar));
        var form = await browser.GetStringAsync("/account/login", Ct);
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = Password, ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = string.Join("; ", jar.GetCookies(Root).Where(c => c.Name.StartsWith("jingzhun.auth", StringComparison.Ordinal))
            .Select(c => $"{c.Name}={c.Value}"));
        Assert.NotEmpty(cookie);
        var copy = Host.CreateDefaultClient();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(copy));
        return (browser, copy);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client) => (await client.GetAsync("/api/households", Ct)).StatusCode;

    private async Task<string> StampAsync(int id)
    {
        await using var db = Host.OpenDatabase();
        return await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.SessionStamp).FirstAsync(Ct);
    }

    private async Task AssertNoStampInAuditAsync(params string[] stamps)
    {
        await using var db = Host.OpenDatabase();
        foreach (var stamp in stamps)
            Assert.False(await db.AuditEntries.AnyAsync(a => a.OldValue == stamp || a.NewValue == stamp
                || (a.Reason != null && a.Reason.Contains(stamp)), Ct), "the audit log shows a session stamp");
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Field == nameof(Account.SessionStamp), Ct));
    }

    [Fact]
    public async Task Signing_out_ends_every_session_of_the_account_but_not_those_of_others()
    {
        var (id, user) = await AccountAsync();
        var (_, other) = await AccountAsync();
        var (browser, copy) = await SignInAsync(user);
        var (_, otherCopy) = await SignInAsync(other);
        var before = await StampAsync(id);
        Assert.Matches("^[0-9a-f]{32}$", before);

        var token = ApiHost.AntiforgeryToken(await browser.GetStringAsync("/account/password", Ct));
        var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(copy));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(browser));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(otherCopy));
        var after = await StampAsync(id);
        Assert.NotEqual(before, after);
        await AssertNoStampInAuditAsync(before, after);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_copied_session_and_keeps_the_browser_that_changed_it_signed_in()
    {
        var (id, user) = await AccountAsync();
        var (browser, copy) = await SignInAsync(user);
        var before = await StampAsync(id);
        var token = ApiHost.AntiforgeryToken(await browser.GetStringAsync("/account/password", Ct));
        var changed = await browser.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["current"] = Password, ["password"] = "Qianxi2026own", ["confirm"] = "Qianxi2026own", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(copy));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser));
        await AssertNoStampInAuditAsync(before, await StampAsync(id));
    }

    [Fact]
    public async Task A_password_changed_on_the_command_line_ends_the_session()
    {
        var (id, user) = await AccountAsync();
        var (_, copy) = await SignInAsync(user);
        await using (var db = Host.OpenDatabase())
            Assert.Empty(await AccountAdministration.ChangeOwnPasswordAsync(db, user, Password, "Qianxi2026cli", "Qianxi2026cli", DateTime.UtcNow, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(copy));
        await AssertNoStampInAuditAsync(await StampAsync(id));
    }

    [Fact]
    public async Task Disabling_by_an_officer_ends_the_session()
    {
        var (id, user) = await AccountAsync();
        var (_, other) = await AccountAsync();
        var (_, copy) = await SignInAsync(user);
        var (_, otherCopy) = await SignInAsync(other);
        var county = await Host.SignInAsync("county");
        var disabled = await county.PostAsync($"/api/accounts/{id}/disable", null, Ct);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(copy));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(otherCopy));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(county));
        await AssertNoStampInAuditAsync(await StampAsync(id));
    }

    /// <summary>
    /// Every test above changes the account in this process after the session was used (so remembered as checked): the
    /// change ends the session at its next request. Another process (a second host, the command line) changes the
    /// database only: the host checks a remembered session again after its window (session-check-seconds, 5 s).
    /// </summary>
    [Fact]
    public async Task A_disable_by_another_process_ends_the_session_within_the_check_window()
    {
        var (id, user) = await AccountAsync();
        var (browser, copy) = await SignInAsync(user);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser));
        await using (var db = Host.OpenDatabase())
            // Straight to the table, past the save rules: what this host sees of another process's save.
            await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.IsDisabled, true), Ct);
        var changed = System.Diagnostics.Stopwatch.StartNew();
        while (await StatusAsync(copy) == HttpStatusCode.OK && changed.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(200, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(copy));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(browser));
        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(5 + 3), $"the session lasted {changed.Elapsed.TotalSeconds:0.0} s after the disable");
    }

    [Theory]
    [InlineData("role")]
    [InlineData("region")]
    public async Task A_new_role_or_region_ends_the_session_and_rotates_the_stamp(string change)
    {
        var (id, user) = await AccountAsync();
        var (_, copy) = await SignInAsync(user);
        var before = await StampAsync(id);
        await using (var db = Host.OpenDatabase())
        {
            var account = await db.Accounts.FirstAsync(a => a.Id == id, Ct);
            if (change == "role") account.Role = Role.Auditor;
            else account.RegionCode = "990121002000";
            await db.SaveChangesAsync(Ct);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(copy));
        var after = await StampAsync(id);
        Assert.NotEqual(before, after);
        await AssertNoStampInAuditAsync(before, after);
    }

    [Theory]
    [InlineData("https://localhost", false, true)]
    [InlineData("http://localhost", false, false)]
    // X-Forwarded-Proto from a sender that is not a configured proxy changes nothing.
    [InlineData("http://localhost", true, false)]
    public async Task The_sign_in_cookie_is_secure_on_https(string address, bool forwarded, bool secure)
    {
        var (_, user) = await AccountAsync();
        var client = Host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(address) });
        var form = await client.GetAsync("/account/login", Ct);
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = user, ["password"] = Password,
                ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(await form.Content.ReadAsStringAsync(Ct)),
            }),
        };
        request.Headers.Add("Cookie", antiforgery);
        if (forwarded) request.Headers.Add("X-Forwarded-Proto", "https");
        var signIn = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("jingzhun.auth", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class SessionEndOnSqlite(SqliteHost host) : SessionEndTests(host), IClassFixture<SqliteHost>;

public sealed class SessionEndOnPostgres(PostgresHost host) : SessionEndTests(host), IClassFixture<PostgresHost>;
