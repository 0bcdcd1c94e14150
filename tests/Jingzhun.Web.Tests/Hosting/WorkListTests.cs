using System.Net;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// The home page is each role's work list (issue 18): on the living demo every demo role finds at least one item of work,
/// and every link of its work list opens for it; a case moved past a step leaves the list of the role that had it and
/// joins the list of the role that takes the next step; another village's case never shows.
/// </summary>
public abstract partial class WorkListTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Users() => [.. DemoAccounts.All.Select(a => a.UserName)];

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_demo_role_finds_work_on_its_home_page_and_every_link_of_it_opens(string user)
    {
        // The administrator's work is accounts: on a fresh demo, the ones nobody has signed in to yet. The other rows of
        // this theory sign every demo account in, so an account just issued (one-time password, never used) stands for them.
        if (user == "admin") await IssueAccountAsync();
        var client = await Host.SignInAsync(user);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, html) = await client.GetPageAsync("/");
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, status);
        var work = WorkSection(html);
        var items = WorkItemIds().Matches(work).Select(m => m.Groups[1].Value).ToList();
        Assert.True(items.Count > 0, $"{user}: no item of work on the home page");
        Assert.DoesNotContain("id=\"no-work\"", work);
        TestContext.Current.TestOutputHelper?.WriteLine($"{user} ({watch.ElapsedMilliseconds} ms): {string.Join(", ", items)}");

        var problems = new List<string>();
        foreach (var link in Links().Matches(work).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct())
        {
            var response = await client.GetAsync(link.Split('#')[0], Ct);
            if (response.StatusCode != HttpStatusCode.OK) problems.Add($"{link}: {(int)response.StatusCode}");
        }
        Assert.True(problems.Count == 0, $"{user} ({string.Join(", ", items)}):\n{string.Join("\n", problems)}");
    }

    private async Task IssueAccountAsync()
    {
        await using var db = Host.OpenDatabase();
        var account = new Account
        {
            UserName = $"issued{Guid.NewGuid():N}"[..16], DisplayName = "新任村级信息员", Role = Role.VillageClerk,
            RegionCode = "990121001003", CreatedAt = Host.Clock.GetUtcNow().UtcDateTime, MustChangePassword = true,
        };
        Passwords.Set(account, Guid.NewGuid().ToString("N"));
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task A_case_moved_past_a_step_leaves_the_list_of_the_role_that_had_it_and_joins_the_next()
    {
        var caseId = await OpenLookBackCaseAsync(PageTestHelpers.OwnVillage);
        var proposed = $"work-case-{CaseKind.LookBackRemoval}-{Stage.Proposed}";
        var review = $"work-case-{CaseKind.LookBackRemoval}-{Stage.RemovalReview}";
        var village = await Host.SignInAsync("village");
        var township = await Host.SignInAsync("township");

        var villageBefore = await CountAsync(village, proposed);
        var townshipBefore = await CountAsync(township, review);
        Assert.True(villageBefore >= 1, "the village's list has the new look-back case");
        Assert.Contains($"/cases/{caseId}\"", await ListOfAsync(village, proposed));

        await using (var db = await ContextOfAsync("village"))
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("核实属实"), Host.Clock.GetUtcNow().UtcDateTime, Ct);

        Assert.Equal(villageBefore - 1, await CountAsync(village, proposed));
        Assert.Equal(townshipBefore + 1, await CountAsync(township, review));
        Assert.DoesNotContain($"/cases/{caseId}\"", await ListOfAsync(village, proposed) ?? "");
        Assert.Contains($"/cases/{caseId}\"", await ListOfAsync(township, review));
    }

    [Fact]
    public async Task Another_villages_case_never_shows_on_a_village_clerks_list()
    {
        var caseId = await OpenLookBackCaseAsync(PageTestHelpers.OwnVillage);
        var item = $"work-case-{CaseKind.LookBackRemoval}-{Stage.Proposed}";
        await using var check = Host.OpenDatabase();
        var inOther = await check.Cases.CountAsync(c => c.ClosedAt == null && c.Kind == CaseKind.LookBackRemoval && c.Stage == Stage.Proposed
                                                        && c.RegionCode == PageTestHelpers.OtherVillage, Ct);

        var village = await Host.SignInAsync("village");
        Assert.Contains($"/cases/{caseId}\"", await ListOfAsync(village, item));
        var village2 = await Host.SignInAsync("village2");
        var (_, home) = await village2.GetPageAsync("/");
        Assert.DoesNotContain($"/cases/{caseId}\"", home);
        Assert.Equal(inOther, await CountAsync(village2, item));
        if (await ListOfAsync(village2, item) is { } list) Assert.DoesNotContain($"/cases/{caseId}\"", list);
    }

    /// <summary>Opens a look-back removal case (no notice stage: each step is one level's) as the village clerk, through the case engine.</summary>
    private async Task<long> OpenLookBackCaseAsync(string village)
    {
        long householdId;
        await using (var check = Host.OpenDatabase())
            householdId = await check.Households.Where(h => h.VillageCode == village && h.Status != HouseholdStatus.Removed
                                                            && !check.Cases.Any(c => c.HouseholdId == h.Id && c.Kind == CaseKind.LookBackRemoval && c.ClosedAt == null))
                .OrderByDescending(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        await using var db = await ContextOfAsync(village == PageTestHelpers.OwnVillage ? "village" : "village2");
        var opened = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.LookBackRemoval, householdId, 2025, "回头看：家庭有财政供养人员",
            Host.Clock.GetUtcNow().UtcDateTime, ct: Ct);
        return opened.Id;
    }

    private async Task<JingzhunDbContext> ContextOfAsync(string user)
    {
        await Host.SignInAsync(user); // a demo account is made on its first sign-in
        await using var check = Host.OpenDatabase();
        var account = await check.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, Ct);
        return JingzhunDb.Create(DatabaseTarget.Parse(Host.Database), AccessScope.For(account));
    }

    /// <summary>The count an item of the home page shows, 0 when the item is absent.</summary>
    private static async Task<int> CountAsync(HttpClient client, string itemId)
    {
        var (_, html) = await client.GetPageAsync("/");
        var item = Regex.Match(html, $"id=\"{itemId}\">\\s*<a class=\"work-head\" href=\"[^\"]*\"><span class=\"work-title\">[^<]*</span><span class=\"work-count\">(\\d+)<");
        return item.Success ? int.Parse(item.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The page an item of the home page links to (the filtered list of its work), or null when the item is absent.</summary>
    private static async Task<string?> ListOfAsync(HttpClient client, string itemId)
    {
        var (_, html) = await client.GetPageAsync("/");
        var item = Regex.Match(html, $"id=\"{itemId}\">\\s*<a class=\"work-head\" href=\"([^\"]*)\"");
        if (!item.Success) return null;
        var (status, list) = await client.GetPageAsync(WebUtility.HtmlDecode(item.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, status);
        return list;
    }

    private static string WorkSection(string html)
    {
        var start = html.IndexOf("<section id=\"work\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the home page has no work list");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<li class=\"work-item[^\"]*\" id=\"work-([^\"]+)\"")]
    private static partial Regex WorkItemIds();

    [GeneratedRegex("href=\"(/[^\"]*)\"")]
    private static partial Regex Links();
}

public sealed class WorkListOnSqlite(SqliteDemoHost host) : WorkListTests(host), IClassFixture<SqliteDemoHost>;

public sealed class WorkListOnPostgres(PostgresDemoHost host) : WorkListTests(host), IClassFixture<PostgresDemoHost>;
