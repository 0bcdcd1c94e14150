using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// Monitoring in the browser (headless Debian Chromium, the real host on a loopback port): a village clerk records a
/// screening visit that raises a signal, takes the home visit and the appraisal; the five-day notice runs (the test moves
/// the host's clock) and the township's check is taken on the data service; the county officer signs in and decides the
/// case, and the household page then shows the household under monitoring. Screenshots at 1280 and 390 pixels wide.
/// </summary>
public sealed class MonitoringBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_village_clerk_records_a_screening_visit_that_raises_a_signal_and_the_county_officer_decides_it()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite); // the default size: its template is built anyway, and village 001 has a household free of monitoring
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var shots = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "monitoring");
        Directory.CreateDirectory(shots);
        long householdId;
        await using (var db = host.OpenDatabase())
            householdId = await db.Households.Where(h => h.VillageCode == "990121001001" && (h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.NotPoor))
                .Where(h => !db.MonitoredObjects.Any(m => m.HouseholdId == h.Id) && !db.Cases.Any(c => c.HouseholdId == h.Id && c.ClosedAt == null))
                .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);

        await using var browser = await HeadlessChromium.SessionAsync();

        // The village clerk: the screening visit on the household page raises a signal and opens monitoring work.
        var clerk = await SignInAsync(browser, baseUrl, "village");
        await clerk.GotoAsync($"{baseUrl}/households/{householdId}#monitoring");
        await clerk.FillAsync("#screening-findings", "户主突发重病住院，自付医疗费用较大");
        await clerk.CheckAsync("#screening-risk");
        await clerk.SelectOptionAsync("#screening-kind", nameof(RiskKind.MedicalExpense));
        await clerk.ClickAsync("#record-screening");
        await clerk.WaitForSelectorAsync("#signals tr.signal[data-channel='Screening']");
        Assert.Contains("待核查", await clerk.InnerTextAsync("#signals"));
        Assert.Contains("还剩15天", await clerk.InnerTextAsync("#monitoring-clock"));
        await Shot(clerk, shots, "household-signal");

        // The case: to the home visit, the home visit form, the appraisal and on to the notice.
        await clerk.ClickAsync("#monitoring-case a");
        await clerk.WaitForSelectorAsync("#decision-clock");
        var caseId = long.Parse(clerk.Url.Split('/')[^1].Split('#')[0], System.Globalization.CultureInfo.InvariantCulture);
        await AdvanceAsync(clerk, "到户核查", Stage.HomeVisit);
        await clerk.FillAsync("#visit-income", "4800");
        await clerk.FillAsync("#visit-medical", "42000");
        await clerk.SelectOptionAsync("#visit-type", nameof(MonitoringCategory.SuddenHardship));
        await clerk.CheckAsync("input[name='Visit.Causes'][value='Illness']");
        await clerk.FillAsync("#visit-findings", "入户核实：住院属实，预计人均纯收入低于监测线");
        await Shot(clerk, shots, "home-visit-form");
        await clerk.ClickAsync("#record-home-visit");
        await clerk.WaitForSelectorAsync(".home-visit-record");
        await AdvanceAsync(clerk, "核查属实", Stage.VillageAppraisal);
        await AdvanceAsync(clerk, "村民代表评议通过", Stage.MonitoringNotice);
        await Shot(clerk, shots, "case-on-notice");

        // Five days of notice; the township's check on the data service.
        host.Clock.Advance(TimeSpan.FromDays(5.1));
        var now = host.Clock.GetUtcNow().UtcDateTime;
        await using (var db = As(host, "village")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("公示无异议"), now, Ct);
        await using (var db = As(host, "township")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("乡镇审核同意"), now, Ct);

        // The county officer decides in the browser.
        var county = await SignInAsync(browser, baseUrl, "county");
        await county.GotoAsync($"{baseUrl}/cases/{caseId}");
        Assert.Equal(nameof(Stage.CountyComparison), await county.GetAttributeAsync("#case-stage", "data-stage"));
        await Shot(county, shots, "county-decides");
        await AdvanceAsync(county, "比对审定，纳入监测", Stage.Recognised);

        await county.GotoAsync($"{baseUrl}/households/{householdId}#monitoring");
        Assert.Equal("监测中", (await county.InnerTextAsync("#monitoring-state")).Trim());
        Assert.Contains("已纳入监测", await county.InnerTextAsync("#signals"));
        await Shot(county, shots, "household-monitored");
        await county.ClickAsync("#monitoring-object-link");
        await county.WaitForSelectorAsync("#object-facts");
        Assert.Equal(nameof(RiskState.Monitoring), await county.GetAttributeAsync("#object-state", "data-state"));
        await Shot(county, shots, "monitored-object");

        await using (var db = host.OpenDatabase())
        {
            var monitored = await db.MonitoredObjects.SingleAsync(m => m.HouseholdId == householdId, Ct);
            Assert.Equal((MonitoringCategory.SuddenHardship, RiskClass.SuddenHardship, DiscoveryChannel.Screening), (monitored.Type, monitored.RiskClass, monitored.Channel));
        }
    }

    private static JingzhunDbContext As(ApiHost host, string user) =>
        JingzhunDb.Create(DatabaseTarget.Parse(host.Database), AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), host.Clock);

    private static async Task<IPage> SignInAsync(BrowserSession browser, string baseUrl, string user)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 }, Locale = "zh-CN" });
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#current-user");
        Assert.Equal(1, await page.Locator("#nav-monitoring").CountAsync());
        return page;
    }

    private static async Task AdvanceAsync(IPage page, string comment, Stage to)
    {
        await page.FillAsync("#comment", comment);
        await page.ClickAsync("#advance");
        await page.WaitForSelectorAsync($"#case-stage[data-stage='{to}']");
    }

    /// <summary>The page at desktop width and at phone width (390 px), full length.</summary>
    private static async Task Shot(IPage page, string folder, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth + 1 ? "" :
                [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
                    .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
            """);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 860);
        Assert.True(overflow.Length == 0, $"{name} is wider than a phone screen: {overflow}");
    }
}
