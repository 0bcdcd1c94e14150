using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;
using Jingzhun.Web.Tests.Rules;

namespace Jingzhun.Web.Tests.Exit;

/// <summary>
/// Village and county exit through the real host: two counties at 2.5% incidence, one in the western
/// demo province and one in an eastern province, and a county exit case run by every level in turn.
/// </summary>
public abstract class AreaExitTests(HostFixture fixture)
{
    private const string WesternCounty = "990199000000";
    private const string WesternVillage = "990199001001";
    private const string EasternCounty = "330199000000";
    private const string EasternVillage = "330199001001";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_county_at_two_and_a_half_percent_may_exit_in_the_west_but_not_in_the_east()
    {
        await EnsureCountiesAsync();
        var nation = await Host.SignInAsync("nation");
        var rows = (await nation.GetFromJsonAsync<JsonArray>("/api/areas?year=2025", RegistryApiTests.Json, Ct))!;
        var west = rows.Single(r => (string?)r!["code"] == WesternCounty)!;
        var east = rows.Single(r => (string?)r!["code"] == EasternCounty)!;

        Assert.Equal(10, (int)west["figures"]!["poorPeople"]!);
        Assert.Equal(400, (int)west["figures"]!["ruralPopulation"]!);
        Assert.True((bool)west["figures"]!["western"]!);
        Assert.False((bool)east["figures"]!["western"]!);
        Assert.Equal(0.025m, (decimal)east["figures"]!["incidence"]!);
        Assert.True((bool)west["incidencePassed"]!);
        Assert.False((bool)east["incidencePassed"]!);
        // A county applies on incidence alone: the third-party rates are judged later, when the nation approves.
        Assert.True((bool)west["decision"]!["passed"]!);
        Assert.Equal(["incidence"], west["decision"]!["criteria"]!.AsArray().Select(c => (string?)c!["code"]));
        // The eastern village at 2.5% does not pass the 2% village threshold either.
        Assert.False((bool)rows.Single(r => (string?)r!["code"] == EasternVillage)!["decision"]!["passed"]!);
    }

