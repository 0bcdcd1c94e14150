using System.Security.Cryptography;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.SampleChecks;

/// <summary>One sampled case as a page shows it.</summary>
public sealed record SampleItemRow(long Id, long CaseId, string HouseholdNumber, string VillageCode, Stage Stage, SampleFinding Finding,
    string Note, string? RecordedBy, DateTime? RecordedAt);

/// <summary>A check with its sample.</summary>
public sealed record SampleCheckView(SampleCheck Check, IReadOnlyList<SampleItemRow> Items)
{
    public int Pending => Items.Count(i => i.Finding == SampleFinding.Pending);
    public int Problems => Items.Count(i => i.Finding == SampleFinding.Problem);
}

/// <summary>
/// How an area's identification list of a year stands at a level: how many cases wait there, how many have passed it, and
/// the checks drawn from it. A list that passed the level without any check shows as 未抽检 (not sampled): a check is a
/// gate when it exists, not a step every list must take.
/// </summary>
public sealed record SampleListRow(string RegionCode, string Name, SampleCheckLevel Level, int Waiting, int Passed, int OpenChecks, int ClosedChecks)
{
    public Bilingual State => OpenChecks > 0 ? new("抽检中", "Being checked")
        : ClosedChecks > 0 ? new("已抽检", "Checked")
        : Passed > 0 ? new("未抽检", "Not sampled")
        : new("待抽检", "Not yet checked");
}

