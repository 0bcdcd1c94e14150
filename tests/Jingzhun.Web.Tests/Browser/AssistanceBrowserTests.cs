using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// Assistance in the browser (headless Debian Chromium, the real host on a loopback port), on a phone-sized screen: the demo
/// assistance cadre finds a newly paired poor household in its daily list, records a visit with a photo, makes the
/// household's plan and records a measure; the county officer's coverage report then counts one household fewer without
/// a plan, and the household page shows the visit, the plan and the measure. Screenshots at 390 pixels wide.
/// </summary>
public sealed class AssistanceBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";

    [Fact]
    public async Task A_cadre_records_a_visit_a_plan_and_a_measure_on_a_phone_and_the_county_sees_coverage_change()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite);
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var shots = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "assistance");
        Directory.CreateDirectory(shots);
        var householdId = await NewPoorHouseholdOfTheDemoCadreAsync(host);

        await using var browser = await HeadlessChromium.SessionAsync();

        // The county officer's coverage report before: the new household is one without a plan.
        var county = await SignInAsync(browser, baseUrl, "county", phone: false);
        var withoutPlanBefore = await UncoveredAsync(county, baseUrl, CoverageListName);
        Assert.Equal(1, await county.Locator($"#rows-{CoverageListName} tr[data-household='{householdId}']").CountAsync());

        // The cadre, on a phone: the daily list, the visit with a photo, the plan, the measure.
        var cadre = await SignInAsync(browser, baseUrl, "cadre", phone: true);
        await cadre.GotoAsync($"{baseUrl}/assistance/visits/mine");
        var entry = cadre.Locator($"#my-households li[data-household='{householdId}']");
        Assert.Contains("尚未走访", await entry.InnerTextAsync());
        await Shot(cadre, shots, "cadre-daily-list");
        await entry.Locator("a.record-visit").ClickAsync();
        await cadre.WaitForSelectorAsync("#visit-form");
        await cadre.FillAsync("#visit-place", "户主家中");
        await cadre.FillAsync("#visit-present", "户主及其配偶");
        await cadre.FillAsync("#visit-findings", "家中种植玉米三亩，缺少启动资金，有意养殖肉牛");
        await cadre.SetInputFilesAsync("#visit-photos", new FilePayload { Name = "visit.jpg", MimeType = "image/jpeg", Buffer = Jpeg() });
        await Shot(cadre, shots, "visit-form");
        await cadre.ClickAsync("#save-visit");
        await cadre.WaitForSelectorAsync("#household-visits");
        Assert.Contains("缺少启动资金", await cadre.InnerTextAsync("#visits"));
        Assert.Equal(1, await cadre.Locator("#visits img").CountAsync());

        await cadre.GotoAsync($"{baseUrl}/households/{householdId}/plan");
        await cadre.FillAsync("#plan-goals", "发展肉牛养殖，两年内人均纯收入稳定超过脱贫标准");
        await cadre.FillAsync("#plan-target", "8000");
        await Shot(cadre, shots, "plan-form");
        await cadre.ClickAsync("#save-plan");
        await cadre.WaitForSelectorAsync("#plan-in-force");

        await cadre.ClickAsync("#measure-new-link");
        await cadre.WaitForSelectorAsync("#measure-form");
        await cadre.SelectOptionAsync("#measure-type", nameof(MeasureType.Production));
        await cadre.FillAsync("#measure-description", "扶持养殖肉牛两头");
        await Shot(cadre, shots, "measure-form");
        await cadre.ClickAsync("#save-measure");
        await cadre.WaitForSelectorAsync("#plan-measures");
        Assert.Contains("扶持养殖肉牛两头", await cadre.InnerTextAsync("#plan-measures"));
        await Shot(cadre, shots, "household-plan");

        // The county officer: one household fewer without a plan, and it is no longer listed.
        var withoutPlanAfter = await UncoveredAsync(county, baseUrl, CoverageListName);
        Assert.Equal(withoutPlanBefore - 1, withoutPlanAfter);
        Assert.Equal(0, await county.Locator($"#rows-{CoverageListName} tr[data-household='{householdId}']").CountAsync());
        await Shot(county, shots, "county-coverage");

        await using var db = host.OpenDatabase();
        Assert.Equal(1, await db.Visits.CountAsync(v => v.HouseholdId == householdId, Ct));
        Assert.Equal(1, await db.VisitPhotos.CountAsync(p => p.HouseholdId == householdId, Ct));
        Assert.Equal(PlanState.InForce, (await db.Plans.SingleAsync(p => p.HouseholdId == householdId, Ct)).State);
        Assert.Equal(MeasureType.Production, (await db.Measures.SingleAsync(m => m.HouseholdId == householdId, Ct)).Type);
    }

    private static readonly string CoverageListName = nameof(Data.Assistance.CoverageList.HouseholdsWithoutPlan);

    /// <summary>A new poor household of the demo village, paired with the demo cadre's roster entry and without a plan.</summary>
    private static async Task<long> NewPoorHouseholdOfTheDemoCadreAsync(ApiHost host)
    {
        await using var db = host.OpenDatabase();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var form = WriteRoutes.NewForm();
        form.PrimaryCause = PovertyCause.LackOfCapital;
        var created = await RegistryEditing.CreateAsync(db, form,
            [WriteRoutes.NewMember(Relation.Head)], "浏览器测试", now, Ct);
        Assert.Equal(EditOutcome.Saved, created.Outcome);
        var household = created.Value!;
        household.ChangeStatus(HouseholdStatus.Poor, now.Year - 1, "浏览器测试", "test", now).Source = StatusChangeSource.InitialLoad;
        await db.SaveChangesAsync(Ct);
        var cadreId = await db.Cadres.Where(c => c.AccountId == db.Accounts.Single(a => a.UserName == "cadre").Id).Select(c => c.Id).SingleAsync(Ct);
        var paired = await Pairings.PairAsync(db, household.Id, cadreId, "新识别结对", DateOnly.FromDateTime(now), Ct);
        Assert.Equal(EditOutcome.Saved, paired.Outcome);
        return household.Id;
    }

    private static async Task<int> UncoveredAsync(IPage page, string baseUrl, string list)
    {
        await page.GotoAsync($"{baseUrl}/assistance/coverage/{County}");
        var cells = page.Locator($"#figure-{list} td.num");
        return int.Parse(await cells.Nth(2).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Jpeg()
    {
        using var image = new Image<Rgb24>(320, 240, new Rgb24(120, 160, 90));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private static async Task<IPage> SignInAsync(BrowserSession browser, string baseUrl, string user, bool phone)
    {
        var page = await browser.NewPageAsync(new()
        {
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 860 }, Locale = "zh-CN",
        });
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#current-user");
        return page;
    }

    /// <summary>The page as it is (a phone page stays at 390 px), full length; nothing may be wider than a phone screen.</summary>
    private static async Task Shot(IPage page, string folder, string name)
    {
        var width = page.ViewportSize?.Width ?? 1280;
        if (width > 390) await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth + 1 ? "" :
                [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
                    .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
            """);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-390.png"), FullPage = true });
        if (width > 390) await page.SetViewportSizeAsync(1280, 860);
        Assert.True(overflow.Length == 0, $"{name} is wider than a phone screen: {overflow}");
    }
}
