using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// An account with a one-time (or reset) password must set its own before anything else: every page sends it to the
/// password page and every API route answers 403 saying why. And accounts imported on the web page, whose one-time
/// passwords are offered once as a download.
/// </summary>
public abstract partial class FirstSignInTests(HostFixture fixture)
{
    private const string OneTime = "Yici2026mima";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<string> MustChangeAsync(Role role, string region)
    {
        await using var db = Host.OpenDatabase();
        var account = new Account { UserName = Unique("first"), DisplayName = "首次登录", Role = role, RegionCode = region, MustChangePassword = true };
        Passwords.Set(account, OneTime);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.UserName;
    }

    [Fact]
    public async Task Until_it_sets_its_own_password_every_page_redirects_and_every_api_route_answers_403_with_the_reason()
    {
        var user = await MustChangeAsync(Role.CountyOfficer, "990121000000");
        var client = Host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct));
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = OneTime, ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);

        // Every route of the host's routing table, GET and POST, but the password page itself, sign-out, language, health and the error page.
        var routes = Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => !p.StartsWith("/account/", StringComparison.Ordinal) && !p.StartsWith("/lang", StringComparison.Ordinal) && p != "/health"
                        && p != "/error") // the page that shows a refusal: it must render for everyone
            .Distinct().ToList();
        Assert.Contains("/api/households", routes);
        Assert.Contains("/accounts", routes);
        var wrong = new List<string>();
        foreach (var pattern in routes)
        {
            var url = ParameterPattern().Replace(pattern, m => m.Groups[1].Value == "regionCode" ? "990121000000" : "1");
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, url);
                if (method == HttpMethod.Post) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var response = await client.SendAsync(request, Ct);
                if (url.StartsWith("/api/", StringComparison.Ordinal))
                {
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains("/account/password", StringComparison.Ordinal) || !body.Contains("须先修改密码", StringComparison.Ordinal))
                        wrong.Add($"{method} {url} → {(int)response.StatusCode} {body[..Math.Min(body.Length, 120)]}");
                }
                else if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/account/password")
                    wrong.Add($"{method} {url} → {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // The password page says why, and once the password is its own the account works.
        var page = await client.GetStringAsync("/account/password", Ct);
        Assert.Contains("must-change", page);
        var changed = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["current"] = OneTime, ["password"] = "Qianxi2026own", ["confirm"] = "Qianxi2026own", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Contains("password-saved", await changed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/households", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts", Ct)).StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.False((await db.Accounts.SingleAsync(a => a.UserName == user, Ct)).MustChangePassword);
    }

    [Fact]
    public async Task A_county_officer_imports_accounts_on_the_web_all_or_nothing_and_downloads_their_one_time_passwords_once()
    {
        var county = await Host.SignInAsync("county");
        var first = Unique("gf");
        var second = Unique("tw");

        var bad = $"用户名,姓名,角色,区划代码,电话\n{first},高峰村信息员,村级信息员,990121001001,13800000001\n{second},塘湾,province,990121001002,12345\n";
        var (status, html) = await UploadAsync(county, "clerks.csv", bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("import-rejected", html);
        Assert.Matches("<td>clerks.csv</td><td class=\"num\">3</td><td>角色</td>", html);
        Assert.Matches("<td>clerks.csv</td><td class=\"num\">3</td><td>电话</td>", html);
        await using (var db = Host.OpenDatabase())
            Assert.False(await db.Accounts.AnyAsync(a => a.UserName == first, Ct));

        var good = $"用户名,姓名,角色,区划代码,电话\n{first},高峰村信息员,村级信息员,990121001001,13800000001\n{second},塘湾村工作队,workteam,990121001002,\n";
        (status, html) = await UploadAsync(county, "clerks.csv", good);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("import-done", html);
        var link = WebUtility.HtmlDecode(Regex.Match(html, "id=\"download-passwords\" href=\"([^\"]+)\"").Groups[1].Value);
        var download = await county.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var lines = (await download.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync(link, Ct)).StatusCode); // once only

        foreach (var line in lines.Skip(1))
        {
            var cells = line.TrimEnd('\r').Split(',');
            await using (var db = Host.OpenDatabase())
            {
                var account = await db.Accounts.SingleAsync(a => a.UserName == cells[0], Ct);
                Assert.True(account.MustChangePassword);
                Assert.Equal("county", account.CreatedBy);
            }
            var person = await Host.SignInAsync(cells[0], cells[^1]);
            Assert.Equal("/account/password", (await person.GetAsync("/households", Ct)).Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_password_chosen_on_the_command_line_ends_the_gated_session_and_the_new_one_signs_in()
    {
        var user = await MustChangeAsync(Role.TownshipOfficer, "990121001000");
        var gated = await Host.SignInAsync(user, OneTime);
        Assert.Equal(HttpStatusCode.Forbidden, (await gated.GetAsync("/api/households", Ct)).StatusCode);

        // What `jingzhun accounts password` does.
        await using (var db = Data.Database.JingzhunDb.Create(Data.Database.DatabaseTarget.Parse(Host.Database), AccessScope.System(user)))
            Assert.Empty(await AccountAdministration.ChangeOwnPasswordAsync(db, user, OneTime, "Qingshan2026self", "Qingshan2026self", DateTime.UtcNow, Ct));

        var after = await gated.GetAsync("/api/households", Ct);
        Assert.True(after.StatusCode == HttpStatusCode.Unauthorized, $"{(int)after.StatusCode} {await after.Content.ReadAsStringAsync(Ct)} {string.Join(";", after.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value)))}");
        var fresh = await Host.SignInAsync(user, "Qingshan2026self");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/households", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_village_clerk_may_not_import_accounts()
    {
        var clerk = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/accounts/import", Ct)).StatusCode);
    }

    private static async Task<(HttpStatusCode, string)> UploadAsync(HttpClient client, string name, string csv)
    {
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/accounts/import", Ct));
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", name);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await client.PostAsync("/accounts/import", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [GeneratedRegex("\\{\\**([A-Za-z]+)(:[^}]*)?\\??\\}")]
    private static partial Regex ParameterPattern();
}

public sealed class FirstSignInOnSqlite(SqliteHost host) : FirstSignInTests(host), IClassFixture<SqliteHost>;

public sealed class FirstSignInOnPostgres(PostgresHost host) : FirstSignInTests(host), IClassFixture<PostgresHost>;
