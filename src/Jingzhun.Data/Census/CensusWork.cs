using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Census;

/// <summary>
/// The census steps (脱贫攻坚普查, 003.md §3.7), each one governed: the role table (<see cref="CensusRoles"/>), the actor's
/// region, a reason where a level sends a record back, and the audit lines the save hook writes. The page, the API and
/// the demo take the same steps through these functions; there is no other way to change a census record.
/// A record climbs 清查摸底 → 系统录入 → 乡镇 → 县级 → 市级 → 省级审核验收; a send-back returns it to the village, which
/// corrects and enters it again, and it climbs every level again.
/// </summary>
public static class CensusWork
{
    private static readonly Bilingual OpenStep = new("组织脱贫攻坚普查", "open a census round");
    private static readonly Bilingual SurveyStep = new("清查摸底", "survey a household");
    private static readonly Bilingual EnterStep = new("系统录入", "enter a census record");

    private static bool IsSystem(JingzhunDbContext db) => db.Scope.IsAdministrator && db.Scope.Role is null;

    /// <summary>Whether the actor may take a step with these roles on a record of this village (or round of this county).</summary>
    public static bool May(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode)
    {
        if (IsSystem(db)) return true;
        if (db.Scope.Role is not { } role || !roles.Contains(role)) return false;
        return db.Scope.MayChange(regionCode) && !db.Scope.WritesAssignedOnly;
    }

