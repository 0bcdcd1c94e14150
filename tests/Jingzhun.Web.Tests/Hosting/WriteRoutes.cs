using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>One write route of the API with a body it accepts, sent as the account that may send it.</summary>
/// <param name="Route">"POST /api/households/{id:long}/members": the method and the route pattern as the host maps it.</param>
/// <param name="Body">A valid body, made fresh for each request (versions and unique numbers change); null: the route reads none.</param>
/// <param name="Decided">The route answers a valid body with a decision that may be 409 (an area that does not meet the exit rules).</param>
public sealed record WriteRoute(string Route, string User, string Path, Func<Task<JsonNode?>> Body, bool Decided = false);

/// <summary>
/// Every POST and PUT of the API, found in the host's endpoints, with a valid sample body for each: the records the
/// samples act on (a household, cases, notices, an objection, a draft rule set) are made here on the host's database.
/// </summary>
public sealed class WriteRoutes
{
    public static readonly JsonSerializerOptions Json = RegistryApiTests.Json;
    private const string Village = "990121001001";
    private const string County = "990121000000";
    private static int _next;

    private WriteRoutes(List<WriteRoute> samples) => Samples = samples;

    public List<WriteRoute> Samples { get; }

    /// <summary>"POST /api/…" for every endpoint under /api that writes, as the routing table has it.</summary>
    public static List<string> Mapped(ApiHost host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is not ("GET" or "HEAD" or "OPTIONS"))
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal).ToList();

    public static async Task<WriteRoutes> ArrangeAsync(ApiHost host, CancellationToken ct)
    {
        await using var db = host.OpenDatabase();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var household = await NewHouseholdAsync(db, ct);
        var head = household.Members.Single();
        var applicant = await NewHouseholdAsync(db, ct);
        var toAdvance = await OpenCaseAsync(db, now, ct);
        var toReturn = await OpenCaseAsync(db, now, ct);
        var toReject = await OpenCaseAsync(db, now, ct);
        var toAdvanceWithFiles = await OpenCaseAsync(db, now, ct); // Cases: attachments
        var objected = await NoticeAsync(db, now, ct);
        var resolved = await NoticeAsync(db, now, ct);
        var objection = await CaseWorkflow.ObjectAsync(db, resolved, "电话反映：收入不实", "李某", "test", now, ct);
        var nation = JingzhunDb.Create(DatabaseTarget.Parse(host.Database), AccessScope.System("test"));
        var draft = await RuleSetVersions.CreateDraftAsync(nation, Rules(2032), "草案", now, ct);
        await nation.DisposeAsync();
        var account = await db.Accounts.Where(a => a.UserName == "village2").Select(a => a.Id).SingleAsync(ct);
        var monitoring = await MonitoringSamplesAsync(db, now, ct);
        var credit = await CreditSamplesAsync(db, now, ct); // Assistance: credit
        var teams = await TeamSamplesAsync(db, now, ct); // Assistance: teams
        var plans = await PlanSamplesAsync(db, now, ct); // Assistance: plans
        // Assistance: roster
        var roster = await RosterSamplesAsync(db, household.Id, ct);
        // Funds: ledger
        var ledger = await LedgerSamplesAsync(db, now, ct);
        var disclosures = await DisclosureSamplesAsync(host, ct); // Funds: disclosure
        var assets = await AssetSamplesAsync(db, now, ct); // Funds: assets
        var projects = await ProjectSamplesAsync(host, now, ct); // Funds: projects
        // Funds: payments
        var payments = await PaymentSamplesAsync(db, household, ct);
        var sampling = await SamplingSamplesAsync(host, now, ct); // Assessment: sampling
        // Assessment: forms
        var forms = await Assessment.FormSamples.CreateAsync(host, ct);
        var annual = await AnnualSamplesAsync(host, ct); // Assessment: annual
        var findings = await FindingSamplesAsync(db, now, ct); // Assessment: findings
        var collaboration = await CollaborationSamplesAsync(db, now, ct); // Collaboration
        var labour = await LabourSamplesAsync(db, now, ct); // Collaboration: labour
        var census = await CensusSamplesAsync(db, now, ct); // Census
        var sampleChecks = await SampleCheckSamplesAsync(db, now, ct); // SampleChecks

        return new WriteRoutes(
        [
            new("POST /api/households", "village", "/api/households", () => Node(new
            {
                household = NewForm(), members = new[] { NewMember(Relation.Head) }, reason = "新增",
            })),
            new("PUT /api/households/{id:long}", "village", $"/api/households/{household.Id}", async () =>
            {
                await using var read = host.OpenDatabase();
                var current = await read.Households.AsNoTracking().SingleAsync(h => h.Id == household.Id, ct);
                return await Node(new { household = HouseholdForm.From(current), reason = "修改" });
            }),
            new("POST /api/households/{id:long}/members", "village", $"/api/households/{household.Id}/members", () => Node(NewMember(Relation.Other))),
            new("PUT /api/households/{id:long}/members/{memberId:long}", "village", $"/api/households/{household.Id}/members/{head.Id}", async () =>
            {
                await using var read = host.OpenDatabase();
                return await Node(MemberForm.From(await read.Members.AsNoTracking().SingleAsync(m => m.Id == head.Id, ct)));
            }),
            new("PUT /api/households/{id:long}/incomes/{year:int}", "village", $"/api/households/{household.Id}/incomes/2025",
                () => Node(new IncomeForm { Wages = 5000.5m, DibaoAllowance = 1200m, ProductionCosts = 300.25m })),
            new("POST /api/cases", "village", "/api/cases", () => Node(new { kind = "Identification", householdId = applicant.Id, year = 2025, reason = "村民申请" })),
            new("POST /api/cases/{caseId:long}/advance", "village", $"/api/cases/{toAdvance}/advance",
                () => Node(new { comment = "同意", votesFor = 12, votesAgainst = 1, attachments = "评议记录.pdf" })),
            new("POST /api/cases/{caseId:long}/return", "village", $"/api/cases/{toReturn}/return", () => Node(new { reason = "补充材料" })),
            new("POST /api/cases/{caseId:long}/reject", "village", $"/api/cases/{toReject}/reject", () => Node(new { reason = "不符合条件" })),
            // Cases: attachments — the step with files as JSON (the multipart form's other shape): a PNG in base64.
            new("POST /api/cases/{caseId:long}/advance/files", "village", $"/api/cases/{toAdvanceWithFiles}/advance/files",
                () => Node(new { comment = "现场照片", votesFor = 12, votesAgainst = 1, files = new[] { new { fileName = "现场.png", content = Assistance.Images.Png(20, 20) } } })),
            new("POST /api/notices/{noticeId:long}/objections", "village", $"/api/notices/{objected}/objections",
                () => Node(new { text = "电话反映：人口不实\n另有一户", contact = "王某" })),
            new("POST /api/notices/{noticeId:long}/resolutions", "village", $"/api/notices/{resolved}/resolutions",
                () => Node(new { objectionId = objection.Id, upheld = false, outcome = "经核实不成立" })),
            new("POST /api/rules", "nation", "/api/rules", () => Node(new { rules = Rules(2033), note = "草案" })),
            new("POST /api/rules/{ruleSetId:int}/publish", "nation", $"/api/rules/{draft.Id}/publish", () => Node(new { note = "发布" })),
            new("POST /api/areas/propose", "township", "/api/areas/propose", () => Node(new { regionCode = Village, year = 2025, reason = "申请出列" }), Decided: true),
            new("POST /api/accounts", "admin", "/api/accounts", () => Node(new
            {
                userName = $"fuzz{Interlocked.Increment(ref _next)}", displayName = "测试账号", role = "VillageClerk", regionCode = Village,
                password = "Temporary-2025", phone = "",
            })),
            new("POST /api/accounts/{id:int}/disable", "admin", $"/api/accounts/{account}/disable", () => Task.FromResult<JsonNode?>(null)),
            new("POST /api/accounts/{id:int}/enable", "admin", $"/api/accounts/{account}/enable", () => Task.FromResult<JsonNode?>(null)),
            // A department file as JSON (the form upload's other shape); the household has no data-check consent, so its row is skipped.
            new("POST /api/monitoring/feeds", "county", "/api/monitoring/feeds", () => Node(new
            {
                department = "医保局", skipInvalid = true, fileName = "医保局.csv",
                content = Convert.ToBase64String(Encoding.UTF8.GetBytes($"身份证号,事项,金额,发生日期,说明\n{head.ResidentId},大额医疗支出,1000,2026-01-15,住院\n")),
            })),
            new("PUT /api/stats/{regionCode}/plans/{year:int}", "county", $"/api/stats/{County}/plans/2026",
                () => Node(new { plannedHouseholds = 10, plannedPeople = 30, note = "年度计划" })),
            .. MonitoringRoutes(monitoring, now),
            .. CreditRoutes(credit, now), // Assistance: credit
            .. TeamRoutes(host, teams, now), // Assistance: teams
            .. PlanRoutes(plans, now), // Assistance: plans
            // Assistance: roster
            .. RosterRoutes(host, roster, household.Id, ct),
            // Funds: ledger
            .. LedgerRoutes(ledger, now),
            .. DisclosureRoutes(disclosures), // Funds: disclosure
            .. AssetRoutes(assets, now), // Funds: assets
            .. CollaborationRoutes(collaboration, now), // Collaboration
            // Funds: projects
            .. ProjectRoutes(host, projects, ct),
            // Funds: payments
            .. PaymentRoutes(payments, household),
            .. SamplingRoutes(sampling), // Assessment: sampling
            .. AnnualRoutes(annual, host), // Assessment: annual
            .. FindingRoutes(findings, now), // Assessment: findings
            .. LabourRoutes(labour, now), // Collaboration: labour
            .. PoorAreaRoutes(host, ct), // PoorAreas (issue 21)
            .. CensusRoutes(census), // Census
            .. SampleCheckRoutes(sampleChecks), // SampleChecks
            // Assistance: visits — a visit without photos as JSON (the multipart form's other shape), on the new household.
            new("POST /api/households/{id:long}/visits", "village", $"/api/households/{household.Id}/visits", () => Node(new
            {
                visitedOn = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd"), place = "家中", present = "户主", findings = "生产生活正常\n孩子按时上学", riskFound = false,
            })),
            // Assessment: forms — the demo assessor's form of its sample (a new clientId each time) and a photo as JSON (a new picture each time;
            // past six the photos are refused with 400).
            new("PUT /api/assessment/samples/{id:long}/form", "assessor", $"/api/assessment/samples/{forms.Exited}/form", () => Node(Assessment.FormSamples.Body(host))),
            new("POST /api/assessment/samples/{id:long}/photos", "assessor", $"/api/assessment/samples/{forms.Exited}/photos", () => Node(new
            {
                fileName = "p.png", content = Convert.ToBase64String(Assistance.Images.Png(16 + Interlocked.Increment(ref _next) % 50, 16)),
            })),
        ]);
    }

    /// <summary>What the monitoring routes act on: households, a case at its signal stage, monitored households, flagged and unmatched signals.</summary>
    private sealed record MonitoringSamples(long Household, long Consented, long CaseId, long Assessed, long Proposable, long Eliminated, long Flagged,
        long Unmatched, long ToLink, long ToRecognise);

    private static async Task<MonitoringSamples> MonitoringSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var household = await NewHouseholdAsync(db, ct);
        var consented = await NewHouseholdAsync(db, ct);
        await MonitoringWork.RecordConsentAsync(db, consented.Id, DateOnly.FromDateTime(now), "授权书", now, ct);
        var signalled = await NewHouseholdAsync(db, ct);
        var caseId = (await MonitoringWork.RaiseSignalAsync(db, new SignalInput(signalled.Id, DiscoveryChannel.Application, RiskKind.MedicalExpense, "住院",
            new Money(20_000m)), now, ct)).CaseId!.Value;
        void Monitored(Household h, RiskState state)
        {
            var m = new MonitoredObject
            {
                HouseholdId = h.Id, Household = h, VillageCode = h.VillageCode, Type = MonitoringCategory.Marginal, RiskClass = RiskClass.EntryRisk, People = 1,
                FoundAt = now, RecognisedAt = now, RecognisedYear = now.Year, State = state, EliminatedAt = state == RiskState.Eliminated ? now : null,
            };
            db.MonitoredObjects.Add(m);
        }
        var assessed = await NewHouseholdAsync(db, ct);
        var proposable = await NewHouseholdAsync(db, ct);
        var eliminated = await NewHouseholdAsync(db, ct);
        Monitored(assessed, RiskState.Monitoring);
        Monitored(proposable, RiskState.Monitoring);
        Monitored(eliminated, RiskState.Eliminated);
        await db.SaveChangesAsync(ct);
        long ObjectOf(Household h) => db.MonitoredObjects.Where(m => m.HouseholdId == h.Id).Select(m => m.Id).Single();
        await MonitoringWork.RecordAssessmentAsync(db, ObjectOf(proposable), DateOnly.FromDateTime(now),
            new AssessmentFindings(new Money(50_000m), true, true, true, true, true, true), "", now, ct);
        var flagged = await MonitoringWork.RaiseSignalAsync(db, new SignalInput(household.Id, DiscoveryChannel.Screening, RiskKind.Vehicle, "车辆"), now, ct);
        var unmatched = await MonitoringWork.ApplyPubliclyAsync(db, Village, ResidentId.Create("990121", new DateOnly(1981, 2, 3), 555).Value, "申请人", "",
            RiskKind.IncomeDrop, "收入骤减", now, ct);
        var toLink = await NewHouseholdAsync(db, ct);
        // A case at the county's comparison: the village's notice has run (the data layer takes the time it is given).
        var compared = await NewHouseholdAsync(db, ct);
        var toRecognise = (await MonitoringWork.RaiseSignalAsync(db, new SignalInput(compared.Id, DiscoveryChannel.Application, RiskKind.Unemployment, "失业"),
            now, ct)).CaseId!.Value;
        await CaseWorkflow.AdvanceAsync(db, toRecognise, new StepInput("入户"), now, ct);
        await MonitoringWork.RecordHomeVisitAsync(db, toRecognise, new HomeVisitInput(DateOnly.FromDateTime(now), HomeVisitValues.Empty with { Unemployed = true },
            MonitoringCategory.Marginal, PovertyCause.None, "属实"), now, ct);
        await CaseWorkflow.AdvanceAsync(db, toRecognise, new StepInput("核查"), now, ct);
        await CaseWorkflow.AdvanceAsync(db, toRecognise, new StepInput("评议"), now, ct);
        var later = now.AddDays(6);
        await CaseWorkflow.AdvanceAsync(db, toRecognise, new StepInput("公示无异议"), later, ct);
        await CaseWorkflow.AdvanceAsync(db, toRecognise, new StepInput("初审"), later, ct);
        return new MonitoringSamples(household.Id, consented.Id, caseId, ObjectOf(assessed), ObjectOf(proposable), ObjectOf(eliminated), flagged.Id,
            unmatched.Id, toLink.Id, toRecognise);
    }

    private static IEnumerable<WriteRoute> MonitoringRoutes(MonitoringSamples m, DateTime now)
    {
        var today = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd");
        return
        [
            new("POST /api/monitoring/households/{householdId:long}/consent", "village", $"/api/monitoring/households/{m.Household}/consent",
                () => Node(new { givenOn = today, document = "授权承诺书" })),
            new("POST /api/monitoring/households/{householdId:long}/consent/withdraw", "village", $"/api/monitoring/households/{m.Consented}/consent/withdraw",
                () => Node(new { reason = "本人撤回" })),
            new("POST /api/monitoring/households/{householdId:long}/screening", "workteam", $"/api/monitoring/households/{m.Household}/screening",
                () => Node(new { visitedOn = today, findings = "户主失业", riskFound = "Unemployment" })),
            new("POST /api/monitoring/households/{householdId:long}/signals", "village", $"/api/monitoring/households/{m.Household}/signals",
                () => Node(new { kind = "Disaster", evidence = "受灾", amount = 3000.5m, eventDate = today })),
            new("POST /api/monitoring/cases/{caseId:long}/home-visit", "village", $"/api/monitoring/cases/{m.CaseId}/home-visit",
                () => Node(new { visitedOn = today, medicalExpenses = 20000m, proposedType = "SuddenHardship", causes = "Illness", findings = "属实" })),
            new("POST /api/monitoring/cases/{caseId:long}/recognise", "county", $"/api/monitoring/cases/{m.ToRecognise}/recognise",
                () => Node(new { type = "UnstableExited", comment = "比对审定" })),
            new("POST /api/monitoring/objects/{objectId:long}/assessment", "village", $"/api/monitoring/objects/{m.Assessed}/assessment",
                () => Node(new { assessedOn = today, incomePerCapita = 9000m, incomeStable = true, foodAndClothing = true, compulsoryEducation = true,
                    basicMedical = true, safeHousing = true, safeWater = true, comment = "评估" })),
            new("POST /api/monitoring/objects/{objectId:long}/elimination", "village", $"/api/monitoring/objects/{m.Proposable}/elimination",
                () => Node(new { reason = "收入稳定" })),
            new("POST /api/monitoring/objects/{objectId:long}/evaluation", "city", $"/api/monitoring/objects/{m.Eliminated}/evaluation",
                () => Node(new { effective = true, evaluation = "帮扶有效" })),
            new("POST /api/monitoring/signals/{signalId:long}/exclusion-review", "township", $"/api/monitoring/signals/{m.Flagged}/exclusion-review",
                () => Node(new { confirmed = false, reason = "已转让" })),
            new("POST /api/monitoring/signals/{signalId:long}/link", "village", $"/api/monitoring/signals/{m.Unmatched}/link",
                () => Node(new { householdId = m.ToLink })),
        ];
    }

    // Assistance: teams
    /// <summary>What the team routes act on: a stationed team to staff, one to rotate, a member to let leave, one to assess.</summary>
    private sealed record TeamSamples(int Staffed, int ToRotate, long Leaving, long Assessed);

    private static async Task<TeamSamples> TeamSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var start = DateOnly.FromDateTime(now).AddYears(-1);
        async Task<int> StationAsync(string village)
        {
            var station = await Jingzhun.Data.Assistance.WorkTeams.StationAsync(db, new(village, "市财政局", start, null), now, ct);
            Assert.True(station.Outcome == EditOutcome.Saved, string.Join("; ", station.Errors.Select(e => e.Message(true))));
            return station.Value!.Id;
        }
        // Two villages of the township account's township without a stationed team (the demo stations teams in its poor villages).
        var free = await db.Regions.Where(r => r.Level == Jingzhun.Domain.Regions.RegionLevel.Village && r.Code.StartsWith("990121001") && r.ValidTo == null
                && !db.WorkTeams.Any(w => w.VillageCode == r.Code && w.State == Jingzhun.Domain.Assistance.WorkTeamState.Stationed))
            .OrderByDescending(r => r.Code).Select(r => r.Code).Take(2).ToListAsync(ct);
        var staffed = await StationAsync(free[0]);
        var toRotate = await StationAsync(free[1]);
        async Task<long> MemberAsync(string name, Jingzhun.Domain.Assistance.TeamRole role) =>
            (await Jingzhun.Data.Assistance.WorkTeams.AddMemberAsync(db, staffed, new(name, "市财政局", "", role, start), now, ct)).Value!.Id;
        return new TeamSamples(staffed, toRotate, await MemberAsync("离队队员", Jingzhun.Domain.Assistance.TeamRole.Member),
            await MemberAsync("考核队员", Jingzhun.Domain.Assistance.TeamRole.Leader));
    }

    private static IEnumerable<WriteRoute> TeamRoutes(ApiHost host, TeamSamples t, DateTime now)
    {
        var today = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd");
        return
        [
            new("POST /api/assistance/teams", "county", "/api/assistance/teams", async () =>
            {
                // A village of the county without a stationed team, as it is when the body is sent.
                await using var read = host.OpenDatabase();
                var village = await read.Regions.Where(r => r.Level == Jingzhun.Domain.Regions.RegionLevel.Village && r.Code.StartsWith("990121") && r.ValidTo == null
                        && !read.WorkTeams.Any(w => w.VillageCode == r.Code && w.State == Jingzhun.Domain.Assistance.WorkTeamState.Stationed))
                    .OrderBy(r => r.Code).Select(r => r.Code).FirstAsync();
                return await Node(new { villageCode = village, sendingUnit = "省交通厅", termStart = today, note = "派驻" });
            }),
            new("POST /api/assistance/teams/{teamId:int}/members", "county", $"/api/assistance/teams/{t.Staffed}/members",
                () => Node(new { name = "张队员", unit = "市财政局", phone = "13912345678", teamRole = "Member", joinedOn = today })),
            new("POST /api/assistance/teams/{teamId:int}/rotate", "township", $"/api/assistance/teams/{t.ToRotate}/rotate",
                () => Node(new { on = today, reason = "任期届满", nextSendingUnit = "省民政厅" })),
            new("POST /api/assistance/team-members/{memberId:long}/leave", "county", $"/api/assistance/team-members/{t.Leaving}/leave",
                () => Node(new { on = today, reason = "调回原单位" })),
            new("POST /api/assistance/team-members/{memberId:long}/assessments", "county", $"/api/assistance/team-members/{t.Assessed}/assessments",
                () => Node(new { year = DateOnly.FromDateTime(now).Year, grade = "Excellent", comment = "表现突出" })),
        ];
    }
    // end Assistance: teams
    // Assistance: plans — a household with a measure to change; the plan, need and measure routes act on it.
    private static async Task<(long Household, long Measure)> PlanSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var household = await NewHouseholdAsync(db, ct);
        var measure = await Jingzhun.Data.Assistance.HouseholdPlans.AddMeasureAsync(db, household.Id,
            new Jingzhun.Data.Assistance.MeasureInput(Jingzhun.Domain.Assistance.MeasureType.Production, "IND-CROP", now.Year, null, null, null, "种植", []),
            DateOnly.FromDateTime(now), ct);
        return (household.Id, measure.Value!.Id);
    }

    private static IEnumerable<WriteRoute> PlanRoutes((long Household, long Measure) p, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        return
        [
            new("POST /api/households/{id:long}/plan", "village", $"/api/households/{p.Household}/plan", () => Node(new
            {
                fromYear = today.Year, toYear = today.Year + 2, goals = "发展产业，稳定增收", targetIncomePerCapita = 8000.5m, deadline = today.AddYears(2).ToString("yyyy-MM-dd"),
            })),
            new("POST /api/households/{id:long}/needs", "village", $"/api/households/{p.Household}/needs", () => Node(new { area = "Microcredit", description = "需要贷款" })),
            new("POST /api/households/{id:long}/measures", "village", $"/api/households/{p.Household}/measures", () => Node(new
            {
                type = "Microcredit", programme = "MIC-LOAN", year = today.Year, startOn = today.ToString("yyyy-MM-dd"), deadline = today.AddMonths(6).ToString("yyyy-MM-dd"),
                description = "扶贫小额信贷", funding = new object[] { new { source = "Credit", amount = 30000m }, new { source = "LocalFiscal", amount = 450.25m } },
                state = "Active",
            })),
            new("PUT /api/households/{id:long}/measures/{measureId:long}", "village", $"/api/households/{p.Household}/measures/{p.Measure}", () => Node(new
            {
                type = "Production", programme = "IND-CROP", year = today.Year, description = "种植中药材",
                funding = new object[] { new { source = "CentralFiscal", amount = 2000m } }, state = "Active",
            })),
        ];
    }

    // Assistance: credit — what the microcredit and relocation routes act on: a rated household with a loan, poor households
    // with a planned relocation (to move in, and to cancel) and one moved in (for its follow-ups).
    private sealed record CreditSamples(long Rated, long LoanId, long Poor, long Planned, long PlannedId, long Cancelled, long CancelledId,
        long MovedIn, long MovedInId);

    private static async Task<CreditSamples> CreditSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        var rated = await NewHouseholdAsync(db, ct);
        await Jingzhun.Data.Assistance.MicrocreditWork.RateAsync(db, rated.Id, new(70, 20, 10, today), now, ct);
        var loan = await Jingzhun.Data.Assistance.MicrocreditWork.LendAsync(db, rated.Id,
            new("农商银行", new Money(20_000m), today, 24, 4.35m, 2, "养殖"), now, ct);
        async Task<Household> PoorAsync()
        {
            var h = await NewHouseholdAsync(db, ct);
            h.PrimaryCause = PovertyCause.Illness; // a poor household has its primary cause
            h.ChangeStatus(HouseholdStatus.Poor, now.Year - 1, "write routes fixture", "test", now).Source = StatusChangeSource.InitialLoad;
            await db.SaveChangesAsync(ct);
            return h;
        }
        async Task<(long Household, long Id)> RelocatedAsync(bool moveIn)
        {
            var h = await PoorAsync();
            var r = await Jingzhun.Data.Assistance.Relocations.RecordAsync(db, h.Id, new(Jingzhun.Domain.Assistance.RelocationReason.HarshConditions,
                Jingzhun.Domain.Assistance.RelocationMode.Concentrated, "幸福家园", null, 2, 50m, new Money(40_000m), Money.Zero, now.Year), now, ct);
            if (moveIn) await Jingzhun.Data.Assistance.Relocations.MoveInAsync(db, h.Id, r.Value!.Id, today, now, ct);
            return (h.Id, r.Value!.Id);
        }
        var poor = await PoorAsync();
        var planned = await RelocatedAsync(false);
        var cancelled = await RelocatedAsync(false);
        var movedIn = await RelocatedAsync(true);
        return new CreditSamples(rated.Id, loan.Value!.Id, poor.Id, planned.Household, planned.Id, cancelled.Household, cancelled.Id, movedIn.Household, movedIn.Id);
    }

    private static IEnumerable<WriteRoute> CreditRoutes(CreditSamples c, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        return
        [
            new("POST /api/households/{id:long}/credit-ratings", "village", $"/api/households/{c.Rated}/credit-ratings",
                () => Node(new { integrity = 68, income = 18, labour = 9, ratedOn = today.ToString("yyyy-MM-dd") })),
            new("POST /api/households/{id:long}/loans", "county", $"/api/households/{c.Rated}/loans",
                () => Node(new { bank = "信用社", amount = 1_000.5m, issuedOn = today.ToString("yyyy-MM-dd"), termMonths = 12, ratePercent = 4.35m, subsidyYears = 1, purpose = "种植" })),
            new("POST /api/households/{id:long}/loans/{loanId:long}/repayments", "county", $"/api/households/{c.Rated}/loans/{c.LoanId}/repayments",
                () => Node(new { paidOn = today.ToString("yyyy-MM-dd"), principal = 1m, interest = 0.5m, interestSubsidy = 0.5m })),
            new("POST /api/households/{id:long}/loans/{loanId:long}/extend", "county", $"/api/households/{c.Rated}/loans/{c.LoanId}/extend",
                () => Node(new { dueOn = today.AddMonths(30).ToString("yyyy-MM-dd"), reason = "受灾减产" })),
            new("POST /api/households/{id:long}/relocation", "county", $"/api/households/{c.Poor}/relocation",
                () => Node(new { reason = "GeologicalHazard", mode = "Scattered", site = "县城安置区", siteVillageCode = Village, people = 3, housingArea = 75m,
                    housingSubsidy = 60_000m, otherSubsidy = 1_000.5m, year = now.Year })),
            new("POST /api/households/{id:long}/relocation/{relocationId:long}/move-in", "county", $"/api/households/{c.Planned}/relocation/{c.PlannedId}/move-in",
                () => Node(new { movedOn = today.ToString("yyyy-MM-dd") })),
            new("POST /api/households/{id:long}/relocation/{relocationId:long}/cancel", "county", $"/api/households/{c.Cancelled}/relocation/{c.CancelledId}/cancel",
                () => Node(new { reason = "本人自愿放弃" })),
            new("POST /api/households/{id:long}/relocation/{relocationId:long}/follow-ups", "village", $"/api/households/{c.MovedIn}/relocation/{c.MovedInId}/follow-ups",
                () => Node(new { on = today.ToString("yyyy-MM-dd"), kind = "Employment", description = "介绍务工\n每月回访" })),
        ];
    }

    // Funds: ledger — an allocation of the province to reverse and a county account to close; allocations and accounts made fresh per body.
    private sealed record LedgerSamples(long Allocation, long Account);

    private static async Task<LedgerSamples> LedgerSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(now);
        var allocation = await Jingzhun.Data.Funds.Allocations.AllocateAsync(db, new("990000000000", "990100000000", day.Year,
            Jingzhun.Domain.Assistance.FundSource.ProvinceFiscal, new Money(1_000m), "写入样例", "样例〔1〕号", day), now, ct);
        var account = await Jingzhun.Data.Funds.Allocations.OpenAccountAsync(db, new("990121000000", "样例专户", "样例银行",
            $"62284{Interlocked.Increment(ref _next):000000000}", day), now, ct);
        return new LedgerSamples(allocation.Id, account.Id);
    }

    private static IEnumerable<WriteRoute> LedgerRoutes(LedgerSamples l, DateTime now)
    {
        var today = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd");
        return
        [
            new("POST /api/funds/allocations", "province", "/api/funds/allocations", () => Node(new
            {
                fromCode = "990000000000", toCode = "990100000000", year = now.Year, source = "ProvinceFiscal", amount = 1234.56m, purpose = "产业发展",
                documentNumber = "财农〔2026〕1号", issuedOn = today,
            })),
            new("POST /api/funds/allocations/{allocationId:long}/reverse", "province", $"/api/funds/allocations/{l.Allocation}/reverse",
                () => Node(new { reason = "文号错误" })),
            new("POST /api/funds/accounts", "county", "/api/funds/accounts", () => Node(new
            {
                countyCode = County, name = "扶贫资金专户", bank = "农业银行", number = $"62285{Interlocked.Increment(ref _next):000000000}", openedOn = today,
            })),
            new("POST /api/funds/accounts/{accountId:long}/close", "county", $"/api/funds/accounts/{l.Account}/close",
                () => Node(new { closedOn = today, reason = "合并专户" })),
        ];
    }

    // Funds: assets — a completed project of the village with an asset to register beside, one asset to change the state of,
    // and one with shares (one to end, one that stays open) and an income to distribute; a new household to give a share.
    private sealed record AssetSamples(long Project, long StateAsset, long Asset, long NewShareholder, long ShareToEnd, long Income);

    // Collaboration
    /// <summary>What the collaboration routes act on: a partner without a pairing, a pairing to end, one to record people on, inputs at each step.</summary>
    private sealed record CollaborationSamples(long FreshPartner, long PairingToEnd, long Pairing, long Entered, long Checked, long ToReject);

    private static async Task<CollaborationSamples> CollaborationSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        var n = Interlocked.Increment(ref _next);
        async Task<long> PartnerAsync(string name) => (await Jingzhun.Data.Collaboration.CollaborationWork.AddPartnerAsync(db,
            new(name + n, Jingzhun.Domain.Collaboration.PartnerKind.Enterprise, "东部"), now, ct)).Id;
        var fresh = await PartnerAsync("写入样本企业");
        var other = await PartnerAsync("写入样本帮扶单位");
        async Task<long> PairAsync(Jingzhun.Domain.Collaboration.PairingType type) => (await Jingzhun.Data.Collaboration.CollaborationWork.PairAsync(db,
            new(other, County, type, new DateOnly(2018, 1, 1)), now, ct)).Id;
        var toEnd = await PairAsync(Jingzhun.Domain.Collaboration.PairingType.OtherSocial);
        var pairing = await PairAsync(Jingzhun.Domain.Collaboration.PairingType.EastWest);
        async Task<long> InputAsync() => (await Jingzhun.Data.Collaboration.CollaborationWork.EnterInputAsync(db,
            new(pairing, Village, Jingzhun.Domain.Collaboration.InputKind.Funds, today, new Money(1_000m), 0, 1, 3), now, ct)).Id;
        var entered = await InputAsync();
        var toReject = await InputAsync();
        var checkedInput = await InputAsync();
        await Jingzhun.Data.Collaboration.CollaborationWork.CheckAsync(db, checkedInput, now, ct);
        return new CollaborationSamples(fresh, toEnd, pairing, entered, checkedInput, toReject);
    }

    private static IEnumerable<WriteRoute> CollaborationRoutes(CollaborationSamples c, DateTime now)
    {
        var today = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd");
        return
        [
            new("POST /api/collaboration/partners", "county", "/api/collaboration/partners",
                () => Node(new { name = $"样本企业{Interlocked.Increment(ref _next)}", kind = "Enterprise", place = "东部某市", creditCode = "", contact = "李经理" })),
            new("POST /api/collaboration/pairings", "county", "/api/collaboration/pairings",
                () => Node(new { partnerId = c.FreshPartner, regionCode = Village, type = "FirmsHelpVillages", startsOn = "2020-01-01", agreement = "村企结对\n三年" })),
            new("POST /api/collaboration/pairings/{collaborationPairingId:long}/end", "county", $"/api/collaboration/pairings/{c.PairingToEnd}/end",
                () => Node(new { endsOn = today, reason = "结对调整" })),
            new("POST /api/collaboration/pairings/{collaborationPairingId:long}/secondees", "county", $"/api/collaboration/pairings/{c.Pairing}/secondees",
                () => Node(new { name = "张明", direction = "ToHelped", kind = "Teacher", post = "支教教师", from = "2024-09-01" })),
            new("POST /api/collaboration/inputs", "county", "/api/collaboration/inputs",
                () => Node(new { pairingId = c.Pairing, regionCode = Village, kind = "Purchases", on = today, amount = 1000.5m, count = 0, householdsReached = 2, peopleReached = 6, description = "采购茶叶" })),
            new("POST /api/collaboration/inputs/{inputId:long}/check", "workteam", $"/api/collaboration/inputs/{c.Entered}/check", () => Task.FromResult<JsonNode?>(null)),
            new("POST /api/collaboration/inputs/{inputId:long}/confirm", "county", $"/api/collaboration/inputs/{c.Checked}/confirm",
                () => Node(new { householdsReached = 1, peopleReached = 3 })),
            new("POST /api/collaboration/inputs/{inputId:long}/reject", "workteam", $"/api/collaboration/inputs/{c.ToReject}/reject", () => Node(new { reason = "现场核实\n未见投入" })),
        ];
    }

    /// <summary>
    /// PoorAreas: the village applies (the demo village may already be a poor village or miss the rule: 409 is a decision);
    /// the county records a 三区三州 designation of a fresh single year each time, and ends a fresh designation each time.
    /// </summary>
    private static List<WriteRoute> PoorAreaRoutes(ApiHost host, CancellationToken ct) =>
    [
        new("POST /api/poor-areas/apply", "village", "/api/poor-areas/apply",
            () => Node(new { villageCode = Village, year = 2025, perCapitaIncome = 2000m, collectiveIncome = 0m, reason = "村委会申请" }), Decided: true),
        new("POST /api/poor-areas/designations", "county", "/api/poor-areas/designations", () =>
        {
            var year = 1990 + Interlocked.Increment(ref _next) % 25;
            return Node(new { regionCode = County, kind = "ThreeRegionsThreePrefectures", fromYear = year, toYear = year, source = "名单（样本）" });
        }, Decided: true),
        new("POST /api/poor-areas/designations/end", "county", "/api/poor-areas/designations/end", async () =>
        {
            await using var db = host.OpenDatabase();
            var designation = new Jingzhun.Domain.PoorAreas.RegionDesignation
            {
                RegionCode = County, Kind = Jingzhun.Domain.PoorAreas.DesignationKind.RevitalisationKeyCounty,
                FromYear = 2021 + Interlocked.Increment(ref _next) % 5, Source = "样本", RecordedBy = "test",
            };
            db.Designations.Add(designation);
            await db.SaveChangesAsync(ct);
            return await Node(new { designationId = designation.Id, lastYear = designation.FromYear, reason = "调整名单" });
        }),
    ];

    // Census
    /// <summary>What the census routes act on: a 2019 round of the county (opened here once), records of the village at each step.</summary>
    private sealed record CensusSamples(long Round, long Pending, long Surveyed, long Entered, long ToSendBack, int FreshYear);

    private static async Task<CensusSamples> CensusSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        const int year = 2019;
        var round = await db.CensusRounds.FirstOrDefaultAsync(r => r.CountyCode == "990121" && r.Year == year, ct)
            ?? await Jingzhun.Data.Census.CensusWork.OpenAsync(db, year, County, null, now, ct);
        var ids = await db.CensusRecords.Where(r => r.RoundId == round.Id && r.VillageCode == Village && r.State == Jingzhun.Domain.Census.CensusState.Pending)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(4).ToListAsync(ct);
        foreach (var id in ids.Skip(1)) await Jingzhun.Data.Census.CensusWork.SurveyAsync(db, id, now, ct);
        foreach (var id in ids.Skip(2)) await Jingzhun.Data.Census.CensusWork.EnterAsync(db, id, "", now, ct);
        var years = await db.CensusRounds.Where(r => r.CountyCode == "990121").Select(r => r.Year).ToListAsync(ct);
        return new CensusSamples(round.Id, ids[0], ids[1], ids[2], ids[3], Enumerable.Range(2015, 6).First(y => !years.Contains(y)));
    }

    private static IEnumerable<WriteRoute> CensusRoutes(CensusSamples c) =>
    [
        new("POST /api/census/rounds", "county", "/api/census/rounds", () => Node(new { year = c.FreshYear, countyCode = County, name = "样本普查" })),
        new("POST /api/census/records/{censusRecordId:long}/survey", "village", $"/api/census/records/{c.Pending}/survey", () => Task.FromResult<JsonNode?>(null)),
        new("POST /api/census/records/{censusRecordId:long}/enter", "village", $"/api/census/records/{c.Surveyed}/enter", () => Node(new { note = "入户核实\n无误" })),
        new("POST /api/census/records/{censusRecordId:long}/accept", "township", $"/api/census/records/{c.Entered}/accept", () => Node(new { level = "Township" })),
        new("POST /api/census/records/{censusRecordId:long}/send-back", "township", $"/api/census/records/{c.ToSendBack}/send-back",
            () => Node(new { level = "Township", reason = "家庭人口\n与户籍不符" })),
        // After the two above: the survey and the entry just made leave one record of the village waiting for the township.
        new("POST /api/census/rounds/{censusRoundId:long}/accept-all", "township", $"/api/census/rounds/{c.Round}/accept-all", () => Node(new { area = Village })),
    ];

    private static async Task<AssetSamples> AssetSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        var project = new Jingzhun.Domain.Funds.Project
        {
            Name = "写入样本光伏电站", Number = $"XMW{Interlocked.Increment(ref _next)}{Guid.NewGuid().ToString("N")[..8]}", Type = Jingzhun.Domain.Funds.ProjectType.Industry,
            Year = now.Year, RegionCode = Village, Stage = Jingzhun.Domain.Funds.ProjectStage.Completed,
        };
        project.Steps.Add(new Jingzhun.Domain.Funds.ProjectStep
        {
            From = Jingzhun.Domain.Funds.ProjectStage.Started, To = Jingzhun.Domain.Funds.ProjectStage.Completed, Action = Jingzhun.Domain.Funds.ProjectAction.Advance,
            RegionCode = Village, Actor = "test", At = now,
        });
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        async Task<long> AssetAsync(string name) => (await Jingzhun.Data.Funds.ProjectAssets.RegisterAsync(db, new(project.Id, name, Jingzhun.Domain.Funds.AssetClass.Operating,
            Jingzhun.Domain.Funds.AssetOwnership.VillageCollective, null, new Money(100_000m), "村股份经济合作社"), now, ct))!.Id;
        var stateAsset = await AssetAsync("样本扶贫车间");
        var asset = await AssetAsync("样本光伏电站");
        var (ending, staying, shareholder) = (await NewHouseholdAsync(db, ct), await NewHouseholdAsync(db, ct), await NewHouseholdAsync(db, ct));
        var toEnd = (await Jingzhun.Data.Funds.ProjectAssets.AddShareAsync(db, asset, new(ending.Id, 1m, today), now, ct))!.Id;
        await Jingzhun.Data.Funds.ProjectAssets.AddShareAsync(db, asset, new(staying.Id, 2m, today), now, ct);
        var income = (await Jingzhun.Data.Funds.ProjectAssets.RecordIncomeAsync(db, asset, new(now.Year, today, new Money(1_000m)), now, ct))!.Id;
        return new AssetSamples(project.Id, stateAsset, asset, shareholder.Id, toEnd, income);
    }

    private static IEnumerable<WriteRoute> AssetRoutes(AssetSamples a, DateTime now)
    {
        var today = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd");
        return
        [
            new("POST /api/funds/assets", "county", "/api/funds/assets", () => Node(new
            {
                projectId = a.Project, name = "光伏电站二期", @class = "Operating", ownership = "VillageCollective", value = 250_000.5m, @operator = "村股份经济合作社",
                ownershipRegistered = true, handedOverOn = today,
            })),
            new("POST /api/funds/assets/{assetId:long}/state", "county", $"/api/funds/assets/{a.StateAsset}/state",
                () => Node(new { state = "Idle", reason = "设备检修\n暂停运营" })),
            new("POST /api/funds/assets/{assetId:long}/registration", "county", $"/api/funds/assets/{a.Asset}/registration",
                () => Node(new { registered = true, handedOverOn = today })),
            new("POST /api/funds/assets/{assetId:long}/shares", "county", $"/api/funds/assets/{a.Asset}/shares",
                () => Node(new { householdId = a.NewShareholder, weight = 1.5m, from = today })),
            new("POST /api/funds/assets/{assetId:long}/shares/{shareId:long}/end", "county", $"/api/funds/assets/{a.Asset}/shares/{a.ShareToEnd}/end",
                () => Node(new { reason = "户迁出本县" })),
            new("POST /api/funds/assets/{assetId:long}/incomes", "village", $"/api/funds/assets/{a.Asset}/incomes",
                () => Node(new { year = now.Year, receivedOn = today, amount = 100.5m, note = "上半年发电收益" })),
            new("POST /api/funds/assets/{assetId:long}/incomes/{incomeId:long}/distribute", "county", $"/api/funds/assets/{a.Asset}/incomes/{a.Income}/distribute",
                () => Node(new { amount = 0.03m, paidOn = today, voucher = "PZ-001" })),
        ];
    }
    // Funds: projects
    /// <summary>What the project routes act on: a village's proposed project, its beneficiary to end, a registered household to add.</summary>
    private sealed record ProjectSamples(long Project, long Beneficiary);

    public static object ProjectProposal(string village) => new
    {
        regionCode = village, year = 2026, name = "蔬菜大棚", type = "Industry", content = "新建蔬菜大棚\n配套灌溉", implementer = "村股份经济合作社",
        responsiblePerson = "张三", benefitMechanism = "务工和分红", beneficiaryPeople = 30, plannedStart = "2026-04-01", plannedEnd = "2026-09-30",
        deliberatedOn = "2026-01-05", votesFor = 31, votesAgainst = 2, deliberationMinutes = "村民代表会议讨论通过\n公开结果",
    };

    private static async Task<ProjectSamples> ProjectSamplesAsync(ApiHost host, DateTime now, CancellationToken ct)
    {
        await using var system = host.OpenDatabase();
        var clerk = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "village", ct);
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(host.Database), AccessScope.For(clerk));
        var proposed = await Jingzhun.Data.Funds.ProjectLibrary.ProposeAsync(db, new(Village, 2026, "村道硬化", Jingzhun.Domain.Funds.ProjectType.Infrastructure,
            "硬化村道2公里", "村委会", "李四", "方便出行", 300, null, null, new DateOnly(2026, 1, 5), 30, 1, "村民代表会议讨论通过"), now, ct);
        Assert.True(proposed.Outcome == EditOutcome.Saved, string.Join("; ", proposed.Errors));
        var ended = await NewHouseholdAsync(system, ct);
        var beneficiary = await Jingzhun.Data.Funds.ProjectLibrary.AddBeneficiaryAsync(db, proposed.Value!.Id, ended.Id, null, now, ct);
        Assert.True(beneficiary.Outcome == EditOutcome.Saved, string.Join("; ", beneficiary.Errors));
        return new ProjectSamples(proposed.Value.Id, beneficiary.Value!.Id);
    }

    private static List<WriteRoute> ProjectRoutes(ApiHost host, ProjectSamples p, CancellationToken ct) =>
    [
        new("POST /api/funds/projects", "village", "/api/funds/projects", () => Node(ProjectProposal(Village))),
        new("PUT /api/funds/projects/{projectId:long}", "village", $"/api/funds/projects/{p.Project}", () => Node(new
        {
            name = "村道硬化（修改）", type = "Infrastructure", content = "硬化村道2公里\n加装路灯", implementer = "村委会", responsiblePerson = "李四",
            plannedStart = "2026-05-01", plannedEnd = "2026-10-31", beneficiaryPeople = 320, benefitMechanism = "方便出行",
        })),
        // A return keeps the project where it is (proposed), so the sample may be sent again and again.
        new("POST /api/funds/projects/{projectId:long}/steps", "township", $"/api/funds/projects/{p.Project}/steps",
            () => Node(new { action = "return", comment = "补充预算\n附会议纪要", on = (string?)null })),
        new("POST /api/funds/projects/{projectId:long}/beneficiaries", "village", $"/api/funds/projects/{p.Project}/beneficiaries", async () =>
        {
            await using var db = host.OpenDatabase();
            return await Node(new { householdId = (await NewHouseholdAsync(db, ct)).Id, people = 3 });
        }),
        new("POST /api/funds/projects/{projectId:long}/beneficiaries/{beneficiaryId:long}/end", "village",
            $"/api/funds/projects/{p.Project}/beneficiaries/{p.Beneficiary}/end", () => Node(new { reason = "户已迁出本村" })),
        new("POST /api/funds/projects/{projectId:long}/funding", "village", $"/api/funds/projects/{p.Project}/funding",
            () => Node(new { source = "Society", allocationId = (long?)null, amount = 1000.5m })),
        // A document as JSON (the multipart upload's other shape): a name and the bytes in base64.
        new("POST /api/funds/projects/{projectId:long}/documents", "village", $"/api/funds/projects/{p.Project}/documents",
            () => Node(new { fileName = "会议纪要.pdf", content = Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")) })),
    ];
    // Funds: projects — end

    // Assessment: findings — an open finding of the village (to report on), one with a report waiting (to answer), one to
    // withdraw; all raised by the county.
    private sealed record FindingSamples(long ToReport, long ToAnswer, long ToWithdraw);

    private static async Task<FindingSamples> FindingSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        Domain.Assessment.Finding Make(string title, Domain.Assessment.FindingState state) => new()
        {
            Number = $"ZG-WR-{Guid.NewGuid():N}"[..30], RegionCode = Village, RaisedByCode = County, Source = Domain.Assessment.FindingSource.Inspection,
            Severity = Domain.Assessment.FindingSeverity.Minor, Title = title, Description = "样例", ResponsibleUnit = "村委会",
            FoundOn = DateOnly.FromDateTime(now), Deadline = DateOnly.FromDateTime(now).AddDays(30), State = state, RaisedBy = "test", RaisedAt = now,
        };
        var toReport = Make("待报整改", Domain.Assessment.FindingState.Open);
        var toAnswer = Make("待答复", Domain.Assessment.FindingState.Reported);
        var toWithdraw = Make("待撤销", Domain.Assessment.FindingState.Open);
        var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        toAnswer.Rectifications.Add(new Domain.Assessment.Rectification
        {
            RegionCode = Village, Measures = "已整改", ReportedOn = DateOnly.FromDateTime(now), ReportedBy = "test", ReportedAt = now, EvidenceName = "a.pdf",
            EvidenceType = "application/pdf", Evidence = pdf, EvidenceSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)),
        });
        db.Findings.AddRange(toReport, toAnswer, toWithdraw);
        await db.SaveChangesAsync(ct);
        return new FindingSamples(toReport.Id, toAnswer.Rectifications[0].Id, toWithdraw.Id);
    }

    private static IEnumerable<WriteRoute> FindingRoutes(FindingSamples f, DateTime now) =>
    [
        new("POST /api/assessment/findings", "county", "/api/assessment/findings", () => Node(new
        {
            regionCode = Village, source = "Inspection", severity = "Serious", title = "危房改造不到位", description = "督查发现两户住房仍为危房\n需限期整改",
            responsibleUnit = "高峰村民委员会", foundOn = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd"),
        })),
        // The report as JSON (the multipart form's other shape): measures and a PDF in base64.
        new("POST /api/assessment/findings/{id:long}/rectifications", "village", $"/api/assessment/findings/{f.ToReport}/rectifications", () => Node(new
        {
            measures = "已完成整改\n附验收报告", fileName = "验收报告.pdf", content = Convert.ToBase64String("%PDF-1.4\n%%EOF\n"u8.ToArray()),
        })),
        new("POST /api/assessment/rectifications/{id:long}/answer", "county", $"/api/assessment/rectifications/{f.ToAnswer}/answer",
            () => Node(new { accepted = true, answer = "整改到位，同意销号" })),
        new("POST /api/assessment/findings/{id:long}/withdraw", "county", $"/api/assessment/findings/{f.ToWithdraw}/withdraw", () => Node(new { reason = "经复核不属实" })),
    ];
    // end Assessment: findings

    // SampleChecks — a case of the village waiting at township review in a year of its own (2033, so no other test's list is
    // held), an open check with a case to record a finding on (2031) and one whose sample is recorded, to close (2032).
    private sealed record SampleCheckSamples(long ItemToRecord, long CheckToClose);

    private static async Task<SampleCheckSamples> SampleCheckSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var household = await NewHouseholdAsync(db, ct);
        var caseId = (await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, household.Id, 2033, "村民申请", now, ct: ct)).Id;
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("提交评议"), now, ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("评议通过", VotesFor: 12, VotesAgainst: 1), now, ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("入户核实"), now, ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("公示无异议"), now.AddDays(30), ct);
        Domain.SampleChecks.SampleCheck Check(int year, Domain.SampleChecks.SampleFinding finding) => new()
        {
            Level = Domain.SampleChecks.SampleCheckLevel.Township, RegionCode = Village, Year = year, Seed = 1, Share = 0.2m, Population = 1, OpenedBy = "test",
            Items = [new Domain.SampleChecks.SampleCheckItem { CaseId = caseId, RegionCode = Village, Finding = finding }],
        };
        var toRecord = Check(2031, Domain.SampleChecks.SampleFinding.Pending);
        var toClose = Check(2032, Domain.SampleChecks.SampleFinding.Confirmed);
        db.SampleChecks.AddRange(toRecord, toClose);
        await db.SaveChangesAsync(ct);
        return new SampleCheckSamples(toRecord.Items[0].Id, toClose.Id);
    }

    private static IEnumerable<WriteRoute> SampleCheckRoutes(SampleCheckSamples s) =>
    [
        // A second draw of the same list while the first is open is refused (409).
        new("POST /api/sample-checks", "township", "/api/sample-checks", () => Node(new { level = "Township", regionCode = Village, year = 2033, seed = 42 }), Decided: true),
        new("POST /api/sample-checks/items/{id:long}/finding", "township", $"/api/sample-checks/items/{s.ItemToRecord}/finding",
            () => Node(new { finding = "Problem", note = "收入漏报\n已要求补正" })),
        // Closed once; the next try answers 409.
        new("POST /api/sample-checks/{id:long}/close", "township", $"/api/sample-checks/{s.CheckToClose}/close", () => Node(new { conclusion = "抽检属实" }), Decided: true),
    ];
    // end SampleChecks

    public static Task<JsonNode?> Node(object value) => Task.FromResult(JsonSerializer.SerializeToNode(value, Json));

    public static RuleSet Rules(int year) => PovertyLines.NationalRuleSet(2020) with { Year = year, PovertyLine = 4500m };

    public static HouseholdForm NewForm() => new()
    {
        VillageCode = Village, VillagerGroup = "三组", Address = "高峰村三组12号", Phone = "13912345678",
        PrimaryCause = PovertyCause.None, HousingSafety = HousingSafetyGrade.A, HousingAreaM2 = 80, CultivatedLandMu = 3.5,
    };

    public static MemberForm NewMember(Relation relation)
    {
        var n = Interlocked.Increment(ref _next);
        return new MemberForm
        {
            Name = $"测试{n}", Relation = relation,
            ResidentId = ResidentId.Create("990121", new DateOnly(1960 + n % 30, 1 + n % 12, 1 + n % 28), 100 + n % 800).Value,
        };
    }

    // Assistance: roster
    private sealed record RosterSamples(int Edit, int Leave, int PairWith, long HandOver, int HandOverTo, long End);

    /// <summary>Cadres of the demo county's roster and pairings of the household: one to edit, one to mark left, one to pair, one pairing to hand over and one to end.</summary>
    private static async Task<RosterSamples> RosterSamplesAsync(JingzhunDbContext db, long householdId, CancellationToken ct)
    {
        async Task<int> Cadre(string name) => (await Data.Assistance.CadreRoster.AddAsync(db, "990121",
            new Data.Assistance.CadreForm { Name = $"{name}{Interlocked.Increment(ref _next)}", Unit = "县农业农村局", Position = "科员", Phone = "13800001234" }, ct: ct)).Value!.Id;
        var today = new DateOnly(2026, 1, 10);
        var (edit, leave, pairWith, from, to, ending) = (await Cadre("样本甲"), await Cadre("样本乙"), await Cadre("样本丙"), await Cadre("样本丁"), await Cadre("样本戊"), await Cadre("样本己"));
        var handOver = (await Pairings.PairAsync(db, householdId, from, "样本结对", today, ct)).Value!.Id;
        var end = (await Pairings.PairAsync(db, householdId, ending, "样本结对", today, ct)).Value!.Id;
        return new RosterSamples(edit, leave, pairWith, handOver, to, end);
    }

    private static IEnumerable<WriteRoute> RosterRoutes(ApiHost host, RosterSamples r, long householdId, CancellationToken ct) =>
    [
        new("POST /api/assistance/cadres", "county", "/api/assistance/cadres", () => Node(new
        {
            name = $"新干部{Interlocked.Increment(ref _next)}", unit = "县教育局", position = "副局长", phone = "0371-62345678", level = "County",
        })),
        new("PUT /api/assistance/cadres/{cadreId:int}", "county", $"/api/assistance/cadres/{r.Edit}", async () =>
        {
            await using var read = host.OpenDatabase();
            var c = await read.Cadres.AsNoTracking().SingleAsync(x => x.Id == r.Edit, ct);
            return await Node(new { name = c.Name, unit = "县人社局", position = c.Position, phone = c.Phone, level = "Township", version = c.Version });
        }),
        new("POST /api/assistance/cadres/{cadreId:int}/leave", "county", $"/api/assistance/cadres/{r.Leave}/leave",
            () => Node(new { leftOn = "2026-01-05", reason = "调回原单位" })),
        new("POST /api/assistance/cadres/import", "county", "/api/assistance/cadres/import", () => Node(new
        {
            county = "990121", skipInvalid = true, fileName = "花名册.csv",
            content = Convert.ToBase64String(Encoding.UTF8.GetBytes($"姓名,工作单位,职务,联系电话,层级\n导入干部{Interlocked.Increment(ref _next)},县财政局,科员,13900001234,县级\n")),
        })),
        new("POST /api/households/{id:long}/pairings", "village", $"/api/households/{householdId}/pairings", () => Node(new { cadreId = r.PairWith, reason = "新识别结对" })),
        new("POST /api/households/{id:long}/pairings/{pairingId:long}/handover", "village", $"/api/households/{householdId}/pairings/{r.HandOver}/handover",
            () => Node(new { toCadreId = r.HandOverTo, reason = "原帮扶责任人工作调整" })),
        new("POST /api/households/{id:long}/pairings/{pairingId:long}/end", "village", $"/api/households/{householdId}/pairings/{r.End}/end",
            () => Node(new { reason = "户已稳定脱贫" })),
    ];

    // Funds: disclosure — an open project disclosure (objections from the public and staff), one with an open objection
    // (resolve), one with an upheld objection (repost), made as the county officer would.
    private sealed record DisclosureSamples(long Open, long ToResolve, long ObjectionId, long ToRepost);

    private static async Task<DisclosureSamples> DisclosureSamplesAsync(ApiHost host, CancellationToken ct)
    {
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var open = await Funds.PublicFundsFixture.ProjectAsync(host, Domain.Funds.ProjectStage.Approved, now, ct);
        var toResolve = await Funds.PublicFundsFixture.ProjectAsync(host, Domain.Funds.ProjectStage.Approved, now, ct);
        var toRepost = await Funds.PublicFundsFixture.ProjectAsync(host, Domain.Funds.ProjectStage.Approved, now, ct);
        var objection = await new Data.Funds.PublicFunds(DatabaseTarget.Parse(host.Database), host.Clock).ObjectAsync(toResolve.DisclosureId, "名单不实", "", now, ct);
        await using var village = await Funds.PublicFundsFixture.AsAsync(host, "village", ct);
        var upheld = (await Data.Funds.DisclosureObjections.ObjectAsync(village, toRepost.DisclosureId, "预算不实", "", now, ct))!;
        await Data.Funds.DisclosureObjections.ResolveAsync(village, toRepost.DisclosureId, upheld.Id, true, "异议成立", now, ct);
        return new DisclosureSamples(open.DisclosureId, toResolve.DisclosureId, objection!.Value, toRepost.DisclosureId);
    }

    private static IEnumerable<WriteRoute> DisclosureRoutes(DisclosureSamples d) =>
    [
        new("POST /api/public/funds/disclosures/{disclosureId:long}/objections", "county", $"/api/public/funds/disclosures/{d.Open}/objections",
            () => Node(new { text = "受益户名单有误\n请核实", contact = "13800001111" })),
        new("POST /api/funds/disclosures/{disclosureId:long}/objections", "village", $"/api/funds/disclosures/{d.Open}/objections",
            () => Node(new { text = "来电反映：预算偏高", contact = "王某" })),
        new("POST /api/funds/disclosures/{disclosureId:long}/objections/{objectionId:long}/resolve", "village",
            $"/api/funds/disclosures/{d.ToResolve}/objections/{d.ObjectionId}/resolve", () => Node(new { upheld = false, outcome = "经核实不成立" })),
        new("POST /api/funds/disclosures/{disclosureId:long}/repost", "village", $"/api/funds/disclosures/{d.ToRepost}/repost", () => Task.FromResult<JsonNode?>(null)),
    ];

    // Funds: payments
    private sealed record PaymentSamples(long AllocationId, string Document, long ToReverse);

    /// <summary>An allocation the county received (large enough for every sample), and a payment to the household to reverse.</summary>
    private static async Task<PaymentSamples> PaymentSamplesAsync(JingzhunDbContext db, Household household, CancellationToken ct)
    {
        var document = $"样本〔2026〕{Interlocked.Increment(ref _next)}号";
        var allocation = new Jingzhun.Domain.Funds.FundAllocation
        {
            Year = 2026, Source = Jingzhun.Domain.Assistance.FundSource.CentralFiscal, FromCode = "990100000000", ToCode = County, Amount = new Money(100_000_000m),
            DocumentNumber = document, IssuedOn = new DateOnly(2026, 1, 2), Purpose = "样本",
        };
        db.Allocations.Add(allocation);
        await db.SaveChangesAsync(ct);
        var payment = await Data.Funds.Payments.RecordAsync(db, new Data.Funds.PaymentForm
        {
            Kind = Jingzhun.Domain.Funds.PaymentKind.Household, PaidOn = new DateOnly(2026, 1, 5), Amount = 10m, AllocationId = allocation.Id, HouseholdId = household.Id,
            Purpose = "样本", PurposeType = Jingzhun.Domain.Funds.ProjectType.Industry, Voucher = "样本-1",
        }, new DateOnly(2026, 1, 10), ct);
        return new PaymentSamples(allocation.Id, document, payment.Id);
    }

    private static IEnumerable<WriteRoute> PaymentRoutes(PaymentSamples p, Household household) =>
    [
        new("POST /api/funds/payments", "county", "/api/funds/payments", () => Node(new
        {
            kind = "Household", paidOn = "2026-01-06", amount = 12.5m, allocationId = p.AllocationId, householdId = household.Id, purpose = "产业奖补",
            purposeType = "Industry", voucher = $"V{Interlocked.Increment(ref _next)}",
        })),
        // Reversed once; a second sample is answered 409 (a payment is reversed at most once).
        new("POST /api/funds/payments/{paymentId:long}/reverse", "county", $"/api/funds/payments/{p.ToReverse}/reverse", () => Node(new { reason = "金额录错" }), Decided: true),
        new("POST /api/funds/payments/import", "county", "/api/funds/payments/import", () => Node(new
        {
            county = "990121", skipInvalid = true, fileName = "支付.csv",
            content = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"支付日期,金额,类型,资金下达文号,户编号,用途,用途类别,凭证号\n2026-01-07,20,到户补助,{p.Document},{household.Number},产业奖补,产业发展,I{Interlocked.Increment(ref _next)}\n")),
        })),
        new("POST /api/funds/projects/import", "county", "/api/funds/projects/import", () => Node(new
        {
            county = "990121", skipInvalid = true, fileName = "项目.csv",
            content = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"项目名称,类型,年度,所在村,资金来源,金额,受益户\n样本项目{Interlocked.Increment(ref _next)},产业发展,2026,{Village},中央财政专项扶贫资金,50000,{household.Number}\n")),
        })),
    ];

    // Assessment: sampling
    /// <summary>What the sampling routes act on: projects of the province in Draft, drawn, drawn and assigned, and under visits; the demo assessor.</summary>
    private sealed record SamplingSamples(long Draft, long Drawn, long Assigned, long Visiting, int Assessor);

    public static object AssessmentProject(long? seed = 1) => new
    {
        name = "示例县退出专项评估检查", year = 2026, kind = "CountyExit", design = "Stratified", counties = new[] { County }, seed,
        margin = 0.1m, confidence = 0.9m, expectedRate = 0.1m, clusterCorrelation = 0.05m, householdsPerVillage = 3, unregisteredPerVillage = 1,
    };

    private static async Task<SamplingSamples> SamplingSamplesAsync(ApiHost host, DateTime now, CancellationToken ct)
    {
        await using var system = host.OpenDatabase();
        var province = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "province", ct);
        var assessor = await system.Accounts.Where(a => a.UserName == "assessor").Select(a => a.Id).SingleAsync(ct);
        await using var db = JingzhunDb.Create(DatabaseTarget.Parse(host.Database), AccessScope.For(province));
        async Task<long> ProjectAsync(int steps)
        {
            var input = new Jingzhun.Data.Assessment.ProjectInput("写入样本项目", 2026, Jingzhun.Domain.Assessment.AssessmentKind.CountyExit,
                Jingzhun.Domain.Assessment.SampleDesign.Stratified, [County], 7, 0.15m, 0.9m, 0.1m, 0.05m, 3, 1);
            var id = (await Jingzhun.Data.Assessment.AssessmentProjects.CreateAsync(db, input, now, ct)).Id;
            db.ChangeTracker.Clear();
            if (steps >= 1) await Jingzhun.Data.Assessment.AssessmentProjects.DrawAsync(db, id, now, ct);
            db.ChangeTracker.Clear();
            if (steps >= 2) await Jingzhun.Data.Assessment.AssessmentProjects.AssignAsync(db, id, [assessor], now, ct);
            db.ChangeTracker.Clear();
            if (steps >= 3) await Jingzhun.Data.Assessment.AssessmentProjects.StartVisitsAsync(db, id, now, ct);
            db.ChangeTracker.Clear();
            return id;
        }
        return new SamplingSamples(await ProjectAsync(0), await ProjectAsync(1), await ProjectAsync(2), await ProjectAsync(3), assessor);
    }

    // A draw, a start and a close happen once: the first sample succeeds, the mutations after it are answered 409.
    private static List<WriteRoute> SamplingRoutes(SamplingSamples s) =>
    [
        new("POST /api/assessment/projects", "province", "/api/assessment/projects", () => Node(AssessmentProject())),
        new("POST /api/assessment/projects/{assessmentId:long}/draw", "province", $"/api/assessment/projects/{s.Draft}/draw", () => Task.FromResult<JsonNode?>(null)),
        new("POST /api/assessment/projects/{assessmentId:long}/assign", "province", $"/api/assessment/projects/{s.Drawn}/assign",
            () => Node(new { assessorAccountIds = new[] { s.Assessor } })),
        new("POST /api/assessment/projects/{assessmentId:long}/start", "province", $"/api/assessment/projects/{s.Assigned}/start", () => Task.FromResult<JsonNode?>(null)),
        new("POST /api/assessment/projects/{assessmentId:long}/close", "province", $"/api/assessment/projects/{s.Visiting}/close",
            () => Node(new { reason = "入户核查完成\n资料归档" })),
    ];

    // Assessment: annual — the city's assessments of its counties: one to compute, one computed to finalise (years before the
    // one the create sample opens, so that the samples do not meet the one-per-year rule).
    private sealed record AnnualSamples(int Year, long ToCompute, long ToFinalise);

    private static async Task<AnnualSamples> AnnualSamplesAsync(ApiHost host, CancellationToken ct)
    {
        var now = host.Clock.GetUtcNow().UtcDateTime;
        await using var city = JingzhunDb.Create(DatabaseTarget.Parse(host.Database),
            AccessScope.For(Data.Access.DemoAccounts.All.Single(a => a.UserName == "city")), host.Clock);
        async Task<long> OpenAsync(int year) =>
            await city.AnnualAssessments.Where(a => a.AssessorCode == "990100000000" && a.Year == year && a.Level == Domain.Regions.RegionLevel.County)
                .Select(a => (long?)a.Id).FirstOrDefaultAsync(ct)
            ?? (await Data.Assessment.AnnualAssessments.CreateAsync(city, year, Domain.Regions.RegionLevel.County, now, ct)).Id;
        var toCompute = await OpenAsync(now.Year - 2);
        var toFinalise = await OpenAsync(now.Year - 3);
        await Data.Assessment.AnnualAssessments.ComputeAsync(city, toFinalise, now, ct);
        return new AnnualSamples(now.Year - 1, toCompute, toFinalise);
    }

    private static IEnumerable<WriteRoute> AnnualRoutes(AnnualSamples a, ApiHost host) =>
    [
        // Opened once; a second sample is answered 409 (one assessment per office, year and level).
        new("POST /api/assessment/annual", "city", "/api/assessment/annual", () => Node(new { year = a.Year, level = "County" }), Decided: true),
        new("POST /api/assessment/annual/{id:long}/compute", "city", $"/api/assessment/annual/{a.ToCompute}/compute", () => Task.FromResult<JsonNode?>(null)),
        // Finalised once; after that it is answered 409.
        new("POST /api/assessment/annual/{id:long}/finalise", "city", $"/api/assessment/annual/{a.ToFinalise}/finalise", () => Task.FromResult<JsonNode?>(null),
            Decided: true),
    ];

    /// <summary>The body as a request: JSON, or none.</summary>
    public static HttpContent? Content(string? json) =>
        json is null ? null : new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    // Collaboration: labour — a poor household with a worker in the pool and four members to enter (a member
    // enters once); the step sample is a training course, which may follow the pool and itself, so it can be sent again and again.
    private sealed record LabourSamples(long Household, long Head, long WorkerId, IReadOnlyList<long> Members);

    private static async Task<LabourSamples> LabourSamplesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var h = await NewHouseholdAsync(db, ct);
        h.PrimaryCause = PovertyCause.Illness;
        h.ChangeStatus(HouseholdStatus.Poor, now.Year - 1, "write routes fixture", "test", now).Source = StatusChangeSource.InitialLoad;
        await db.SaveChangesAsync(ct);
        var worker = await Jingzhun.Data.Collaboration.LabourCooperation.EnterPoolAsync(db, h.Id, h.Members.Single().Id, DateOnly.FromDateTime(now), now, ct);
        Assert.True(worker.Outcome == EditOutcome.Saved, string.Join("; ", worker.Errors.Select(e => e.Message(true))));
        var members = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var added = await RegistryEditing.AddMemberAsync(db, h.Id, NewMember(Relation.Other), ct);
            Assert.True(added.Outcome == EditOutcome.Saved, string.Join("; ", added.Errors.Select(e => e.Message(true))));
            members.Add(added.Value!.Id);
        }
        return new LabourSamples(h.Id, h.Members.OrderBy(m => m.Id).First().Id, worker.Value!.Id, members);
    }

    private static IEnumerable<WriteRoute> LabourRoutes(LabourSamples l, DateTime now)
    {
        var today = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd");
        var bodies = new int[1];
        return
        [
            new("POST /api/households/{id:long}/labour", "village", $"/api/households/{l.Household}/labour", () =>
            {
                // The first bodies enter the members added for them (a member enters once); later ones (the fuzzer's, which need
                // no success) name the head, already in the pool and refused at its field.
                var next = Interlocked.Increment(ref bodies[0]) - 1;
                return Node(new { memberId = next < l.Members.Count ? l.Members[next] : l.Head, on = today });
            }),
            new("POST /api/households/{id:long}/labour/{workerId:long}/steps", "village", $"/api/households/{l.Household}/labour/{l.WorkerId}/steps",
                () => Node(new { stage = "Training", on = today, course = "岗前适应性培训", trainingUntil = today })),
        ];
    }

    private static async Task<Household> NewHouseholdAsync(JingzhunDbContext db, CancellationToken ct)
    {
        var created = await RegistryEditing.CreateAsync(db, NewForm(), [NewMember(Relation.Head)], "fixture", DateTime.UtcNow, ct);
        Assert.True(created.Outcome == EditOutcome.Saved, string.Join("; ", created.Errors.Select(e => e.Message(true))));
        return created.Value!;
    }

    private static async Task<long> OpenCaseAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var household = await NewHouseholdAsync(db, ct);
        return (await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, household.Id, 2025, "村民申请", now, ct: ct)).Id;
    }

    /// <summary>A case taken to its village notice, as NoticeTests does: the notice's id.</summary>
    private static async Task<long> NoticeAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        var caseId = await OpenCaseAsync(db, now, ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("提交评议"), now, ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("评议通过", VotesFor: 12, VotesAgainst: 1), now, ct);
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("入户核实"), now, ct);
        return await db.Notices.Where(n => n.CaseId == caseId && n.ClosedAt == null).Select(n => n.Id).SingleAsync(ct);
    }
}
