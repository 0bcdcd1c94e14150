using System.Net;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Monitoring;

/// <summary>
/// The monitoring pages through the real host: the household page's screening visit raises a signal and is refused to
/// those who may not take it; the case page's home visit form is filled in from a department's signal and counts what
/// the visitor typed; the monitored object page refuses risk elimination until an on-site assessment has passed.
/// </summary>
public abstract class MonitoringPageTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => Jingzhun.Domain.Common.LocalTime.DateOf(Host.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task A_screening_visit_that_finds_a_risk_raises_a_signal_and_opens_monitoring_work()
    {
        var householdId = await FreeHouseholdAsync();
        var clerk = await Host.SignInAsync("village");

        var form = await clerk.GetFormAsync($"/households/{householdId}", "screening-form");
        form["Screening.Findings"] = "户主住院，花费较大";
        form["Screening.RiskFound"] = "true";
        form["Screening.Kind"] = nameof(RiskKind.MedicalExpense);
        var (response, _) = await clerk.PostFormAsync($"/households/{householdId}?handler=Screening", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/households/{householdId}#monitoring", response.Headers.Location?.OriginalString);
        await using (var db = Host.OpenDatabase())
        {
            var signal = await db.RiskSignals.SingleAsync(s => s.HouseholdId == householdId, Ct);
            Assert.Equal((DiscoveryChannel.Screening, RiskKind.MedicalExpense, SignalState.Open), (signal.Channel, signal.Kind, signal.State));
            var opened = await db.Cases.SingleAsync(c => c.Id == signal.CaseId, Ct);
            Assert.Equal((CaseKind.Monitoring, Stage.Signal), (opened.Kind, opened.Stage));
            Assert.Equal("village", (await db.ScreeningVisits.SingleAsync(v => v.HouseholdId == householdId, Ct)).VisitedBy);
        }
        var (_, page) = await clerk.GetPageAsync($"/households/{householdId}");
        Assert.Contains("data-channel=\"Screening\"", page);
        Assert.Contains("村级排查", page);
        Assert.Contains("id=\"monitoring-clock\"", page);
        Assert.DoesNotContain(">RiskSignal", page);
        Assert.DoesNotContain(">ScreeningVisit", page);
        Assert.Contains("排查走访", page);
    }

    [Fact]
    public async Task A_screening_visit_without_findings_comes_back_with_the_error_in_both_languages()
    {
        var householdId = await FreeHouseholdAsync();
        var clerk = await Host.SignInAsync("village");

        var form = await clerk.GetFormAsync($"/households/{householdId}", "screening-form");
        form["Screening.Findings"] = "";
        form["Screening.RiskFound"] = "true";
        form["Screening.Kind"] = "";
        var (response, html) = await clerk.PostFormAsync($"/households/{householdId}?handler=Screening", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("error-summary", html);
        Assert.Contains("须填写走访发现的情况", html);
        Assert.Contains("the visit&#x27;s findings are needed", html);
        Assert.Contains("choose the kind of risk found", html);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.ScreeningVisits.AnyAsync(v => v.HouseholdId == householdId, Ct));
    }

    [Fact]
    public async Task A_clerk_records_and_withdraws_a_consent_and_applies_on_the_households_behalf()
    {
        var householdId = await FreeHouseholdAsync();
        var clerk = await Host.SignInAsync("village");

        var consent = await clerk.GetFormAsync($"/households/{householdId}", "consent-form");
        consent["Consent.Document"] = "SQ-2026-017";
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"/households/{householdId}?handler=Consent", consent)).Response.StatusCode);
        var (_, withConsent) = await clerk.GetPageAsync($"/households/{householdId}");
        Assert.Contains("授权书SQ-2026-017", withConsent);
        var withdraw = HtmlForm.Parse(withConsent, "withdraw-consent-form");
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"/households/{householdId}?handler=WithdrawConsent", withdraw)).Response.StatusCode);
        await using (var db = Host.OpenDatabase())
            Assert.False(await MonitoringWork.HasConsentAsync(db, householdId, Ct));

        var apply = await clerk.GetFormAsync($"/households/{householdId}", "apply-form");
        apply["Apply.Kind"] = nameof(RiskKind.Unemployment);
        apply["Apply.Description"] = "户主失业，家中无其他收入";
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"/households/{householdId}?handler=Apply", apply)).Response.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var signal = await db.RiskSignals.SingleAsync(s => s.HouseholdId == householdId, Ct);
            Assert.Equal((DiscoveryChannel.Application, RiskKind.Unemployment), (signal.Channel, signal.Kind));
            Assert.NotNull(signal.CaseId);
        }
    }

    [Fact]
    public async Task An_auditor_and_a_clerk_of_another_village_cannot_record_a_screening_visit()
    {
        var householdId = await FreeHouseholdAsync();
        var auditor = await Host.SignInAsync("auditor");
        var (status, page) = await auditor.GetPageAsync($"/households/{householdId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"monitoring\"", page);
        Assert.DoesNotContain("screening-form", page);
        Assert.DoesNotContain("apply-form", page);
        var refused = await PostScreeningAsync(auditor, householdId, ApiHost.AntiforgeryToken(page));
        Assert.Equal(HttpStatusCode.Forbidden, refused);

        var other = await Host.SignInAsync("village2");
        var token = ApiHost.AntiforgeryToken(await other.GetStringAsync("/households", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync($"/households/{householdId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, await PostScreeningAsync(other, householdId, token));

        await using var db = Host.OpenDatabase();
        Assert.False(await db.ScreeningVisits.AnyAsync(v => v.HouseholdId == householdId, Ct));
        Assert.False(await db.RiskSignals.AnyAsync(s => s.HouseholdId == householdId, Ct));
    }

    [Fact]
    public async Task The_home_visit_form_is_filled_in_from_a_department_signal_and_counts_the_fields_typed()
    {
        var householdId = await FreeHouseholdAsync();
        await using (var db = As("village")) await MonitoringWork.RecordConsentAsync(db, householdId, Today, "SQ-2026-001", Now, Ct);
        long caseId;
        await using (var db = As("county"))
            caseId = (await MonitoringWork.RaiseSignalAsync(db, new SignalInput(householdId, DiscoveryChannel.DepartmentWarning, RiskKind.MedicalExpense,
                "年度自付医疗费用超过阈值", new Money(38_000m), Source: "医保局"), Now, Ct)).CaseId!.Value;
        var clerk = await Host.SignInAsync("village");

        var (status, page) = await clerk.GetPageAsync($"/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-field=\"MedicalExpenses\"", page);
        Assert.Contains("预填：医保局", page);
        Assert.Contains("id=\"days-left\"", page);
        Assert.Contains("还剩15天", page);
        var form = HtmlFormOf(page, "home-visit-form");
        Assert.Equal("38000.00", form["Visit.MedicalExpenses"]);
        HouseholdStatus status0;
        await using (var db = Host.OpenDatabase()) status0 = await db.Households.Where(h => h.Id == householdId).Select(h => h.Status).SingleAsync(Ct);
        Assert.Equal(MonitoringRules.SuggestedType(status0, RiskKind.MedicalExpense).ToString(), form["Visit.ProposedType"]);
        form["Visit.ProposedType"] = nameof(MonitoringCategory.SuddenHardship);

        form["Visit.ExpectedIncomePerCapita"] = "5200";
        form["Visit.Findings"] = "入户核实属实";
        form.SetAll("Visit.Causes", nameof(PovertyCause.Illness));
        var (response, _) = await clerk.PostFormAsync($"/cases/{caseId}?handler=HomeVisit", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var visit = await db.HomeVisits.SingleAsync(v => v.CaseId == caseId, Ct);
            Assert.Equal((1, 1), (visit.FieldsPrefilled, visit.FieldsTyped));
            Assert.Equal(new Money(38_000m), visit.MedicalExpenses);
            Assert.Equal(new Money(5_200m), visit.ExpectedIncomePerCapita);
            Assert.Equal((MonitoringCategory.SuddenHardship, PovertyCause.Illness), (visit.ProposedType, visit.Causes));
        }
        var (_, after) = await clerk.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("预填1项，手工填写1项", after);

        var county = await Host.SignInAsync("county");
        var (_, countyPage) = await county.GetPageAsync($"/cases/{caseId}");
        Assert.DoesNotContain("home-visit-form", countyPage);
    }

    [Fact]
    public async Task The_monitored_object_page_refuses_risk_elimination_until_an_on_site_assessment_has_passed()
    {
        var objectId = await RecogniseAsync(await FreeHouseholdAsync());
        var clerk = await Host.SignInAsync("village");

        var (status, page) = await clerk.GetPageAsync($"/monitoring/objects/{objectId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"monitoring-line\"", page);
        Assert.Matches("id=\"propose-elimination\" disabled", page);
        var propose = HtmlFormOf(page, "propose-elimination-form");
        var (refused, refusedHtml) = await clerk.PostFormAsync($"/monitoring/objects/{objectId}?handler=Propose", propose);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("风险消除须先进行实地核查评估", refusedHtml);

        var failing = HtmlFormOf(page, "assessment-form");
        failing["Assessment.IncomePerCapita"] = "1200";
        foreach (var check in new[] { "IncomeStable", "FoodAndClothing", "CompulsoryEducation", "BasicMedical", "SafeHousing", "SafeWater" })
            failing[$"Assessment.{check}"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"/monitoring/objects/{objectId}?handler=Assess", failing)).Response.StatusCode);
        var (_, afterFail) = await clerk.GetPageAsync($"/monitoring/objects/{objectId}");
        Assert.Contains("未消除，继续监测", afterFail);
        Assert.Matches("id=\"propose-elimination\" disabled", afterFail);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostFormAsync($"/monitoring/objects/{objectId}?handler=Propose", HtmlFormOf(afterFail, "propose-elimination-form"))).Response.StatusCode);

        var passing = HtmlFormOf(afterFail, "assessment-form");
        passing["Assessment.IncomePerCapita"] = "25000";
        foreach (var check in new[] { "IncomeStable", "FoodAndClothing", "CompulsoryEducation", "BasicMedical", "SafeHousing", "SafeWater" })
            passing[$"Assessment.{check}"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"/monitoring/objects/{objectId}?handler=Assess", passing)).Response.StatusCode);
        var (_, afterPass) = await clerk.GetPageAsync($"/monitoring/objects/{objectId}");
        Assert.DoesNotMatch("id=\"propose-elimination\" disabled", afterPass);
        var (proposed, _) = await clerk.PostFormAsync($"/monitoring/objects/{objectId}?handler=Propose", HtmlFormOf(afterPass, "propose-elimination-form"));

        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        await using var db = Host.OpenDatabase();
        var elimination = await db.Cases.SingleAsync(c => c.Kind == CaseKind.RiskElimination && c.HouseholdId == db.MonitoredObjects.Single(m => m.Id == objectId).HouseholdId, Ct);
        Assert.Equal($"/cases/{elimination.Id}", proposed.Headers.Location?.OriginalString);
        var (_, casePage) = await clerk.GetPageAsync($"/cases/{elimination.Id}");
        Assert.Contains("id=\"case-assessment\" data-passed=\"true\"", casePage);
    }

    [Fact]
    public async Task The_assessment_form_is_refused_to_an_auditor_and_the_evaluation_waits_for_elimination()
    {
        var objectId = await RecogniseAsync(await FreeHouseholdAsync());
        var auditor = await Host.SignInAsync("auditor");
        var (status, page) = await auditor.GetPageAsync($"/monitoring/objects/{objectId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("assessment-form", page);
        var response = await auditor.PostAsync($"/monitoring/objects/{objectId}?handler=Assess", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page), ["Assessment.IncomePerCapita"] = "25000",
            ["Assessment.AssessedOn"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var city = await Host.SignInAsync("city");
        var (_, cityPage) = await city.GetPageAsync($"/monitoring/objects/{objectId}");
        Assert.DoesNotContain("evaluation-form", cityPage);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.RiskAssessments.AnyAsync(a => a.MonitoredObjectId == objectId, Ct));
    }

    [Fact]
    public async Task The_nav_shows_monitoring_to_staff()
    {
        var clerk = await Host.SignInAsync("village");
        var (_, home) = await clerk.GetPageAsync("/households");
        Assert.Contains("id=\"nav-monitoring\"", home);
    }

    // ---- arranging ----

    private JingzhunDbContext As(string user) =>
        JingzhunDb.Create(DatabaseTarget.Parse(Host.Database), AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), Host.Clock);

    private static HtmlForm HtmlFormOf(string html, string id) => HtmlForm.Parse(html, id);

    /// <summary>A household of the village that may be monitored, is not, and has no open case.</summary>
    private async Task<long> FreeHouseholdAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.Households.Where(h => h.VillageCode == Village && (h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.NotPoor))
            .Where(h => !db.MonitoredObjects.Any(m => m.HouseholdId == h.Id))
            .Where(h => !db.RiskSignals.Any(s => s.HouseholdId == h.Id))
            .Where(h => !db.Cases.Any(c => c.HouseholdId == h.Id && c.ClosedAt == null))
            .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
    }

    private async Task<HttpStatusCode> PostScreeningAsync(HttpClient client, long householdId, string token)
    {
        var response = await client.PostAsync($"/households/{householdId}?handler=Screening", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Screening.VisitedOn"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Screening.Findings"] = "走访", ["Screening.RiskFound"] = "true", ["Screening.Kind"] = nameof(RiskKind.Unemployment),
        }), Ct);
        return response.StatusCode;
    }

    /// <summary>Takes a household through recognition on the data services, each step by its demo account; the clock runs past the notice.</summary>
    private async Task<long> RecogniseAsync(long householdId)
    {
        long caseId;
        await using (var db = As("village"))
        {
            await MonitoringWork.RecordScreeningAsync(db, householdId, Today, "家中失火", RiskKind.Disaster, Now, Ct);
            caseId = (await db.RiskSignals.SingleAsync(s => s.HouseholdId == householdId, Ct)).CaseId!.Value;
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("到户"), Now, Ct);
            var (prefill, _) = await MonitoringWork.PrefillAsync(db, caseId, Ct);
            await MonitoringWork.RecordHomeVisitAsync(db, caseId, new HomeVisitInput(Today, prefill with { DisasterLoss = new Money(20_000m) },
                MonitoringCategory.SuddenHardship, PovertyCause.Disaster, "属实"), Now, Ct);
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("核查属实"), Now, Ct);
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("评议通过"), Now, Ct);
        }
        Host.Clock.Advance(TimeSpan.FromDays(5.1));
        await using (var db = As("village")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(), Now, Ct);
        await using (var db = As("township")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("初审同意"), Now, Ct);
        await using (var db = As("county")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("比对审定"), Now, Ct);
        await using (var db = Host.OpenDatabase())
            return await db.MonitoredObjects.Where(m => m.HouseholdId == householdId).Select(m => m.Id).SingleAsync(Ct);
    }
}

public sealed class MonitoringPagesOnSqlite(SqliteHost host) : MonitoringPageTests(host), IClassFixture<SqliteHost>;

public sealed class MonitoringPagesOnPostgres(PostgresHost host) : MonitoringPageTests(host), IClassFixture<PostgresHost>;
