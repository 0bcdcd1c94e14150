using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// Every demo role's pages in headless Chromium on a phone (390×844) and a desktop (1280×800), on the demo host with
/// its history: no page is wider than the screen, the desktop header stays on one line, the pages a village clerk,
/// work-team member, assistance cadre or villager uses have tap targets of at least 44 px, and no internal identifier
/// (True/False, ISO timestamps, class or enum names on Chinese pages) is on screen. The sweep runs once for the class;
/// each fact reads its findings. With JINGZHUN_SCREENSHOTS=folder it also writes the README's screenshots there.
/// </summary>
public sealed class EveryRolePageBrowserTests(EveryRolePageBrowserTests.Sweep sweep) : IClassFixture<EveryRolePageBrowserTests.Sweep>
{
    [Fact]
    public void No_page_scrolls_sideways_on_a_phone_or_a_desktop()
    {
        HeadlessChromium.SkipUnlessInstalled();
        Assert.True(sweep.Visits.Count > 100, $"the sweep saw only {sweep.Visits.Count} pages");
        var wide = sweep.Visits.Where(v => v.Overflow > 0).Select(v => $"{v} is {v.Overflow} px wider than the screen").ToList();
        Assert.True(wide.Count == 0, string.Join('\n', wide));
    }

    [Fact]
    public void Every_page_a_role_sees_in_its_menu_opens()
    {
        HeadlessChromium.SkipUnlessInstalled();
        var failed = sweep.Visits.Where(v => v.Status != 200).Select(v => $"{v} answered {v.Status}").ToList();
        Assert.True(failed.Count == 0, string.Join('\n', failed));
    }

    [Fact]
    public void The_desktop_header_fits_on_one_line()
    {
        HeadlessChromium.SkipUnlessInstalled();
        var wrapped = sweep.Visits.Where(v => v.Width > PhoneWidth && v.HeaderHeight > 64).Select(v => $"{v}: the header is {v.HeaderHeight} px tall").ToList();
        Assert.True(wrapped.Count == 0, string.Join('\n', wrapped));
    }

    [Fact]
    public void Tap_targets_are_at_least_44_px_on_the_phone_pages()
    {
        HeadlessChromium.SkipUnlessInstalled();
        var small = sweep.Visits.Where(v => v.Width == PhoneWidth && PhoneRoles.Contains(v.Role))
            .SelectMany(v => v.SmallTargets.Select(t => $"{v}: {t}")).ToList();
        Assert.True(small.Count == 0, $"{small.Count} small tap targets:\n" + string.Join('\n', small.Take(200)));
    }

    [Fact]
    public void No_internal_identifier_is_on_screen()
    {
        HeadlessChromium.SkipUnlessInstalled();
        var words = sweep.Visits.Where(v => v.Width == PhoneWidth)
            .SelectMany(v => v.Words.Select(w => $"{v}: «{w}»")).ToList();
        Assert.True(words.Count == 0, $"{words.Count} internal words:\n" + string.Join('\n', words.Take(200)));
    }

