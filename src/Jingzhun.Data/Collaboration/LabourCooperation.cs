using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Collaboration;

/// <summary>
/// The next step of a worker's path as recorded: the stage and its day, and what that stage carries (a course; a
/// destination, employer, way it was organised, monthly income and pairing; a reason for coming home).
/// </summary>
public sealed record LabourStepInput(LabourStage? Stage, DateOnly On, string? Course = null, DateOnly? TrainingUntil = null, string? Destination = null,
    string? DestinationCode = null, string? Employer = null, PlacementMode? Mode = null, Money MonthlyIncome = default, long? PairingId = null,
    string? Reason = null);

/// <summary>A worker of a household with its path, oldest step first.</summary>
public sealed record WorkerHistory(LabourWorker Worker, string MemberName, IReadOnlyList<LabourPlacement> Steps)
{
    public LabourPlacement? CurrentJob => Worker.Stage == LabourStage.Placed ? Steps.LastOrDefault(s => s.Stage == LabourStage.Placed) : null;
}

/// <summary>
/// 劳务协作 as governed steps (issue 20 point 4): a member of a registered or monitored household enters the labour pool,
/// then each later step (training, a job, the return) is one more row; nothing is overwritten. The village work team and
/// clerk, the township and the county record them in the household's region (<see cref="LabourRules.Record"/>); the save
/// rules check the region again and write the audit lines. The page, the API and the demo loader all come through here.
/// </summary>
public static class LabourCooperation
{
    private sealed record HouseholdKey(long Id, string VillageCode, HouseholdStatus Status);

    private static Task<HouseholdKey?> HouseholdAsync(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new HouseholdKey(h.Id, h.VillageCode, h.Status)).FirstOrDefaultAsync(ct);

    /// <summary>The role and region check every step runs first: 403 with the step's name in both languages.</summary>
    private static void Require(JingzhunDbContext db, string villageCode, Bilingual what)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (!LabourRules.May(db.Scope.Role) || !db.Scope.MayChange(villageCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", villageCode);
    }

    /// <summary>A member of the household enters the labour pool (帮扶入库): the first step of its path.</summary>
    public static async Task<EditResult<LabourWorker>> EnterPoolAsync(JingzhunDbContext db, long householdId, long memberId, DateOnly on, DateTime now,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        if (household is null) return EditResult<LabourWorker>.NotFound();
        Require(db, household.VillageCode, new Bilingual("登记劳务协作", "record labour cooperation"));
        var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId && m.HouseholdId == householdId)
            .Select(m => new { m.Id, m.State }).FirstOrDefaultAsync(ct);
        var errors = new List<FieldError>();
        if (!LabourRules.IsEligible(household.Status))
            errors.Add(new FieldError("MemberId", $"本户为{household.Status.Chinese()}，劳务协作面向建档立卡户和监测户",
                $"The household is {household.Status.English()}; labour cooperation is for registered and monitored households"));
        if (member is null) errors.Add(new FieldError("MemberId", "请选择本户成员", "Choose a member of this household"));
        else if (member.State != MemberState.Present) errors.Add(new FieldError("MemberId", "该成员已不在户", "The member no longer lives in the household"));
        else if (await db.LabourWorkers.AnyAsync(w => w.MemberId == memberId, ct))
            errors.Add(new FieldError("MemberId", "该成员已在劳动力资源库中", "The member is already in the labour pool"));
        errors.AddRange(CheckDay(on, now));
        if (errors.Count > 0) return EditResult<LabourWorker>.Invalid(errors);

        var worker = new LabourWorker { HouseholdId = householdId, MemberId = memberId, Stage = LabourStage.Pool, RecordedBy = db.Scope.Actor };
        db.LabourWorkers.Add(worker);
        db.LabourPlacements.Add(new LabourPlacement { Worker = worker, HouseholdId = householdId, Stage = LabourStage.Pool, On = on, RecordedBy = db.Scope.Actor });
        await db.SaveChangesAsync(ct);
        return EditResult<LabourWorker>.Saved(worker);
    }

