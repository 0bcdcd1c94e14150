using Microsoft.Playwright;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// The dashboard and the printable report with the income section on a phone (390 px): the document is no wider than the
/// viewport (tables scroll inside their box, charts shrink), and the income headline is on the page.
/// </summary>
public sealed class StatsPhoneBrowserTests(BrowserReadHost host) : IClassFixture<BrowserReadHost>
{
    [Theory]
    [InlineData("/stats/990121000000?asOf=live&measures=true")]
    [InlineData("/stats/990121000000/report?asOf=live")]
    public async Task The_dashboard_with_income_does_not_scroll_sideways_on_a_phone(string path)
    {
        HeadlessChromium.SkipUnlessInstalled();
        var baseUrl = host.BaseUrl;
        await using var browser = await HeadlessChromium.SessionAsync();
        Directory.CreateDirectory(VillageClerkBrowserTests.ScreenshotFolder);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        // A host seeded a moment ago on a busy 2-core machine: the first home page and the report can take longer than 30 s.
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", "county");
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        // Signed in once the redirect is answered; the landing page's own load is not what this test is about.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        var response = await page.GotoAsync(baseUrl + path);

        Assert.Equal(200, response!.Status);
        Assert.True(await page.Locator("#stats-income").IsVisibleAsync());
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, $"stats{(path.Contains("report") ? "-report" : "")}-390.png"), FullPage = true });
        Assert.True(overflow <= 0, $"{path} at 390 px scrolls sideways by {overflow} px");
    }
}
