using System.Net;
using System.Security.Claims;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// Every failure a page request can meet (403, 404, 409, 500, and 400 and 405) answers a page in the reader's language with
/// the right status, the layout's navigation, what to do next and a way back — never JSON, the exception's text or a stack
/// trace; the same failure under /api answers problem+json.
/// </summary>
public sealed class RefusalPageTests(FailingHost host) : IClassFixture<FailingHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One failure: who asks, how the page and the API are asked, the status and the page's title in both languages.</summary>
    public sealed record Failure(string User, Func<string, HttpRequestMessage> Page, Func<HttpRequestMessage> Api, int Status, string Chinese, string English, string? Sentence = null);

    private static HttpRequestMessage Get(string url, string? fail = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (fail is not null) request.Headers.Add(FailingHost.Header, fail);
        return request;
    }

    private static HttpRequestMessage Post(string url, Dictionary<string, string> form) =>
        new(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };

    public static readonly Dictionary<string, Failure> Failures = new()
    {
        // The account may not open the page: an assistance cadre registers no households; nor does it administer accounts.
        ["forbidden"] = new("cadre", _ => Get("/households/new"), () => Get("/api/accounts"), 403, "无权访问", "Access denied"),
        // A change outside the region, refused on save (ScopeViolationException).
        ["scope"] = new("village", _ => Get("/households", "scope"), () => Get("/api/households", "scope"), 403, "无权访问", "Access denied", "无权修改本辖区以外的数据"),
        ["not-found"] = new("village", _ => Get("/households/987654321"), () => Get("/api/households/987654321"), 404, "页面不存在", "Page not found"),
        ["unknown-address"] = new("village", _ => Get("/no/such/page"), () => Get("/api/no/such/thing"), 404, "页面不存在", "Page not found"),
        ["stale"] = new("village", _ => Get("/households", "stale"), () => Get("/api/households", "stale"), 409, "数据冲突", "Conflict", "数据已被他人修改"),
        ["blocked"] = new("village", _ => Get("/households", "blocked"), () => Get("/api/households", "blocked"), 409, "数据冲突", "Conflict", "公示期未满"),
        // A form posted without (or with an expired) anti-forgery token.
        ["bad-form"] = new("village", _ => Post("/households/new", new() { ["Household.Number"] = "X" }), () => Get("/api/households", "bad"), 400, "请求无效", "Bad request"),
        // A page without a handler for the method; an endpoint without the method.
        ["method"] = new("village", token => Post("/regions", new() { ["__RequestVerificationToken"] = token }), () => new HttpRequestMessage(HttpMethod.Delete, "/api/households"),
            405, "不支持此操作", "Not allowed here"),
        ["bug"] = new("village", _ => Get("/households", "bug"), () => Get("/api/households", "bug"), 500, "系统出错", "Something went wrong"),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Failures.Keys)
            foreach (var lang in new[] { "zh", "en" })
                data.Add(name, lang);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_failed_page_answers_a_readable_page_and_the_api_problem_json(string name, string lang)
    {
        var failure = Failures[name];
        var client = await SignInAsync(failure.User, lang);
        var token = HtmlForm.AntiforgeryToken(await client.GetStringAsync("/", Ct));

        using var pageRequest = failure.Page(token);
        var page = await client.SendAsync(pageRequest, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(failure.Status == (int)page.StatusCode, $"{name}: the page answered {(int)page.StatusCode}: {html[..Math.Min(html.Length, 400)]}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"error\"", html);
        Assert.Contains(lang == "en" ? failure.English : failure.Chinese, html);
        Assert.Contains(lang == "en" ? "lang=\"en\"" : "lang=\"zh-CN\"", html);
        if (lang == "zh" && failure.Sentence is { } sentence) Assert.Contains(sentence, html);
        Assert.Contains("id=\"error-next\"", html);
        Assert.Contains("id=\"go-home\"", html);           // the way back
        Assert.Contains("id=\"nav-notices\"", html);       // the layout's navigation
        Assert.DoesNotContain(FailingHost.Secret, html);      // nothing of the exception
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain("   at ", html);
        Assert.DoesNotContain("\"status\":", html);
        Assert.Equal(failure.Status == 500, html.Contains("id=\"error-reference\"", StringComparison.Ordinal));
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        using var apiRequest = failure.Api();
        var api = await client.SendAsync(apiRequest, Ct);
        var json = await api.Content.ReadAsStringAsync(Ct);
        Assert.True(failure.Status == (int)api.StatusCode, $"{name}: the API answered {(int)api.StatusCode}: {json}");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"status\":{failure.Status}", json);
        Assert.DoesNotContain(FailingHost.Secret, json);
        Assert.DoesNotContain("<html", json);
    }

    [Fact]
    public async Task The_way_back_is_the_local_page_the_reader_came_from_never_another_site()
    {
        var client = await SignInAsync("village", "zh");
        async Task<string> NotFoundFrom(string referrer)
        {
            using var request = Get("/households/987654321");
            request.Headers.Referrer = new Uri(referrer);
            var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }

        var fromSearch = await NotFoundFrom("http://localhost/households?name=%E7%8E%8B&page=2");
        Assert.Contains("href=\"/households?name=%E7%8E%8B&amp;page=2\" id=\"go-back\"", fromSearch);
        foreach (var elsewhere in new[] { "https://evil.example/households", "http://localhost.evil.example/x", "http://evil.example//localhost/" })
        {
            var html = await NotFoundFrom(elsewhere);
            Assert.DoesNotContain("id=\"go-back\"", html);
            Assert.DoesNotContain("evil", html);
            Assert.Contains("href=\"/\" id=\"go-home\"", html);
        }
    }

    [Fact]
    public async Task A_refusal_on_a_page_is_audited_and_an_unknown_address_of_an_anonymous_visitor_asks_for_sign_in()
    {
        var client = await SignInAsync("village", "zh");
        using var request = Get("/households", "scope");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request, Ct)).StatusCode);
        await using (var db = host.OpenDb())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == Domain.Audit.AuditAction.Refused && a.EntityId == "GET /households" && a.RegionCode == "990121001001", Ct));

        var anonymous = host.CreateBrowser();
        var unknown = await anonymous.GetAsync("/no/such/page", Ct);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Contains("/account/login", unknown.Headers.Location!.OriginalString);
        // A stale sign-in form (no anti-forgery token) is a readable 400 for a visitor who is not signed in.
        var stale = await anonymous.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "village" }), Ct);
        var html = await stale.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("请求无效", html);
        Assert.Contains("id=\"go-home\"", html);
    }

    private async Task<HttpClient> SignInAsync(string user, string lang)
    {
        var client = await host.SignInAsync(user);
        if (lang == "en") Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/lang/en?returnUrl=/", Ct)).StatusCode);
        return client;
    }
}