    private static void Require(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, Bilingual what)
    {
        if (!May(db, roles, regionCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", regionCode);
    }

    private static WorkflowBlockedException Blocked(string chinese, string english) => new(chinese, english);

    private static string Text(string? text, int max, string chinese, string english)
    {
        var t = (text ?? "").Trim();
        if (t.Length > max) throw Blocked($"{chinese}最多{max}字", $"{english} is at most {max} characters");
        return t;
    }

    /// <summary>
    /// Opens a round over a county's registered households (all ever registered: poor, exited, returned, monitored; not
    /// those found not poor nor removed in review). The county office or its province opens it; one round per county and year.
    /// </summary>
    public static async Task<CensusRound> OpenAsync(JingzhunDbContext db, int year, string countyCode, string? name, DateTime now, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(countyCode, out var code, out var error)) throw Blocked($"区划：{error}", $"region: {error}");
        if (code.Level != RegionLevel.County) throw Blocked("普查按县组织，请选择一个县", "a census round covers one county: choose a county");
        Require(db, CensusRoles.Open, code.Value, OpenStep);
        if (!await db.Regions.AsNoTracking().AnyAsync(r => r.Code == code.Value && r.ValidTo == null, ct))
            throw Blocked($"区划{code.Value}不存在", $"there is no region {code.Value}");
        if (year < 2015 || year > now.Year) throw Blocked("普查年度不合理", "the census year is out of range");
        var county = code.Prefix;
        if (await db.CensusRounds.AnyAsync(r => r.CountyCode == county && r.Year == year, ct))
            throw Blocked($"该县{year}年已有普查", $"the county already has a census round for {year}");
        var households = await db.Households.AsNoTracking()
            .Where(h => h.VillageCode.StartsWith(county) && h.Status != Domain.Registry.HouseholdStatus.NotPoor && h.Status != Domain.Registry.HouseholdStatus.Removed)
            .Select(h => new { h.Id, h.VillageCode, h.Status }).ToListAsync(ct);
        if (households.Count == 0) throw Blocked("该县没有建档立卡户，无需普查", "the county has no registered households to census");
        var round = new CensusRound
        {
            Year = year, CountyCode = county, Name = Text(name, 200, "名称", "the name") is { Length: > 0 } n ? n : $"{year}年脱贫攻坚普查",
            Households = households.Count, OpenedBy = db.Scope.Actor, OpenedAt = now,
        };
        db.CensusRounds.Add(round);
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await AddRecordsAsync(db, round, households.Select(h => new CensusRecord
        {
            RoundId = round.Id, HouseholdId = h.Id, Year = year, VillageCode = h.VillageCode, CountyCode = county, StatusAtOpening = h.Status,
        }).ToList(), ct);
        if (own is not null) await own.CommitAsync(ct);
        return round;
    }

    /// <summary>
    /// The round's records, one per household read through the actor's scope at the opening, straight into their table
    /// with one audit line for them all, as a year-end's snapshots are: they are the registry's state at that moment, made
    /// by the step just taken, and a tracked save with a line per record took a county of 100,000 households minutes.
    /// </summary>
    private static async Task AddRecordsAsync(JingzhunDbContext db, CensusRound round, List<CensusRecord> records, CancellationToken ct)
    {
        await using (var session = await BulkSession.OverAsync(db, ct))
            session.Insert(records);
        db.AuditEntries.Add(new Domain.Audit.AuditEntry
        {
            At = db.Clock.GetUtcNow().UtcDateTime, Actor = db.Scope.Actor, Action = Domain.Audit.AuditAction.Create, EntityType = nameof(CensusRecord),
            EntityId = $"普查记录 {round.Year}", RegionCode = round.CountyCode.PadRight(12, '0'),
            Reason = $"{round.Name}：登记{records.Count}户 / {records.Count} households registered for the census round",
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The village surveys the household (清查摸底).</summary>
    public static Task<CensusRecord?> SurveyAsync(JingzhunDbContext db, long recordId, DateTime now, CancellationToken ct = default) =>
        MoveAsync(db, recordId, CensusRoles.Survey, SurveyStep, r => r.State == CensusState.Pending, r =>
        {
            r.State = CensusState.Surveyed;
            r.SurveyedBy = db.Scope.Actor;
            r.SurveyedAt = now;
        }, ct);

    /// <summary>
    /// The survey is entered in the census system (系统录入); after a send-back this is the correction, and the note must
    /// say what was corrected.
    /// </summary>
    public static Task<CensusRecord?> EnterAsync(JingzhunDbContext db, long recordId, string? note, DateTime now, CancellationToken ct = default) =>
        MoveAsync(db, recordId, CensusRoles.Enter, EnterStep, r => r.State is CensusState.Surveyed or CensusState.SentBack, r =>
        {
            var text = Text(note, 500, "说明", "the note");
            if (r.State == CensusState.SentBack && text.Length == 0) throw Blocked("请写明更正的内容", "say what was corrected");
            r.State = CensusState.Entered;
            r.EnteredBy = db.Scope.Actor;
            r.EnteredAt = now;
            r.Note = text;
        }, ct);

    /// <summary>The level accepts one record that the level below passed up (审核验收).</summary>
    public static Task<CensusRecord?> AcceptAsync(JingzhunDbContext db, long recordId, CensusLevel level, DateTime now, CancellationToken ct = default) =>
        MoveAsync(db, recordId, CensusRoles.Review(level), level.Text(), r => r.State == CensusRoles.WaitsFor(level), r => Accept(db, r, level, now), ct);

    /// <summary>The level sends a record back to the village for correction, with the reason; the record must climb again.</summary>
    public static Task<CensusRecord?> SendBackAsync(JingzhunDbContext db, long recordId, CensusLevel level, string? reason, DateTime now, CancellationToken ct = default) =>
        MoveAsync(db, recordId, CensusRoles.Review(level), level.Text(), r => r.State == CensusRoles.WaitsFor(level), r =>
        {
            var why = Text(reason, 500, "退回原因", "the reason");
            if (why.Length == 0) throw Blocked("请填写退回原因", "give the reason for sending the record back");
            r.State = CensusState.SentBack;
            r.SentBackLevel = level;
            r.SentBackBy = db.Scope.Actor;
            r.SentBackAt = now;
            r.SentBackReason = why;
            r.SendBacks++;
            // The acceptances of this climb no longer hold: the corrected record is reviewed by every level again.
            r.TownshipBy = r.CountyBy = r.CityBy = r.ProvinceBy = "";
            r.TownshipAt = r.CountyAt = r.CityAt = r.ProvinceAt = null;
        }, ct);

    /// <summary>
    /// The level accepts, in one save, every record of an area (a village or a township, or its whole region) that waits
    /// for it in the round: all or nothing — if any one of them may not be accepted, none is. Returns how many.
    /// </summary>
    public static async Task<int> AcceptAllAsync(JingzhunDbContext db, long roundId, string areaCode, CensusLevel level, DateTime now, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(areaCode, out var area, out var error)) throw Blocked($"区划：{error}", $"region: {error}");
        var round = await db.CensusRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw Blocked("普查不存在", "there is no such census round");
        Require(db, CensusRoles.Review(level), area.Level >= RegionLevel.County ? area.Value : round.CountyCode.PadRight(12, '0'), level.Text());
        var prefix = area.Level >= RegionLevel.County ? area.Prefix : round.CountyCode;
        var waiting = CensusRoles.WaitsFor(level);
        var records = await db.CensusRecords.Where(r => r.RoundId == roundId && r.VillageCode.StartsWith(prefix) && r.State == waiting).ToListAsync(ct);
        if (records.Count == 0) throw Blocked($"该地区没有待{level.Chinese()}的记录", $"no record of the area waits for {level.English().ToLowerInvariant()}");
        foreach (var r in records)
        {
            Require(db, CensusRoles.Review(level), r.VillageCode, level.Text());
            Accept(db, r, level, now);
        }
        await db.SaveChangesAsync(ct);
        return records.Count;
    }

    private static void Accept(JingzhunDbContext db, CensusRecord r, CensusLevel level, DateTime now)
    {
        r.State = CensusRoles.Accepted(level);
        var by = db.Scope.Actor;
        switch (level)
        {
            case CensusLevel.Township: r.TownshipBy = by; r.TownshipAt = now; break;
            case CensusLevel.County: r.CountyBy = by; r.CountyAt = now; break;
            case CensusLevel.City: r.CityBy = by; r.CityAt = now; break;
            default: r.ProvinceBy = by; r.ProvinceAt = now; break;
        }
    }

    private static async Task<CensusRecord?> MoveAsync(JingzhunDbContext db, long recordId, IReadOnlyCollection<Role> roles, Bilingual step,
        Func<CensusRecord, bool> allowed, Action<CensusRecord> move, CancellationToken ct)
    {
        var record = await db.CensusRecords.FirstOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null) return null;
        Require(db, roles, record.VillageCode, step);
        if (!allowed(record))
            throw Blocked($"该记录当前为“{record.State.Chinese()}”，不能{step.Chinese}",
                $"the record is {record.State.English().ToLowerInvariant()}; one may not {step.English.ToLowerInvariant()} in this state");
        move(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>The step the actor may take on this record now, if any (the pages show the buttons exactly then).</summary>
    public static CensusAction? NextFor(JingzhunDbContext db, CensusRecord record) => record.State switch
    {
        CensusState.Pending when May(db, CensusRoles.Survey, record.VillageCode) => CensusAction.Survey,
        CensusState.Surveyed or CensusState.SentBack when May(db, CensusRoles.Enter, record.VillageCode) => CensusAction.Enter,
        _ when CensusRoles.Reviewer(record.State) is { } level && May(db, CensusRoles.Review(level), record.VillageCode) => CensusAction.Review,
        _ => null,
    };
}

/// <summary>What an actor can do with a record now.</summary>
public enum CensusAction
{
    [Label("清查摸底", "Survey")] Survey = 1,
    [Label("系统录入", "Enter")] Enter = 2,
    [Label("审核验收", "Review")] Review = 3,
}
