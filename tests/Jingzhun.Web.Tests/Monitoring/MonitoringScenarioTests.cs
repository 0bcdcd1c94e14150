using System.Net;
using System.Text.Json;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using static Jingzhun.Web.Tests.Workflows.CaseFixtures;

namespace Jingzhun.Web.Tests.Monitoring;

/// <summary>
/// The monitoring mechanism end to end through the real host: each discovery channel raises a signal, the five steps of
/// recognition are taken by the demo account of each level (a wrong role is refused and changes nothing), the 15-day
/// clock puts an undecided case on the overdue list of the level whose turn it is, the risk closes only on a passing
/// on-site assessment, the city evaluates, and monitoring notices show no ID, phone or health detail.
/// </summary>
public abstract class MonitoringScenarioTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;
    private string Today => DateOnly.FromDateTime(Now).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Each_channel_raises_a_signal_that_opens_monitoring_work()
    {
        // 1. An application on the household's behalf, by a village clerk.
        var applied = await NewHouseholdAsync();
        var (status, signal) = await PostAsync(await AsAsync("village"), $"/api/monitoring/households/{applied.Id}/signals",
            new { kind = "MedicalExpense", evidence = "户主住院", amount = 38_000m }, Ct);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {signal}");
        Assert.Equal("Application", signal.GetProperty("channel").GetString());
        Assert.Equal("Open", signal.GetProperty("state").GetString());
        Assert.True(signal.GetProperty("caseId").GetInt64() > 0);

        // 2. The household's own application on the public site: a receipt number, and only a state behind it.
        var publicHousehold = await NewHouseholdAsync();
        var residentId = await HeadIdAsync(publicHousehold.Id);
        var receipt = await ApplyPubliclyAsync(residentId, "Disaster", "房屋受灾");
        await using (var db = Host.OpenDatabase())
        {
            var s = await db.RiskSignals.SingleAsync(x => x.ReceiptNumber == receipt, Ct);
            Assert.Equal((publicHousehold.Id, DiscoveryChannel.Application, SignalState.Open), (s.HouseholdId!.Value, s.Channel, s.State));
            Assert.NotNull(s.CaseId);
        }
        var anonymous = Host.CreateClient();
        var state = await anonymous.GetAsync($"/public/monitoring/receipt?number={receipt}", Ct);
        var statePage = await state.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Contains("id=\"receipt-status\"", statePage);
        Assert.DoesNotContain(residentId, statePage);
        Assert.DoesNotContain("房屋受灾", statePage);
        Assert.DoesNotContain(publicHousehold.Number, statePage);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/public/monitoring/receipt?number=JC0000", Ct)).StatusCode);

        // 3. A screening visit by the work team that finds a risk.
        var screened = await NewHouseholdAsync();
        var (visitStatus, visit) = await PostAsync(await AsAsync("workteam"), $"/api/monitoring/households/{screened.Id}/screening",
            new { visitedOn = Today, findings = "户主失业在家", riskFound = "Unemployment" }, Ct);
        Assert.True(visitStatus == HttpStatusCode.Created, $"{(int)visitStatus} {visit}");
        Assert.Equal("Screening", visit.GetProperty("signal").GetProperty("channel").GetString());

        // 4. A department's warning, matched only with the household's consent.
        var warned = await NewHouseholdAsync();
        var (refused, refusal) = await PostAsync(await AsAsync("county"), $"/api/monitoring/households/{warned.Id}/signals",
            new { kind = "Dibao", evidence = "民政局：新纳入低保", channel = "DepartmentWarning", source = "民政局" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("授权", refusal.GetProperty("title").GetString());
        await using (var db = AsDatabase("county"))
        {
            var blocked = await Assert.ThrowsAsync<WorkflowBlockedException>(() => MonitoringWork.RaiseSignalAsync(db,
                new SignalInput(warned.Id, DiscoveryChannel.DepartmentWarning, RiskKind.Dibao, "民政局数据"), Now, Ct));
            Assert.Contains("未签署数据核查授权", blocked.Chinese);
            Assert.False(await db.RiskSignals.AnyAsync(s => s.HouseholdId == warned.Id, Ct));
        }
        var (consented, _) = await PostAsync(await AsAsync("village"), $"/api/monitoring/households/{warned.Id}/consent",
            new { givenOn = Today, document = "授权承诺书2025-17" }, Ct);
        Assert.Equal(HttpStatusCode.Created, consented);
        await using (var db = AsDatabase("county"))
        {
            var s = await MonitoringWork.RaiseSignalAsync(db, new SignalInput(warned.Id, DiscoveryChannel.DepartmentWarning, RiskKind.Dibao, "民政局数据",
                Source: "民政局"), Now, Ct);
            Assert.NotNull(s.CaseId);
        }
        // Withdrawn, the consent no longer lets department data in.
        var (withdrawn, _) = await PostAsync(await AsAsync("village"), $"/api/monitoring/households/{warned.Id}/consent/withdraw", new { }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, withdrawn);
        var (again, _) = await PostAsync(await AsAsync("county"), $"/api/monitoring/households/{warned.Id}/signals",
            new { kind = "Dibao", evidence = "民政局：新纳入低保", channel = "DepartmentWarning" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again);

        // Every channel's signal opened (or joined) a monitoring case at the signal stage.
        await using (var db = Host.OpenDatabase())
            foreach (var id in new[] { applied.Id, publicHousehold.Id, screened.Id, warned.Id })
                Assert.Equal(Stage.Signal, (await db.Cases.SingleAsync(c => c.HouseholdId == id && c.Kind == CaseKind.Monitoring, Ct)).Stage);
    }

    [Fact]
    public async Task A_public_application_that_matches_no_household_waits_for_the_village_to_link_it()
    {
        var household = await NewHouseholdAsync();
        var stranger = ResidentId.Create("990121", new DateOnly(1980, 5, 5), 777).Value;
        var receipt = await ApplyPubliclyAsync(stranger, "IncomeDrop", "收入骤减");
        long signalId;
        await using (var db = Host.OpenDatabase())
        {
            var s = await db.RiskSignals.SingleAsync(x => x.ReceiptNumber == receipt, Ct);
            Assert.Equal((SignalState.Unmatched, (long?)null, (long?)null), (s.State, s.HouseholdId, s.CaseId));
            signalId = s.Id;
        }
        var work = await GetJsonAsync(await AsAsync("village"), "/api/monitoring/work");
        Assert.Contains(work.GetProperty("signals").EnumerateArray(), s => s.GetProperty("id").GetInt64() == signalId);

        var (refused, _) = await PostAsync(await AsAsync("township"), $"/api/monitoring/signals/{signalId}/link", new { householdId = household.Id }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        var (linked, body) = await PostAsync(await AsAsync("village"), $"/api/monitoring/signals/{signalId}/link", new { householdId = household.Id }, Ct);
        Assert.True(linked == HttpStatusCode.OK, $"{(int)linked} {body}");
        Assert.Equal("Open", body.GetProperty("state").GetString());
        Assert.True(body.GetProperty("caseId").GetInt64() > 0);
    }

    [Fact]
    public async Task The_five_steps_by_the_right_roles_recognise_the_household_and_a_wrong_role_is_refused_changing_nothing()
    {
        var household = await NewHouseholdAsync(withHealthAndPhone: true);
        var caseId = await RaiseAsync(household.Id);

        await ExpectRefusedAsync("county", caseId, $"/api/cases/{caseId}/advance", new { comment = "越级" });
        Assert.Equal("HomeVisit", await AdvanceAsync(await AsAsync("village"), caseId, Ct, new { comment = "安排入户" }));
        // The visit is recorded before appraisal: the case engine will not move on without it.
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Conflict);
        var prefill = await GetJsonAsync(await AsAsync("village"), $"/api/monitoring/cases/{caseId}/prefill");
        Assert.Equal(38_000m, prefill.GetProperty("medicalExpenses").GetDecimal());
        Assert.Equal(1, prefill.GetProperty("prefilled").GetInt32());
        var visitBody = HomeVisitBody();
        await ExpectRefusedAsync("township", caseId, $"/api/monitoring/cases/{caseId}/home-visit", visitBody, expectCreated: false);
        var (visited, visit) = await PostAsync(await AsAsync("village"), $"/api/monitoring/cases/{caseId}/home-visit", visitBody, Ct);
        Assert.True(visited == HttpStatusCode.Created, $"{(int)visited} {visit}");
        Assert.Equal(1, visit.GetProperty("fieldsPrefilled").GetInt32());

        Assert.Equal("VillageAppraisal", await AdvanceAsync(await AsAsync("village"), caseId, Ct, new { comment = "核查属实" }));
        Assert.Equal("MonitoringNotice", await AdvanceAsync(await AsAsync("village"), caseId, Ct, new { comment = "评议通过", votesFor = 15, votesAgainst = 0 }));
        await AdvanceAsync(await AsAsync("village"), caseId, Ct, expect: HttpStatusCode.Conflict); // the five-day notice is running
        await NoticeShowsNoPersonalDetailAsync(caseId, household);
        Host.Clock.Advance(TimeSpan.FromDays(5.1));
        Assert.Equal("TownshipCheck", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        await ExpectRefusedAsync("village", caseId, $"/api/cases/{caseId}/advance", new { comment = "越权" });
        Assert.Equal("CountyComparison", await AdvanceAsync(await AsAsync("township"), caseId, Ct, new { comment = "初审同意" }));
        await ExpectRefusedAsync("township", caseId, $"/api/cases/{caseId}/advance", new { comment = "越权" });
        await ExpectRefusedAsync("township", caseId, $"/api/monitoring/cases/{caseId}/recognise", new { type = "Marginal", comment = "越权" });
        // The county decides, choosing the final type over the home visit's proposal (突发严重困难 → 边缘易致贫).
        var (recognised, decided) = await PostAsync(await AsAsync("county"), $"/api/monitoring/cases/{caseId}/recognise",
            new { type = "Marginal", comment = "比对审定：按边缘易致贫户认定" }, Ct);
        Assert.True(recognised == HttpStatusCode.OK, $"{(int)recognised} {decided}");
        Assert.Equal("Marginal", decided.GetProperty("type").GetString());

        await using var db = Host.OpenDatabase();
        Assert.Equal(Stage.Recognised, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        var monitored = await db.MonitoredObjects.SingleAsync(m => m.HouseholdId == household.Id, Ct);
        Assert.Equal((MonitoringCategory.Marginal, RiskClass.EntryRisk, RiskState.Monitoring), (monitored.Type, monitored.RiskClass, monitored.State));
        Assert.Equal(MonitoringCategory.Marginal, (await db.Households.SingleAsync(h => h.Id == household.Id, Ct)).Monitoring);
        Assert.All(await db.RiskSignals.Where(s => s.CaseId == caseId).ToListAsync(Ct), s => Assert.Equal(SignalState.Recognised, s.State));
    }

    [Fact]
    public async Task After_sixteen_days_an_undecided_case_is_overdue_at_the_level_whose_turn_it_is()
    {
        var household = await NewHouseholdAsync();
        var caseId = await RaiseAsync(household.Id);
        var fresh = await GetJsonAsync(await AsAsync("village"), "/api/monitoring/work");
        var row = Assert.Single(fresh.GetProperty("open").EnumerateArray(), c => c.GetProperty("caseId").GetInt64() == caseId);
        Assert.Equal(15, row.GetProperty("daysLeft").GetInt32());
        Assert.Equal("Village", row.GetProperty("turn").GetString());

        Host.Clock.Advance(TimeSpan.FromDays(16));
        Assert.Equal(1, await OverdueDaysAsync("township", caseId, "Village"));
        Assert.Null(await OverdueDaysAsync("township", caseId, "Township"));
        var page = await (await AsAsync("village")).GetStringAsync("/monitoring", Ct);
        Assert.Contains($"href=\"/cases/{caseId}\"", page);
        Assert.Contains("warn overdue", page);
        Assert.Contains("逾期1天", page);

        // Taken on to the township's check, the same overdue case now counts against the township.
        Assert.Equal("HomeVisit", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        var (visited, _) = await PostAsync(await AsAsync("village"), $"/api/monitoring/cases/{caseId}/home-visit", HomeVisitBody(), Ct);
        Assert.Equal(HttpStatusCode.Created, visited);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        Host.Clock.Advance(TimeSpan.FromDays(5.1));
        Assert.Equal("TownshipCheck", await AdvanceAsync(await AsAsync("village"), caseId, Ct));
        Assert.Null(await OverdueDaysAsync("county", caseId, "Village"));
        Assert.True(await OverdueDaysAsync("county", caseId, "Township") >= 6);
        var township = await GetJsonAsync(await AsAsync("township"), "/api/monitoring/work");
        Assert.Contains(township.GetProperty("mine").EnumerateArray(), c => c.GetProperty("caseId").GetInt64() == caseId);
        var townshipPage = await (await AsAsync("township")).GetStringAsync("/monitoring", Ct);
        Assert.Contains($"id=\"overdue-township\"", townshipPage);
    }

    [Fact]
    public async Task The_risk_closes_only_on_a_passing_on_site_assessment_and_the_city_evaluates_the_result()
    {
        var household = await NewHouseholdAsync();
        var objectId = await RecogniseAsync(household.Id);
        var village = await AsAsync("village");

        var (noAssessment, why) = await PostAsync(village, $"/api/monitoring/objects/{objectId}/elimination", new { reason = "已稳定" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, noAssessment);
        Assert.Contains("实地核查评估", why.GetProperty("title").GetString());
        var (tooEarly, _) = await PostAsync(await AsAsync("city"), $"/api/monitoring/objects/{objectId}/evaluation", new { effective = true, evaluation = "有效" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly);

        var (byCounty, _) = await PostAsync(await AsAsync("county"), $"/api/monitoring/objects/{objectId}/assessment", Assessment(20_000m), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, byCounty);
        var (failed, failing) = await PostAsync(village, $"/api/monitoring/objects/{objectId}/assessment", Assessment(1_000m), Ct);
        Assert.True(failed == HttpStatusCode.Created, $"{(int)failed} {failing}");
        Assert.False(failing.GetProperty("passed").GetBoolean());
        Assert.Equal("Continuing", failing.GetProperty("state").GetString());
        var view = await GetJsonAsync(village, $"/api/monitoring/objects/{objectId}");
        Assert.Equal("Continuing", view.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(village, $"/api/monitoring/objects/{objectId}/elimination", new { reason = "" }, Ct)).Status);
        var work = await GetJsonAsync(village, "/api/monitoring/work");
        Assert.Contains(work.GetProperty("needingAction").EnumerateArray(), m => m.GetProperty("id").GetInt64() == objectId);

        var (passed, passing) = await PostAsync(village, $"/api/monitoring/objects/{objectId}/assessment", Assessment(20_000m), Ct);
        Assert.Equal(HttpStatusCode.Created, passed);
        Assert.True(passing.GetProperty("passed").GetBoolean());
        var (opened, elimination) = await PostAsync(village, $"/api/monitoring/objects/{objectId}/elimination", new { reason = "收入稳定" }, Ct);
        Assert.True(opened == HttpStatusCode.Created, $"{(int)opened} {elimination}");
        var caseId = elimination.GetProperty("caseId").GetInt64();
        // An assessment that fails while elimination is under way stops it.
        await PostAsync(village, $"/api/monitoring/objects/{objectId}/assessment", Assessment(1_000m), Ct);
        await AdvanceAsync(village, caseId, Ct, expect: HttpStatusCode.Conflict);
        await PostAsync(village, $"/api/monitoring/objects/{objectId}/assessment", Assessment(20_000m), Ct);
        Assert.Equal("EliminationReview", await AdvanceAsync(village, caseId, Ct));
        Assert.Equal("EliminationApproval", await AdvanceAsync(await AsAsync("township"), caseId, Ct));
        Assert.Equal("RiskEliminated", await AdvanceAsync(await AsAsync("county"), caseId, Ct));

        var (notCity, _) = await PostAsync(await AsAsync("county"), $"/api/monitoring/objects/{objectId}/evaluation", new { effective = true, evaluation = "有效" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notCity);
        var (evaluated, result) = await PostAsync(await AsAsync("city"), $"/api/monitoring/objects/{objectId}/evaluation",
            new { effective = true, evaluation = "帮扶措施有效，收入稳定" }, Ct);
        Assert.True(evaluated == HttpStatusCode.OK, $"{(int)evaluated} {result}");
        Assert.Equal("Eliminated", result.GetProperty("state").GetString());
        Assert.True(result.GetProperty("evaluatedEffective").GetBoolean());
        await using var db = Host.OpenDatabase();
        Assert.Equal(MonitoringCategory.None, (await db.Households.SingleAsync(h => h.Id == household.Id, Ct)).Monitoring);
    }

    [Fact]
    public async Task An_exclusion_flag_opens_no_work_and_is_reviewed_by_the_township_with_a_reason()
    {
        var household = await NewHouseholdAsync();
        var (status, signal) = await PostAsync(await AsAsync("village"), $"/api/monitoring/households/{household.Id}/signals",
            new { kind = "Vehicle", evidence = "车管所：名下小型轿车一辆" }, Ct);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("ExclusionFlagged", signal.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, signal.GetProperty("caseId").ValueKind);
        var id = signal.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(await AsAsync("village"), $"/api/monitoring/signals/{id}/exclusion-review",
            new { confirmed = true, reason = "属实" }, Ct)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(await AsAsync("township"), $"/api/monitoring/signals/{id}/exclusion-review",
            new { confirmed = true, reason = "" }, Ct)).Status);
        var (reviewed, body) = await PostAsync(await AsAsync("township"), $"/api/monitoring/signals/{id}/exclusion-review",
            new { confirmed = false, reason = "车辆已于2024年转让" }, Ct);
        Assert.Equal(HttpStatusCode.OK, reviewed);
        Assert.Equal("ExclusionReviewed", body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(await AsAsync("township"), $"/api/monitoring/signals/{id}/exclusion-review",
            new { confirmed = false, reason = "再次" }, Ct)).Status);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.Cases.AnyAsync(c => c.HouseholdId == household.Id, Ct));
    }

    [Fact]
    public async Task The_side_doors_of_the_case_engine_do_not_open_monitoring_or_elimination_cases()
    {
        var household = await NewHouseholdAsync();
        var village = await AsAsync("village");
        foreach (var kind in new[] { "Monitoring", "RiskElimination" })
        {
            var (status, _) = await PostAsync(village, "/api/cases", new { kind, householdId = household.Id, reason = "绕过信号" }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }
        // The open-a-case form refuses them too.
        var token = HtmlForm.AntiforgeryToken(await village.GetStringAsync($"/households/{household.Id}", Ct));
        var page = await village.PostAsync("/cases/open", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "Monitoring", ["householdId"] = $"{household.Id}", ["reason"] = "绕过信号", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        // A screening visit cannot be posted as a plain signal (it comes with its visit).
        var (screening, _) = await PostAsync(village, $"/api/monitoring/households/{household.Id}/signals",
            new { kind = "Unemployment", evidence = "失业", channel = "Screening" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, screening);
        // Another region's household does not exist for the village.
        var (elsewhere, _) = await PostAsync(await AsAsync("village2"), $"/api/monitoring/households/{household.Id}/signals",
            new { kind = "Unemployment", evidence = "失业" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.Cases.AnyAsync(c => c.HouseholdId == household.Id, Ct));
        Assert.False(await db.RiskSignals.AnyAsync(s => s.HouseholdId == household.Id, Ct));
    }

    [Fact]
    public async Task The_public_form_takes_only_hardship_kinds_and_a_valid_ID_and_says_nothing_about_the_registry()
    {
        var household = await NewHouseholdAsync();
        var residentId = await HeadIdAsync(household.Id);
        var anonymous = Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await anonymous.GetStringAsync("/public/monitoring/apply", Ct);
        Assert.DoesNotContain("value=\"Vehicle\"", form); // exclusion checks are departments' data, not a household's application
        async Task<(HttpStatusCode, string)> PostAsync(Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = HtmlForm.AntiforgeryToken(form);
            var response = await anonymous.PostAsync("/public/monitoring/apply", new FormUrlEncodedContent(fields), Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        int before;
        await using (var db = Host.OpenDatabase()) before = await db.RiskSignals.CountAsync(Ct);
        var (vehicle, _) = await PostAsync(new() { ["village"] = Village, ["name"] = "甲", ["residentId"] = residentId, ["kind"] = "Vehicle", ["text"] = "有车" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, vehicle);
        var (badId, page) = await PostAsync(new() { ["village"] = Village, ["name"] = "甲", ["residentId"] = "123", ["kind"] = "Disaster", ["text"] = "受灾" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId);
        Assert.Contains("身份证号码无效", page);
        var (township, _) = await PostAsync(new() { ["village"] = "990121001000", ["name"] = "甲", ["residentId"] = residentId, ["kind"] = "Disaster", ["text"] = "受灾" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, township);
        var (noToken, _) = (await anonymous.PostAsync("/public/monitoring/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["village"] = Village, ["name"] = "甲", ["residentId"] = residentId, ["kind"] = "Disaster", ["text"] = "受灾",
        }), Ct)) is var r ? (r.StatusCode, 0) : default;
        Assert.Equal(HttpStatusCode.BadRequest, noToken);
        await using (var db = Host.OpenDatabase()) Assert.Equal(before, await db.RiskSignals.CountAsync(Ct));
    }

    // ---- helpers ----

    private async Task NoticeShowsNoPersonalDetailAsync(long caseId, Household household)
    {
        long noticeId;
        string residentId, phone;
        await using (var db = Host.OpenDatabase())
        {
            noticeId = await db.Notices.Where(n => n.CaseId == caseId).Select(n => n.Id).SingleAsync(Ct);
            residentId = await HeadIdAsync(household.Id);
            phone = (await db.Households.SingleAsync(h => h.Id == household.Id, Ct)).Phone;
        }
        var staff = await (await AsAsync("village")).GetStringAsync($"/notices/{noticeId}", Ct);
        var open = await Host.CreateClient().GetStringAsync($"/public/notices/{noticeId}", Ct);
        var json = await (await AsAsync("village")).GetStringAsync($"/api/notices/{noticeId}", Ct);
        Assert.Contains("\"headResidentId\":\"\"", json);
        foreach (var text in new[] { staff, open, json })
        {
            Assert.Contains(household.Number, text);
            Assert.DoesNotContain(residentId, text);
            Assert.DoesNotContain(Masking.ResidentId(residentId), text);
            Assert.DoesNotContain(phone, text);
            Assert.DoesNotContain("住院", text);
            Assert.DoesNotContain("因病", text);
            Assert.DoesNotContain("Illness", text);
            Assert.DoesNotContain("notice-resident-id", text);
        }
    }

    private async Task<int?> OverdueDaysAsync(string user, long caseId, string level)
    {
        var work = await GetJsonAsync(await AsAsync(user), "/api/monitoring/work");
        var list = work.GetProperty("overdue").EnumerateArray().Single(o => o.GetProperty("level").GetString() == level);
        var row = list.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("caseId").GetInt64() == caseId).ToList();
        return row.Count == 0 ? null : row[0].GetProperty("daysOverdue").GetInt32();
    }

    /// <summary>A cadre's application on the household's behalf (high medical expenses); the case it opened.</summary>
    private async Task<long> RaiseAsync(long householdId)
    {
        var (status, signal) = await PostAsync(await AsAsync("village"), $"/api/monitoring/households/{householdId}/signals",
            new { kind = "MedicalExpense", evidence = "户主住院，自付医疗费用较高", amount = 38_000m }, Ct);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {signal}");
        return signal.GetProperty("caseId").GetInt64();
    }

    /// <summary>The five steps, each by its level; the monitored object's id.</summary>
    private async Task<long> RecogniseAsync(long householdId)
    {
        var caseId = await RaiseAsync(householdId);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        var (visited, _) = await PostAsync(await AsAsync("village"), $"/api/monitoring/cases/{caseId}/home-visit", HomeVisitBody(), Ct);
        Assert.Equal(HttpStatusCode.Created, visited);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        Host.Clock.Advance(TimeSpan.FromDays(5.1));
        await AdvanceAsync(await AsAsync("village"), caseId, Ct);
        await AdvanceAsync(await AsAsync("township"), caseId, Ct);
        Assert.Equal("Recognised", await AdvanceAsync(await AsAsync("county"), caseId, Ct));
        await using var db = Host.OpenDatabase();
        var monitored = await db.MonitoredObjects.SingleAsync(m => m.HouseholdId == householdId, Ct);
        Assert.Equal(MonitoringCategory.SuddenHardship, monitored.Type); // the plain step keeps the home visit's proposed type
        return monitored.Id;
    }

    private object HomeVisitBody() => new
    {
        visitedOn = Today, expectedIncomePerCapita = 4_200m, medicalExpenses = 38_000m, proposedType = "SuddenHardship", causes = "Illness",
        findings = "住院属实，自付费用高",
    };

    private object Assessment(decimal income) => new
    {
        assessedOn = Today, incomePerCapita = income, incomeStable = true, foodAndClothing = true, compulsoryEducation = true, basicMedical = true,
        safeHousing = true, safeWater = true, comment = "入户评估",
    };

    /// <summary>The public form as a visitor fills it in; the receipt number it answers with.</summary>
    private async Task<string> ApplyPubliclyAsync(string residentId, string kind, string text)
    {
        var anonymous = Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await anonymous.GetStringAsync("/public/monitoring/apply", Ct);
        Assert.Contains($"value=\"{Village}\"", form);
        var response = await anonymous.PostAsync("/public/monitoring/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["village"] = Village, ["name"] = "申请人", ["residentId"] = residentId, ["contact"] = "13900001111", ["kind"] = kind, ["text"] = text,
            ["__RequestVerificationToken"] = HtmlForm.AntiforgeryToken(form),
        }), Ct);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {page}");
        var match = System.Text.RegularExpressions.Regex.Match(page, "id=\"receipt-number\">([A-Z0-9]+)<");
        Assert.True(match.Success, page);
        return match.Groups[1].Value;
    }

    /// <summary>The step is refused with 403, the case is as it was, and the audit has the refusal.</summary>
    private async Task ExpectRefusedAsync(string user, long caseId, string url, object body, bool expectCreated = false)
    {
        var (stage, steps, visits, refusals) = await CaseStateAsync(caseId, user);
        var (status, answer) = await PostAsync(await Host.SignInAsync(user), url, body, Ct);
        Assert.True(status == HttpStatusCode.Forbidden, $"{user} {url} answered {(int)status}: {answer}");
        Assert.Equal((stage, steps, visits, refusals + 1), await CaseStateAsync(caseId, user));
    }

    private async Task<(Stage, int, int, int)> CaseStateAsync(long caseId, string user)
    {
        await using var db = Host.OpenDatabase();
        var c = await db.Cases.Include(x => x.Steps).SingleAsync(x => x.Id == caseId, Ct);
        return (c.Stage, c.Steps.Count, await db.HomeVisits.CountAsync(v => v.CaseId == caseId, Ct),
            await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Refused && a.Actor == user, Ct));
    }

    private async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> HeadIdAsync(long householdId)
    {
        await using var db = Host.OpenDatabase();
        return await db.Members.Where(m => m.HouseholdId == householdId && m.Relation == Relation.Head).Select(m => m.ResidentId).SingleAsync(Ct);
    }

    private JingzhunDbContext AsDatabase(string user) =>
        JingzhunDb.Create(DatabaseTarget.Parse(Host.Database), AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), Host.Clock);

    private async Task<Household> NewHouseholdAsync(bool withHealthAndPhone = false)
    {
        await using var db = Host.OpenDatabase();
        var household = await CreateHouseholdAsync(db, HouseholdStatus.NotPoor, 6_000m, Ct);
        if (withHealthAndPhone)
        {
            var tracked = await db.Households.SingleAsync(h => h.Id == household.Id, Ct);
            tracked.Phone = "13912340000";
            tracked.PrimaryCause = PovertyCause.Illness;
            await db.SaveChangesAsync(Ct);
        }
        return household;
    }

    private readonly Dictionary<string, (HttpClient Client, DateTimeOffset At)> _sessions = [];

    /// <summary>A signed-in client of a demo account; signed in again once the clock has moved (idle expiry).</summary>
    private async Task<HttpClient> AsAsync(string user)
    {
        var now = Host.Clock.GetUtcNow();
        if (_sessions.TryGetValue(user, out var s) && s.At == now) return s.Client;
        var client = await Host.SignInAsync(user);
        _sessions[user] = (client, now);
        return client;
    }
}

public sealed class MonitoringScenariosOnSqlite(SqliteHost host) : MonitoringScenarioTests(host), IClassFixture<SqliteHost>;

public sealed class MonitoringScenariosOnPostgres(PostgresHost host) : MonitoringScenarioTests(host), IClassFixture<PostgresHost>;
