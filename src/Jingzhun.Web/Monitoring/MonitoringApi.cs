using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Monitoring;

/// <summary>
/// The monitoring API (防止返贫动态监测): the work list with its 15-day clock and the overdue lists per level, consent,
/// the channels that raise a signal, the home visit with its prefill, the on-site assessment, the elimination proposal,
/// the city's evaluation, the review of exclusion flags and the linking of unmatched applications. Each step is a
/// governed step of <see cref="MonitoringWork"/>: a wrong role answers 403 (audited), a step that cannot be taken 409,
/// a record outside the reader's region 404. Recognition and elimination then move through /api/cases.
/// </summary>
public static class MonitoringApi
{
    public static void MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring").WithTags("Monitoring 防返贫监测");
        api.MapGet("/work", Work).WithSummary("The reader's monitoring work: open cases with the 15-day clock, overdue lists, signals, monitored households needing action");
        api.MapGet("/overdue", Overdue).WithSummary("Overdue monitoring cases per level (village, township, county): the level whose turn it is");
        api.MapPost("/households/{householdId:long}/consent", Consent).WithSummary("Record the household's consent to department data checks 授权承诺");
        api.MapPost("/households/{householdId:long}/consent/withdraw", Withdraw).WithSummary("Withdraw the household's consent");
        api.MapPost("/households/{householdId:long}/screening", Screening).WithSummary("Record a screening visit; a risk found raises a signal 村级排查");
        api.MapPost("/households/{householdId:long}/signals", Signal).WithSummary("Raise a signal: an application on the household's behalf (or a department warning, with consent)");
        api.MapGet("/households/{householdId:long}/signals", HouseholdSignals).WithSummary("Every signal of a household");
        api.MapGet("/cases/{caseId:long}/prefill", Prefill).WithSummary("The home visit form as the case's signals fill it (collect once)");
        api.MapPost("/cases/{caseId:long}/home-visit", HomeVisit).WithSummary("Record the home visit of a monitoring case 入户核查");
        api.MapPost("/cases/{caseId:long}/recognise", Recognise).WithSummary("The county's decision at its comparison, choosing the final type (default: the home visit's proposal) 县级比对审定");
        api.MapGet("/objects/{objectId:long}", Object).WithSummary("One monitored household with its assessments");
        api.MapPost("/objects/{objectId:long}/assessment", Assessment).WithSummary("Record an on-site assessment 实地核查评估");
        api.MapPost("/objects/{objectId:long}/elimination", Elimination).WithSummary("Propose risk elimination on a passing assessment 风险消除");
        api.MapPost("/objects/{objectId:long}/evaluation", Evaluation).WithSummary("The city's evaluation of an eliminated risk 市级评估成效");
        api.MapPost("/signals/{signalId:long}/exclusion-review", ExclusionReview).WithSummary("Review an exclusion flag (township or county)");
        api.MapPost("/signals/{signalId:long}/link", Link).WithSummary("Link an unmatched public application to a household (village)");
    }

    public sealed record ConsentRequest(DateOnly? GivenOn, [property: TextLimit(200)] string? Document);

    public sealed record WithdrawRequest([property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record ScreeningRequest(DateOnly? VisitedOn, [property: TextLimit(1000, Lines = true)] string? Findings, RiskKind? RiskFound);

    public sealed record SignalRequest(RiskKind? Kind, [property: TextLimit(1000, Lines = true)] string? Evidence,
        [property: Range(0d, 100_000_000d)] decimal? Amount, DateOnly? EventDate, DiscoveryChannel? Channel, [property: TextLimit(100)] string? Source);

    public sealed record HomeVisitRequest(DateOnly? VisitedOn, [property: Range(0d, 100_000_000d)] decimal? ExpectedIncomePerCapita,
        [property: Range(0d, 100_000_000d)] decimal? MedicalExpenses, [property: Range(0d, 100_000_000d)] decimal? DisasterLoss,
        bool NewDisability, bool OnDibao, bool Unemployed, bool ChildOutOfSchool, bool HousingUnsafe, MonitoringCategory? ProposedType,
        PovertyCause? Causes, [property: TextLimit(1000, Lines = true)] string? Findings);

    public sealed record RecogniseRequest(MonitoringCategory? Type, [property: TextLimit(2000, Lines = true)] string? Comment);

    public sealed record AssessmentRequest(DateOnly? AssessedOn, [property: Range(0d, 100_000_000d)] decimal? IncomePerCapita, bool IncomeStable,
        bool FoodAndClothing, bool CompulsoryEducation, bool BasicMedical, bool SafeHousing, bool SafeWater, [property: TextLimit(500, Lines = true)] string? Comment);

    public sealed record EliminationRequest([property: TextLimit(1000, Lines = true)] string? Reason);

    public sealed record EvaluationRequest(bool? Effective, [property: TextLimit(1000, Lines = true)] string? Evaluation);

    public sealed record ExclusionReviewRequest(bool? Confirmed, [property: TextLimit(400, Lines = true)] string? Reason);

    public sealed record LinkRequest(long? HouseholdId);

    public sealed record ConsentView(long Id, long HouseholdId, DateOnly GivenOn, string Document, string RecordedBy, DateTime RecordedAt, bool Valid);

    public sealed record ScreeningView(long Id, long HouseholdId, DateOnly VisitedOn, string VisitedBy, bool RiskFound, RiskKind? Kind, SignalRow? Signal);

    public sealed record PrefillView(long CaseId, int Prefilled, decimal? ExpectedIncomePerCapita, decimal? MedicalExpenses, decimal? DisasterLoss,
        bool NewDisability, bool OnDibao, bool Unemployed, bool ChildOutOfSchool, bool HousingUnsafe, MonitoringCategory SuggestedType);

    public sealed record HomeVisitView(long Id, long CaseId, DateOnly VisitedOn, string VisitedBy, MonitoringCategory ProposedType, PovertyCause Causes,
        int FieldsPrefilled, int FieldsTyped);

    public sealed record AssessmentView(long Id, long MonitoredObjectId, bool Passed, string Comment, decimal MonitoringLine, RiskState State);

    public sealed record EliminationView(long CaseId, Stage Stage);

    /// <summary>Signals, consents and steps of Data refuse with 409 "not in your region"; asked first here so it is 404, as elsewhere.</summary>
    private static Task<bool> HouseholdExistsAsync(JingzhunDbContext db, long id, CancellationToken ct) => db.Households.AnyAsync(h => h.Id == id, ct);

    private static async Task<Ok<MonitoringWorkView>> Work(JingzhunDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await MonitoringWorkList.LoadAsync(db, clock.GetUtcNow().UtcDateTime, ct));

    private static async Task<Ok<IReadOnlyList<OverdueList>>> Overdue(JingzhunDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((IReadOnlyList<OverdueList>)(await MonitoringWorkList.LoadAsync(db, clock.GetUtcNow().UtcDateTime, ct)).Overdue);

    private static async Task<Results<Created<ConsentView>, NotFound, ValidationProblem>> Consent(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long householdId, ConsentRequest request, CancellationToken ct)
    {
        if (!await HouseholdExistsAsync(db, householdId, ct)) return TypedResults.NotFound();
        if (request.GivenOn is not { } givenOn) return Problem("givenOn", lang.T("请填写授权日期", "givenOn is required"), lang);
        if (string.IsNullOrWhiteSpace(request.Document)) return Problem("document", lang.T("请填写授权书编号或名称", "document is required"), lang);
        var c = await MonitoringWork.RecordConsentAsync(db, householdId, givenOn, request.Document, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/monitoring/households/{householdId}/signals",
            new ConsentView(c.Id, c.HouseholdId, c.GivenOn, c.Document, c.RecordedBy, c.RecordedAt, c.IsValid));
    }

    private static async Task<Results<NoContent, NotFound>> Withdraw(JingzhunDbContext db, TimeProvider clock, long householdId, WithdrawRequest? request,
        CancellationToken ct)
    {
        if (!await HouseholdExistsAsync(db, householdId, ct)) return TypedResults.NotFound();
        await MonitoringWork.WithdrawConsentAsync(db, householdId, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<ScreeningView>, NotFound, ValidationProblem>> Screening(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long householdId, ScreeningRequest request, CancellationToken ct)
    {
        if (!await HouseholdExistsAsync(db, householdId, ct)) return TypedResults.NotFound();
        if (request.VisitedOn is not { } visitedOn) return Problem("visitedOn", lang.T("请填写走访日期", "visitedOn is required"), lang);
        if (string.IsNullOrWhiteSpace(request.Findings)) return Problem("findings", lang.T("请填写走访发现的情况", "findings is required"), lang);
        if (request.RiskFound is { } found && (!Enum.IsDefined(found) || found.IsExclusion()))
            return Problem("riskFound", lang.T("排查发现的风险须是困难类别", "riskFound must be a kind of hardship"), lang);
        var visit = await MonitoringWork.RecordScreeningAsync(db, householdId, visitedOn, request.Findings, request.RiskFound, clock.GetUtcNow().UtcDateTime, ct);
        var signal = visit.RiskFound
            ? (await MonitoringWorkList.HouseholdSignalsAsync(db, householdId, ct))?.FirstOrDefault(s => s.Channel == DiscoveryChannel.Screening)
            : null;
        return TypedResults.Created($"/api/monitoring/households/{householdId}/signals",
            new ScreeningView(visit.Id, visit.HouseholdId, visit.VisitedOn, visit.VisitedBy, visit.RiskFound, visit.Kind, signal));
    }

    private static async Task<Results<Created<SignalRow>, NotFound, ValidationProblem>> Signal(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long householdId, SignalRequest request, CancellationToken ct)
    {
        if (!await HouseholdExistsAsync(db, householdId, ct)) return TypedResults.NotFound();
        if (request.Kind is not { } kind || !Enum.IsDefined(kind)) return Problem("kind", lang.T("请选择风险类别", "kind is required"), lang);
        var channel = request.Channel ?? DiscoveryChannel.Application;
        // A screening signal comes with its visit (POST …/screening); public applications come through the public form.
        if (channel is not (DiscoveryChannel.Application or DiscoveryChannel.DepartmentWarning))
            return Problem("channel", lang.T("只能登记农户申请或部门预警；排查请记录走访", "channel must be Application or DepartmentWarning; record a screening visit instead"), lang);
        if (string.IsNullOrWhiteSpace(request.Evidence)) return Problem("evidence", lang.T("请说明情况", "evidence is required"), lang);
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.EventDate is { } date && date > DateOnly.FromDateTime(now))
            return Problem("eventDate", lang.T("发生日期不能晚于今天", "eventDate cannot be in the future"), lang);
        var amount = request.Amount is { } a ? new Money(decimal.Round(a, 2)) : (Money?)null;
        var signal = await MonitoringWork.RaiseSignalAsync(db, new SignalInput(householdId, channel, kind, request.Evidence, amount, request.EventDate,
            Source: channel == DiscoveryChannel.DepartmentWarning && !string.IsNullOrWhiteSpace(request.Source) ? request.Source.Trim() : null), now, ct);
        var row = (await MonitoringWorkList.HouseholdSignalsAsync(db, householdId, ct))!.First(s => s.Id == signal.Id);
        return TypedResults.Created($"/api/monitoring/households/{householdId}/signals", row);
    }

    private static async Task<Results<Ok<IReadOnlyList<SignalRow>>, NotFound>> HouseholdSignals(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        await MonitoringWorkList.HouseholdSignalsAsync(db, householdId, ct) is { } rows ? TypedResults.Ok(rows) : TypedResults.NotFound();

    private static async Task<Results<Ok<PrefillView>, NotFound>> Prefill(JingzhunDbContext db, long caseId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId && x.Kind == CaseKind.Monitoring)
            .Select(x => new { x.Household!.Status, FirstKind = db.RiskSignals.Where(s => s.CaseId == x.Id).OrderBy(s => s.RaisedAt).Select(s => (RiskKind?)s.Kind).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (c is null) return TypedResults.NotFound();
        var (v, count) = await MonitoringWork.PrefillAsync(db, caseId, ct);
        return TypedResults.Ok(new PrefillView(caseId, count, v.ExpectedIncomePerCapita?.Yuan, v.MedicalExpenses?.Yuan, v.DisasterLoss?.Yuan, v.NewDisability,
            v.OnDibao, v.Unemployed, v.ChildOutOfSchool, v.HousingUnsafe, MonitoringRules.SuggestedType(c.Status, c.FirstKind ?? RiskKind.OtherHardship)));
    }

    private static async Task<Results<Created<HomeVisitView>, NotFound, ValidationProblem>> HomeVisit(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long caseId, HomeVisitRequest request, CancellationToken ct)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.Kind == CaseKind.Monitoring, ct)) return TypedResults.NotFound();
        if (request.VisitedOn is not { } visitedOn) return Problem("visitedOn", lang.T("请填写核查日期", "visitedOn is required"), lang);
        if (request.ProposedType is not { } type || type == MonitoringCategory.None || !Enum.IsDefined(type))
            return Problem("proposedType", lang.T("请选择拟认定的监测类型", "proposedType is required"), lang);
        if (request.Causes is { } causes && !EnumValues.IsKnown(causes))
            return Problem("causes", lang.T("致贫（返贫）原因无效", "causes is not valid"), lang);
        var values = new HomeVisitValues(Yuan(request.ExpectedIncomePerCapita), Yuan(request.MedicalExpenses), Yuan(request.DisasterLoss), request.NewDisability,
            request.OnDibao, request.Unemployed, request.ChildOutOfSchool, request.HousingUnsafe);
        var r = await MonitoringWork.RecordHomeVisitAsync(db, caseId, new HomeVisitInput(visitedOn, values, type, request.Causes ?? PovertyCause.None,
            request.Findings ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/cases/{caseId}", new HomeVisitView(r.Id, r.CaseId, r.VisitedOn, r.VisitedBy, r.ProposedType, r.Causes, r.FieldsPrefilled, r.FieldsTyped));
    }

    private static async Task<Results<Ok<MonitoredObjectView>, NotFound, ValidationProblem>> Recognise(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long caseId, RecogniseRequest request, CancellationToken ct)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.Kind == CaseKind.Monitoring, ct)) return TypedResults.NotFound();
        if (request.Type is { } type && (type == MonitoringCategory.None || !Enum.IsDefined(type)))
            return Problem("type", lang.T("请选择监测类型", "type must be a monitoring type"), lang);
        var monitored = await MonitoringWork.RecogniseAsync(db, caseId, request.Type, request.Comment ?? "", clock.GetUtcNow().UtcDateTime, ct);
        db.ChangeTracker.Clear();
        return TypedResults.Ok((await MonitoringWorkList.ObjectAsync(db, monitored.Id, ct))!);
    }

    private static async Task<Results<Ok<MonitoredObjectView>, NotFound>> Object(JingzhunDbContext db, long objectId, CancellationToken ct) =>
        await MonitoringWorkList.ObjectAsync(db, objectId, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Created<AssessmentView>, NotFound, ValidationProblem>> Assessment(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long objectId, AssessmentRequest request, CancellationToken ct)
    {
        var id = objectId;
        if (!await db.MonitoredObjects.AnyAsync(m => m.Id == id, ct)) return TypedResults.NotFound();
        if (request.AssessedOn is not { } on) return Problem("assessedOn", lang.T("请填写评估日期", "assessedOn is required"), lang);
        if (request.IncomePerCapita is not { } income) return Problem("incomePerCapita", lang.T("请填写人均纯收入", "incomePerCapita is required"), lang);
        var findings = new AssessmentFindings(new Money(decimal.Round(income, 2)), request.IncomeStable, request.FoodAndClothing, request.CompulsoryEducation,
            request.BasicMedical, request.SafeHousing, request.SafeWater);
        var a = await MonitoringWork.RecordAssessmentAsync(db, id, on, findings, request.Comment ?? "", clock.GetUtcNow().UtcDateTime, ct);
        var state = await db.MonitoredObjects.AsNoTracking().Where(m => m.Id == id).Select(m => m.State).FirstAsync(ct);
        return TypedResults.Created($"/api/monitoring/objects/{id}", new AssessmentView(a.Id, id, a.Passed, a.Comment, a.MonitoringLine.Yuan, state));
    }

    private static async Task<Results<Created<EliminationView>, NotFound>> Elimination(JingzhunDbContext db, TimeProvider clock, long objectId,
        EliminationRequest request, CancellationToken ct)
    {
        var id = objectId;
        if (!await db.MonitoredObjects.AnyAsync(m => m.Id == id, ct)) return TypedResults.NotFound();
        var opened = await MonitoringWork.ProposeEliminationAsync(db, id, request.Reason?.Trim() ?? "", clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/cases/{opened.Id}", new EliminationView(opened.Id, opened.Stage));
    }

    private static async Task<Results<Ok<MonitoredObjectView>, NotFound, ValidationProblem>> Evaluation(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long objectId, EvaluationRequest request, CancellationToken ct)
    {
        var id = objectId;
        if (!await db.MonitoredObjects.AnyAsync(m => m.Id == id, ct)) return TypedResults.NotFound();
        if (request.Effective is not { } effective) return Problem("effective", lang.T("请选择是否有效", "effective is required"), lang);
        if (string.IsNullOrWhiteSpace(request.Evaluation)) return Problem("evaluation", lang.T("请填写评估意见", "evaluation is required"), lang);
        await MonitoringWork.EvaluateAsync(db, id, effective, request.Evaluation, clock.GetUtcNow().UtcDateTime, ct);
        db.ChangeTracker.Clear();
        return TypedResults.Ok((await MonitoringWorkList.ObjectAsync(db, id, ct))!);
    }

    private static async Task<Results<Ok<SignalRow>, NotFound, ValidationProblem>> ExclusionReview(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long signalId, ExclusionReviewRequest request, CancellationToken ct)
    {
        if (!await db.RiskSignals.AnyAsync(s => s.Id == signalId, ct)) return TypedResults.NotFound();
        if (request.Confirmed is not { } confirmed) return Problem("confirmed", lang.T("请选择核实结果", "confirmed is required"), lang);
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problem("reason", lang.T("请写明核实情况", "reason is required"), lang);
        var s = await MonitoringWork.ReviewExclusionAsync(db, signalId, confirmed, request.Reason, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(await SignalAsync(db, s.Id, ct));
    }

    private static async Task<Results<Ok<SignalRow>, NotFound, ValidationProblem>> Link(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long signalId, LinkRequest request, CancellationToken ct)
    {
        if (!await db.RiskSignals.AnyAsync(s => s.Id == signalId, ct)) return TypedResults.NotFound();
        if (request.HouseholdId is not { } householdId) return Problem("householdId", lang.T("请选择户", "householdId is required"), lang);
        if (!await HouseholdExistsAsync(db, householdId, ct)) return Problem("householdId", lang.T("户不存在或不在您的辖区", "no such household in your region"), lang);
        var s = await MonitoringWork.LinkApplicationAsync(db, signalId, householdId, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(await SignalAsync(db, s.Id, ct));
    }

    private static async Task<SignalRow> SignalAsync(JingzhunDbContext db, long signalId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var s = await db.RiskSignals.AsNoTracking().Include(x => x.Household).FirstAsync(x => x.Id == signalId, ct);
        return new SignalRow(s.Id, s.Channel, s.Kind, s.State, s.VillageCode, s.VillageCode, s.HouseholdId, s.Household?.Number, s.RaisedAt, s.Source,
            s.Evidence, s.ReceiptNumber, s.ApplicantName, s.ApplicantContact, s.CaseId, s.Outcome);
    }

    private static Money? Yuan(decimal? value) => value is { } v ? new Money(decimal.Round(v, 2)) : null;

    private static ValidationProblem Problem(string field, string message, Lang lang) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: lang.T("输入有误", "Some fields are not valid"));
}
