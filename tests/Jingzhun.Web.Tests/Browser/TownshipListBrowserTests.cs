using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Tests.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// A township officer reviews a village's identification list in one sitting in headless Chromium:
/// one household returned with a reason, the rest approved on to the township notice.
/// </summary>
public sealed class TownshipListBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_township_officer_returns_one_household_of_a_village_list_with_a_reason_and_approves_the_rest()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite);
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var (batchId, caseIds) = await ListAtTownshipReviewAsync(host, households: 6);

        await using var browser = await HeadlessChromium.SessionAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", "township");
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        // Signed in once the redirect is answered; the landing page's own load is not what this test is about.
        await page.WaitForURLAsync(u => !u.Contains("/account/login"), new() { WaitUntil = WaitUntilState.Commit });

        await page.GotoAsync($"{baseUrl}/lists");
        await page.ClickAsync($"tr[data-list='{batchId}'] a");
        await page.WaitForSelectorAsync("#decide");
        Assert.Equal(caseIds.Count, await page.Locator("input.return-box").CountAsync());
        var returned = caseIds[0];
        await page.CheckAsync($"#return-{returned}");
        await page.FillAsync($"#reason-{returned}", "家庭收入核实有误，请重新入户核实");
        await page.FillAsync("#comment", "乡镇审核通过");
        Directory.CreateDirectory(VillageClerkBrowserTests.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "township-list.png"), FullPage = true });
        await page.ClickAsync("#decide");
        await page.WaitForSelectorAsync("#list-cases");
        Assert.EndsWith($"/lists/{batchId}", page.Url);
        await page.ScreenshotAsync(new() { Path = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "township-list-decided.png"), FullPage = true });

        await using var db = host.OpenDatabase();
        var cases = await db.Cases.Include(c => c.Steps).Where(c => c.BatchId == batchId).ToListAsync(Ct);
        var back = cases.Single(c => c.Id == returned);
        Assert.Equal(Stage.Verification, back.Stage);
        Assert.Contains(back.Steps, s => s.Action == StepAction.Return && s.Actor == "township" && s.Comment == "家庭收入核实有误，请重新入户核实");
        Assert.All(cases.Where(c => c.Id != returned), c =>
        {
            Assert.Equal(Stage.SecondNotice, c.Stage);
            Assert.Contains(c.Steps, s => s.Action == StepAction.Advance && s.Actor == "township" && s.Comment == "乡镇审核通过");
        });
    }

    /// <summary>The village clerk lists new low-income households and takes the list through review, verification and the village notice.</summary>
    private static async Task<(long BatchId, List<long> CaseIds)> ListAtTownshipReviewAsync(ApiHost host, int households)
    {
        var ids = new List<long>();
        await using (var system = host.OpenDatabase())
            for (var i = 0; i < households; i++)
                ids.Add((await CaseFixtures.CreateHouseholdAsync(system, HouseholdStatus.NotPoor, 1_500m, Ct)).Id);
        var target = DatabaseTarget.Parse(host.Database);
        Account clerk;
        await using (var system = host.OpenDatabase())
            clerk = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "village", Ct);
        DateTime Now() => host.Clock.GetUtcNow().UtcDateTime;
        long batchId;
        await using (var db = JingzhunDb.Create(target, AccessScope.For(clerk)))
            batchId = (await CaseWorkflow.OpenVillageListAsync(db, CaseKind.Identification, CaseFixtures.Village, CaseFixtures.Year, ids, "高峰村2025年识别名单", Now(), Ct)).Id;
        foreach (var input in new[] { new StepInput("提名"), new StepInput("评议通过", 30, 1), new StepInput("入户核实") })
            await using (var db = JingzhunDb.Create(target, AccessScope.For(clerk)))
                await CaseWorkflow.DecideListAsync(db, batchId, new Dictionary<long, string?>(), input, Now(), Ct);
        host.Clock.Advance(TimeSpan.FromDays(8));
        await using (var db = JingzhunDb.Create(target, AccessScope.For(clerk)))
            await CaseWorkflow.DecideListAsync(db, batchId, new Dictionary<long, string?>(), new StepInput("公示无异议"), Now(), Ct);
        await using var check = host.OpenDatabase();
        var caseIds = await check.Cases.Where(c => c.BatchId == batchId).OrderBy(c => c.Household!.Number).Select(c => c.Id).ToListAsync(Ct);
        Assert.True(await check.Cases.Where(c => c.BatchId == batchId).AllAsync(c => c.Stage == Stage.TownshipReview, Ct));
        return (batchId, caseIds);
    }
}
