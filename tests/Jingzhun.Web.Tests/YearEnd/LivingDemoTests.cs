using System.Net;
using System.Net.Http.Json;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.YearEnd;

/// <summary>The demo host after its first start: frozen year-ends since 2014 and work waiting for every level.</summary>
public sealed class LivingDemoTests(SqliteDemoHost fixture) : IClassFixture<SqliteDemoHost>
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_year_from_2014_to_2025_is_frozen_for_every_household()
    {
        await using var db = Host.OpenDatabase();
        var perYear = await db.Snapshots.GroupBy(s => s.Year).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);

        Assert.Equal(Enumerable.Range(2014, 12), perYear.Select(y => y.Key).Order());
        Assert.All(perYear, y => Assert.Equal(Host.Households, y.Count));
    }

    [Fact]
    public async Task Open_cases_wait_at_every_stage_of_identification_and_exit()
    {
        await using var db = Host.OpenDatabase();
        var open = await db.Cases.Where(c => c.ClosedAt == null).Select(c => new { c.Kind, c.Stage }).ToListAsync(Ct);

        foreach (var stage in new[] { Stage.Proposed, Stage.DemocraticReview, Stage.Verification, Stage.FirstNotice, Stage.TownshipReview,
                     Stage.SecondNotice, Stage.CountyApproval, Stage.Announcement })
            Assert.Contains(new { Kind = CaseKind.Identification, Stage = stage }, open);
        foreach (var stage in new[] { Stage.PreExit, Stage.DemocraticReview, Stage.Verification, Stage.HouseholdAcknowledged, Stage.VillageNotice })
            Assert.Contains(new { Kind = CaseKind.HouseholdExit, Stage = stage }, open);
        Assert.Contains(new { Kind = CaseKind.CountyExit, Stage = Stage.CityReview }, open);
        Assert.Contains(new { Kind = CaseKind.LookBackRemoval, Stage = Stage.RemovalReview }, open);
    }

    [Fact]
    public async Task A_village_list_of_exits_waits_for_the_township()
    {
        await using var db = Host.OpenDatabase();
        var listed = await db.Cases.Where(c => c.BatchId != null && c.ClosedAt == null).ToListAsync(Ct);

        Assert.NotEmpty(listed);
        Assert.All(listed, c => Assert.Equal(CaseKind.HouseholdExit, c.Kind));
        Assert.All(listed, c => Assert.True(WorkflowRules.MayAdvance(Role.TownshipOfficer, c.Kind, c.Stage)));
        Assert.Single(listed.Select(c => c.BatchId).Distinct());
    }

    [Fact]
    public async Task Running_notices_are_open_after_first_start_and_one_has_a_public_objection()
    {
        await using var db = Host.OpenDatabase();
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var running = await db.Notices.Where(n => n.ClosedAt == null).ToListAsync(Ct);

        Assert.True(running.Count >= 3);
        Assert.All(running, n => Assert.True(n.EndsAt > now.AddDays(6)));
        var objection = await db.Objections.SingleAsync(o => o.Status == ObjectionStatus.Open, Ct);
        Assert.Equal("public", objection.SubmittedBy);
        Assert.Equal("990121001001", objection.RegionCode[..12]);
    }

    [Theory]
    [InlineData(Role.VillageClerk, "990121001001")]
    [InlineData(Role.TownshipOfficer, "990121001")]
    [InlineData(Role.CountyOfficer, "990121")]
    [InlineData(Role.CityOfficer, "9901")]
    public async Task Each_level_has_a_case_its_role_may_advance(Role role, string region)
    {
        await using var db = Host.OpenDatabase();
        var open = await db.Cases.Where(c => c.ClosedAt == null && c.RegionCode.StartsWith(region)).ToListAsync(Ct);

        Assert.Contains(open, c => WorkflowRules.MayAdvance(role, c.Kind, c.Stage));
    }

    [Fact]
    public async Task The_county_reads_its_frozen_years_and_a_village_only_its_own_counts()
    {
        var county = await Host.SignInAsync("county");
        Assert.Equal(Enumerable.Range(2014, 12).Reverse(), await county.GetFromJsonAsync<List<int>>("/api/yearend", Ct));

        var village = await Host.SignInAsync("village");
        var report = await village.GetFromJsonAsync<Report>("/api/yearend/2024", Ct);
        Assert.Equal(["990121001001"], report!.Areas.Select(a => a.Code));
        Assert.Equal(HttpStatusCode.NotFound, (await village.GetAsync("/api/yearend/2013", Ct)).StatusCode);
    }

    [Fact]
    public async Task Year_end_pages_show_counts_and_offer_the_freeze_to_county_officers_only()
    {
        var county = await Host.SignInAsync("county");
        var index = await county.GetStringAsync("/yearend", Ct);
        Assert.Contains("id=\"freeze-form\"", index);
        Assert.Contains("href=\"/yearend/2020\"", index);
        Assert.Contains("href=\"/yearend/2020?region=990121001000\"", await county.GetStringAsync("/yearend/2020", Ct));
        Assert.Contains("<td>村</td>", await county.GetStringAsync("/yearend/2020?region=990121001000", Ct));
        Assert.DoesNotContain("freeze-form", await (await Host.SignInAsync("township")).GetStringAsync("/yearend", Ct));

        var refused = await county.PostAsync("/yearend", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Year"] = "2024", ["Confirm"] = "true", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(index),
        }), Ct);
        Assert.Contains("freeze-error", await refused.Content.ReadAsStringAsync(Ct));
    }

    private sealed record Report(int Year, List<Area> Areas);

    private sealed record Area(string Code);
}
