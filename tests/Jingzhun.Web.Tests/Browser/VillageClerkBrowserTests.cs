using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// The real host on a loopback port, driven by headless Chromium from Debian's package
/// (no browser download). Screenshots go to the test output folder, under screenshots/.
/// </summary>
public sealed class VillageClerkBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task A_village_clerk_sees_only_its_village_is_refused_another_by_url_and_signs_out()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite);
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        long otherVillageHousehold;
        await using (var db = host.OpenDatabase())
            otherVillageHousehold = await db.Households.Where(h => h.VillageCode == "990121001002").Select(h => h.Id).FirstAsync(Ct);

        await using var browser = await HeadlessChromium.SessionAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 }, Locale = "zh-CN" });

        await page.GotoAsync($"{baseUrl}/households");
        Assert.Contains("/account/login", page.Url);
        await page.FillAsync("#userName", "village");
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#search-results");
        Assert.EndsWith("/households", page.Url);

        var villages = await page.Locator("#search-results tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.village)");
        Assert.NotEmpty(villages);
        Assert.All(villages, v => Assert.Equal("990121001001", v));
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, "registry.png") });

        await page.ClickAsync("#search-results tbody tr:first-child a");
        await page.WaitForSelectorAsync("#members");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, "household.png"), FullPage = true });

        var refused = await page.GotoAsync($"{baseUrl}/households/{otherVillageHousehold}");
        Assert.Equal(404, refused!.Status);

        await page.GotoAsync($"{baseUrl}/households");
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync("**/account/login**");
        var afterSignOut = await page.GotoAsync($"{baseUrl}/households");
        Assert.Contains("/account/login", page.Url);
        Assert.Equal(200, afterSignOut!.Status);
    }
}