    /// <summary>Records the worker's next step; the stages that may follow the current one are <see cref="LabourRules.Next"/>.</summary>
    public static async Task<EditResult<LabourPlacement>> RecordAsync(JingzhunDbContext db, long householdId, long workerId, LabourStepInput input,
        DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        var worker = household is null ? null : await db.LabourWorkers.FirstOrDefaultAsync(w => w.Id == workerId && w.HouseholdId == householdId, ct);
        if (household is null || worker is null) return EditResult<LabourPlacement>.NotFound();
        Require(db, household.VillageCode, new Bilingual("登记劳务协作", "record labour cooperation"));
        var last = await db.LabourPlacements.AsNoTracking().Where(p => p.WorkerId == workerId).MaxAsync(p => (DateOnly?)p.On, ct);
        var errors = new List<FieldError>();
        if (input.Stage is not { } stage || !Enum.IsDefined(stage) || stage == LabourStage.Pool)
        {
            errors.Add(new FieldError("Stage", "请选择培训、就业或返乡", "Choose training, a job or the return"));
            return EditResult<LabourPlacement>.Invalid(errors);
        }
        if (!LabourRules.MayFollow(worker.Stage, stage))
            errors.Add(new FieldError("Stage", $"当前为{worker.Stage.Chinese()}，不能登记{stage.Chinese()}",
                $"The worker is now {worker.Stage.English()}; {stage.English()} cannot follow"));
        errors.AddRange(CheckDay(input.On, now));
        if (last is { } l && input.On < l) errors.Add(new FieldError("On", "日期不能早于上一条记录", "The date cannot be before the previous step"));
        var step = new LabourPlacement { WorkerId = worker.Id, HouseholdId = householdId, Stage = stage, On = input.On, RecordedBy = db.Scope.Actor };
        switch (stage)
        {
            case LabourStage.Training:
                if (string.IsNullOrWhiteSpace(input.Course)) errors.Add(new FieldError("Course", "请填写培训项目", "Give the course"));
                if (input.TrainingUntil is { } until && until < input.On)
                    errors.Add(new FieldError("TrainingUntil", "结束日期不能早于开始日期", "The course cannot end before it starts"));
                step.Course = input.Course?.Trim() ?? "";
                step.TrainingUntil = input.TrainingUntil;
                break;
            case LabourStage.Placed:
                if (string.IsNullOrWhiteSpace(input.Destination)) errors.Add(new FieldError("Destination", "请填写就业地点", "Give the place of work"));
                if (string.IsNullOrWhiteSpace(input.Employer)) errors.Add(new FieldError("Employer", "请填写用工单位", "Give the employer"));
                if (input.Mode is not { } mode || !Enum.IsDefined(mode)) errors.Add(new FieldError("Mode", "请选择输出方式", "Choose how the job was found"));
                if (input.MonthlyIncome < Money.Zero) errors.Add(new FieldError("MonthlyIncome", "月收入不能为负数", "The monthly income cannot be negative"));
                var (code, province, codeError) = await DestinationAsync(db, input.DestinationCode, input.Destination, ct);
                if (codeError is not null) errors.Add(codeError);
                step.Destination = input.Destination?.Trim() ?? "";
                step.DestinationCode = code;
                step.DestinationProvince = province;
                step.Employer = input.Employer?.Trim() ?? "";
                step.Mode = input.Mode;
                step.MonthlyIncome = input.MonthlyIncome;
                // A job found through a pairing (东西部劳务协作) names a pairing that helps the worker's home village.
                if (input.PairingId is { } pairingId && !await db.CollaborationPairings
                        .AnyAsync(p => p.Id == pairingId && worker.VillageCode.StartsWith(p.RegionPrefix), ct))
                    errors.Add(new FieldError("PairingId", "没有这个结对，或它不帮扶这名劳动力的家乡",
                                              "No such pairing, or it does not help the worker's home area"));
                step.PairingId = input.PairingId;
                break;
            case LabourStage.Returned:
                if (string.IsNullOrWhiteSpace(input.Reason)) errors.Add(new FieldError("Reason", "请填写返乡原因", "Give the reason for coming home"));
                step.Reason = input.Reason?.Trim() ?? "";
                db.ChangeReason = step.Reason;
                break;
        }
        if (errors.Count > 0) return EditResult<LabourPlacement>.Invalid(errors);
        worker.Stage = stage;
        db.LabourPlacements.Add(step);
        await db.SaveChangesAsync(ct);
        return EditResult<LabourPlacement>.Saved(step);
    }

