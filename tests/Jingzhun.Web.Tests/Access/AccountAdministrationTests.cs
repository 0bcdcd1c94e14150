using System.Net;
using System.Net.Http.Json;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// Account administration through the real host: who may create, disable and see which account, what
/// disabling does to a running session, and that the data layer enforces the same policy below every page.
/// </summary>
public abstract class AccountAdministrationTests(HostFixture fixture)
{
    private const string Temporary = "Linshi2026mima";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>An account written straight into the database (as system work), ready to sign in with <see cref="Temporary"/>.</summary>
    private async Task<Account> AccountAsync(Role role, string region, bool mustChangePassword = false)
    {
        await using var db = Host.OpenDatabase();
        var account = new Account { UserName = Unique(role.ToString().ToLowerInvariant()), DisplayName = "测试账号", Role = role, RegionCode = region, MustChangePassword = mustChangePassword };
        Passwords.Set(account, Temporary);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account;
    }

    private async Task<Account?> FindAsync(string userName)
    {
        await using var db = Host.OpenDatabase();
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == userName, Ct);
    }

    private async Task<int> IdOfAsync(string userName) => (await FindAsync(userName))!.Id;

    private static async Task<HttpResponseMessage> PostHandlerAsync(HttpClient client, int id, string handler, Dictionary<string, string>? fields = null)
    {
        var page = await client.GetStringAsync($"/accounts/{id}", Ct);
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page) };
        return await client.PostAsync($"/accounts/{id}?handler={handler}", new FormUrlEncodedContent(form), Ct);
    }

    [Fact]
    public async Task A_county_officer_creates_a_township_account_that_signs_in_after_choosing_its_own_password()
    {
        var county = await Host.SignInAsync("county");
        var page = await county.GetStringAsync("/accounts/new", Ct);
        Assert.Contains("value=\"990121001000\"", page);
        Assert.DoesNotContain("value=\"NationalOfficer\"", page);
        var form = HtmlForm.Parse(page, "account-form");
        var user = Unique("qingshan");
        form["Input.UserName"] = user;
        form["Input.DisplayName"] = "青山镇扶贫站二";
        form["Input.Role"] = nameof(Role.TownshipOfficer);
        form["Input.RegionCode"] = "990121001000";
        form["Input.Password"] = Temporary;

        var created = await county.PostAsync("/accounts/new", form.ToContent(), Ct);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var account = await FindAsync(user);
        Assert.NotNull(account);
        Assert.Equal(Role.TownshipOfficer, account.Role);
        Assert.True(account.MustChangePassword);
        Assert.Equal("county", account.CreatedBy);
        Assert.Equal($"/accounts/{account.Id}", created.Headers.Location!.OriginalString);
        Assert.Contains(user, await county.GetStringAsync("/accounts", Ct));
        await using (var db = Host.OpenDatabase())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "Account" && a.EntityId == user && a.Action == AuditAction.Create && a.Actor == "county", Ct));

        // The new officer signs in, must choose its own password first, and then works in its township.
        var officer = await Host.SignInAsync(user, Temporary);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/households", Ct)).StatusCode);
        var token = ApiHost.AntiforgeryToken(await officer.GetStringAsync("/account/password", Ct));
        var changed = await officer.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["current"] = Temporary, ["password"] = "Qingshan2026own", ["confirm"] = "Qingshan2026own", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Contains("password-saved", await changed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/households", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/accounts", Ct)).StatusCode);
        await Host.SignInAsync(user, "Qingshan2026own");
    }

    [Fact]
    public async Task A_county_officer_gets_a_form_error_for_a_village_role_at_township_level_and_a_weak_password()
    {
        var county = await Host.SignInAsync("county");
        var form = HtmlForm.Parse(await county.GetStringAsync("/accounts/new", Ct), "account-form");
        var user = Unique("clerk");
        form["Input.UserName"] = user;
        form["Input.DisplayName"] = "村级信息员";
        form["Input.Role"] = nameof(Role.VillageClerk);
        form["Input.RegionCode"] = "990121001000";
        form["Input.Password"] = "short";

        var response = await county.PostAsync("/accounts/new", form.ToContent(), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("error-summary", html);
        Assert.Contains("村级", html);
        Assert.Contains("至少10位", html);
        Assert.Null(await FindAsync(user));
    }

    [Fact]
    public async Task A_township_officer_cannot_create_a_county_level_account()
    {
        var township = await Host.SignInAsync("township");
        var page = await township.GetStringAsync("/accounts/new", Ct);
        Assert.DoesNotContain("value=\"CountyOfficer\"", page);
        Assert.DoesNotContain("value=\"990121000000\"", page);
        var form = HtmlForm.Parse(page, "account-form");
        var user = Unique("county");
        form["Input.UserName"] = user;
        form["Input.DisplayName"] = "越级";
        form["Input.Role"] = nameof(Role.CountyOfficer);
        form["Input.RegionCode"] = "990121000000";
        form["Input.Password"] = Temporary;

        var viaPage = await township.PostAsync("/accounts/new", form.ToContent(), Ct);
        var viaApi = await township.PostAsJsonAsync("/api/accounts", new
        {
            userName = user, displayName = "越级", role = "CountyOfficer", regionCode = "990121000000", password = Temporary,
        }, Ct);
        var auditorAtCounty = await township.PostAsJsonAsync("/api/accounts", new
        {
            userName = user, displayName = "越级", role = "Auditor", regionCode = "990121000000", password = Temporary,
        }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, viaPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viaApi.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditorAtCounty.StatusCode);
        Assert.Null(await FindAsync(user));
    }

    [Fact]
    public async Task A_village_clerk_cannot_open_the_accounts_pages()
    {
        var clerk = await Host.SignInAsync("village");
        var home = await clerk.GetStringAsync("/", Ct);

        Assert.DoesNotContain("href=\"/accounts\"", home);
        Assert.Contains("href=\"/audit\"", home);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/accounts/new", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/accounts/{await IdOfAsync("village")}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync($"/api/accounts/{await IdOfAsync("village2")}/disable", null, Ct)).StatusCode);
        Assert.False((await FindAsync("village2"))!.IsDisabled);
    }

    [Fact]
    public async Task A_township_officer_lists_only_the_accounts_of_its_township_at_its_level_or_below()
    {
        var township = await Host.SignInAsync("township");
        var home = await township.GetStringAsync("/", Ct);
        var accounts = await township.GetFromJsonAsync<List<AccountView>>("/api/accounts", RegistryApiTests.Json, Ct);
        var html = await township.GetStringAsync("/accounts?role=VillageClerk", Ct);

        Assert.Contains("href=\"/accounts\"", home);
        var names = accounts!.Select(a => a.UserName).ToList();
        Assert.Contains("village", names);
        Assert.Contains("village2", names);
        Assert.Contains("cadre", names);
        Assert.DoesNotContain("county", names);
        Assert.DoesNotContain("admin", names);
        Assert.DoesNotContain("auditor", names);
        Assert.All(accounts!, a => Assert.StartsWith("990121001", a.RegionCode));
        Assert.Contains("id=\"account-village2\"", html);
        Assert.DoesNotContain("id=\"account-cadre\"", html);
    }

    [Fact]
    public async Task An_account_outside_the_region_is_not_found_for_a_township_officer()
    {
        var neighbour = await AccountAsync(Role.VillageClerk, "990121002001");
        var township = await Host.SignInAsync("township");

        Assert.Equal(HttpStatusCode.NotFound, (await township.GetAsync($"/accounts/{await IdOfAsync("county")}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await township.GetAsync($"/accounts/{neighbour.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await township.PostAsync($"/api/accounts/{neighbour.Id}/disable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await township.PostAsync("/api/accounts/999999/disable", null, Ct)).StatusCode);
        Assert.False((await FindAsync(neighbour.UserName))!.IsDisabled);
        Assert.Equal(HttpStatusCode.OK, (await township.GetAsync($"/accounts/{await IdOfAsync("village")}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_session_on_the_next_request_and_it_cannot_sign_in_again()
    {
        var clerk = await AccountAsync(Role.VillageClerk, "990121001001");
        var session = await Host.SignInAsync(clerk.UserName, Temporary);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/households", Ct)).StatusCode);

        var township = await Host.SignInAsync("township");
        var disabled = await PostHandlerAsync(township, clerk.Id, "disable");

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.True((await FindAsync(clerk.UserName))!.IsDisabled);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/households", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/households", Ct)).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.SignInAsync(clerk.UserName, Temporary));
        await using (var db = Host.OpenDatabase())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == clerk.UserName && a.Field == nameof(Account.IsDisabled) && a.Actor == "township", Ct));

        // Enabled again through the API, it signs in again.
        Assert.Equal(HttpStatusCode.OK, (await township.PostAsync($"/api/accounts/{clerk.Id}/enable", null, Ct)).StatusCode);
        await Host.SignInAsync(clerk.UserName, Temporary);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        var clerk = await AccountAsync(Role.VillageClerk, "990121001002");
        var county = await Host.SignInAsync("county");

        var response = await county.PostAsync($"/api/accounts/{clerk.Id}/disable", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.SignInAsync(clerk.UserName, Temporary));
        await using var db = Host.OpenDatabase();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Actor == clerk.UserName && a.Action == AuditAction.SignInFailed, Ct));
    }

    [Fact]
    public async Task Nobody_can_disable_themselves()
    {
        var officer = await AccountAsync(Role.TownshipOfficer, "990121001000");
        var client = await Host.SignInAsync(officer.UserName, Temporary);

        var page = await client.GetStringAsync($"/accounts/{officer.Id}", Ct);
        var viaPage = await PostHandlerAsync(client, officer.Id, "disable");
        var viaApi = await client.PostAsync($"/api/accounts/{officer.Id}/disable", null, Ct);

        Assert.DoesNotContain("id=\"disable\"", page);
        Assert.Equal(HttpStatusCode.Forbidden, viaPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viaApi.StatusCode);
        Assert.False((await FindAsync(officer.UserName))!.IsDisabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/households", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_by_the_officer_ends_the_session_and_the_temporary_password_must_be_changed()
    {
        var clerk = await AccountAsync(Role.VillageClerk, "990121001001");
        var session = await Host.SignInAsync(clerk.UserName, Temporary);
        var township = await Host.SignInAsync("township");

        var weak = await PostHandlerAsync(township, clerk.Id, "reset", new() { ["NewPassword"] = "abc" });
        var reset = await PostHandlerAsync(township, clerk.Id, "reset", new() { ["NewPassword"] = "Chongzhi2026pw" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.True((await FindAsync(clerk.UserName))!.MustChangePassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/households", Ct)).StatusCode);
        var again = await Host.SignInAsync(clerk.UserName, "Chongzhi2026pw");
        Assert.Equal("/account/password", (await again.GetAsync("/households", Ct)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_officer_unlocks_a_locked_account()
    {
        var clerk = await AccountAsync(Role.WorkTeamMember, "990121001001");
        await using (var db = Host.OpenDatabase())
        {
            var account = await db.Accounts.SingleAsync(a => a.Id == clerk.Id, Ct);
            account.LockedUntil = DateTime.UtcNow.AddMinutes(10);
            await db.SaveChangesAsync(Ct);
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.SignInAsync(clerk.UserName, Temporary));
        var township = await Host.SignInAsync("township");
        Assert.Contains("id=\"unlock\"", await township.GetStringAsync($"/accounts/{clerk.Id}", Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await PostHandlerAsync(township, clerk.Id, "unlock")).StatusCode);

        Assert.Null((await FindAsync(clerk.UserName))!.LockedUntil);
        await Host.SignInAsync(clerk.UserName, Temporary);
    }

    [Fact]
    public async Task The_data_layer_refuses_an_account_change_made_with_a_township_scope()
    {
        var target = DatabaseTarget.Parse(Host.Database);
        Account township;
        await using (var system = Host.OpenDatabase())
            township = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "township", Ct);
        var scope = AccessScope.For(township);

        await using (var db = JingzhunDb.Create(target, scope))
        {
            var county = await db.Accounts.SingleAsync(a => a.UserName == "county", Ct);
            county.IsDisabled = true;
            await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var db = JingzhunDb.Create(target, scope))
        {
            db.Accounts.Add(new Account { UserName = Unique("sneaky"), DisplayName = "越级", Role = Role.CountyOfficer, RegionCode = "990121000000" });
            await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var db = JingzhunDb.Create(target, scope))
        {
            // Moving a village clerk of its own township into the county level is refused as well.
            var clerk = await db.Accounts.SingleAsync(a => a.UserName == "village2", Ct);
            clerk.Role = Role.CountyOfficer;
            clerk.RegionCode = "990121000000";
            await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var db = JingzhunDb.Create(target, scope))
        {
            var self = await db.Accounts.SingleAsync(a => a.Id == township.Id, Ct);
            self.IsDisabled = true;
            await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(Ct));
        }

        Assert.False((await FindAsync("county"))!.IsDisabled);
        Assert.False((await FindAsync("township"))!.IsDisabled);
        Assert.Equal(Role.VillageClerk, (await FindAsync("village2"))!.Role);
    }

    private sealed record AccountView(int Id, string UserName, string DisplayName, Role Role, string RegionCode, bool IsDisabled);
}

public sealed class AccountAdministrationOnSqlite(SqliteHost host) : AccountAdministrationTests(host), IClassFixture<SqliteHost>;

public sealed class AccountAdministrationOnPostgres(PostgresHost host) : AccountAdministrationTests(host), IClassFixture<PostgresHost>;