/// <summary>
/// A host whose requests fail on demand: a request carrying <c>X-Test-Throw</c> throws that kind of exception while it is
/// authenticated, inside the real pipeline, as a bug or a refusal deep in a page or endpoint would.
/// </summary>
public sealed class FailingHost : JingzhunWebFactory
{
    public const string Header = "X-Test-Throw";
    public const string Secret = "SECRET-DETAIL-of-the-exception";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("demo-history", "false");
        builder.UseSetting("rate-limit-sign-in", "10000");
        builder.ConfigureServices(s => s.AddSingleton<IClaimsTransformation, Thrower>());
    }

    private sealed class Thrower(IHttpContextAccessor accessor) : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            var http = accessor.HttpContext;
            // Only the request itself: the error page it is answered with must render.
            if (http is null || http.Request.Path.StartsWithSegments("/error")) return Task.FromResult(principal);
            Exception? failure = http.Request.Headers[Header].ToString() switch
            {
                "bug" => new InvalidOperationException(Secret),
                "scope" => new ScopeViolationException(Secret, "990121001001"),
                "stale" => new DbUpdateConcurrencyException(Secret),
                "blocked" => new WorkflowBlockedException("公示期未满，不能进入下一环节", "The notice period has not run yet"),
                "bad" => new BadHttpRequestException("Malformed request body", StatusCodes.Status400BadRequest),
                _ => null,
            };
            return failure is null ? Task.FromResult(principal) : throw failure;
        }
    }
}
