using Jingzhun.Data.Database;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>
/// What recognition (监测对象认定) and risk elimination (风险消除) mean to the monitoring register: a recognised case
/// enters the household as a monitored object; an approved elimination closes it; a rejected one keeps it monitored.
/// </summary>
internal sealed class MonitoringCases : CaseKindHandler
{
    public override IReadOnlyList<CaseKind> Kinds { get; } = [CaseKind.Monitoring, CaseKind.RiskElimination];

    public override async Task CheckOpenAsync(JingzhunDbContext db, Household household, WorkflowCase workflowCase, CancellationToken ct)
    {
        var active = await ActiveAsync(db, household.Id, ct);
        if (workflowCase.Kind == CaseKind.Monitoring)
        {
            if (!MonitoringRules.MayBeMonitored(household.Status))
                throw new WorkflowBlockedException($"户{household.Number}是{household.Status.Chinese()}，不纳入监测", $"household {household.Number} is {household.Status.English()} and is not monitored");
            if (active is not null) throw new WorkflowBlockedException($"户{household.Number}已在监测中", $"household {household.Number} is already monitored");
            return;
        }
        if (active is null) throw new WorkflowBlockedException($"户{household.Number}不是监测对象", $"household {household.Number} is not monitored");
        var latest = await db.RiskAssessments.Where(a => a.MonitoredObjectId == active.Id).OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.Id)
            .FirstOrDefaultAsync(ct);
        if (latest is null)
            throw new WorkflowBlockedException("风险消除须先进行实地核查评估", "risk elimination needs an on-site assessment first");
        if (!latest.Passed)
            throw new WorkflowBlockedException($"最近一次实地核查评估未通过：{latest.Comment}", $"the latest on-site assessment did not pass: {latest.Comment}");
        workflowCase.Reason = workflowCase.Reason.Length > 0 ? workflowCase.Reason : $"实地核查评估通过（{latest.AssessedOn:yyyy-MM-dd}）";
    }

    public override async Task CheckAdvanceAsync(JingzhunDbContext db, WorkflowCase workflowCase, Stage to, CancellationToken ct)
    {
        if (to == Stage.VillageAppraisal && !await db.HomeVisits.AnyAsync(v => v.CaseId == workflowCase.Id, ct))
            throw new WorkflowBlockedException("须先记录入户核查", "record the home visit first");
        if (workflowCase.Kind == CaseKind.RiskElimination)
        {
            // An assessment that fails while elimination is under way stops it: the risk closes only on a passing one.
            var active = await ActiveAsync(db, workflowCase.HouseholdId!.Value, ct);
            var latest = active is null ? null : await db.RiskAssessments.Where(a => a.MonitoredObjectId == active.Id)
                .OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.Id).FirstOrDefaultAsync(ct);
            if (latest is not { Passed: true })
                throw new WorkflowBlockedException(latest is null ? "风险消除须先进行实地核查评估" : $"最近一次实地核查评估未通过：{latest.Comment}",
                    latest is null ? "risk elimination needs an on-site assessment first" : $"the latest on-site assessment did not pass: {latest.Comment}");
        }
    }

    public override async Task FinishedAsync(JingzhunDbContext db, WorkflowCase workflowCase, DateTime now, CancellationToken ct)
    {
        var household = workflowCase.Household!;
        if (workflowCase.Kind == CaseKind.Monitoring)
        {
            var visit = await db.HomeVisits.Where(v => v.CaseId == workflowCase.Id).OrderByDescending(v => v.Id).FirstAsync(ct);
            var signals = await db.RiskSignals.Where(s => s.CaseId == workflowCase.Id).OrderBy(s => s.RaisedAt).ToListAsync(ct);
            var first = signals.FirstOrDefault();
            db.MonitoredObjects.Add(new MonitoredObject
            {
                HouseholdId = household.Id, Household = household, VillageCode = household.VillageCode, Type = visit.ProposedType,
                RiskClass = MonitoringRules.RiskClassOf(visit.ProposedType), Causes = visit.Causes,
                People = await db.Members.CountAsync(m => m.HouseholdId == household.Id && m.State == MemberState.Present, ct),
                FoundAt = first?.RaisedAt ?? workflowCase.OpenedAt, Channel = first?.Channel ?? DiscoveryChannel.Screening,
                RecognisedAt = now, RecognisedYear = workflowCase.Year, RecognitionCaseId = workflowCase.Id,
            });
            household.Monitoring = visit.ProposedType;
            foreach (var s in signals) Decide(s, SignalState.Recognised, $"纳入监测（案件{workflowCase.Id}） / recognised (case {workflowCase.Id})", now);
            return;
        }
        var active = await ActiveAsync(db, household.Id, ct) ?? throw new WorkflowBlockedException("监测对象不存在", "no monitored household");
        active.State = RiskState.Eliminated;
        active.EliminatedAt = now;
        active.EliminationCaseId = workflowCase.Id;
        household.Monitoring = MonitoringCategory.None;
    }

    public override async Task RejectedAsync(JingzhunDbContext db, WorkflowCase workflowCase, string reason, DateTime now, CancellationToken ct)
    {
        if (workflowCase.Kind == CaseKind.Monitoring)
        {
            foreach (var s in await db.RiskSignals.Where(s => s.CaseId == workflowCase.Id).ToListAsync(ct))
                Decide(s, SignalState.NotRecognised, reason, now);
            return;
        }
        if (await ActiveAsync(db, workflowCase.HouseholdId!.Value, ct) is { } active) active.State = RiskState.Continuing;
    }

    private static void Decide(RiskSignal signal, SignalState state, string outcome, DateTime now)
    {
        signal.State = state;
        signal.Outcome = outcome;
        signal.DecidedAt = now;
    }

    private static Task<MonitoredObject?> ActiveAsync(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        db.MonitoredObjects.FirstOrDefaultAsync(m => m.HouseholdId == householdId && m.State != RiskState.Eliminated, ct);
}
