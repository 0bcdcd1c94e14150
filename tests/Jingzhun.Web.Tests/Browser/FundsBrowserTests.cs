using System.Text.RegularExpressions;
using Jingzhun.Domain.Funds;
using Jingzhun.Web.Tests.Funds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// The public disclosure of funds and projects in the browser (headless Debian Chromium, the real host on a loopback port), on a
/// phone-sized screen and without signing in: a villager opens the public funds page, chooses the county, opens a project's
/// disclosure, submits an objection and reads the receipt number. No page is wider than the 390-pixel screen.
/// </summary>
public sealed partial class FundsBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_anonymous_phone_user_opens_the_county_disclosure_page_objects_to_a_project_and_sees_the_receipt()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite);
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var shots = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "funds");
        Directory.CreateDirectory(shots);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var allocation = await PublicFundsFixture.AllocationAsync(host, 500_000m, Ct);
        var project = await PublicFundsFixture.ProjectAsync(host, ProjectStage.Approved, now, Ct, allocationId: allocation.Id);

        await using var browser = await HeadlessChromium.SessionAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });

        await page.GotoAsync($"{baseUrl}/public/funds");
        await Shot(page, shots, "public-funds");
        await page.ClickAsync($"li[data-county='{PublicFundsFixture.County}'] a");
        await page.WaitForSelectorAsync("#project-table");
        Assert.Contains(project.Name, await page.InnerTextAsync("#project-table"));
        Assert.Contains("500,000.00", await page.InnerTextAsync("#received-table"));
        await Shot(page, shots, "public-county");

        await page.ClickAsync($"tr[data-project='{project.ProjectId}'] div[data-disclosure='{project.DisclosureId}'] a");
        await page.WaitForSelectorAsync("#objection-form");
        Assert.Contains(project.Households[0].Number, await page.InnerTextAsync("#published-beneficiaries"));
        await Shot(page, shots, "public-disclosure");
        await page.FillAsync("#objection-text", "名单中有一户家庭条件较好，不应列为受益户");
        await page.FillAsync("#objection-contact", "村民张某");
        await page.ClickAsync("#objection-submit");
        await page.WaitForSelectorAsync("#receipt-number");
        var receipt = long.Parse(await page.InnerTextAsync("#receipt-number"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(Digits(), (await page.InnerTextAsync("#objection-outcomes")).Trim());
        await Shot(page, shots, "public-receipt");

        await using var db = host.OpenDatabase();
        var objection = await db.DisclosureObjections.SingleAsync(o => o.Id == receipt, Ct);
        Assert.Equal(project.DisclosureId, objection.DisclosureId);
        Assert.Equal("public", objection.SubmittedBy);
        Assert.Equal("村民张某", objection.Contact);
    }

    [GeneratedRegex("\\d")]
    private static partial Regex Digits();

    /// <summary>The page at 390 px, full length; nothing outside a scrolling table may be wider than the screen.</summary>
    private static async Task Shot(IPage page, string folder, string name)
    {
        var overflow = await page.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth + 1 ? "" :
                [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
                    .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
            """);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-390.png"), FullPage = true });
        Assert.True(overflow.Length == 0, $"{name} is wider than a phone screen: {overflow}");
    }
}