/// <summary>
/// 抽检核查 (002-A L333): the township checks a share of a village's identification list and the county a share of a
/// township's, drawn from a seed that is stored, so the draw can be repeated by anyone. Each sampled case gets a finding;
/// the level closes the check with its conclusion. While a check is open, <see cref="SampleCheckGate"/> holds every case
/// of the list at that level, whichever way it is moved (page, API, list decision, demo).
/// </summary>
public static class SampleCheckSteps
{
    /// <summary>Draws a sample of the area's cases waiting at the level's stage in the year (of one village list, when <paramref name="batchId"/> is given).</summary>
    public static async Task<SampleCheck> OpenAsync(JingzhunDbContext db, SampleCheckLevel level, string areaCode, int year, DateTime now,
        long? batchId = null, long? seed = null, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(level)) throw new WorkflowBlockedException("请选择抽检层级", "choose the level of the check");
        if (!RegionCode.TryParse(areaCode, out var area, out _) || area.Level != SampleCheckRoles.AreaOf(level))
            throw new WorkflowBlockedException(level == SampleCheckLevel.Township ? "乡镇抽检的对象是一个村的识别名单" : "县级抽检的对象是一个乡镇的识别名单",
                level == SampleCheckLevel.Township ? "a township checks one village's list" : "a county checks one township's list");
        Require(db, level, area.Value);
        if (await db.SampleChecks.AnyAsync(c => c.RegionCode == area.Value && c.Year == year && c.Level == level && c.ClosedAt == null, ct))
            throw new WorkflowBlockedException("该名单已有进行中的抽检", "the list already has an open sample check");
        var population = await Population(db, level, area, year, batchId)
            .Select(c => new { c.Id, Number = c.Household!.Number, c.RegionCode }).ToListAsync(ct);
        if (population.Count == 0)
            throw new WorkflowBlockedException($"没有处于“{SampleCheckRoles.StageOf(level).Chinese()}”的识别名单", $"no identification case is waiting at '{SampleCheckRoles.StageOf(level).English()}'");
        var rules = await RuleBook.ForAsync(db, area.Value, year, ct);
        var share = level == SampleCheckLevel.Township ? rules.TownshipSampleShare : rules.CountySampleShare;
        var drawSeed = seed ?? RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var byNumber = population.ToDictionary(p => p.Number);
        var check = new SampleCheck
        {
            Level = level, RegionCode = area.Value, CountyCode = area.Value[..6], Year = year, BatchId = batchId, Seed = drawSeed, Share = share,
            Population = population.Count, OpenedAt = now, OpenedBy = db.Scope.Actor,
        };
        foreach (var number in ListSample.Draw(byNumber.Keys, share, drawSeed))
            check.Items.Add(new SampleCheckItem { SampleCheck = check, CaseId = byNumber[number].Id, RegionCode = byNumber[number].RegionCode });
        db.SampleChecks.Add(check);
        await db.SaveChangesAsync(ct);
        return check;
    }

    /// <summary>Records what the level found on one sampled case; a problem needs its description. Null: no such case in the reader's region.</summary>
    public static async Task<SampleCheckItem?> RecordAsync(JingzhunDbContext db, long itemId, SampleFinding finding, string? note, DateTime now,
        CancellationToken ct = default)
    {
        var item = await db.SampleCheckItems.Include(i => i.SampleCheck).FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item?.SampleCheck is not { } check) return null;
        Require(db, check.Level, check.RegionCode);
        if (!check.IsOpen) throw new WorkflowBlockedException("抽检已结束", "the sample check is closed");
        if (finding is not (SampleFinding.Confirmed or SampleFinding.Problem)) throw new WorkflowBlockedException("请选择核查结果", "choose the finding");
        var text = (note ?? "").Trim();
        if (finding == SampleFinding.Problem && text.Length == 0) throw new WorkflowBlockedException("发现问题须写明问题", "a problem needs its description");
        if (text.Length > 1000) throw new WorkflowBlockedException("说明不能超过1000字", "the note may not exceed 1000 characters");
        item.Finding = finding;
        item.Note = text;
        item.RecordedBy = db.Scope.Actor;
        item.RecordedAt = now;
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>Closes the check with the level's conclusion, once every sampled case has its finding. The list may then pass. Null: no such check in the reader's region.</summary>
    public static async Task<SampleCheck?> CloseAsync(JingzhunDbContext db, long checkId, string? conclusion, DateTime now, CancellationToken ct = default)
    {
        var check = await db.SampleChecks.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == checkId, ct);
        if (check is null) return null;
        Require(db, check.Level, check.RegionCode);
        if (!check.IsOpen) throw new WorkflowBlockedException("抽检已结束", "the sample check is closed already");
        if (string.IsNullOrWhiteSpace(conclusion)) throw new WorkflowBlockedException("结束抽检须写明结论", "closing a check needs a conclusion");
        if (conclusion.Trim().Length > 1000) throw new WorkflowBlockedException("结论不能超过1000字", "the conclusion may not exceed 1000 characters");
        if (check.Items.Count(i => i.Finding == SampleFinding.Pending) is var pending and > 0)
            throw new WorkflowBlockedException($"还有{pending}户未记录核查结果", $"{pending} sampled cases have no finding yet");
        check.ClosedAt = now;
        check.ClosedBy = db.Scope.Actor;
        check.Conclusion = conclusion.Trim();
        await db.SaveChangesAsync(ct);
        return check;
    }

    /// <summary>A check with its sampled cases, or null outside the reader's region.</summary>
    public static async Task<SampleCheckView?> FindAsync(JingzhunDbContext db, long checkId, CancellationToken ct = default)
    {
        var check = await db.SampleChecks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == checkId, ct);
        if (check is null) return null;
        var items = await db.SampleCheckItems.AsNoTracking().Where(i => i.SampleCheckId == checkId).OrderBy(i => i.Id)
            .Select(i => new SampleItemRow(i.Id, i.CaseId, i.Case!.Household!.Number, i.RegionCode, i.Case.Stage, i.Finding, i.Note, i.RecordedBy, i.RecordedAt))
            .ToListAsync(ct);
        return new SampleCheckView(check, items);
    }

    /// <summary>The checks of an area (and below) in a year, newest first.</summary>
    public static Task<List<SampleCheck>> ListAsync(JingzhunDbContext db, string areaCode, int year, CancellationToken ct = default)
    {
        var prefix = RegionCode.Parse(areaCode).Prefix;
        return db.SampleChecks.AsNoTracking().Where(c => c.RegionCode.StartsWith(prefix) && c.Year == year)
            .OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id).ToListAsync(ct);
    }

    /// <summary>
    /// The identification lists of an area's villages (township check) and townships (county check) in a year, with how
    /// far each has got at the level and its checks: the page's list, where 未抽检 shows lists that passed unchecked.
    /// </summary>
    public static async Task<List<SampleListRow>> ListsAsync(JingzhunDbContext db, string areaCode, int year, CancellationToken ct = default)
    {
        var prefix = RegionCode.Parse(areaCode).Prefix;
        var cases = await db.Cases.AsNoTracking().Where(c => c.Kind == CaseKind.Identification && c.Year == year && c.RegionCode.StartsWith(prefix))
            .Select(c => new
            {
                c.RegionCode, c.Stage,
                // A case has passed a level when a step moved it forward from the level's stage (a return does not count).
                PassedTownship = c.Steps.Any(s => s.From == Stage.TownshipReview && s.Action == StepAction.Advance),
                PassedCounty = c.Steps.Any(s => s.From == Stage.CountyApproval && s.Action == StepAction.Advance),
            }).ToListAsync(ct);
        var checks = await db.SampleChecks.AsNoTracking().Where(c => c.Year == year && c.RegionCode.StartsWith(prefix))
            .Select(c => new { c.RegionCode, c.Level, Open = c.ClosedAt == null }).ToListAsync(ct);
        var rows = new List<SampleListRow>();
        foreach (var level in Enum.GetValues<SampleCheckLevel>())
        {
            var stage = SampleCheckRoles.StageOf(level);
            string AreaOf(string village) => level == SampleCheckLevel.Township ? village : village[..9] + "000";
            foreach (var group in cases.GroupBy(c => AreaOf(c.RegionCode)))
            {
                var waiting = group.Count(c => c.Stage == stage);
                var passed = group.Count(c => c.Stage != stage && (level == SampleCheckLevel.Township ? c.PassedTownship : c.PassedCounty));
                if (waiting + passed == 0) continue;
                var own = checks.Where(c => c.RegionCode == group.Key && c.Level == level).ToList();
                rows.Add(new SampleListRow(group.Key, "", level, waiting, passed, own.Count(c => c.Open), own.Count(c => !c.Open)));
            }
        }
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await Regions.RegionsAsOf.NamesAsync(db, codes, null, ct);
        return [.. rows.Select(r => r with { Name = names.GetValueOrDefault(r.RegionCode, r.RegionCode) }).OrderBy(r => r.Level).ThenBy(r => r.RegionCode, StringComparer.Ordinal)];
    }

    /// <summary>Whether the reader may draw, record and close checks of this level in the area (what the page offers).</summary>
    public static bool MayCheck(JingzhunDbContext db, SampleCheckLevel level, string areaCode) =>
        (db.Scope.IsAdministrator && db.Scope.Role is null) || (db.Scope.Role == SampleCheckRoles.For(level) && db.Scope.MayChange(areaCode));

    /// <summary>The cases a check of the level would draw from: the area's open identification cases of the year at the level's stage.</summary>
    private static IQueryable<WorkflowCase> Population(JingzhunDbContext db, SampleCheckLevel level, RegionCode area, int year, long? batchId)
    {
        var stage = SampleCheckRoles.StageOf(level);
        var query = db.Cases.Where(c => c.Kind == CaseKind.Identification && c.ClosedAt == null && c.Year == year && c.Stage == stage && c.HouseholdId != null);
        query = level == SampleCheckLevel.Township ? query.Where(c => c.RegionCode == area.Value) : query.Where(c => c.RegionCode.StartsWith(area.Prefix));
        return batchId is { } id ? query.Where(c => c.BatchId == id) : query;
    }

    private static void Require(JingzhunDbContext db, SampleCheckLevel level, string areaCode)
    {
        if (!MayCheck(db, level, areaCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能办理{level.Chinese()}", $"{db.Scope.Actor}'s role may not act on a {level.English()}", areaCode);
    }
}

/// <summary>
/// The gate, kept once for every way a case moves: an identification case does not leave 乡镇审核 while a township check of
/// its village's list is open, nor 县级审定 while a county check of its township's list is open. Returns and rejections
/// are not held: a check may well send a case back.
/// </summary>
internal sealed class SampleCheckGate : CaseKindHandler
{
    public override IReadOnlyList<CaseKind> Kinds { get; } = [CaseKind.Identification];

    public override async Task CheckAdvanceAsync(JingzhunDbContext db, WorkflowCase workflowCase, Stage to, CancellationToken ct)
    {
        SampleCheckLevel level;
        string area;
        if (workflowCase.Stage == Stage.TownshipReview) (level, area) = (SampleCheckLevel.Township, workflowCase.RegionCode);
        else if (workflowCase.Stage == Stage.CountyApproval) (level, area) = (SampleCheckLevel.County, workflowCase.RegionCode[..9] + "000");
        else return;
        // Whoever may move the case at this stage reads the area's checks (the township its villages, the county its townships).
        var open = await db.SampleChecks.AsNoTracking()
            .Where(c => c.RegionCode == area && c.Year == workflowCase.Year && c.Level == level && c.ClosedAt == null
                        && (c.BatchId == null || c.BatchId == workflowCase.BatchId))
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (open is { } id)
            throw new WorkflowBlockedException($"{level.Chinese()}（编号{id}）尚未结束，名单不能通过本级", $"the {level.English()} (no. {id}) is still open; the list cannot pass this level");
    }
}