    [Fact]
    public async Task A_county_exit_runs_from_county_through_city_province_and_nation_and_marks_the_county_exited()
    {
        await EnsureCountiesAsync();
        var county = await Host.SignInAsync("county-w");
        // The page offers the county's application with no rate to type.
        var (status, html) = await county.GetPageAsync("/areas?year=2025");
        Assert.Equal(HttpStatusCode.OK, status);
        var form = HtmlForm.Parse(html, $"propose-{WesternCounty}");
        foreach (var typed in new[] { "wrongExitRate", "missedRate", "recognition" })
        {
            Assert.DoesNotContain($"name=\"{typed}\"", html, StringComparison.Ordinal);
            Assert.Null(form[typed]);
        }
        // Rates slipped into the page's form anyway are not read: the proposal is decided on incidence and its trace holds no rate.
        form["wrongExitRate"] = "47.5";
        form["missedRate"] = "38.5";
        form["recognition"] = "12.5";
        var (posted, _) = await county.PostFormAsync("/areas?year=2025&handler=Propose", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var caseId = long.Parse(posted.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        await using (var db = Host.OpenDatabase())
        {
            var workflowCase = await db.Cases.SingleAsync(c => c.Id == caseId, Ct);
            var decision = await db.Decisions.SingleAsync(d => d.Id == workflowCase.DecisionId, Ct);
            Assert.Equal(AreaRules.CountyProposalRule, decision.Rule);
            Assert.Equal(WesternCounty, decision.RegionCode);
            NoTypedRates(decision.Trace, "47.50%", "38.50%", "12.50%");
            Assert.Equal(["incidence"], RuleBook.ReadTrace(decision)!.Criteria.Select(c => c.Code));
        }

        // The same through the API: a request carrying rates stores none of them (an eastern county, refused on incidence).
        await EnsureAccountAsync("county-e", Role.CountyOfficer, EasternCounty);
        var eastern = await (await Host.SignInAsync("county-e")).PostAsJsonAsync("/api/areas/propose",
            new { regionCode = EasternCounty, year = 2025, wrongExitRate = 0.0133m, missedRate = 0.0177m, recognition = 0.9911m }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, eastern.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var decision = await db.Decisions.Where(d => d.RegionCode == EasternCounty).OrderByDescending(d => d.Id).FirstAsync(Ct);
            NoTypedRates(decision.Trace, "1.33%", "1.77%", "99.11%");
            Assert.Equal(["incidence"], RuleBook.ReadTrace(decision)!.Failed.Select(c => c.Code));
        }

        // The same case, step by step, by the level each stage calls for; no level may take another's step.
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => StepAsync("city", caseId));
        await StepAsync("county-w", caseId);      // county proposal → city review
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => StepAsync("county-w", caseId));
        await StepAsync("city", caseId);          // city review → province verification
        await StepAsync("province", caseId);      // province verification → public notice
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => StepAsync("province", caseId)); // the notice is still running
        Host.Clock.Advance(TimeSpan.FromDays(PovertyLines.NationalRuleSet(2025).NoticeDays + 1));
        await StepAsync("province", caseId);      // notice → province approval
        await StepAsync("province", caseId);      // approval → national assessment
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => StepAsync("province", caseId));
        // No closed special assessment of the county: the nation cannot approve.
        var none = await Assert.ThrowsAsync<WorkflowBlockedException>(() => StepAsync("nation", caseId));
        Assert.Contains("no closed national special assessment", none.Text.English, StringComparison.Ordinal);
        await using (var db = Host.OpenDatabase())
            await Assessment.AssessmentRows.AddAsync(db, WesternCounty, [WesternVillage], wrongExits: 0, Domain.Assessment.AssessmentState.Closed,
                Host.Clock.GetUtcNow().UtcDateTime, name: "西县退出专项评估检查", ct: Ct);
        await StepAsync("nation", caseId);        // national assessment → exit approved, on the computed rates

        await using var check = Host.OpenDatabase();
        var done = await check.Cases.SingleAsync(c => c.Id == caseId, Ct);
        Assert.Equal(Stage.CountyExited, done.Stage);
        Assert.NotNull(done.ClosedAt);
        Assert.Equal(2025, (await check.Regions.SingleAsync(r => r.Code == WesternCounty && r.ValidTo == null, Ct)).ExitedYear);

        var rows = (await (await Host.SignInAsync("nation")).GetFromJsonAsync<JsonArray>("/api/areas?year=2025", RegistryApiTests.Json, Ct))!;
        Assert.Equal(2025, (int)rows.Single(r => (string?)r!["code"] == WesternCounty)!["exitedYear"]!);
        var approval = await check.Decisions.SingleAsync(d => d.RegionCode == WesternCounty && d.Rule == AreaRules.CountyExitRule, Ct);
        Assert.True(approval.Passed);
        Assert.StartsWith("错退率0.00%（95%置信区间0.00%–0.00%，样本5户）",
            RuleBook.ReadTrace(approval)!.Criteria.Single(c => c.Code == "wrong-exit").Chinese, StringComparison.Ordinal);
    }

    /// <summary>A stored trace holds none of the typed figures, and no rate criterion at all.</summary>
    private static void NoTypedRates(string trace, params string[] typed)
    {
        foreach (var value in typed) Assert.DoesNotContain(value, trace, StringComparison.Ordinal);
        foreach (var code in new[] { "wrong-exit", "missed", "recognition" }) Assert.DoesNotContain($"\"{code}\"", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_village_exit_runs_from_the_township_notice_to_the_county_announcement_through_the_api()
    {
        await EnsureCountiesAsync();
        await EnsureAccountAsync("township-w", Role.TownshipOfficer, "990199001000");
        var township = await Host.SignInAsync("township-w");
        var proposed = await township.PostAsJsonAsync("/api/areas/propose", new { regionCode = WesternVillage, year = 2025, reason = "申请出列" }, Ct);
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        var caseId = (long)(await proposed.Content.ReadFromJsonAsync<JsonObject>(Ct))!["caseId"]!;

        async Task<HttpStatusCode> Advance(HttpClient client) =>
            (await client.PostAsJsonAsync($"/api/cases/{caseId}/advance", new { comment = "同意" }, Ct)).StatusCode;
        Assert.Equal(HttpStatusCode.OK, await Advance(township));               // figures computed → township notice
        Assert.Equal(HttpStatusCode.Conflict, await Advance(township));         // the notice is still running
        Host.Clock.Advance(TimeSpan.FromDays(PovertyLines.NationalRuleSet(2025).NoticeDays + 1));
        township = await Host.SignInAsync("township-w");                       // the idle session ended with the clock
        Assert.Equal(HttpStatusCode.OK, await Advance(township));               // notice → announcement
        Assert.Equal(HttpStatusCode.Forbidden, await Advance(township));        // the exit itself is the county's
        Assert.Equal(HttpStatusCode.OK, await Advance(await Host.SignInAsync("county-w")));

        await using var db = Host.OpenDatabase();
        Assert.Equal(Stage.VillageExited, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        Assert.Equal(2025, (await db.Regions.SingleAsync(r => r.Code == WesternVillage && r.ValidTo == null, Ct)).ExitedYear);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == Domain.Audit.AuditAction.Refused && a.Actor == "township-w", Ct));
    }

    private async Task EnsureAccountAsync(string user, Role role, string region)
    {
        await using var db = Host.OpenDatabase();
        if (await db.Accounts.AnyAsync(a => a.UserName == user, Ct)) return;
        var account = new Account { UserName = user, DisplayName = user, Role = role, RegionCode = region, CreatedAt = DateTime.UtcNow, PasswordChangedAt = DateTime.UtcNow };
        Passwords.Set(account, "demo2025");
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Only_a_township_officer_proposes_a_village_exit_and_only_a_county_officer_a_county_exit()
    {
        await EnsureCountiesAsync();
        var clerk = await Host.SignInAsync("village");
        var refused = await clerk.PostAsJsonAsync("/api/areas/propose", new { regionCode = "990121001001", year = 2025 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // A county outside the township's region is not found at all.
        var township = await Host.SignInAsync("township");
        Assert.Equal(HttpStatusCode.Conflict, (await township.PostAsJsonAsync("/api/areas/propose", new { regionCode = "990121000000", year = 2025 }, Ct)).StatusCode);
        var county = await Host.SignInAsync("county");
        var village = await county.PostAsJsonAsync("/api/areas/propose", new { regionCode = "990121001001", year = 2025 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, village.StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.Decisions.AnyAsync(d => d.RegionCode == "990121000000" || d.RegionCode == "990121001001", Ct));
    }

    [Fact]
    public async Task The_areas_page_shows_poor_villages_and_counties_with_their_incidence()
    {
        var county = await Host.SignInAsync("county");
        var html = await county.GetStringAsync("/areas?year=2025", Ct);
        Assert.Contains("id=\"areas\"", html, StringComparison.Ordinal);
        Assert.Contains("area-990121000000", html, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-rules\"", html, StringComparison.Ordinal);
    }

    private async Task StepAsync(string user, long caseId)
    {
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(Host.Database), ScopeOf(user));
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput($"{user}审核通过"), Host.Clock.GetUtcNow().UtcDateTime, Ct);
    }

    private static AccessScope ScopeOf(string user) => user == "county-w"
        ? AccessScope.For(new Account { UserName = user, DisplayName = user, Role = Role.CountyOfficer, RegionCode = WesternCounty })
        : AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user));

    /// <summary>
    /// A second western county and an eastern province, each with one poor village of 400 rural people
    /// and two poor households of five (2.5%), and a county officer for the western county.
    /// </summary>
    private async Task EnsureCountiesAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.Regions.AnyAsync(r => r.Code == EasternCounty, Ct)) return;
        db.Regions.AddRange(
            new Region { Code = WesternCounty, Name = "西县", Level = RegionLevel.County, ParentCode = "990100000000", IsWestern = true, IsPoorCounty = true },
            new Region { Code = "990199001000", Name = "西镇", Level = RegionLevel.Township, ParentCode = WesternCounty, IsWestern = true },
            new Region { Code = WesternVillage, Name = "西村", Level = RegionLevel.Village, ParentCode = "990199001000", IsWestern = true, IsPoorVillage = true, RuralPopulation = 400 },
            new Region { Code = "330000000000", Name = "东省", Level = RegionLevel.Province },
            new Region { Code = "330100000000", Name = "东市", Level = RegionLevel.City, ParentCode = "330000000000" },
            new Region { Code = EasternCounty, Name = "东县", Level = RegionLevel.County, ParentCode = "330100000000", IsPoorCounty = true },
            new Region { Code = "330199001000", Name = "东镇", Level = RegionLevel.Township, ParentCode = EasternCounty },
            new Region { Code = EasternVillage, Name = "东村", Level = RegionLevel.Village, ParentCode = "330199001000", IsPoorVillage = true, RuralPopulation = 400 });
        var officer = new Account { UserName = "county-w", DisplayName = "西县干部", Role = Role.CountyOfficer, RegionCode = WesternCounty, CreatedAt = DateTime.UtcNow, PasswordChangedAt = DateTime.UtcNow };
        Passwords.Set(officer, "demo2025");
        db.Accounts.Add(officer);
        await db.SaveChangesAsync(Ct);
        foreach (var village in new[] { WesternVillage, EasternVillage })
            for (var h = 1; h <= 2; h++)
            {
                // Poor households as a county's first load brings them in (the data layer, not a form: forms register households as not poor).
                var household = new Household
                {
                    Number = $"{village}000{h}", VillageCode = village, CountyCode = Household.CountyOf(village), Status = HouseholdStatus.NotPoor,
                    PrimaryCause = PovertyCause.Illness, IdentifiedYear = 2014,
                };
                household.ChangeStatus(HouseholdStatus.Poor, 2024, "area exit fixture", "test", DateTime.UtcNow).Source = StatusChangeSource.InitialLoad;
                foreach (var m in Enumerable.Range(1, 5))
                {
                    var member = new Member { Name = "", ResidentId = "", CountyCode = household.CountyCode };
                    new MemberForm
                    {
                        Name = $"户{h}成员{m}", Relation = m == 1 ? Relation.Head : Relation.Son,
                        ResidentId = ResidentId.Create(village[..6], new DateOnly(1960 + 5 * m, 1, h), 10 * h + 2 * m + 1).Value, // odd: men, as 之子 are
                    }.ApplyTo(member);
                    household.Members.Add(member);
                }
                db.Households.Add(household);
                await db.SaveChangesAsync(Ct);
            }
    }
}

public sealed class AreaExitOnSqlite(SqliteHost host) : AreaExitTests(host), IClassFixture<SqliteHost>;

public sealed class AreaExitOnPostgres(PostgresHost host) : AreaExitTests(host), IClassFixture<PostgresHost>;
