using System.Net;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// What a role is shown is what it may use. For every demo role, a walk over the pages reachable from the home page
/// by the links that role is shown (home, registry search, a household, statistics, regions, cases, lists, notices, and
/// whatever else they link to): every same-site link shown answers without refusal; the links and buttons a role must
/// not be offered are absent; and where a capability's link is hidden the server refuses it too (page and server agree).
/// </summary>
public abstract partial class LinkVisibilityTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How many pages (distinct URLs) one role's walk may request; the walk parses one page of each shape.</summary>
    private const int MaxRequests = 300;

    /// <summary>How many distinct URLs of one shape (say /households/{n}) are requested; only the first is parsed.</summary>
    private const int PerShape = 4;

    /// <summary>Capabilities whose link is shown exactly to the roles the server lets in (GET answers 200 iff shown).</summary>
    private static readonly string[] Capabilities = ["/households/new", "/households/import", "/accounts", "/accounts/new"];

    private static readonly string[] FieldRoles = ["township", "village", "village2", "workteam", "cadre"];

    public static TheoryData<string> Users() => [.. DemoAccounts.All.Select(a => a.UserName)];

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_link_a_role_is_shown_is_one_it_may_use_and_the_rest_are_hidden(string user)
    {
        var account = DemoAccounts.All.Single(a => a.UserName == user);
        var walk = await WalkAsync(user);
        var problems = new List<string>(walk.Broken);

        // Pages and buttons seen on the walk.
        Assert.Contains("/", walk.Visited);
        // Collaboration: a partner account is outside the registry: its own assistance pages, nothing of households, notices or figures.
        if (account.Role == Role.Partner)
        {
            Assert.Contains("/collaboration", walk.Visited);
            Assert.Contains("/collaboration/inputs", walk.Visited);
            Assert.DoesNotContain(walk.Visited, u => HouseholdPage().IsMatch(u));
            foreach (var hidden in new[] { "/stats", "/cases", "/lists", "/accounts" }) Assert.DoesNotContain(hidden, walk.Links);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            return;
        }
        Assert.Contains("/households", walk.Visited);
        Assert.Contains(walk.Visited, u => HouseholdPage().IsMatch(u));
        foreach (var main in new[] { "/regions", "/notices" }) Assert.Contains(main, walk.Visited);
        var readsRegion = account.Role is not Role.Assessor;
        foreach (var main in new[] { "/stats", "/cases", "/lists" })
            Assert.True(walk.Visited.Contains(main) == readsRegion, $"{user}: {main} {(readsRegion ? "not reached" : "reached")}");

        // Developer API: administrators and national and province officers only; field roles never.
        var seesApi = account.Role is Role.SystemAdministrator or Role.NationalOfficer or Role.ProvinceOfficer;
        Assert.True(walk.Links.Contains("/scalar/v1") == seesApi, $"{user}: API link {(seesApi ? "missing" : "shown")}");
        Assert.True(walk.Links.Any(l => l.StartsWith("/api/stats", StringComparison.Ordinal)) == (seesApi), $"{user}: statistics JSON link");
        if (FieldRoles.Contains(user)) Assert.DoesNotContain(walk.Links, l => l.StartsWith("/scalar", StringComparison.Ordinal) || l.StartsWith("/openapi", StringComparison.Ordinal));

        // Account administration: shown iff the account administers accounts.
        var administers = AccessScope.For(account).CanAdministerAccounts;
        Assert.True(walk.Links.Contains("/accounts") == administers, $"{user}: accounts link");

        // Assistance cadres register and import no households.
        if (account.Role == Role.AssistanceCadre)
        {
            Assert.DoesNotContain("/households/new", walk.Links);
            Assert.DoesNotContain("/households/import", walk.Links);
        }

        // Up a level never goes above the reader's own region: every statistics link stays inside it.
        var prefix = AccessScope.For(account).RegionPrefix;
        foreach (var stats in walk.Links.Where(l => l.StartsWith("/stats/", StringComparison.Ordinal)))
        {
            var code = stats["/stats/".Length..].Split('/', '?')[0];
            if (!code.StartsWith(prefix, StringComparison.Ordinal)) problems.Add($"{stats}: statistics above the region {prefix}");
        }
        if (account.Role is Role.VillageClerk or Role.WorkTeamMember or Role.AssistanceCadre)
            Assert.DoesNotContain(walk.Pages, p => p.Url.StartsWith("/stats", StringComparison.Ordinal) && p.Html.Contains("id=\"stats-up\"", StringComparison.Ordinal));

        // Auditors and assessors change nothing: no edit, new or import link, and no form that posts (but signing out) —
        // except an assessor's forms of its own sample (the demo assessment assigns it one, visits under way).
        if (account.Role is Role.Auditor or Role.Assessor)
        {
            problems.AddRange(walk.Links.Where(l => EditLink().IsMatch(l)).Select(l => $"{l}: an edit link for a role that changes nothing"));
            // The public notice page takes objections from anyone, signed in or not. An export posts to start its job, but
            // only reads: the file holds what the role may read, masked as its reading is (ExportJobs).
            problems.AddRange(walk.PostForms.Where(f => f != "/account/logout" && !f.StartsWith("/public/", StringComparison.Ordinal) && f != "/exports"
                    && !(account.Role == Role.Assessor && (f.StartsWith("/assessment/samples/", StringComparison.Ordinal) || f.StartsWith("/assessment/mine", StringComparison.Ordinal))))
                .Select(f => $"{f}: a form that posts, for a role that changes nothing"));
        }

        // Shown iff allowed: a capability's link is on the role's pages exactly when the server lets the role open it.
        foreach (var capability in Capabilities)
        {
            var status = (await (await Host.SignInAsync(user)).GetAsync(capability, Ct)).StatusCode;
            var shown = walk.Links.Contains(capability);
            if (shown != (status == HttpStatusCode.OK)) problems.Add($"{capability}: {(shown ? "shown" : "hidden")} but the server answers {(int)status}");
        }

        // Case actions: where a case page offers no action, the server refuses the step too (nothing is changed).
        var client = await Host.SignInAsync(user);
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/", Ct));
        foreach (var page in walk.Pages.Where(p => CasePage().IsMatch(p.Url) && !p.Html.Contains("id=\"advance-form\"", StringComparison.Ordinal)).Take(3))
        {
            var response = await client.PostAsync($"{page.Url}?handler=Advance", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["comment"] = "越权", ["votesFor"] = "9", ["votesAgainst"] = "0",
            }), Ct);
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Conflict))
                problems.Add($"{page.Url}: no action shown, but advancing answered {(int)response.StatusCode}");
        }

        Assert.True(problems.Count == 0, $"{user} ({account.Role}), {walk.Requests} requests:\n" + string.Join("\n", problems));
    }

    private sealed record Page(string Url, string Html);

    private sealed class Walk
    {
        public HashSet<string> Visited { get; } = [];
        public HashSet<string> Links { get; } = [];
        public HashSet<string> PostForms { get; } = [];
        public List<Page> Pages { get; } = [];
        public List<string> Broken { get; } = [];
        public int Requests { get; set; }
    }

    /// <summary>
    /// From the home page, requests the same-site links shown (GET) — a few of each shape (a path with its ids and region
    /// codes as {n}, a handler kept) — and parses the first page of each shape for further links. Every link requested must
    /// answer below 400; every link seen is kept for the checks on what is shown.
    /// </summary>
    private async Task<Walk> WalkAsync(string user)
    {
        var client = await Host.SignInAsync(user);
        var walk = new Walk();
        var shapes = new Dictionary<string, int>();
        var queue = new Queue<(string Url, string From)>();
        queue.Enqueue(("/", "sign-in"));
        var requested = new HashSet<string>();
        while (queue.TryDequeue(out var next) && walk.Requests < MaxRequests)
        {
            var (url, from) = next;
            if (!requested.Add(url)) continue;
            var shape = Shape(url);
            // A sample of each shape is requested (the first few links of it), and one page of it parsed.
            var seen = shapes.GetValueOrDefault(shape);
            if (seen >= PerShape) continue;
            shapes[shape] = seen + 1;
            var parse = seen == 0;
            walk.Requests++;
            using var response = await client.GetAsync(url, Ct);
            var status = (int)response.StatusCode;
            if (status >= 400)
            {
                walk.Broken.Add($"{url} (shown on {from}) answered {status}");
                continue;
            }
            walk.Visited.Add(url);
            if (!parse || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync(Ct);
            walk.Pages.Add(new Page(url, html));
            foreach (Match form in PostForm().Matches(html)) walk.PostForms.Add(WebUtility.HtmlDecode(form.Groups[1].Value));
            foreach (Match link in Link().Matches(html))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal)) continue;
                walk.Links.Add(href);
                // Not followed: the language switch (changes the cookie), downloads (large, not pages).
                if (href.StartsWith("/lang/", StringComparison.Ordinal) || href.StartsWith("/css/", StringComparison.Ordinal)
                    || href.Contains("export", StringComparison.Ordinal) || href.Contains("Xlsx", StringComparison.Ordinal) || href.EndsWith(".xlsx", StringComparison.Ordinal))
                    continue;
                queue.Enqueue((href, url));
            }
        }
        return walk;
    }

    /// <summary>A URL's shape: ids and region codes as {n}, the query reduced to its handler.</summary>
    private static string Shape(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? url : url[..q];
        var handler = q < 0 ? "" : Regex.Match(url[q..], "handler=([A-Za-z]+)").Groups[1].Value;
        return Id().Replace(path, "/{n}") + (handler.Length > 0 ? "?handler=" + handler : "") + (url.Contains("print=true", StringComparison.Ordinal) ? "?print" : "");
    }

    [GeneratedRegex("<a\\b[^>]*\\bhref=\"([^\"]*)\"")]
    private static partial Regex Link();

    [GeneratedRegex("<form\\b[^>]*\\bmethod=\"post\"[^>]*\\baction=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex PostForm();

    [GeneratedRegex("/\\d{1,12}(?=/|$)")]
    private static partial Regex Id();

    [GeneratedRegex("^/households/\\d+$")]
    private static partial Regex HouseholdPage();

    [GeneratedRegex("^/cases/\\d+$")]
    private static partial Regex CasePage();

    [GeneratedRegex("/(edit|new|import)(\\?|$)|/incomes/|/members/new")]
    private static partial Regex EditLink();
}

public sealed class LinkVisibilityOnSqlite(SqliteDemoHost host) : LinkVisibilityTests(host), IClassFixture<SqliteDemoHost>;