    private static IEnumerable<FieldError> CheckDay(DateOnly on, DateTime now)
    {
        if (on > DateOnly.FromDateTime(now)) yield return new FieldError("On", "日期不能晚于今天", "The date cannot be in the future");
        if (on.Year < 2013) yield return new FieldError("On", "日期不能早于2013年", "The date cannot be before 2013");
    }

    /// <summary>
    /// The destination's code and province: a code must be in the region table, and its province's name is read from
    /// there; without a code the province is the start of the place as written (up to 省/自治区/市), or the whole place.
    /// </summary>
    private static async Task<(string Code, string Province, FieldError? Error)> DestinationAsync(JingzhunDbContext db, string? codeText, string? place,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(codeText)) return ("", ProvinceOf(place?.Trim() ?? ""), null);
        if (!RegionCode.TryParse(codeText, out var code, out _) || code.Level == RegionLevel.Nation
            || !await db.Regions.AnyAsync(r => r.Code == code.Value, ct))
            return ("", "", new FieldError("DestinationCode", "就业地区划代码不在区划表中；不在表中的地点只填名称", "The destination code is not in the region table; give only the name of a place outside it"));
        var provinceCode = code.Value[..2].PadRight(12, '0');
        var province = await db.Regions.AsNoTracking().Where(r => r.Code == provinceCode).Select(r => r.Name).FirstOrDefaultAsync(ct);
        return (code.Value, province ?? ProvinceOf(place?.Trim() ?? ""), null);
    }

    /// <summary>"广东省深圳市宝安区" → "广东省"; "深圳" → "深圳" (the province of a place outside the region table, as well as it can be read).</summary>
    public static string ProvinceOf(string place)
    {
        foreach (var end in new[] { "自治区", "省" })
        {
            var i = place.IndexOf(end, StringComparison.Ordinal);
            if (i > 0) return place[..(i + end.Length)];
        }
        // 北京市, 上海市, 天津市, 重庆市: the municipalities are provinces.
        foreach (var city in new[] { "北京市", "上海市", "天津市", "重庆市" })
            if (place.StartsWith(city, StringComparison.Ordinal)) return city;
        return place.Length > 40 ? place[..40] : place;
    }

    /// <summary>The household's workers with their paths (oldest step first); null when the household is not readable.</summary>
    public static async Task<IReadOnlyList<WorkerHistory>?> ForHouseholdAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        if (!await db.Households.AnyAsync(h => h.Id == householdId, ct)) return null;
        var workers = await db.LabourWorkers.AsNoTracking().Where(w => w.HouseholdId == householdId)
            .Select(w => new { Worker = w, w.Member!.Name }).ToListAsync(ct);
        var steps = await db.LabourPlacements.AsNoTracking().Where(p => p.HouseholdId == householdId).ToListAsync(ct);
        return workers.OrderBy(w => w.Worker.Id).Select(w => new WorkerHistory(w.Worker, w.Name,
            steps.Where(s => s.WorkerId == w.Worker.Id).OrderBy(s => s.On).ThenBy(s => s.Id).ToList())).ToList();
    }
}