    [Fact]
    public async Task The_phone_menu_opens_and_closes_without_javascript()
    {
        HeadlessChromium.SkipUnlessInstalled();
        await using var context = await sweep.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = PhoneWidth, Height = 844 }, Locale = "zh-CN", JavaScriptEnabled = false,
        });
        var page = await SignInAsync(context, sweep.BaseUrl, "village");

        Assert.False(await page.Locator("#nav-notices").IsVisibleAsync());
        await page.ClickAsync("#menu-button");
        Assert.True(await page.Locator("#nav-notices").IsVisibleAsync());
        Assert.True(await page.Locator("#sign-out").IsVisibleAsync());
        await page.ClickAsync("#nav-more summary");
        Assert.True(await page.Locator("#nav-audit").IsVisibleAsync());
        await page.ClickAsync("#nav-notices");
        await page.WaitForURLAsync("**/notices");
        Assert.False(await page.Locator("#nav-notices").IsVisibleAsync()); // a new page starts with the menu folded

        await page.SetViewportSizeAsync(1280, 800);
        Assert.True(await page.Locator("#nav-notices").IsVisibleAsync()); // a desktop shows it without a tap
        Assert.False(await page.Locator("#menu-button").IsVisibleAsync());
    }

    public const int PhoneWidth = 390;

    /// <summary>The people who work on a phone: village clerks, work teams, assistance cadres and, anonymously, villagers.</summary>
    public static readonly string[] PhoneRoles = ["village", "village2", "workteam", "cadre", Anonymous];

    public const string Anonymous = "villager";

    public static readonly string[] Roles =
        ["admin", "nation", "province", "city", "county", "township", "village", "village2", "workteam", "cadre", "auditor", "assessor"];

    public sealed record Visit(string Role, int Width, string Path, int Status, int Overflow, int HeaderHeight,
        IReadOnlyList<string> SmallTargets, IReadOnlyList<string> Words, long Milliseconds)
    {
        public override string ToString() => $"{Role} {Path} at {Width} px";
    }

    /// <summary>One demo host, one browser, every role's pages at both widths.</summary>
    public sealed class Sweep : IAsyncLifetime
    {
        private ApiHost? _host;
        public BrowserSession Browser { get; private set; } = null!;
        public string BaseUrl { get; private set; } = "";
        public List<Visit> Visits { get; } = [];

        private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("JINGZHUN_SCREENSHOTS");

        public async ValueTask InitializeAsync()
        {
            if (!File.Exists(HeadlessChromium.Path)) return;
            _host = new ApiHost(Engine.Sqlite, households: 300, settings: new() { ["demo-history"] = "true" }); // every page of every role, twice: a smaller county keeps the sweep short
            _host.UseKestrel(0);
            _host.StartServer();
            BaseUrl = _host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            Browser = await HeadlessChromium.SessionAsync();
            if (ScreenshotFolder is not null) Directory.CreateDirectory(ScreenshotFolder);

            foreach (var role in Roles) await SweepRoleAsync(role);
            await SweepVillagerAsync();
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "every-role-pages.txt"), Report());
        }

        private async Task SweepRoleAsync(string role)
        {
            await using var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = PhoneWidth, Height = 844 }, Locale = "zh-CN" });
            var page = await SignInAsync(context, BaseUrl, role);
            var paths = await PathsOfAsync(page);
            foreach (var (width, height) in new[] { (PhoneWidth, 844), (1280, 800) })
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var path in paths) await VisitAsync(page, role, width, path);
            }
            if (role is "township" or "county")
            {
                // English words are longer: the desktop header must still keep one line.
                await page.GotoAsync(BaseUrl + "/lang/en?returnUrl=%2F");
                foreach (var path in paths.Take(3)) await VisitAsync(page, $"{role} in English", 1280, path);
            }
        }

        private async Task SweepVillagerAsync()
        {
            await using var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = PhoneWidth, Height = 844 }, Locale = "zh-CN" });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);
            page.SetDefaultNavigationTimeout(120_000);
            await page.GotoAsync(BaseUrl + "/public/notices");
            var paths = new List<string> { "/public/notices" };
            if (await FirstLinkAsync(page, "li.notice a") is { } notice) paths.Add(notice);
            paths.AddRange(["/public/funds", "/public/funds/990121001001", "/public/monitoring/apply", "/public/monitoring/receipt", "/account/login"]);
            foreach (var (width, height) in new[] { (PhoneWidth, 844), (1280, 800) })
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var path in paths) await VisitAsync(page, Anonymous, width, path);
            }
        }

        /// <summary>The role's menu, then one household, one case and one notice reached through its lists.</summary>
        private async Task<List<string>> PathsOfAsync(IPage page)
        {
            await page.GotoAsync(BaseUrl + "/");
            var paths = new List<string> { "/" };
            foreach (var href in await page.Locator("header.top nav a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                if (!href.StartsWith("/scalar", StringComparison.Ordinal) && !paths.Contains(href)) paths.Add(href);
            foreach (var (list, link) in new[] { ("/households", "#search-results tbody a"), ("/cases", "#cases tbody a[href^='/cases/']"), ("/notices", "#notices a[href^='/notices/']") })
            {
                if (!paths.Contains(list)) continue;
                await page.GotoAsync(BaseUrl + list);
                if (await FirstLinkAsync(page, link) is { } detail) paths.Add(detail);
            }
            return paths;
        }

        private static async Task<string?> FirstLinkAsync(IPage page, string selector)
        {
            var links = page.Locator(selector);
            return await links.CountAsync() == 0 ? null : await links.First.GetAttributeAsync("href");
        }

        private async Task VisitAsync(IPage page, string role, int width, string path)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await page.GotoAsync(BaseUrl + path);
            var loaded = clock.ElapsedMilliseconds;
            await ScreenshotAsync(page, role, width, path);
            // Unfold the phone menu and every <details> so that what they hide is measured and read too.
            var found = await page.EvaluateAsync<JsonElement>(MeasureScript, width == PhoneWidth);
            Visits.Add(new Visit(role, width, path, response?.Status ?? 0,
                found.GetProperty("overflow").GetInt32(), found.GetProperty("header").GetInt32(),
                found.GetProperty("small").EnumerateArray().Select(e => e.GetString()!).ToList(),
                PlainWords.Findings(found.GetProperty("text").GetString()!, found.GetProperty("chinese").GetBoolean()), loaded));
        }

        private const string MeasureScript = """
            phone => {
              const toggle = document.getElementById('menu-toggle');
              if (toggle) toggle.checked = true;
              document.querySelectorAll('details').forEach(d => d.open = true);
              const visible = e => {
                const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0';
              };
              const small = [];
              // Tap targets and words are read on the phone; the desktop pass measures the width and the header only.
              for (const e of phone ? document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary') : []) {
                if (!visible(e)) continue;
                // A checkbox or radio is tapped through its label.
                let target = e;
                if (e.matches('input[type=checkbox], input[type=radio]'))
                  target = e.closest('label') || (e.id && document.querySelector(`label[for="${e.id}"]`)) || e;
                const r = target.getBoundingClientRect();
                if (r.height < 43.5 || r.width < 43.5) {
                  const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('type') ? `[${e.getAttribute('type')}]` : '');
                  const text = (e.innerText || e.value || e.getAttribute('href') || '').trim().slice(0, 24);
                  small.push(`${name} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`);
                }
              }
              const header = document.querySelector('header.top');
              if (toggle) toggle.checked = false;
              // The audit log's raw record (stored JSON, for auditors who ask for it) is folded away: read the page as shown.
              for (const d of document.querySelectorAll('details.raw-record')) d.open = false;
              return {
                overflow: document.documentElement.scrollWidth - window.innerWidth,
                header: header ? Math.round(header.getBoundingClientRect().height) : 0,
                small,
                text: phone ? document.body.innerText : '',
                chinese: document.documentElement.lang.startsWith('zh'),
              };
            }
            """;

        /// <summary>The README's pictures: the village clerk's main pages and a public notice, phone and desktop.</summary>
        private static async Task ScreenshotAsync(IPage page, string role, int width, string path)
        {
            if (ScreenshotFolder is null) return;
            string? name = (role, path) switch
            {
                ("village", "/") => "phone-home",
                ("village", "/households") => "phone-search",
                ("village", _) when path.StartsWith("/households/", StringComparison.Ordinal) => "phone-household",
                ("village", _) when path.StartsWith("/cases/", StringComparison.Ordinal) => "phone-case",
                (Anonymous, _) when path.StartsWith("/public/notices/", StringComparison.Ordinal) => "phone-public-notice",
                _ => null,
            };
            if (name is null) return;
            await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png") });
        }

        private string Report()
        {
            var text = new StringBuilder();
            foreach (var v in Visits)
            {
                text.AppendLine($"{v} status {v.Status} overflow {v.Overflow} header {v.HeaderHeight} ms {v.Milliseconds}");
                foreach (var t in v.SmallTargets) text.AppendLine($"  small: {t}");
                foreach (var w in v.Words) text.AppendLine($"  word: {w}");
            }
            return text.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            if (Browser is not null) await Browser.DisposeAsync();
            _host?.Dispose();
        }
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, string baseUrl, string user)
    {
        var page = await context.NewPageAsync();
        // A freshly seeded host on a busy 2-core machine also fills its statistics in the background: wait as a patient user would.
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }
}
