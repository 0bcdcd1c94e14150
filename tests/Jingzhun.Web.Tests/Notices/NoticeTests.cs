using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Notices;

/// <summary>
/// Notices (公示) through the real host: the staff document shows masked data and prints without
/// navigation; the public finds open notices by place names without signing in and objects during
/// the period, as many people as want to; each objection holds the case at the notice until the
/// posting level answers it, and an upheld one sends it back to verification; an ended notice takes
/// no objection; the period comes from the rule set.
/// </summary>
public abstract class NoticeTests(HostFixture fixture)
{
    private const string OwnVillage = "990121001001";
    private const string OtherVillage = "990121001002";
    private const int Year = 2020;
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task The_staff_notice_shows_the_household_masked_with_the_days_left()
    {
        var (_, noticeId, householdId) = await NoticeAsync(OwnVillage);
        var village = await Host.SignInAsync("village");

        var (status, html) = await GetAsync(village, $"/notices/{noticeId}");

        Assert.Equal(HttpStatusCode.OK, status);
        var household = await HouseholdAsync(householdId);
        Assert.Contains(household.Number, html);
        Assert.Contains(household.Head!.Name, html);
        Assert.Contains(Domain.Registry.Masking.ResidentId(household.Head.ResidentId), html);
        Assert.Contains("公示剩余7天", html);
        Assert.Contains($"/public/notices/{noticeId}", html);
        AssertNoPersonalData(html, household);
        var (_, list) = await GetAsync(village, "/notices?state=open");
        Assert.Contains($"/notices/{noticeId}\"", list);
    }

