using Xunit;
using System.Net;
using System.Text.RegularExpressions;
using static Jingzhun.Web.Tests.PageTestHelpers;

namespace Jingzhun.Web.Tests.Registry;

public sealed class RegistryReadingPageTests(JingzhunWebFactory app) : IClassFixture<JingzhunWebFactory>
{
    [Fact]
    public async Task Search_for_a_village_clerk_lists_only_households_of_the_clerks_village()
    {
        var client = await app.SignInAsync("village");

        var (status, html) = await client.GetPageAsync("/households?page=1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"search-results\"", html);
        var villages = Regex.Matches(html, "data-village=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(villages);
        Assert.All(villages, v => Assert.Equal(OwnVillage, v));
        var total = int.Parse(Regex.Match(html, "id=\"total-count\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using var db = app.OpenDb();
        Assert.Equal(db.Households.Count(h => h.VillageCode == OwnVillage), total);
    }

    [Fact]
    public async Task Search_by_a_neighbouring_village_finds_nothing_for_a_village_clerk()
    {
        var client = await app.SignInAsync("village");

        var (_, html) = await client.GetPageAsync($"/households?region={OtherVillage}");

        Assert.Contains("id=\"total-count\">0<", html);
        Assert.DoesNotContain("id=\"search-results\"", html);
    }

    [Fact]
    public async Task Township_officer_search_spans_the_villages_of_the_township()
    {
        var client = await app.SignInAsync("township");

        var (_, html) = await client.GetPageAsync("/households?page=1");

        var villages = Regex.Matches(html, "data-village=\"(\\d+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(villages.Count > 1);
        Assert.All(villages, v => Assert.StartsWith("990121001", v));
    }

    [Fact]
    public async Task Detail_of_a_household_in_the_readers_village_is_shown_with_members_incomes_and_history()
    {
        var id = await app.HouseholdInAsync(OwnVillage);
        var household = await app.FindAsync(id);
        var client = await app.SignInAsync("village");

        var (status, html) = await client.GetPageAsync($"/households/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<span id=\"household-number\">{household!.Number}</span>", html);
        Assert.Contains("id=\"members\"", html);
        Assert.Contains("id=\"history\"", html);
        Assert.Contains("id=\"incomes\"", html);
        Assert.All(household.Members, m => Assert.Contains(m.Name, html));
    }

    [Fact]
    public async Task Detail_of_a_household_in_another_village_is_not_found()
    {
        var id = await app.HouseholdInAsync(OtherVillage);
        var client = await app.SignInAsync("village");

        var (status, _) = await client.GetPageAsync($"/households/{id}");
        var (editStatus, _) = await client.GetPageAsync($"/households/{id}/edit");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, editStatus);
    }

    [Fact]
    public async Task Pages_ask_anonymous_visitors_to_sign_in()
    {
        var client = app.CreateBrowser();

        var response = await client.GetAsync("/households", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Home_and_region_tree_show_counts_of_the_readers_region()
    {
        var client = await app.SignInAsync("township");

        var (homeStatus, home) = await client.GetPageAsync("/");
        var (treeStatus, tree) = await client.GetPageAsync("/regions");

        Assert.Equal(HttpStatusCode.OK, homeStatus);
        await using var db = app.OpenDb();
        var households = db.Households.Count(h => h.VillageCode.StartsWith("990121001"));
        Assert.Contains($"id=\"count-households\">{households}<", home);
        Assert.Contains("乡镇扶贫干部", home);
        Assert.Equal(HttpStatusCode.OK, treeStatus);
        Assert.Contains($"href=\"/households?region={OwnVillage}\"", tree);
        Assert.DoesNotContain("href=\"/households?region=990121002001\"", tree);
    }

    [Fact]
    public async Task Switching_to_English_makes_the_search_page_English()
    {
        var client = await app.SignInAsync("village");

        var switched = await client.GetAsync("/lang/en?returnUrl=/households", TestContext.Current.CancellationToken);
        var (_, html) = await client.GetPageAsync("/households");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Registry search", html);
        Assert.Contains("Household no.", html);
        Assert.DoesNotContain("建档立卡户查询", html);
        Assert.DoesNotContain("户编号", html);
    }

    [Fact]
    public async Task Sign_out_button_posts_with_its_token_and_ends_the_session()
    {
        var client = await app.SignInAsync("village");
        var (_, home) = await client.GetPageAsync("/");
        var signOut = HtmlForm.Parse(home, null);

        var response = await client.PostAsync("/account/logout", signOut.ToContent(), TestContext.Current.CancellationToken);
        var after = await client.GetAsync("/households", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.OriginalString);
    }
}
