using Jingzhun.Web.Tests.Api;
using Microsoft.Playwright;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>A county officer drills the statistics dashboard from the county down to a village's households, in headless Chromium.</summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task A_county_officer_drills_the_dashboard_from_the_county_to_a_village_and_its_households()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite, households: 2_000, settings: new() { ["demo-history"] = "true" });
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", "county");
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync($"{baseUrl}/");

        await page.GotoAsync($"{baseUrl}/stats");
        await page.WaitForSelectorAsync("#stats-children");
        Assert.Contains("示例县", await page.InnerTextAsync("h1"));
        Directory.CreateDirectory(VillageClerkBrowserTests.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "dashboard-county.png"), FullPage = true });

        await page.ClickAsync("#stats-children tbody tr:first-child a");   // a township
        await page.WaitForSelectorAsync("#stats-up");
        await page.ClickAsync("#stats-children tbody tr:first-child a");   // its first village
        await page.WaitForSelectorAsync("#stats-households");
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "dashboard-village.png"), FullPage = true });

        await page.ClickAsync("#stats-households");
        await page.WaitForSelectorAsync("#search-results");
        var villages = await page.Locator("#search-results tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.village)");
        Assert.NotEmpty(villages);
        Assert.Single(villages.Distinct());
    }
}
