using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>A signal as a channel reports it.</summary>
public sealed record SignalInput(long HouseholdId, DiscoveryChannel Channel, RiskKind Kind, string Evidence, Money? Amount = null,
    DateOnly? EventDate = null, string? Source = null, long? FeedId = null, long? ScreeningVisitId = null);

/// <summary>What the visitor enters on the home visit form (入户核查).</summary>
public sealed record HomeVisitInput(DateOnly VisitedOn, HomeVisitValues Values, MonitoringCategory ProposedType, PovertyCause Causes, string Findings);

/// <summary>
/// The monitoring mechanism's governed steps (防止返贫动态监测和帮扶, 003.md §3.8): consent, the three discovery
/// channels, the home visit, the on-site assessment and the city's evaluation. Recognition and risk elimination move
/// through the case engine (<see cref="CaseWorkflow"/>), with <see cref="MonitoringCases"/> supplying their meaning.
/// Every change goes through the scoped context, so region scope and audit apply as everywhere.
/// </summary>
public static class MonitoringWork
{
    private static readonly Role[] VillageRoles = [Role.VillageClerk, Role.WorkTeamMember];
    private static readonly Role[] StaffRoles = [Role.VillageClerk, Role.WorkTeamMember, Role.AssistanceCadre, Role.TownshipOfficer, Role.CountyOfficer];

    // ---- consent ----

    /// <summary>Records the household's signed consent to checks of its data with other departments.</summary>
    public static async Task<DataCheckConsent> RecordConsentAsync(JingzhunDbContext db, long householdId, DateOnly givenOn, string document,
        DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        RequireRole(db, StaffRoles, household.VillageCode, new("记录数据核查授权", "record a consent"));
        if (string.IsNullOrWhiteSpace(document)) throw new WorkflowBlockedException("须填写授权书编号或名称", "the signed form's number or name is needed");
        if (givenOn > DateOnly.FromDateTime(now)) throw new WorkflowBlockedException("授权日期不能晚于今天", "the consent cannot be dated in the future");
        var consent = new DataCheckConsent
        {
            HouseholdId = household.Id, Household = household, VillageCode = household.VillageCode, GivenOn = givenOn,
            Document = document.Trim(), RecordedBy = db.Scope.Actor, RecordedAt = now,
        };
        db.DataConsents.Add(consent);
        await db.SaveChangesAsync(ct);
        return consent;
    }

    /// <summary>Withdraws the household's consent: department data is no longer matched against it.</summary>
    public static async Task WithdrawConsentAsync(JingzhunDbContext db, long householdId, DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        RequireRole(db, StaffRoles, household.VillageCode, new("撤回数据核查授权", "withdraw a consent"));
        var open = await db.DataConsents.Where(c => c.HouseholdId == householdId && c.WithdrawnAt == null).ToListAsync(ct);
        if (open.Count == 0) throw new WorkflowBlockedException("该户没有有效的授权", "the household has no consent on record");
        foreach (var c in open) { c.WithdrawnAt = now; c.WithdrawnBy = db.Scope.Actor; }
        await db.SaveChangesAsync(ct);
    }

