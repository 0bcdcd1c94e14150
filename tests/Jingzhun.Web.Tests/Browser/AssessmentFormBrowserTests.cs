using Jingzhun.Web.Tests.Assessment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// The assessor's visit form on a phone without a connection (headless Debian Chromium, the real host on a loopback port,
/// 390 px): the assessor opens its sample, fills the form, the phone goes offline, the form is kept on the phone with the
/// saved-on-phone message; when the connection returns the page sends it and the form is stored once. No page is wider
/// than the screen.
/// </summary>
public sealed class AssessmentFormBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_assessor_saves_a_form_offline_on_a_phone_and_it_is_stored_when_the_connection_returns()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var host = new ApiHost(Engine.Sqlite);
        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var shots = Path.Combine(VillageClerkBrowserTests.ScreenshotFolder, "assessment");
        Directory.CreateDirectory(shots);
        var s = await FormSamples.CreateAsync(host, Ct);

        await using var browser = await HeadlessChromium.SessionAsync();
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#userName", "assessor");
        await page.FillAsync("#password", "demo2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#current-user");

        await page.ClickAsync("#menu-button"); // on a phone the menu is folded
        await page.ClickAsync("#nav-my-sample");
        await page.WaitForSelectorAsync($"li[data-sample='{s.Exited}']");
        await Shot(page, shots, "assessor-list");
        await page.ClickAsync($"li[data-sample='{s.Exited}'] a");
        await page.WaitForSelectorAsync("#assessment-form");
        await page.FillAsync("#form-income", "12000");
        foreach (var question in new[] { "food", "education", "medical", "housing", "water" }) await page.CheckAsync($"#{question}-yes");
        await page.CheckAsync("#recognition-1");
        await page.FillAsync("#form-notes", "户主在家，家中养牛两头");
        await Shot(page, shots, "assessor-form");

        await context.SetOfflineAsync(true);
        await page.ClickAsync("#save-form");
        await page.WaitForSelectorAsync("#offline-saved", new() { State = WaitForSelectorState.Visible });
        Assert.Contains("已保存在本机，联网后自动提交", await page.InnerTextAsync("#offline-saved"));
        await Shot(page, shots, "assessor-offline");
        Assert.Null(await RecordedAsync(host, s.Exited));

        // The connection returns: the page's "online" handler sends what waits on the phone.
        await context.SetOfflineAsync(false);
        var stored = await WaitForAsync(host, s.Exited, TimeSpan.FromSeconds(20));
        Assert.NotNull(stored);
        Assert.Equal(12000m, stored.Value.Income);
        Assert.False(stored.Value.Finding);
        Assert.NotNull(stored.Value.ClientId);

        // Nothing waits on the phone any more; the list shows the household done.
        await page.GotoAsync($"{baseUrl}/assessment/mine");
        await page.WaitForSelectorAsync($"li[data-sample='{s.Exited}'].done");
        Assert.Equal("0", await page.InnerTextAsync("#queued-count"));
        Assert.True(await page.IsHiddenAsync("#queued-note"));
        await Shot(page, shots, "assessor-list-done");
        await using var db = host.OpenDatabase();
        Assert.Equal(1, await db.SampledHouseholds.CountAsync(x => x.ClientId == stored.Value.ClientId, Ct));
    }

    private static async Task<(decimal? Income, bool? Finding, Guid? ClientId)?> RecordedAsync(ApiHost host, long id)
    {
        await using var db = host.OpenDatabase();
        var row = await db.SampledHouseholds.AsNoTracking().SingleAsync(x => x.Id == id, Ct);
        return row.RecordedAt is null ? null : (row.PerCapitaIncome, row.Finding, row.ClientId);
    }

    private static async Task<(decimal? Income, bool? Finding, Guid? ClientId)?> WaitForAsync(ApiHost host, long id, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await RecordedAsync(host, id) is { } row) return row;
            await Task.Delay(250, Ct);
        }
        return null;
    }

    /// <summary>The page at 390 px, full length; nothing may be wider than the phone's screen.</summary>
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
