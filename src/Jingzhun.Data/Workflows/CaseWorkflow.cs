using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Stage = Jingzhun.Domain.Workflows.Stage;

namespace Jingzhun.Data.Workflows;

/// <summary>
/// What an actor adds to a step: a comment, democratic-review votes, a note on attachments (附件说明, the typed names of
/// the time before files were stored) and the files themselves (<see cref="CaseAttachments"/>).
/// </summary>
public sealed record StepInput(string Comment = "", int? VotesFor = null, int? VotesAgainst = null, string Attachments = "",
    IReadOnlyList<CaseFile>? Files = null);

/// <summary>
/// Moves cases through the workflows of <see cref="WorkflowRules"/>: opening, advancing, returning,
/// rejecting, objections during notices, and the effect of a finished case on the registry.
/// Every change goes through the scoped context, so region scope and audit apply as everywhere.
/// </summary>
public static class CaseWorkflow
{
    /// <summary>Opens a household case. An exit case needs an exit-ready decision; every case keeps the decision it was opened on.</summary>
    public static async Task<WorkflowCase> OpenHouseholdCaseAsync(JingzhunDbContext db, CaseKind kind, long householdId, int year,
        string reason, DateTime now, CaseBatch? batch = null, CancellationToken ct = default)
    {
        var household = await RegistrySearchFor(db, householdId, ct)
            ?? throw new WorkflowBlockedException("户不存在或不在您的辖区", "no such household in your region");
        RequireOpenRole(db, kind, household.VillageCode);
        if (await db.Cases.AnyAsync(c => c.HouseholdId == householdId && c.Kind == kind && c.ClosedAt == null, ct))
            throw new WorkflowBlockedException($"户{household.Number}已有进行中的{kind.Chinese()}", $"household {household.Number} already has an open {kind.English()} case");
        var workflowCase = new WorkflowCase
        {
            Kind = kind, Stage = WorkflowRules.Start(kind), Year = year, HouseholdId = household.Id, RegionCode = household.VillageCode,
            CountyCode = household.CountyCode, OpenedAt = now, OpenedBy = db.Scope.Actor, Reason = reason, Batch = batch,
        };
        switch (kind)
        {
            case CaseKind.HouseholdExit:
                if (household.Status is not (HouseholdStatus.Poor or HouseholdStatus.Returned))
                    throw new WorkflowBlockedException($"户{household.Number}不是贫困户，不能退出", $"household {household.Number} is not poor and cannot exit");
                var (exit, exitStored) = await RuleBook.DecideExitAsync(db, household, year, now, ct);
                await db.SaveChangesAsync(ct); // the decision and its trace are kept whatever it says, and get their id
                if (!exit.Passed)
                    throw new WorkflowBlockedException($"户{household.Number}未达到退出标准：{exit.Summary(false)}", $"household {household.Number} is not exit-ready: {exit.Summary(true)}");
                workflowCase.DecisionId = exitStored.Id;
                break;
            case CaseKind.Identification:
                if (household.Status is HouseholdStatus.Poor or HouseholdStatus.Returned)
                    throw new WorkflowBlockedException($"户{household.Number}已是贫困户", $"household {household.Number} is already registered as poor");
                var (_, idStored) = await RuleBook.DecideIdentificationAsync(db, household, year, now, ct);
                await db.SaveChangesAsync(ct);
                workflowCase.DecisionId = idStored.Id;
                break;
            case CaseKind.LookBackRemoval:
                if (string.IsNullOrWhiteSpace(reason))
                    throw new WorkflowBlockedException("回头看剔除须写明理由", "a look-back removal needs a reason");
                break;
            case CaseKind.Monitoring or CaseKind.RiskElimination:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), "area cases open through OpenAreaCaseAsync");
        }
        if (CaseKindHandler.For(kind) is { } handler) await handler.CheckOpenAsync(db, household, workflowCase, ct);
        db.Cases.Add(workflowCase);
        workflowCase.Steps.Add(Step(db, workflowCase, workflowCase.Stage, workflowCase.Stage, StepAction.Open, new StepInput(reason), now));
        await db.SaveChangesAsync(ct);
        return workflowCase;
    }

    /// <summary>Opens a village or county exit case on a decision already made (the caller evaluates and stores it).</summary>
    public static async Task<WorkflowCase> OpenAreaCaseAsync(JingzhunDbContext db, CaseKind kind, string regionCode, int year, long decisionId,
        string reason, DateTime now, CancellationToken ct = default)
    {
        RequireRole(db, kind, WorkflowRules.Start(kind), regionCode);
        if (await db.Cases.AnyAsync(c => c.RegionCode == regionCode && c.Kind == kind && c.ClosedAt == null, ct))
            throw new WorkflowBlockedException($"{regionCode}已有进行中的{kind.Chinese()}", $"{regionCode} already has an open {kind.English()} case");
        var workflowCase = new WorkflowCase
        {
            Kind = kind, Stage = WorkflowRules.Start(kind), Year = year, RegionCode = regionCode, CountyCode = regionCode[..6],
            OpenedAt = now, OpenedBy = db.Scope.Actor, Reason = reason, DecisionId = decisionId,
        };
        workflowCase.Steps.Add(Step(db, workflowCase, workflowCase.Stage, workflowCase.Stage, StepAction.Open, new StepInput(reason), now));
        db.Cases.Add(workflowCase);
        await db.SaveChangesAsync(ct);
        return workflowCase;
    }

    /// <summary>Moves a case to its next stage. A notice stage is left only when its period has run and no objection is open.</summary>
    public static async Task<WorkflowCase> AdvanceAsync(JingzhunDbContext db, long caseId, StepInput input, DateTime now, CancellationToken ct = default)
    {
        var workflowCase = await LoadAsync(db, caseId, ct);
        var step = WorkflowRules.Next(workflowCase.Kind, workflowCase.Stage)
                   ?? throw new WorkflowBlockedException("该案件已结束", "the case is finished");
        RequireRole(db, workflowCase.Kind, workflowCase.Stage, workflowCase.RegionCode);
        if (CaseAttachments.Refusal(input.Files ?? []) is { } refusal) throw new AttachmentRefusedException(refusal);
        if (await db.Objections.AnyAsync(o => o.CaseId == caseId && o.Status == ObjectionStatus.Open, ct))
            throw new WorkflowBlockedException("有未处理的异议，须先处理", "an objection is open and must be resolved first");
        if (workflowCase.Stage == Stage.DemocraticReview && (input.VotesFor is null || input.VotesAgainst is null))
            throw new WorkflowBlockedException("民主评议须填写赞成票和反对票", "a democratic review needs the votes for and against");
        if (workflowCase.Stage == Stage.DemocraticReview && input.VotesFor <= input.VotesAgainst)
            throw new WorkflowBlockedException("民主评议未获多数赞成", "the democratic review did not pass by a majority");
        var notice = workflowCase.Notices.FirstOrDefault(n => n.ClosedAt is null);
        if (notice is not null)
        {
            if (!notice.HasRun(now))
                throw new WorkflowBlockedException($"公示期未满（至{LocalTime.Minute(notice.EndsAt)}）", $"the notice runs until {LocalTime.Minute(notice.EndsAt)}");
            notice.ClosedAt = now;
        }
        if (CaseKindHandler.For(workflowCase.Kind) is { } handler) await handler.CheckAdvanceAsync(db, workflowCase, step.To, ct);
        Move(db, workflowCase, step.To, StepAction.Advance, input, now);
        if (WorkflowRules.IsNotice(step.To)) await PostNoticeAsync(db, workflowCase, now, ct);
        if (WorkflowRules.IsFinal(step.To)) await FinishAsync(db, workflowCase, now, ct);
        await db.SaveChangesAsync(ct);
        return workflowCase;
    }

    /// <summary>Sends a case back to verification (or the start of an area workflow), with a reason.</summary>
    public static async Task<WorkflowCase> ReturnAsync(JingzhunDbContext db, long caseId, string reason, DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new WorkflowBlockedException("退回须写明理由", "a return needs a reason");
        var workflowCase = await LoadAsync(db, caseId, ct);
        RequireRole(db, workflowCase.Kind, workflowCase.Stage, workflowCase.RegionCode);
        CloseNotice(workflowCase, now);
        Move(db, workflowCase, WorkflowRules.ReturnStage(workflowCase.Kind), StepAction.Return, new StepInput(reason), now);
        await db.SaveChangesAsync(ct);
        return workflowCase;
    }

    /// <summary>Ends a case without the outcome it asked for (a county exit sent back, a household not identified).</summary>
    public static async Task<WorkflowCase> RejectAsync(JingzhunDbContext db, long caseId, string reason, DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new WorkflowBlockedException("不予通过须写明理由", "a rejection needs a reason");
        var workflowCase = await LoadAsync(db, caseId, ct);
        RequireRole(db, workflowCase.Kind, workflowCase.Stage, workflowCase.RegionCode);
        CloseNotice(workflowCase, now);
        Move(db, workflowCase, Stage.Rejected, StepAction.Reject, new StepInput(reason), now);
        workflowCase.ClosedAt = now;
        if (CaseKindHandler.For(workflowCase.Kind) is { } handler) await handler.RejectedAsync(db, workflowCase, reason.Trim(), now, ct);
        await db.SaveChangesAsync(ct);
        return workflowCase;
    }

    /// <summary>
    /// Records an objection to an open notice, from staff or (with a system context) from the public page. Any number of
    /// objections are taken while the notice runs: the notice stays up for everyone else, and the case cannot leave the
    /// notice stage until every objection is answered (<see cref="AdvanceAsync"/>). An upheld objection sends it back.
    /// </summary>
    public static async Task<Objection> ObjectAsync(JingzhunDbContext db, long noticeId, string text, string contact, string submittedBy,
        DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new WorkflowBlockedException("异议内容不能为空", "the objection needs a text");
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == noticeId, ct)
                     ?? throw new WorkflowBlockedException("公示不存在", "no such notice");
        if (notice.ClosedAt is not null || now > notice.EndsAt)
            throw new WorkflowBlockedException("公示已结束，不再受理异议", "the notice has ended; objections are no longer taken");
        var objection = new Objection
        {
            NoticeId = notice.Id, CaseId = notice.CaseId, RegionCode = notice.RegionCode, SubmittedAt = now,
            SubmittedBy = submittedBy, Contact = contact.Trim(), Text = text.Trim(),
        };
        db.Objections.Add(objection);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    /// <summary>
    /// Records the outcome of an objection, by the level that posted the notice. Upheld while the case still stands at that
    /// notice: the notice closes and the case goes back to verification (its step names the objection). Dismissed: the
    /// case moves on once its period has run and no other objection is open.
    /// </summary>
    public static async Task<Objection> ResolveObjectionAsync(JingzhunDbContext db, long objectionId, bool upheld, string outcome, DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(outcome)) throw new WorkflowBlockedException("须写明处理结果", "the outcome needs a text");
        var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == objectionId, ct)
                        ?? throw new WorkflowBlockedException("异议不存在", "no such objection");
        var workflowCase = await LoadAsync(db, objection.CaseId, ct);
        var notice = workflowCase.Notices.FirstOrDefault(n => n.Id == objection.NoticeId);
        // The posting level answers: while the case is still at the notice, that is the role of its stage; once an
        // upheld objection has sent it back, the notice's stage still names who posted it.
        RequireRole(db, workflowCase.Kind, notice?.Stage ?? workflowCase.Stage, workflowCase.RegionCode);
        if (objection.Status != ObjectionStatus.Open) throw new WorkflowBlockedException("该异议已处理", "the objection has been resolved already");
        objection.Status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        objection.Outcome = outcome.Trim();
        objection.ResolvedBy = db.Scope.Actor;
        objection.ResolvedAt = now;
        if (upheld && notice is { ClosedAt: null } && workflowCase.Stage == notice.Stage)
        {
            CloseNotice(workflowCase, now);
            Move(db, workflowCase, WorkflowRules.ReturnStage(workflowCase.Kind), StepAction.Objection,
                new StepInput($"异议成立 / objection upheld: {objection.Text} — {objection.Outcome}"), now);
        }
        await db.SaveChangesAsync(ct);
        return objection;
    }

    /// <summary>A village's yearly list: one case per household, moving together.</summary>
    public static async Task<CaseBatch> OpenVillageListAsync(JingzhunDbContext db, CaseKind kind, string villageCode, int year,
        IReadOnlyCollection<long> householdIds, string title, DateTime now, CancellationToken ct = default)
    {
        var batch = new CaseBatch { Kind = kind, RegionCode = villageCode, CountyCode = villageCode[..6], Year = year, Title = title, CreatedAt = now, CreatedBy = db.Scope.Actor };
        db.Batches.Add(batch);
        foreach (var id in householdIds)
            await OpenHouseholdCaseAsync(db, kind, id, year, title, now, batch, ct);
        await db.SaveChangesAsync(ct);
        return batch;
    }

    /// <summary>One decision per case of a list: approve (advance) or return with a reason. All or nothing.</summary>
    public static async Task DecideListAsync(JingzhunDbContext db, long batchId, IReadOnlyDictionary<long, string?> returns, StepInput approval,
        DateTime now, CancellationToken ct = default)
    {
        var caseIds = await db.Cases.Where(c => c.BatchId == batchId && c.ClosedAt == null).Select(c => c.Id).ToListAsync(ct);
        if (caseIds.Count == 0) throw new WorkflowBlockedException("名单中没有待处理的户", "the list has no open case");
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var id in caseIds)
        {
            if (returns.TryGetValue(id, out var reason)) await ReturnAsync(db, id, reason ?? "", now, ct);
            else await AdvanceAsync(db, id, approval, now, ct);
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    private static async Task PostNoticeAsync(JingzhunDbContext db, WorkflowCase workflowCase, DateTime now, CancellationToken ct)
    {
        var rules = await RuleBook.ForAsync(db, workflowCase.RegionCode, workflowCase.Year, ct);
        var title = workflowCase.Household is { } h
            ? $"{workflowCase.Kind.Chinese()}{workflowCase.Stage.Chinese()}：户编号{h.Number}"
            : $"{workflowCase.Kind.Chinese()}{workflowCase.Stage.Chinese()}：{await AreaNameAsync(db, workflowCase.RegionCode, ct)}";
        workflowCase.Notices.Add(new Notice
        {
            RegionCode = workflowCase.RegionCode, Stage = workflowCase.Stage, Title = title, PostedAt = now,
            EndsAt = now.AddDays(WorkflowRules.IsMonitoring(workflowCase.Kind) ? rules.MonitoringNoticeDays : rules.NoticeDays), PostedBy = db.Scope.Actor,
        });
    }

    /// <summary>An area's name as a notice title shows it: the county with its province ("示例省示例县"), a village with its township.</summary>
    private static async Task<string> AreaNameAsync(JingzhunDbContext db, string code, CancellationToken ct)
    {
        var parsed = Domain.Regions.RegionCode.Parse(code);
        var above = parsed.Level == Domain.Regions.RegionLevel.County ? parsed.Parent?.Parent : parsed.Parent;
        var codes = new[] { code, above?.Value ?? code };
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ValidTo == null).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var name = names.GetValueOrDefault(code, code);
        return above is { } a && names.TryGetValue(a.Value, out var aboveName) && a.Level != Domain.Regions.RegionLevel.Nation ? aboveName + name : name;
    }

    /// <summary>What a finished case does to the registry: registration (or 返贫), deregistration (销号), removal, area exit.</summary>
    private static async Task FinishAsync(JingzhunDbContext db, WorkflowCase workflowCase, DateTime now, CancellationToken ct)
    {
        workflowCase.ClosedAt = now;
        var household = workflowCase.Household;
        switch (workflowCase.Stage)
        {
            case Stage.Registered:
                // A household that had exited and is identified again has returned to poverty (返贫).
                var to = household!.Status == HouseholdStatus.Exited || household.StatusHistory.Any(s => s.To == HouseholdStatus.Exited)
                    ? HouseholdStatus.Returned : HouseholdStatus.Poor;
                household.ChangeStatus(to, workflowCase.Year, $"识别程序完成（案件{workflowCase.Id}） / identified (case {workflowCase.Id})", db.Scope.Actor, now)
                    .FromCase(workflowCase.Id);
                if (household.IdentifiedYear == 0) household.IdentifiedYear = workflowCase.Year;
                break;
            case Stage.Deregistered:
                household!.ChangeStatus(HouseholdStatus.Exited, workflowCase.Year, $"退出程序完成，销号（案件{workflowCase.Id}） / exited (case {workflowCase.Id})", db.Scope.Actor, now)
                    .FromCase(workflowCase.Id);
                break;
            case Stage.RemovedFromRegistry:
                household!.ChangeStatus(HouseholdStatus.Removed, workflowCase.Year, $"回头看剔除：{workflowCase.Reason}", db.Scope.Actor, now)
                    .FromCase(workflowCase.Id);
                break;
            case Stage.VillageExited or Stage.CountyExited:
                var region = await db.Regions.FirstAsync(r => r.Code == workflowCase.RegionCode && r.ValidTo == null, ct);
                region.ExitedYear = workflowCase.Year;
                break;
        }
        if (CaseKindHandler.For(workflowCase.Kind) is { } handler) await handler.FinishedAsync(db, workflowCase, now, ct);
    }

    private static void Move(JingzhunDbContext db, WorkflowCase workflowCase, Stage to, StepAction action, StepInput input, DateTime now, string? actor = null)
    {
        workflowCase.Steps.Add(Step(db, workflowCase, workflowCase.Stage, to, action, input, now, actor));
        workflowCase.Stage = to;
        workflowCase.Version++;
    }

    private static void CloseNotice(WorkflowCase workflowCase, DateTime now)
    {
        foreach (var n in workflowCase.Notices.Where(n => n.ClosedAt is null)) n.ClosedAt = now;
    }

    private static CaseStep Step(JingzhunDbContext db, WorkflowCase c, Stage from, Stage to, StepAction action, StepInput input, DateTime now, string? actor = null) => new()
    {
        Case = c, RegionCode = c.RegionCode, From = from, To = to, Action = action, Actor = actor ?? db.Scope.Actor,
        Role = db.Scope.Role?.ToString() ?? "system", At = now, Comment = input.Comment.Trim(), VotesFor = input.VotesFor,
        VotesAgainst = input.VotesAgainst, Attachments = input.Attachments.Trim(),
        Files = CaseAttachments.Build(input.Files ?? [], actor ?? db.Scope.Actor, now),
    };

    /// <summary>
    /// Whether the actor may take a step of a case at this stage: its role is one the stage's level calls for, in the
    /// case's region. The one rule behind every step, the attachments saved with it, and what the case page offers.
    /// </summary>
    public static bool MayAct(AccessScope scope, CaseKind kind, Stage stage, string regionCode) =>
        (scope.IsAdministrator && scope.Role is null) // system work (demo history, command line)
        || (WorkflowRules.MayAdvance(scope.Role, kind, stage) && scope.MayChange(regionCode));

    /// <summary>The role check of every step: the actor's role must be the one the stage's level calls for.</summary>
    private static void RequireRole(JingzhunDbContext db, CaseKind kind, Stage stage, string regionCode)
    {
        if (!MayAct(db.Scope, kind, stage, regionCode))
            throw new WorkflowRefusedException(
                $"{db.Scope.Actor}的角色不能办理{kind.Chinese()}的“{stage.Chinese()}”环节",
                $"{db.Scope.Actor}'s role may not act on the '{stage.English()}' stage of a {kind.English()} case", regionCode);
    }

    /// <summary>Who may open a case: those of <see cref="WorkflowRules.OpenRoles"/>, in their region.</summary>
    private static void RequireOpenRole(JingzhunDbContext db, CaseKind kind, string regionCode)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (db.Scope.Role is not { } role || !WorkflowRules.OpenRoles(kind).Contains(role) || !db.Scope.MayChange(regionCode))
            throw new WorkflowRefusedException(
                $"{db.Scope.Actor}的角色不能发起{kind.Chinese()}", $"{db.Scope.Actor}'s role may not open a {kind.English()} case", regionCode);
    }

    private static async Task<WorkflowCase> LoadAsync(JingzhunDbContext db, long caseId, CancellationToken ct) =>
        await db.Cases.Include(c => c.Notices).Include(c => c.Household!).ThenInclude(h => h.StatusHistory)
            .FirstOrDefaultAsync(c => c.Id == caseId, ct)
        ?? throw new WorkflowBlockedException("案件不存在或不在您的辖区", "no such case in your region");

    private static Task<Household?> RegistrySearchFor(JingzhunDbContext db, long id, CancellationToken ct) =>
        db.Households.Include(h => h.Members).Include(h => h.Incomes).Include(h => h.StatusHistory).AsSplitQuery()
            .FirstOrDefaultAsync(h => h.Id == id, ct);
}