    public static Task<bool> HasConsentAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default) =>
        db.DataConsents.AnyAsync(c => c.HouseholdId == householdId && c.WithdrawnAt == null, ct);

    // ---- the three channels ----

    /// <summary>
    /// A risk signal from any channel. It opens monitoring work for the household (the case's clock starts now), or joins
    /// the household's open work; an exclusion check only flags the household for review. A department's data is
    /// matched only with the household's consent.
    /// </summary>
    public static async Task<RiskSignal> RaiseSignalAsync(JingzhunDbContext db, SignalInput input, DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, input.HouseholdId, ct);
        RequireRole(db, input.Channel == DiscoveryChannel.DepartmentWarning ? [Role.TownshipOfficer, Role.CountyOfficer] : StaffRoles,
            household.VillageCode, new($"登记{input.Channel.Chinese()}", $"record a {input.Channel.English()}"));
        if (input.Channel == DiscoveryChannel.DepartmentWarning && !await HasConsentAsync(db, household.Id, ct))
            throw new WorkflowBlockedException($"户{household.Number}未签署数据核查授权，不能比对部门数据",
                $"household {household.Number} has not consented to data checks; department data cannot be matched");
        var signal = new RiskSignal
        {
            HouseholdId = household.Id, Household = household, VillageCode = household.VillageCode, Channel = input.Channel,
            Kind = input.Kind, Source = input.Source ?? db.Scope.Actor, Evidence = input.Evidence.Trim(), Amount = input.Amount,
            EventDate = input.EventDate, RaisedAt = now, FeedId = input.FeedId, ScreeningVisitId = input.ScreeningVisitId,
        };
        db.RiskSignals.Add(signal);
        await RouteAsync(db, signal, household, now, ct);
        await db.SaveChangesAsync(ct);
        return signal;
    }

    /// <summary>Where a new signal goes: review (exclusion), the open case, the active monitored object, or a new case.</summary>
    private static async Task RouteAsync(JingzhunDbContext db, RiskSignal signal, Household household, DateTime now, CancellationToken ct)
    {
        var openCase = await db.Cases.Where(c => c.HouseholdId == household.Id && c.Kind == CaseKind.Monitoring && c.ClosedAt == null)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        var monitored = await db.MonitoredObjects.AnyAsync(m => m.HouseholdId == household.Id && m.State != RiskState.Eliminated, ct);
        var route = MonitoringRules.Route(signal.Kind, openCase is not null, monitored, household.Status);
        if (Settle(signal, route, household, openCase, now) is not SignalRoute.OpenCase) return;
        var opened = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Monitoring, household.Id, now.Year,
            $"{signal.Channel.Chinese()}：{signal.Kind.Chinese()}", now, ct: ct);
        signal.CaseId = opened.Id;
    }

    /// <summary>
    /// Records a route on the signal (its state, case and outcome); the caller opens the case when the route is
    /// <see cref="SignalRoute.OpenCase"/>. One place for every channel, single signals and department files alike.
    /// </summary>
    internal static SignalRoute Settle(RiskSignal signal, SignalRoute route, Household household, long? openCase, DateTime now)
    {
        switch (route)
        {
            case SignalRoute.FlagForReview:
                signal.State = SignalState.ExclusionFlagged;
                break;
            case SignalRoute.JoinOpenCase:
                signal.CaseId = openCase;
                break;
            case SignalRoute.AlreadyMonitored:
                signal.State = SignalState.AlreadyMonitored;
                signal.Outcome = "该户已在监测中，作为新情况记入 / household already monitored; recorded as new evidence";
                break;
            case SignalRoute.NotMonitored:
                signal.State = SignalState.NotRecognised;
                signal.Outcome = $"{household.Status.Chinese()}不纳入监测（按贫困户帮扶） / a {household.Status.English()} household is not monitored";
                signal.DecidedAt = now;
                break;
        }
        return route;
    }

    /// <summary>
    /// A household's own application through the public site (with a system context): matched to a household of the
    /// village by a member's resident ID; the applicant gets a receipt number either way, and learns nothing about the registry.
    /// </summary>
    public static async Task<RiskSignal> ApplyPubliclyAsync(JingzhunDbContext db, string villageCode, string residentId, string applicantName,
        string contact, RiskKind kind, string description, DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(description)) throw new WorkflowBlockedException("请说明遇到的困难", "describe the difficulty");
        if (string.IsNullOrWhiteSpace(applicantName)) throw new WorkflowBlockedException("请填写申请人姓名", "give the applicant's name");
        if (!ResidentId.TryParse(residentId, out var id, out _)) throw new WorkflowBlockedException("身份证号码无效", "the resident ID is not valid");
        if (!await db.Regions.AnyAsync(r => r.Code == villageCode && r.Level == Domain.Regions.RegionLevel.Village && r.ValidTo == null, ct))
            throw new WorkflowBlockedException("请选择所在的村", "choose your village");
        var householdId = await db.Members.Where(m => m.ResidentId == id.Value && m.Household!.VillageCode == villageCode)
            .Select(m => (long?)m.HouseholdId).FirstOrDefaultAsync(ct);
        var receipt = $"JC{now:yyyyMMdd}{Random.Shared.Next(0, 1_000_000):D6}";
        var signal = new RiskSignal
        {
            HouseholdId = householdId, VillageCode = villageCode, Channel = DiscoveryChannel.Application, Kind = kind, Source = "public",
            Evidence = description.Trim(), RaisedAt = now, ReceiptNumber = receipt, ApplicantName = applicantName.Trim(), ApplicantContact = contact.Trim(),
        };
        db.RiskSignals.Add(signal);
        if (householdId is { } hid) await RouteAsync(db, signal, await HouseholdAsync(db, hid, ct), now, ct);
        else signal.State = SignalState.Unmatched;
        await db.SaveChangesAsync(ct);
        return signal;
    }

    /// <summary>A cadre's screening visit (村级排查); a visit that finds a risk raises a signal on the screening channel.</summary>
    public static async Task<ScreeningVisit> RecordScreeningAsync(JingzhunDbContext db, long householdId, DateOnly visitedOn, string findings,
        RiskKind? riskFound, DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        RequireRole(db, [.. VillageRoles, Role.AssistanceCadre], household.VillageCode, new("记录排查走访", "record a screening visit"));
        if (string.IsNullOrWhiteSpace(findings)) throw new WorkflowBlockedException("须填写走访发现的情况", "the visit's findings are needed");
        if (visitedOn > DateOnly.FromDateTime(now)) throw new WorkflowBlockedException("走访日期不能晚于今天", "the visit cannot be dated in the future");
        var visit = new ScreeningVisit
        {
            HouseholdId = household.Id, Household = household, VillageCode = household.VillageCode, VisitedOn = visitedOn,
            VisitedBy = db.Scope.Actor, Findings = findings.Trim(), RiskFound = riskFound is not null, Kind = riskFound, RecordedAt = now,
        };
        db.ScreeningVisits.Add(visit);
        await db.SaveChangesAsync(ct);
        if (riskFound is { } kind)
            await RaiseSignalAsync(db, new SignalInput(household.Id, DiscoveryChannel.Screening, kind, findings, EventDate: visitedOn,
                ScreeningVisitId: visit.Id), now, ct);
        return visit;
    }

    // ---- signals awaiting attention ----

    /// <summary>
    /// 核实排除项: a township or county officer reviews an exclusion flag (vehicle, business, salaried employee, property)
    /// and records whether it holds, with the reason. Whatever follows (a look-back removal) is its own governed step.
    /// </summary>
    public static async Task<RiskSignal> ReviewExclusionAsync(JingzhunDbContext db, long signalId, bool confirmed, string reason, DateTime now,
        CancellationToken ct = default)
    {
        var signal = await db.RiskSignals.Include(s => s.Household).FirstOrDefaultAsync(s => s.Id == signalId, ct)
                     ?? throw new WorkflowBlockedException("信号不存在或不在您的辖区", "no such signal in your region");
        RequireRole(db, [Role.TownshipOfficer, Role.CountyOfficer], signal.VillageCode, new("核实排除项", "review an exclusion check"));
        if (signal.State != SignalState.ExclusionFlagged)
            throw new WorkflowBlockedException("该信号不是待核实的排除项", "this signal is not an exclusion check awaiting review");
        if (string.IsNullOrWhiteSpace(reason)) throw new WorkflowBlockedException("须写明核实情况", "the review needs a reason");
        signal.State = SignalState.ExclusionReviewed;
        signal.Outcome = (confirmed ? "核实属实：" : "核实不属实：") + reason.Trim();
        signal.DecidedAt = now;
        await db.SaveChangesAsync(ct);
        return signal;
    }

    /// <summary>
    /// A village clerk or work-team member links a public application that matched no household to the household it is
    /// about; the signal is then routed as any other (it opens or joins monitoring work, its clock from when it arrived).
    /// </summary>
    public static async Task<RiskSignal> LinkApplicationAsync(JingzhunDbContext db, long signalId, long householdId, DateTime now,
        CancellationToken ct = default)
    {
        var signal = await db.RiskSignals.FirstOrDefaultAsync(s => s.Id == signalId, ct)
                     ?? throw new WorkflowBlockedException("信号不存在或不在您的辖区", "no such signal in your region");
        RequireRole(db, VillageRoles, signal.VillageCode, new("将申请关联到户", "link an application to a household"));
        if (signal.State != SignalState.Unmatched || signal.HouseholdId is not null)
            throw new WorkflowBlockedException("只有未匹配到户的申请可以关联", "only an application that matched no household can be linked");
        var household = await HouseholdAsync(db, householdId, ct);
        RequireRole(db, VillageRoles, household.VillageCode, new("将申请关联到户", "link an application to a household"));
        signal.HouseholdId = household.Id;
        signal.Household = household;
        signal.VillageCode = household.VillageCode;
        signal.State = SignalState.Open;
        await RouteAsync(db, signal, household, now, ct);
        await db.SaveChangesAsync(ct);
        return signal;
    }

    // ---- the home visit ----

    /// <summary>The verification form as the household's signals fill it (collect once).</summary>
    public static async Task<(HomeVisitValues Values, int Prefilled)> PrefillAsync(JingzhunDbContext db, long caseId, CancellationToken ct = default)
    {
        var evidence = await db.RiskSignals.Where(s => s.CaseId == caseId).Select(s => new { s.Kind, s.Amount }).ToListAsync(ct);
        return HomeVisitValues.FromSignals(evidence.Select(e => (e.Kind, e.Amount)));
    }

    /// <summary>Records the home visit of a monitoring case at its home-visit stage; the case then moves on by the usual step.</summary>
    public static async Task<HomeVisitRecord> RecordHomeVisitAsync(JingzhunDbContext db, long caseId, HomeVisitInput input, DateTime now,
        CancellationToken ct = default)
    {
        var workflowCase = await db.Cases.Include(c => c.Household).FirstOrDefaultAsync(c => c.Id == caseId && c.Kind == CaseKind.Monitoring, ct)
                           ?? throw new WorkflowBlockedException("监测案件不存在或不在您的辖区", "no such monitoring case in your region");
        if (workflowCase.Stage is not (Stage.Signal or Stage.HomeVisit))
            throw new WorkflowBlockedException("入户核查只能在核查环节记录", "the home visit is recorded at the home-visit stage");
        RequireRole(db, VillageRoles, workflowCase.RegionCode, new("记录入户核查", "record a home visit"));
        if (input.ProposedType == MonitoringCategory.None) throw new WorkflowBlockedException("须选择拟认定的监测类型", "choose the proposed monitoring type");
        if (input.VisitedOn > DateOnly.FromDateTime(now)) throw new WorkflowBlockedException("核查日期不能晚于今天", "the visit cannot be dated in the future");
        var (prefilled, count) = await PrefillAsync(db, caseId, ct);
        var record = new HomeVisitRecord
        {
            CaseId = caseId, HouseholdId = workflowCase.HouseholdId!.Value, Household = workflowCase.Household, VillageCode = workflowCase.RegionCode,
            VisitedOn = input.VisitedOn, VisitedBy = db.Scope.Actor, ExpectedIncomePerCapita = input.Values.ExpectedIncomePerCapita,
            MedicalExpenses = input.Values.MedicalExpenses, DisasterLoss = input.Values.DisasterLoss, NewDisability = input.Values.NewDisability,
            OnDibao = input.Values.OnDibao, Unemployed = input.Values.Unemployed, ChildOutOfSchool = input.Values.ChildOutOfSchool,
            HousingUnsafe = input.Values.HousingUnsafe, ProposedType = input.ProposedType, Causes = input.Causes, Findings = input.Findings.Trim(),
            FieldsPrefilled = count, FieldsTyped = prefilled.TypedIn(input.Values), RecordedAt = now,
        };
        db.HomeVisits.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    // ---- the county's decision ----

    /// <summary>
    /// 县级比对审定 with the county's choice of type: the county takes the case's last step (the case engine checks role,
    /// stage and region) and the monitored household it creates gets <paramref name="finalType"/> instead of the type the
    /// home visit proposed (null: the proposed type stands). One transaction: both or neither.
    /// </summary>
    public static async Task<MonitoredObject> RecogniseAsync(JingzhunDbContext db, long caseId, MonitoringCategory? finalType, string comment, DateTime now,
        CancellationToken ct = default)
    {
        var workflowCase = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.Kind == CaseKind.Monitoring, ct)
                           ?? throw new WorkflowBlockedException("监测案件不存在或不在您的辖区", "no such monitoring case in your region");
        if (workflowCase.Stage != Stage.CountyComparison)
            throw new WorkflowBlockedException("监测类型在县级比对审定环节确定", "the type is decided at the county's comparison");
        if (finalType is { } chosen && (chosen == MonitoringCategory.None || !Enum.IsDefined(chosen)))
            throw new WorkflowBlockedException("请选择监测类型", "choose a monitoring type");
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(comment.Trim()), now, ct);
        var monitored = await db.MonitoredObjects.Include(m => m.Household).SingleAsync(m => m.RecognitionCaseId == caseId, ct);
        if (finalType is { } type && type != monitored.Type)
        {
            monitored.Type = type;
            monitored.RiskClass = MonitoringRules.RiskClassOf(type);
            monitored.Household!.Monitoring = type;
            await db.SaveChangesAsync(ct);
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
        return monitored;
    }

    // ---- risk elimination ----

    /// <summary>
    /// Records the on-site assessment of a monitored object. One that passes lets the village open risk elimination; one
    /// that fails marks the risk as not eliminated (未消除，继续监测).
    /// </summary>
    public static async Task<RiskAssessment> RecordAssessmentAsync(JingzhunDbContext db, long monitoredObjectId, DateOnly assessedOn,
        AssessmentFindings findings, string comment, DateTime now, CancellationToken ct = default)
    {
        var monitored = await db.MonitoredObjects.Include(m => m.Household).FirstOrDefaultAsync(m => m.Id == monitoredObjectId, ct)
                        ?? throw new WorkflowBlockedException("监测对象不存在或不在您的辖区", "no such monitored household in your region");
        RequireRole(db, [.. VillageRoles, Role.TownshipOfficer], monitored.VillageCode, new("记录实地核查评估", "record an on-site assessment"));
        if (monitored.State == RiskState.Eliminated) throw new WorkflowBlockedException("风险已消除", "the risk is already eliminated");
        if (assessedOn > DateOnly.FromDateTime(now)) throw new WorkflowBlockedException("评估日期不能晚于今天", "the assessment cannot be dated in the future");
        var rules = await RuleBook.ForAsync(db, monitored.VillageCode, assessedOn.Year, ct);
        var (passed, reasons) = MonitoringRules.Assess(findings, rules);
        var assessment = new RiskAssessment
        {
            MonitoredObjectId = monitored.Id, HouseholdId = monitored.HouseholdId, Household = monitored.Household, VillageCode = monitored.VillageCode,
            AssessedOn = assessedOn, AssessedBy = db.Scope.Actor, IncomePerCapita = findings.IncomePerCapita, MonitoringLine = new Money(rules.MonitoringLine),
            RuleSet = rules.Label, FoodAndClothing = findings.FoodAndClothing, CompulsoryEducation = findings.CompulsoryEducation,
            BasicMedical = findings.BasicMedical, SafeHousing = findings.SafeHousing, SafeWater = findings.SafeWater, IncomeStable = findings.IncomeStable,
            Passed = passed, RecordedAt = now,
            Comment = string.Join("；", new[] { comment.Trim() }.Concat(reasons.Select(r => r.Chinese)).Where(t => t.Length > 0)),
        };
        db.RiskAssessments.Add(assessment);
        if (!passed) monitored.State = RiskState.Continuing;
        await db.SaveChangesAsync(ct);
        return assessment;
    }

    /// <summary>Opens risk elimination for a monitored object on its latest passing on-site assessment.</summary>
    public static async Task<WorkflowCase> ProposeEliminationAsync(JingzhunDbContext db, long monitoredObjectId, string reason, DateTime now,
        CancellationToken ct = default)
    {
        var monitored = await db.MonitoredObjects.FirstOrDefaultAsync(m => m.Id == monitoredObjectId, ct)
                        ?? throw new WorkflowBlockedException("监测对象不存在或不在您的辖区", "no such monitored household in your region");
        return await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.RiskElimination, monitored.HouseholdId, now.Year, reason, now, ct: ct);
    }

    /// <summary>市级评估成效: the city's evaluation of an eliminated risk (effective or not, with its words).</summary>
    public static async Task<MonitoredObject> EvaluateAsync(JingzhunDbContext db, long monitoredObjectId, bool effective, string evaluation,
        DateTime now, CancellationToken ct = default)
    {
        var monitored = await db.MonitoredObjects.FirstOrDefaultAsync(m => m.Id == monitoredObjectId, ct)
                        ?? throw new WorkflowBlockedException("监测对象不存在或不在您的辖区", "no such monitored household in your region");
        RequireRole(db, [Role.CityOfficer], monitored.VillageCode, new("评估帮扶成效", "evaluate the result"));
        if (monitored.State != RiskState.Eliminated) throw new WorkflowBlockedException("风险消除后才能评估成效", "results are evaluated after the risk is eliminated");
        if (string.IsNullOrWhiteSpace(evaluation)) throw new WorkflowBlockedException("须填写评估意见", "the evaluation needs a text");
        monitored.EvaluatedAt = now;
        monitored.EvaluatedBy = db.Scope.Actor;
        monitored.EvaluatedEffective = effective;
        monitored.Evaluation = evaluation.Trim();
        await db.SaveChangesAsync(ct);
        return monitored;
    }

    // ---- helpers ----

    private static async Task<Household> HouseholdAsync(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        await db.Households.FirstOrDefaultAsync(h => h.Id == householdId, ct)
        ?? throw new WorkflowBlockedException("户不存在或不在您的辖区", "no such household in your region");

    /// <summary>The role check of a monitoring step; system work (demo, command line without --as) passes.</summary>
    internal static void RequireRole(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, Bilingual what)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (db.Scope.Role is not { } role || !roles.Contains(role) || !db.Scope.MayChange(regionCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", regionCode);
    }
}
