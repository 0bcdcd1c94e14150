using System.Net;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;
using static Jingzhun.Web.Tests.Workflows.CaseFixtures;

namespace Jingzhun.Web.Tests.Workflows;

/// <summary>
/// Identification, exit and look-back cases end to end through the real host and its JSON API,
/// each step taken by the demo account of the level the stage belongs to, with the host's clock
/// moved on to let the seven-day notices run.
/// </summary>
public abstract class CaseScenarioTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan NoticePeriod = TimeSpan.FromDays(8);

    [Fact]
    public async Task A_household_proposed_by_the_village_is_registered_as_poor_after_both_notices_and_the_county_approval()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.NotPoor, 1_500m);

        var caseId = await OpenAsync(await AsAsync("village"), "Identification", household.Id, Ct, "本人申请");
        Assert.Equal("DemocraticReview", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        Assert.Equal("Verification", await AdvanceAsync(await AsAsync("village"), caseId, Ct, Votes));
        Assert.Equal("FirstNotice", await AdvanceAsync(await AsAsync("village"), caseId, Ct, new { comment = "入户核实属实", attachments = "核实表.jpg" }));
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Conflict); // the village notice is still running
        LetNoticeRun();
        Assert.Equal("TownshipReview", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        Assert.Equal("SecondNotice", await AdvanceAsync(await AsAsync("township"), caseId, Ct));
        await AdvanceAsync(await AsAsync("township"), caseId, Ct, expect: HttpStatusCode.Conflict);
        LetNoticeRun();
        Assert.Equal("CountyApproval", await AdvanceAsync(await AsAsync("township"), caseId, Ct));
        Assert.Equal("Announcement", await AdvanceAsync(await AsAsync("county"), caseId, Ct));
        Assert.Equal("Registered", await AdvanceAsync(await AsAsync("county"), caseId, Ct));

        await using var db = Host.OpenDatabase();
        var after = await db.Households.Include(h => h.StatusHistory).SingleAsync(h => h.Id == household.Id, Ct);
        Assert.Equal(HouseholdStatus.Poor, after.Status);
        Assert.Contains(after.StatusHistory, s => s.From == HouseholdStatus.NotPoor && s.To == HouseholdStatus.Poor && s.Reason.Contains($"{caseId}"));
        var closed = await db.Cases.Include(c => c.Steps).Include(c => c.Notices).SingleAsync(c => c.Id == caseId, Ct);
        Assert.False(closed.IsOpen);
        Assert.Equal(2, closed.Notices.Count);
        Assert.Contains(closed.Steps, s => s.VotesFor == 23 && s.VotesAgainst == 2 && s.Attachments.Contains("评议记录.pdf"));
        Assert.Contains(closed.Steps, s => s.Actor == "county" && s.To == Stage.Registered);
    }

    [Fact]
    public async Task A_look_back_removal_needs_a_reason_and_ends_with_the_household_removed_and_its_history_kept()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.Poor, 2_000m);
        var (noReason, _) = await PostAsync(await AsAsync("village"), "/api/cases", new { kind = "LookBackRemoval", householdId = household.Id, reason = "" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, noReason);
        var caseId = await OpenAsync(await AsAsync("village"), "LookBackRemoval", household.Id, Ct, "家有财政供养人员，识别不准");
        Assert.Equal("RemovalReview", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Forbidden); // the review is the township's
        Assert.Equal("CountyApproval", await AdvanceAsync(await AsAsync("township"), caseId, Ct));
        Assert.Equal("RemovedFromRegistry", await AdvanceAsync(await AsAsync("county"), caseId, Ct));

        await using var db = Host.OpenDatabase();
        var after = await db.Households.Include(h => h.StatusHistory).Include(h => h.Members).SingleAsync(h => h.Id == household.Id, Ct);
        Assert.Equal(HouseholdStatus.Removed, after.Status);
        Assert.Contains(after.StatusHistory, s => s.From == HouseholdStatus.Poor && s.To == HouseholdStatus.Removed && s.Reason.Contains("识别不准"));
        Assert.Contains(after.StatusHistory, s => s.To == HouseholdStatus.Poor); // the identification stays on record
        Assert.NotEmpty(after.Members);
    }

    [Fact]
    public async Task An_exit_ready_household_is_deregistered_as_exited_keeping_its_history_members_and_incomes()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.Poor, 9_000m);
        string before;
        int historyBefore;
        await using (var db = Host.OpenDatabase())
        {
            before = await MembersAndIncomesAsync(db, household.Id);
            historyBefore = await db.StatusChanges.CountAsync(s => s.HouseholdId == household.Id, Ct);
        }

        var caseId = await OpenAsync(await AsAsync("village"), "HouseholdExit", household.Id, Ct);
        Assert.Equal("DemocraticReview", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        Assert.Equal("Verification", await AdvanceAsync(await AsAsync("village"), caseId, Ct, Votes));
        Assert.Equal("HouseholdAcknowledged", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        Assert.Equal("VillageNotice", await AdvanceAsync(await AsAsync("village"), caseId, Ct, new { comment = "户主签字认可", attachments = "退出确认书.pdf" }));
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Conflict);
        LetNoticeRun();
        Assert.Equal("ExitAnnouncement", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        Assert.Equal("Deregistered", await AdvanceAsync(await AsAsync("township"), caseId, Ct));

        await using var after = Host.OpenDatabase();
        var exited = await after.Households.Include(h => h.StatusHistory).SingleAsync(h => h.Id == household.Id, Ct);
        Assert.Equal(HouseholdStatus.Exited, exited.Status);
        Assert.Equal(historyBefore + 1, exited.StatusHistory.Count);
        Assert.Contains(exited.StatusHistory, s => s.To == HouseholdStatus.Poor);
        // The outcome of the case, and only of the case: marked as such, naming it.
        var exit = Assert.Single(exited.StatusHistory, s => s.From == HouseholdStatus.Poor && s.To == HouseholdStatus.Exited);
        Assert.Equal((StatusChangeSource.Case, (long?)caseId), (exit.Source, exit.CaseId));
        Assert.Equal(before, await MembersAndIncomesAsync(after, household.Id));
        var stored = await after.Cases.SingleAsync(c => c.Id == caseId, Ct);
        var decision = await after.Decisions.SingleAsync(d => d.Id == stored.DecisionId, Ct);
        Assert.True(decision.Passed);
    }

    [Fact]
    public async Task A_household_without_medical_insurance_cannot_be_proposed_for_exit_and_the_stored_trace_names_medical()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.Poor, 9_000m);
        await using (var db = Host.OpenDatabase())
        {
            var member = await db.Members.FirstAsync(m => m.HouseholdId == household.Id, Ct);
            member.HasMedicalInsurance = false;
            await db.SaveChangesAsync(Ct);
        }

        var (status, body) = await PostAsync(await AsAsync("village"), "/api/cases", new { kind = "HouseholdExit", householdId = household.Id }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("基本医疗", body.ToString(), StringComparison.Ordinal);
        await using var after = Host.OpenDatabase();
        Assert.False(await after.Cases.AnyAsync(c => c.HouseholdId == household.Id, Ct));
        var stored = await after.Decisions.Where(d => d.HouseholdId == household.Id && d.Rule == HouseholdRules.ExitRule).SingleAsync(Ct);
        Assert.False(stored.Passed);
        var trace = RuleBook.ReadTrace(stored)!;
        Assert.Equal(["medical"], trace.Failed.Select(c => c.Code));
    }

    [Fact]
    public async Task An_exited_household_identified_again_is_registered_as_returned_to_poverty_in_that_year()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.Exited, 1_500m);
        var caseId = await IdentifyToRegisteredAsync(household.Id);

        await using var db = Host.OpenDatabase();
        var after = await db.Households.Include(h => h.StatusHistory).SingleAsync(h => h.Id == household.Id, Ct);
        Assert.Equal(HouseholdStatus.Returned, after.Status);
        Assert.Equal(Year, after.StatusYear);
        Assert.Contains(after.StatusHistory, s => s.From == HouseholdStatus.Exited && s.To == HouseholdStatus.Returned && s.Year == Year);
        Assert.False((await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).IsOpen);
    }

    [Fact]
    public async Task A_step_by_the_wrong_role_or_level_is_refused_and_leaves_only_the_refusal_in_the_audit()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.NotPoor, 1_500m);
        var caseId = await OpenAsync(await AsAsync("village"), "Identification", household.Id, Ct);
        Assert.Equal("DemocraticReview", await AdvanceAsync(await AsAsync("village"), caseId, Ct));

        await ExpectRefusedAsync("county", caseId, Votes);   // a county officer cannot hold the village's democratic review
        await ExpectRefusedAsync("auditor", caseId, Votes);  // an auditor moves nothing
        await ExpectRefusedAsync("township", caseId, new { reason = "越级退回" }, "return");

        Assert.Equal("Verification", await AdvanceAsync(await AsAsync("village"), caseId, Ct, Votes));
        Assert.Equal("FirstNotice", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        LetNoticeRun();
        Assert.Equal("TownshipReview", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        await ExpectRefusedAsync("village", caseId, new { comment = "越级审核" }); // the township's review is not the village's
        await ExpectRefusedAsync("workteam", caseId, new { reason = "越级不予通过" }, "reject");
    }

    [Fact]
    public async Task Objections_during_a_notice_hold_the_case_until_each_is_answered_and_an_upheld_one_sends_it_back()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.NotPoor, 1_500m);
        var caseId = await OpenAsync(await AsAsync("village"), "Identification", household.Id, Ct);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, Votes);
        Assert.Equal("FirstNotice", await AdvanceAsync(await AsAsync("village"), caseId, Ct));

        long first, second;
        await using (var db = Host.OpenDatabase())
        {
            var notice = await db.Notices.SingleAsync(n => n.CaseId == caseId && n.ClosedAt == null, Ct);
            first = (await CaseWorkflow.ObjectAsync(db, notice.Id, "该户家有轿车，收入不实", "村民甲", "public", Host.Clock.GetUtcNow().UtcDateTime, Ct)).Id;
            // The notice stays up for everyone else: a second villager objects too.
            second = (await CaseWorkflow.ObjectAsync(db, notice.Id, "该户有人在县城经商", "村民乙", "public", Host.Clock.GetUtcNow().UtcDateTime, Ct)).Id;
        }
        await using (var db = Host.OpenDatabase())
        {
            Assert.Equal(Stage.FirstNotice, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
            Assert.Null((await db.Notices.SingleAsync(n => n.CaseId == caseId, Ct)).ClosedAt);
        }

        // The period runs out; the open objections still hold the case.
        Host.Clock.Advance(TimeSpan.FromDays(8));
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Conflict);
        await using (var db = Host.OpenDatabase())
            await CaseWorkflow.ResolveObjectionAsync(db, first, upheld: false, "核实车辆为亲属所有，异议不成立", Host.Clock.GetUtcNow().UtcDateTime, Ct);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Conflict);

        // Upheld: the notice closes and the case goes back to verification, with the objection in its step.
        await using (var db = Host.OpenDatabase())
            await CaseWorkflow.ResolveObjectionAsync(db, second, upheld: true, "入户核实，确有经营收入", Host.Clock.GetUtcNow().UtcDateTime, Ct);
        await using (var db = Host.OpenDatabase())
        {
            var moved = await db.Cases.Include(c => c.Steps).SingleAsync(c => c.Id == caseId, Ct);
            Assert.Equal(Stage.Verification, moved.Stage);
            Assert.Contains(moved.Steps, s => s.Action == StepAction.Objection && s.Comment.Contains("确有经营收入"));
            Assert.NotNull((await db.Notices.SingleAsync(n => n.CaseId == caseId, Ct)).ClosedAt);
        }
        Assert.Equal("FirstNotice", await AdvanceAsync(await AsAsync("village"), caseId, Ct, new { comment = "重新核实后再次公示" }));
        await using var after = Host.OpenDatabase();
        var notices = await after.Notices.Where(n => n.CaseId == caseId).ToListAsync(Ct);
        Assert.Equal(2, notices.Count);
        Assert.Single(notices, n => n.ClosedAt == null);
    }

    [Fact]
    public async Task The_work_list_shows_a_role_the_cases_waiting_for_it_and_the_case_page_its_steps_and_trace()
    {
        var household = await NewHouseholdAsync(HouseholdStatus.NotPoor, 1_500m);
        var caseId = await OpenAsync(await AsAsync("village"), "Identification", household.Id, Ct);

        var villageWork = await (await AsAsync("village")).GetStringAsync("/cases", Ct);
        var townshipWork = await (await AsAsync("township")).GetStringAsync("/cases", Ct);
        var townshipAll = await (await AsAsync("township")).GetStringAsync("/cases?all=true", Ct);
        var page = await (await AsAsync("village")).GetStringAsync($"/cases/{caseId}", Ct);
        var householdPage = await (await AsAsync("village")).GetStringAsync($"/households/{household.Id}", Ct);

        Assert.Contains($"data-case=\"{caseId}\"", villageWork);
        Assert.DoesNotContain($"data-case=\"{caseId}\"", townshipWork);
        Assert.Contains($"data-case=\"{caseId}\"", townshipAll);
        Assert.Contains("id=\"advance-form\"", page);
        Assert.Contains("data-code=\"income\"", page);
        Assert.Contains("id=\"exit-readiness\"", householdPage);
        Assert.Contains($"href=\"/cases/{caseId}\"", householdPage);
        Assert.DoesNotContain("id=\"advance-form\"", await (await AsAsync("township")).GetStringAsync($"/cases/{caseId}", Ct));
    }

    [Fact]
    public async Task A_village_clerk_draws_up_the_exit_list_prefilled_with_the_exit_ready_households_and_opens_their_cases()
    {
        var ready = await NewHouseholdAsync(HouseholdStatus.Poor, 9_000m);
        var poorer = await NewHouseholdAsync(HouseholdStatus.Poor, 2_000m);
        var village = await AsAsync("village");

        var form = await village.GetStringAsync("/lists/new?kind=HouseholdExit", Ct);
        Assert.Matches($"name=\"householdIds\" value=\"{ready.Id}\" checked", form);
        Assert.DoesNotContain($"value=\"{poorer.Id}\"", form);
        Assert.Contains("id=\"propose-exit\"", await village.GetStringAsync($"/households/{ready.Id}", Ct));
        Assert.DoesNotContain("id=\"propose-exit\"", await village.GetStringAsync($"/households/{poorer.Id}", Ct));

        var response = await village.PostAsync("/lists/new?kind=HouseholdExit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form), ["householdIds"] = ready.Id.ToString(), ["title"] = "高峰村2025年退出名单",
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await village.GetStringAsync(response.Headers.Location!.OriginalString, Ct);
        Assert.Contains(ready.Number, list);
        Assert.Contains("id=\"decide\"", list);
        await using var db = Host.OpenDatabase();
        var opened = await db.Cases.SingleAsync(c => c.HouseholdId == ready.Id, Ct);
        Assert.Equal(Stage.PreExit, opened.Stage);
        Assert.NotNull(opened.BatchId);
        Assert.Equal("403", ((int)(await (await AsAsync("county")).GetAsync("/lists/new", Ct)).StatusCode).ToString());
    }

    private readonly Dictionary<string, (HttpClient Client, DateTimeOffset At)> _sessions = [];

    /// <summary>A signed-in client of a demo account; signed in again once the clock has jumped past its idle expiry.</summary>
    private async Task<HttpClient> AsAsync(string user)
    {
        var now = Host.Clock.GetUtcNow();
        if (_sessions.TryGetValue(user, out var s) && s.At == now) return s.Client;
        var client = await Host.SignInAsync(user);
        _sessions[user] = (client, now);
        return client;
    }

    /// <summary>Moves the host's clock past a seven-day notice.</summary>
    private void LetNoticeRun() => Host.Clock.Advance(NoticePeriod);

    /// <summary>The step is refused with 403; the case is as it was, and the audit has the refusal.</summary>
    private async Task ExpectRefusedAsync(string user, long caseId, object body, string action = "advance")
    {
        var (stage, steps, refusals) = await CaseStateAsync(caseId, user);
        var client = await Host.SignInAsync(user);
        var (status, answer) = await PostAsync(client, $"/api/cases/{caseId}/{action}", body, Ct);
        Assert.True(status == HttpStatusCode.Forbidden, $"{user} {action} answered {(int)status}: {answer}");
        var (stageAfter, stepsAfter, refusalsAfter) = await CaseStateAsync(caseId, user);
        Assert.Equal(stage, stageAfter);
        Assert.Equal(steps, stepsAfter);
        Assert.Equal(refusals + 1, refusalsAfter);
    }

    private async Task<(Stage Stage, int Steps, int Refusals)> CaseStateAsync(long caseId, string user)
    {
        await using var db = Host.OpenDatabase();
        var c = await db.Cases.Include(x => x.Steps).SingleAsync(x => x.Id == caseId, Ct);
        return (c.Stage, c.Steps.Count, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Refused && a.Actor == user, Ct));
    }

    private async Task<long> IdentifyToRegisteredAsync(long householdId)
    {
        var caseId = await OpenAsync(await AsAsync("workteam"), "Identification", householdId, Ct, "因病返贫");
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, Votes);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        LetNoticeRun();
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        await AdvanceAsync(await AsAsync("township"), caseId, Ct);
        LetNoticeRun();
        await AdvanceAsync(await AsAsync("township"), caseId, Ct);
        await AdvanceAsync(await AsAsync("county"), caseId, Ct);
        Assert.Equal("Registered", await AdvanceAsync(await AsAsync("county"), caseId, Ct));
        return caseId;
    }

    private async Task<Household> NewHouseholdAsync(HouseholdStatus status, decimal perCapita)
    {
        await using var db = Host.OpenDatabase();
        return await CreateHouseholdAsync(db, status, perCapita, Ct);
    }

    private static async Task<string> MembersAndIncomesAsync(Data.Database.JingzhunDbContext db, long householdId)
    {
        var members = await db.Members.Where(m => m.HouseholdId == householdId).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Version, m.Name, m.HasMedicalInsurance, m.State }).ToListAsync(Ct);
        var incomes = await db.Incomes.Where(i => i.HouseholdId == householdId).OrderBy(i => i.Id).Select(i => new { i.Id, i.Year, i.Wages }).ToListAsync(Ct);
        return string.Join(";", members) + "|" + string.Join(";", incomes);
    }
}

public sealed class CaseScenariosOnSqlite(SqliteHost host) : CaseScenarioTests(host), IClassFixture<SqliteHost>;

public sealed class CaseScenariosOnPostgres(PostgresHost host) : CaseScenarioTests(host), IClassFixture<PostgresHost>;
