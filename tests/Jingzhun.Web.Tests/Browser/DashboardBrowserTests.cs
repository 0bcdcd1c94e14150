using Microsoft.Playwright;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>A county officer reads the dashboard's charts, prints the report, revises the annual plan and drills from the county down to a village's households, in headless Chromium.</summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task A_county_officer_drills_the_dashboard_from_the_county_to_a_village_and_its_households()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite, settings: new() { ["demo-history"] = "true" });
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        await using var browser = await HeadlessChromium.SessionAsync();
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
        // The new charts, each on its own: the year-on-year lines, the treemap of the townships, the measures.
        Assert.Equal(3, await page.Locator("#stats-trend svg polyline").CountAsync());
        Assert.Equal(8, await page.Locator("#stats-treemap svg rect.tile").CountAsync());
        await page.Locator("#stats-trend svg").ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "dashboard-trend.png") });
        await page.Locator("#stats-treemap svg").ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "dashboard-treemap.png") });
        // The measures read the registry, so the dashboard computes them only when asked.
        Assert.Equal(0, await page.Locator("#stats-fgt").CountAsync());
        await page.ClickAsync("#stats-compute-measures");
        await page.WaitForSelectorAsync("#stats-fgt");
        await page.Locator("#stats-measures").ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "dashboard-measures.png") });

        // The printable report, as printed: A4, print styles, no navigation.
        await page.ClickAsync("#stats-report");
        await page.WaitForSelectorAsync("article.stats-report");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("nav").IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "report-county.png"), FullPage = true });
        var pdf = await page.PdfAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "report-county.pdf"), PreferCSSPageSize = true, PrintBackground = true });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The annual plan: a county officer revises this year's plan and the dashboard compares it with the exits.
        await page.GotoAsync($"{baseUrl}/stats/990121000000/plan");
        await page.FillAsync("#Input_PlannedHouseholds", "120");
        await page.FillAsync("#Input_PlannedPeople", "400");
        await page.FillAsync("#Input_Note", "年中调整 / mid-year revision");
        await page.ClickAsync("#plan-form button[type=submit]");
        await page.WaitForSelectorAsync("#plan-saved");
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "plan-county.png"), FullPage = true });
        await page.GotoAsync($"{baseUrl}/stats");
        Assert.Contains("%", await page.InnerTextAsync("#stats-plan-percent"));
        await page.GotoAsync($"{baseUrl}/stats");

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