    [Fact]
    public async Task The_printed_notice_has_no_navigation_and_no_forms()
    {
        var (_, noticeId, _) = await NoticeAsync(OwnVillage);
        var village = await Host.SignInAsync("village");

        var (status, html) = await GetAsync(village, $"/notices/{noticeId}?print=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("notice-document", html);
        Assert.DoesNotContain("<nav", html);
        Assert.DoesNotContain("<form", html);
        Assert.Contains("size: A4", html);
    }

    [Fact]
    public async Task The_public_list_shows_an_open_notice_without_sign_in()
    {
        var (_, noticeId, householdId) = await NoticeAsync(OwnVillage);
        var anonymous = Anonymous();

        var (status, html) = await GetAsync(anonymous, $"/public/notices?region={OwnVillage[..6]}");
        var (detailStatus, detail) = await GetAsync(anonymous, $"/public/notices/{noticeId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"/public/notices/{noticeId}\"", html);
        Assert.Equal(HttpStatusCode.OK, detailStatus);
        Assert.Contains((await HouseholdAsync(householdId)).Number, detail);
        Assert.Contains("objection-form", detail);
    }

    [Fact]
    public async Task Public_pages_never_show_a_full_resident_id_phone_or_bank_account_of_a_noticed_household()
    {
        await NoticeAsync(OwnVillage);
        await NoticeAsync(OtherVillage);
        var anonymous = Anonymous();
        await using var db = Host.OpenDatabase();
        var noticed = await db.Notices.Where(n => n.Case!.HouseholdId != null)
            .Select(n => new { n.Id, HouseholdId = n.Case!.HouseholdId!.Value }).ToListAsync(Ct);
        Assert.NotEmpty(noticed);

        var pages = new List<(string Html, long HouseholdId)>();
        var (_, list) = await GetAsync(anonymous, "/public/notices");
        foreach (var n in noticed)
        {
            var (status, html) = await GetAsync(anonymous, $"/public/notices/{n.Id}");
            if (status == HttpStatusCode.OK) pages.Add((html, n.HouseholdId));
        }

        Assert.NotEmpty(pages);
        foreach (var householdId in noticed.Select(n => n.HouseholdId).Distinct())
        {
            var household = await HouseholdAsync(householdId);
            AssertNoPersonalData(list, household);
            foreach (var page in pages) AssertNoPersonalData(page.Html, household);
        }
    }

    [Fact]
    public async Task A_public_objection_holds_the_case_at_its_notice_until_a_village_officer_answers_it()
    {
        var (caseId, noticeId, _) = await NoticeAsync(OwnVillage);
        var anonymous = Anonymous();

        var (status, html) = await ObjectAsync(anonymous, noticeId, "该户家中有轿车，收入不实");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("receipt-number", html);
        await using (var db = Host.OpenDatabase())
        {
            var objection = await db.Objections.SingleAsync(o => o.NoticeId == noticeId, Ct);
            Assert.Contains($">{objection.Id}<", html);
            Assert.Equal("public", objection.SubmittedBy);
            Assert.Equal(Stage.FirstNotice, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
            Assert.Null((await db.Notices.SingleAsync(n => n.Id == noticeId, Ct)).ClosedAt);
            var blocked = await Assert.ThrowsAsync<WorkflowBlockedException>(() => CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("核实"), Now, Ct));
            Assert.Contains("objection", blocked.English);
        }
        // The household's text and the objector's contact stay off the public page; staff see them.
        var village = await Host.SignInAsync("village");
        var (_, staffPage) = await GetAsync(village, $"/notices/{noticeId}");
        Assert.Contains("该户家中有轿车", staffPage);
        Assert.DoesNotContain("该户家中有轿车", (await GetAsync(anonymous, $"/public/notices/{noticeId}")).Html);

        long objectionId;
        await using (var db = Host.OpenDatabase()) objectionId = await db.Objections.Where(o => o.NoticeId == noticeId).Select(o => o.Id).SingleAsync(Ct);
        var resolved = await village.PostAsync($"/notices/{noticeId}?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["objectionId"] = objectionId.ToString(), ["upheld"] = "false", ["outcome"] = "经入户核实，轿车为亲属所有，异议不成立",
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(staffPage),
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Contains("轿车为亲属所有", (await GetAsync(anonymous, $"/public/notices/{noticeId}")).Html);
        Assert.Contains("轿车为亲属所有", (await GetAsync(village, $"/notices/{noticeId}")).Html);
        await using (var db = Host.OpenDatabase())
        {
            var notice = await db.Notices.SingleAsync(n => n.Id == noticeId, Ct);
            var moved = await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("公示期满，无异议成立"), notice.EndsAt.AddMinutes(1), Ct);
            Assert.Equal(Stage.TownshipReview, moved.Stage);
        }
    }

    [Fact]
    public async Task Any_number_of_people_object_while_the_notice_runs_and_an_upheld_objection_sends_the_case_back()
    {
        var (caseId, noticeId, _) = await NoticeAsync(OwnVillage);
        var first = await ObjectAsync(Anonymous(), noticeId, "家庭人口不实");
        var second = await ObjectAsync(Anonymous(), noticeId, "有经营性收入");
        var village = await Host.SignInAsync("village");
        var staff = await village.PostAsJsonAsync($"/api/notices/{noticeId}/objections", new { text = "电话反映：有车辆" }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.Created, staff.StatusCode);
        Assert.Contains("objection-form", (await GetAsync(Anonymous(), $"/public/notices/{noticeId}")).Html);
        long upheldId;
        await using (var db = Host.OpenDatabase())
        {
            var objections = await db.Objections.Where(o => o.NoticeId == noticeId).OrderBy(o => o.Id).ToListAsync(Ct);
            Assert.Equal(3, objections.Count);
            Assert.All(objections, o => Assert.Equal(ObjectionStatus.Open, o.Status));
            upheldId = objections[1].Id;
        }

        var answer = await village.PostAsJsonAsync($"/api/notices/{noticeId}/resolutions",
            new { objectionId = upheldId, upheld = true, outcome = "入户核实：确有经营性收入" }, Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await using var check = Host.OpenDatabase();
        var returned = await check.Cases.Include(c => c.Steps).SingleAsync(c => c.Id == caseId, Ct);
        Assert.Equal(Stage.Verification, returned.Stage);
        Assert.Contains(returned.Steps, s => s.Action == StepAction.Objection && s.Comment.Contains("有经营性收入"));
        Assert.NotNull((await check.Notices.SingleAsync(n => n.Id == noticeId, Ct)).ClosedAt);
        // The other two still wait for their answer, and the case cannot move until they have one.
        Assert.Equal(2, await check.Objections.CountAsync(o => o.NoticeId == noticeId && o.Status == ObjectionStatus.Open, Ct));
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => CaseWorkflow.AdvanceAsync(check, caseId, new StepInput("再次公示"), Now, Ct));
    }

    [Fact]
    public async Task A_visitor_finds_a_villages_notice_by_place_names_from_the_province_down()
    {
        var (_, noticeId, _) = await NoticeAsync(OwnVillage);
        var anonymous = Anonymous();

        var url = "/public/notices";
        foreach (var name in new[] { "示例省", "示例县", "青山镇", "高峰村" })
        {
            var (status, page) = await GetAsync(anonymous, url);
            Assert.Equal(HttpStatusCode.OK, status);
            var link = System.Text.RegularExpressions.Regex.Match(page,
                $"<a href=\"(/public/notices\\?region=\\d{{12}})\" data-region=\"\\d{{12}}\">(?:[^<]* · )?{name}</a>");
            Assert.True(link.Success, $"no link to {name} on {url}");
            url = link.Groups[1].Value;
        }
        var (_, villagePage) = await GetAsync(anonymous, url);
        Assert.Contains($"/public/notices/{noticeId}\"", villagePage);
        Assert.Contains("示例县", villagePage); // the path by names
        Assert.DoesNotContain($"/public/notices/{(await OtherVillageNoticeAsync())}\"", villagePage);

        var (_, found) = await GetAsync(anonymous, "/public/notices?name=" + Uri.EscapeDataString("高峰"));
        Assert.Contains($"region={OwnVillage}\"", found);
        Assert.Contains("青山镇 · 高峰村", found);
    }

    [Fact]
    public async Task A_township_officer_cannot_resolve_an_objection_at_the_village_stage()
    {
        var (_, noticeId, _) = await NoticeAsync(OwnVillage);
        var village = await Host.SignInAsync("village");
        var form = (await GetAsync(village, $"/notices/{noticeId}")).Html;
        var recorded = await village.PostAsync($"/notices/{noticeId}?handler=Object", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "村民书面反映：家庭人口不实", ["contact"] = "张某", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        long objectionId;
        await using (var db = Host.OpenDatabase())
        {
            var objection = await db.Objections.SingleAsync(o => o.NoticeId == noticeId, Ct);
            Assert.Equal("village", objection.SubmittedBy);
            objectionId = objection.Id;
        }

        var township = await Host.SignInAsync("township");
        var page = (await GetAsync(township, $"/notices/{noticeId}")).Html;
        Assert.DoesNotContain($"resolve-{objectionId}", page);
        var refused = await township.PostAsync($"/notices/{noticeId}?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["objectionId"] = objectionId.ToString(), ["upheld"] = "true", ["outcome"] = "越级处理", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page),
        }), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var check = Host.OpenDatabase();
        Assert.Equal(ObjectionStatus.Open, (await check.Objections.SingleAsync(o => o.Id == objectionId, Ct)).Status);
    }

    [Fact]
    public async Task An_objection_after_the_notice_ended_is_refused()
    {
        var (caseId, noticeId, _) = await NoticeAsync(OwnVillage);
        var anonymous = Anonymous();
        var form = (await GetAsync(anonymous, $"/public/notices/{noticeId}")).Html;
        Host.Clock.Advance(TimeSpan.FromDays(8));

        var response = await anonymous.PostAsync($"/public/notices/{noticeId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "逾期异议", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form),
        }), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("公示已结束", await response.Content.ReadAsStringAsync(Ct));
        await using var db = Host.OpenDatabase();
        Assert.False(await db.Objections.AnyAsync(o => o.NoticeId == noticeId, Ct));
        Assert.Equal(Stage.FirstNotice, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_staff_notice_pages()
    {
        var (_, noticeId, _) = await NoticeAsync(OwnVillage);
        var anonymous = Anonymous();

        foreach (var url in new[] { "/notices", $"/notices/{noticeId}", $"/notices/{noticeId}?print=true" })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/notices/{noticeId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_village_clerk_cannot_see_another_villages_notice()
    {
        var (_, noticeId, householdId) = await NoticeAsync(OtherVillage);
        var village = await Host.SignInAsync("village");

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(village, $"/notices/{noticeId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await village.GetAsync($"/api/notices/{noticeId}", Ct)).StatusCode);
        Assert.DoesNotContain((await HouseholdAsync(householdId)).Number, (await GetAsync(village, "/notices")).Html);
        var village2 = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(village2, $"/notices/{noticeId}")).Status);
    }

    [Fact]
    public async Task The_notice_period_comes_from_the_province_rule_set()
    {
        const int year = 2019;
        await using (var db = Host.OpenDatabase())
        {
            var rules = PovertyLines.NationalRuleSet(year) with { NoticeDays = 5 };
            db.RuleSets.Add(new RuleSetVersion
            {
                Jurisdiction = "99", Year = year, Version = 1, IsDraft = false, Content = JsonSerializer.Serialize(rules, RuleBook.Json),
                Note = "公示期5天 / 5-day notices", CreatedBy = "test", CreatedAt = Now,
            });
            await db.SaveChangesAsync(Ct);
        }

        var (_, noticeId, _) = await NoticeAsync(OwnVillage, year);

        await using var check = Host.OpenDatabase();
        var notice = await check.Notices.SingleAsync(n => n.Id == noticeId, Ct);
        Assert.Equal(TimeSpan.FromDays(5), notice.EndsAt - notice.PostedAt);
        var village = await Host.SignInAsync("village");
        Assert.Contains("公示剩余5天", (await GetAsync(village, $"/notices/{noticeId}")).Html);
    }

    private static int _households;

    [Fact]
    public async Task Staff_record_an_objection_through_the_api_and_read_the_notice_back()
    {
        var (caseId, noticeId, _) = await NoticeAsync(OwnVillage);
        var village = await Host.SignInAsync("village");

        var created = await village.PostAsJsonAsync($"/api/notices/{noticeId}/objections", new { text = "电话反映：人口不实", contact = "李某" }, Ct);
        var notice = await village.GetFromJsonAsync<JsonElement>($"/api/notices/{noticeId}", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("电话反映：人口不实", notice.GetProperty("objections")[0].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("closedAt").ValueKind);
        await using var db = Host.OpenDatabase();
        Assert.Equal(Stage.FirstNotice, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        var again = await village.PostAsJsonAsync($"/api/notices/{noticeId}/objections", new { text = "再次反映" }, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    /// <summary>A new household applying for identification, taken to its village notice by system work on the host's clock.</summary>
    private async Task<(long CaseId, long NoticeId, long HouseholdId)> NoticeAsync(string village, int year = Year)
    {
        await using var db = Host.OpenDatabase();
        var householdId = await NewHouseholdAsync(db, village);
        var opened = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, householdId, year, "村民申请 / application", Now, ct: Ct);
        await CaseWorkflow.AdvanceAsync(db, opened.Id, new StepInput("提交评议"), Now, Ct);
        await CaseWorkflow.AdvanceAsync(db, opened.Id, new StepInput("评议通过", VotesFor: 12, VotesAgainst: 1), Now, Ct);
        await CaseWorkflow.AdvanceAsync(db, opened.Id, new StepInput("入户核实"), Now, Ct);
        var noticeId = await db.Notices.Where(n => n.CaseId == opened.Id && n.ClosedAt == null).Select(n => n.Id).SingleAsync(Ct);
        return (opened.Id, noticeId, householdId);
    }

    /// <summary>A not-poor household with a phone and a bank account, so that the masking checks have something to find.</summary>
    private static async Task<long> NewHouseholdAsync(JingzhunDbContext db, string village)
    {
        var n = Interlocked.Increment(ref _households);
        var form = new HouseholdForm
        {
            VillageCode = village, VillagerGroup = "三组", PrimaryCause = PovertyCause.Illness, Phone = $"1391234{5000 + n}", BankAccount = $"622848001234567{1000 + n}",
        };
        var head = new MemberForm { Name = $"申请人{n}", ResidentId = ResidentId.Create(village[..6], new DateOnly(1975, 3, 1 + n % 28), 500 + 2 * n).Value, Relation = Relation.Head };
        var result = await RegistryEditing.CreateAsync(db, form, [head], "公示测试 / notice test", DateTime.UtcNow, Ct);
        Assert.True(result.Outcome == EditOutcome.Saved, string.Join("; ", result.Errors.Select(e => e.Message(true))));
        return result.Value!.Id;
    }

    private async Task<Household> HouseholdAsync(long id)
    {
        await using var db = Host.OpenDatabase();
        return await db.Households.AsNoTracking().Include(h => h.Members).SingleAsync(h => h.Id == id, Ct);
    }

    private static void AssertNoPersonalData(string html, Household household)
    {
        foreach (var member in household.Members) Assert.DoesNotContain(member.ResidentId, html);
        if (household.Phone.Length > 0) Assert.DoesNotContain(household.Phone, html);
        if (household.BankAccount.Length > 0) Assert.DoesNotContain(household.BankAccount, html);
    }

    private async Task<long> OtherVillageNoticeAsync() => (await NoticeAsync(OtherVillage)).NoticeId;

    private HttpClient Anonymous() => Host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<(HttpStatusCode Status, string Html)> ObjectAsync(HttpClient client, long noticeId, string text)
    {
        var form = (await GetAsync(client, $"/public/notices/{noticeId}")).Html;
        var response = await client.PostAsync($"/public/notices/{noticeId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = text, ["contact"] = "", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form),
        }), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class NoticesOnSqlite(SqliteHost host) : NoticeTests(host), IClassFixture<SqliteHost>;

public sealed class NoticesOnPostgres(PostgresHost host) : NoticeTests(host), IClassFixture<PostgresHost>;

/// <summary>The public objection throttle on a host of its own (its limit lowered): a sender over the limit is refused, nothing stored.</summary>
public sealed class PublicObjectionThrottleTests : IDisposable
{
    private readonly ApiHost _host = new(Engine.Sqlite, settings: new() { ["public-objections-per-hour"] = "2" });
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sender_over_the_hourly_limit_is_refused_with_the_time_to_try_again_and_nothing_is_stored()
    {
        long noticeId;
        _ = _host.Services; // starts the host: migrates and seeds
        await using (var db = _host.OpenDatabase())
        {
            var household = await db.Households.Where(h => h.Status == HouseholdStatus.NotPoor).Select(h => h.Id).FirstAsync(Ct);
            var now = _host.Clock.GetUtcNow().UtcDateTime;
            var c = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, household, 2020, "申请", now, ct: Ct);
            await CaseWorkflow.AdvanceAsync(db, c.Id, new StepInput("提交评议"), now, Ct);
            await CaseWorkflow.AdvanceAsync(db, c.Id, new StepInput("评议通过", VotesFor: 9, VotesAgainst: 0), now, Ct);
            await CaseWorkflow.AdvanceAsync(db, c.Id, new StepInput("入户核实"), now, Ct);
            noticeId = await db.Notices.Where(n => n.CaseId == c.Id).Select(n => n.Id).SingleAsync(Ct);
        }
        var visitor = _host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var answers = new List<HttpStatusCode>();
        string last = "";
        foreach (var text in new[] { "第一条", "第二条", "第三条" })
        {
            var form = await visitor.GetStringAsync($"/public/notices/{noticeId}", Ct);
            var response = await visitor.PostAsync($"/public/notices/{noticeId}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["text"] = text, ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form),
            }), Ct);
            answers.Add(response.StatusCode);
            last = await response.Content.ReadAsStringAsync(Ct);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Contains("每小时最多2条", last);
        await using var check = _host.OpenDatabase();
        Assert.Equal(["第一条", "第二条"], await check.Objections.Where(o => o.NoticeId == noticeId).OrderBy(o => o.Id).Select(o => o.Text).ToListAsync(Ct));
        // An hour later the same sender is heard again.
        _host.Clock.Advance(TimeSpan.FromMinutes(61));
        var again = await visitor.GetStringAsync($"/public/notices/{noticeId}", Ct);
        var heard = await visitor.PostAsync($"/public/notices/{noticeId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "第四条", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(again),
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, heard.StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
