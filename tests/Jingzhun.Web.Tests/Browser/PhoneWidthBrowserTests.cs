using Microsoft.Playwright;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// The newer pages on a phone (390 px) and a desktop (1280 px): nothing makes the page itself scroll sideways
/// (wide tables scroll inside their own box), and the main control of each page is on screen. Screenshots go to
/// screenshots/ in the test output, named page-width.png.
/// </summary>
public sealed class PhoneWidthBrowserTests(BrowserReadHost host) : IClassFixture<BrowserReadHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Who opens the page, where, and the element that must be visible on it.</summary>
    public static TheoryData<string, string, string, string> Pages => new()
    {
        { "region-township", "county", "/regions/990121001000", "main h1" },
        { "accounts-import", "admin", "/accounts/import", "input[type=file]" },
        { "households-import", "county", "/households/import", "input[name=initialLoad]" },
        { "audit-reads", "county", "/audit", "#audit-entries, #no-results" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_fits_a_phone_and_a_desktop_without_sideways_scrolling(string name, string user, string path, string control)
    {
        HeadlessChromium.SkipUnlessInstalled();
        var baseUrl = host.BaseUrl;
        await using var browser = await HeadlessChromium.SessionAsync();
        Directory.CreateDirectory(VillageClerkBrowserTests.ScreenshotFolder);

        foreach (var width in new[] { 390, 1280 })
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 844 }, Locale = "zh-CN" });
            await page.GotoAsync($"{baseUrl}/account/login");
            await page.FillAsync("#userName", user);
            await page.FillAsync("#password", "demo2025");
            await page.ClickAsync("#sign-in");
            // Signed in once the redirect is answered; the landing page's own load is not what this test is about.
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

            var response = await page.GotoAsync(baseUrl + path);

            Assert.Equal(200, response!.Status);
            Assert.True(await page.Locator(control).First.IsVisibleAsync(), $"{control} is not visible on {path} at {width} px");
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
            Assert.True(overflow <= 0, $"{path} at {width} px scrolls sideways by {overflow} px");
            await page.CloseAsync();
        }
    }
}
