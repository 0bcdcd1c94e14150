using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A disclosure in a staff list: what it is, where, its period, and how many objections it has and how many are open.</summary>
public sealed record DisclosureRow(long Id, DisclosureKind Kind, string Title, string RegionCode, string RegionName, long? ProjectId, long? AllocationId,
    int Year, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, bool IsOpen, int Objections, int OpenObjections);

/// <summary>A staff list of an area's disclosures, those with open objections first.</summary>
public sealed record DisclosureList(string Code, string Name, IReadOnlyList<DisclosureRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>An objection as staff read it: the objector's words and contact included.</summary>
public sealed record StaffObjection(long Id, DateTime SubmittedAt, string SubmittedBy, string Contact, string Text, ObjectionStatus Status,
    string Outcome, string? ResolvedBy, DateTime? ResolvedAt);

/// <summary>
/// A disclosure as staff read it: the published content, the objections in full, the project's stage, and what the reader may
/// do (<see cref="MayHandle"/>: record and resolve objections; <see cref="MayRepost"/>: post the corrected project again).
/// </summary>
public sealed record DisclosureDetail(long Id, DisclosureKind Kind, string Title, string RegionCode, string RegionName, long? ProjectId,
    string? ProjectNumber, ProjectStage? ProjectStage, long? AllocationId, int Year, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt,
    string PostedBy, bool IsOpen, int DaysLeft, PublishedContent? Content, IReadOnlyList<StaffObjection> Objections, long? RepostedAs,
    bool MayHandle, bool MayRepost);

/// <summary>
/// Objections to fund and project disclosures, on the staff side (公告公示异议处理): the list of an area's disclosures with open
/// objections first, an objection recorded on someone's behalf, its resolution, and — when an objection to a project's
/// disclosure was upheld — posting the corrected project again for a fresh period. Each step is taken by the roles of
/// <see cref="FundRoles.HandleObjections"/> inside the disclosure's region (a village's own clerk and work team for a village
/// project, the township and county officers above it), checked by <see cref="FundSteps.Require"/>; the save rules scope
/// and audit every row, and keep the objector's words and contact out of the audit log.
/// </summary>
public static class DisclosureObjections
{
    public const int MaxText = 2000;
    public const int MaxContact = 100;
    public const int MaxOutcome = 2000;

    private static readonly Bilingual ObjectStep = new("登记公示异议", "record an objection to a disclosure");
    private static readonly Bilingual ResolveStep = new("处理公示异议", "resolve an objection to a disclosure");
    private static readonly Bilingual RepostStep = new("重新公示", "post a disclosure again");

    /// <summary>Whether the reader handles objections to disclosures of this region (the same check the steps make).</summary>
    public static bool MayHandle(JingzhunDbContext db, string regionCode) =>
        (db.Scope.IsAdministrator && db.Scope.Role is null)
        || (FundRoles.May(db.Scope.Role, FundRoles.HandleObjections) && db.Scope.MayChange(regionCode) && !db.Scope.WritesAssignedOnly);

    /// <summary>Whether the reader may see the area's disclosures: inside its region; assessors see none.</summary>
    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && db.Scope.CanRead && !db.Scope.ReadsAssignedOnly
        && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>The disclosures of an area, those with open objections first, then the newest; null when the reader may not see the area.</summary>
    public static async Task<DisclosureList?> ListAsync(JingzhunDbContext db, string regionCode, int page, DateTime now, int pageSize = 50,
        CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var prefix = code.Prefix;
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var name = await db.Regions.AsNoTracking().Where(r => r.Code == code.Value && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct)
                   ?? (code.Level == RegionLevel.Nation ? "全国" : code.Value);
        var query = db.Disclosures.AsNoTracking().Where(d => d.RegionCode.StartsWith(prefix));
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(d => d.Objections.Any(o => o.Status == ObjectionStatus.Open))
            .ThenByDescending(d => d.PostedAt).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new
            {
                d.Id, d.Kind, d.Title, d.RegionCode, d.ProjectId, d.AllocationId, d.Year, d.PostedAt, d.EndsAt, d.ClosedAt,
                Objections = d.Objections.Count, Open = d.Objections.Count(o => o.Status == ObjectionStatus.Open),
            })
            .ToListAsync(ct);
        var names = await NamesAsync(db, rows.Select(r => r.RegionCode), ct);
        return new DisclosureList(code.Value, name, rows.Select(r => new DisclosureRow(r.Id, r.Kind, r.Title, r.RegionCode,
            names.GetValueOrDefault(r.RegionCode, r.RegionCode), r.ProjectId, r.AllocationId, r.Year, r.PostedAt, r.EndsAt, r.ClosedAt,
            r.ClosedAt is null && now <= r.EndsAt, r.Objections, r.Open)).ToList(), total, page, pageSize);
    }

    /// <summary>One disclosure with its objections in full; null when it is not in the reader's scope.</summary>
    public static async Task<DisclosureDetail?> LoadAsync(JingzhunDbContext db, long disclosureId, DateTime now, CancellationToken ct = default)
    {
        if (db.Scope.ReadsAssignedOnly) return null;
        var d = await db.Disclosures.AsNoTracking().Include(x => x.Objections).FirstOrDefaultAsync(x => x.Id == disclosureId, ct);
        if (d is null) return null;
        var project = d.ProjectId is { } pid
            ? await db.Projects.AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.Number, p.Stage }).FirstOrDefaultAsync(ct)
            : null;
        long? later = d.ProjectId is { } projectId
            ? await db.Disclosures.AsNoTracking().Where(x => x.ProjectId == projectId && x.Kind == d.Kind && x.Id > d.Id)
                .OrderBy(x => x.Id).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct)
            : null;
        var names = await NamesAsync(db, [d.RegionCode], ct);
        var mayHandle = MayHandle(db, d.RegionCode);
        var mayRepost = mayHandle && later is null && project is not null && RepostRefusal(d, project.Stage) is null;
        return new DisclosureDetail(d.Id, d.Kind, d.Title, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode), d.ProjectId,
            project?.Number, project?.Stage, d.AllocationId, d.Year, d.PostedAt, d.EndsAt, d.ClosedAt, d.PostedBy, d.IsOpen(now), DaysLeft(d, now),
            PublishedContent.Read(d.Content),
            d.Objections.OrderBy(o => o.Status == ObjectionStatus.Open ? 0 : 1).ThenBy(o => o.SubmittedAt).ThenBy(o => o.Id)
                .Select(o => new StaffObjection(o.Id, o.SubmittedAt, o.SubmittedBy, o.Contact, o.Text, o.Status, o.Outcome, o.ResolvedBy, o.ResolvedAt)).ToList(),
            later, mayHandle, mayRepost);
    }

    /// <summary>Records an objection received by staff (by letter, phone or in person) on the objector's behalf; null when the disclosure is not in scope.</summary>
    public static async Task<DisclosureObjection?> ObjectAsync(JingzhunDbContext db, long disclosureId, string? text, string? contact, DateTime now,
        CancellationToken ct = default)
    {
        var disclosure = await db.Disclosures.FirstOrDefaultAsync(d => d.Id == disclosureId, ct);
        if (disclosure is null) return null;
        FundSteps.Require(db, FundRoles.HandleObjections, disclosure.RegionCode, ObjectStep);
        return await RecordAsync(db, disclosure, text, contact, db.Scope.Actor, now, ct);
    }

    /// <summary>Upholds or dismisses an open objection, with the outcome in words; null when the disclosure or objection is not in scope.</summary>
    public static async Task<DisclosureObjection?> ResolveAsync(JingzhunDbContext db, long disclosureId, long objectionId, bool? upheld, string? outcome,
        DateTime now, CancellationToken ct = default)
    {
        var disclosure = await db.Disclosures.FirstOrDefaultAsync(d => d.Id == disclosureId, ct);
        var objection = disclosure is null ? null : await db.DisclosureObjections.FirstOrDefaultAsync(o => o.Id == objectionId && o.DisclosureId == disclosureId, ct);
        if (disclosure is null || objection is null) return null;
        FundSteps.Require(db, FundRoles.HandleObjections, disclosure.RegionCode, ResolveStep);
        if (upheld is null) throw FundSteps.Invalid("请选择异议成立或不成立", "say whether the objection is upheld");
        var text = (outcome ?? "").Trim();
        if (text.Length == 0) throw FundSteps.Invalid("须写明处理结果", "the outcome needs a text");
        CheckText("Outcome", text, MaxOutcome);
        if (objection.Status != ObjectionStatus.Open) throw new WorkflowBlockedException("该异议已处理", "the objection has been resolved already");
        objection.Status = upheld.Value ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        objection.Outcome = text;
        objection.ResolvedBy = db.Scope.Actor;
        objection.ResolvedAt = now;
        await db.SaveChangesAsync(ct);
        return objection;
    }

    /// <summary>
    /// Posts a project's disclosure again after an upheld objection: the project as it is now (corrected), for a fresh period.
    /// The earlier posting closes; the project stays held at its stage until the new one has run with no open objection
    /// (<see cref="Disclosures.RequireClearAsync"/> reads the latest posting of the kind). Null when the disclosure is not in scope.
    /// </summary>
    public static async Task<FundDisclosure?> RepostAsync(JingzhunDbContext db, long disclosureId, DateTime now, CancellationToken ct = default)
    {
        var disclosure = await db.Disclosures.Include(d => d.Objections).FirstOrDefaultAsync(d => d.Id == disclosureId, ct);
        if (disclosure is null) return null;
        FundSteps.Require(db, FundRoles.HandleObjections, disclosure.RegionCode, RepostStep);
        var project = disclosure.ProjectId is { } pid ? await db.Projects.FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (project is null) throw new WorkflowBlockedException("只有项目公示可以重新公示", "only a project's disclosure is posted again");
        if (await db.Disclosures.AnyAsync(d => d.ProjectId == project.Id && d.Kind == disclosure.Kind && d.Id > disclosure.Id, ct))
            throw new WorkflowBlockedException("该项目已重新公示，请在最新的公示上处理", "the project has been posted again since; work on the latest posting");
        if (RepostRefusal(disclosure, project.Stage) is { } refusal) throw new WorkflowBlockedException(refusal.Chinese, refusal.English);
        disclosure.ClosedAt ??= now;
        var posted = await Disclosures.PostProjectAsync(db, project, disclosure.Kind, now, ct);
        await db.SaveChangesAsync(ct);
        return posted;
    }

    /// <summary>Why this disclosure cannot be posted again now, or null: it needs an upheld objection, none open, and the project still at its stage.</summary>
    private static Bilingual? RepostRefusal(FundDisclosure d, ProjectStage stage)
    {
        if (d.Kind == DisclosureKind.Allocation) return new("只有项目公示可以重新公示", "only a project's disclosure is posted again");
        if (d.Objections.Any(o => o.Status == ObjectionStatus.Open)) return new("还有未处理的异议，处理后才能重新公示", "an objection is still open; resolve it first");
        if (!d.Objections.Any(o => o.Status == ObjectionStatus.Upheld)) return new("没有成立的异议，无须重新公示", "no objection was upheld; nothing to post again");
        if (ProjectRules.DisclosureOn(stage) != d.Kind) return new("项目已不在该公示所属的阶段", "the project is no longer at the stage of this disclosure");
        return null;
    }

    /// <summary>The one way an objection is written (staff or public): text required, lengths and characters checked, refused (409) once the disclosure ended.</summary>
    internal static async Task<DisclosureObjection> RecordAsync(JingzhunDbContext db, FundDisclosure disclosure, string? text, string? contact,
        string submittedBy, DateTime now, CancellationToken ct)
    {
        var words = (text ?? "").Trim();
        var who = (contact ?? "").Trim();
        if (words.Length == 0) throw FundSteps.Invalid("请填写异议内容", "the objection needs a text");
        CheckText("Text", words, MaxText);
        CheckText("Contact", who, MaxContact);
        if (!disclosure.IsOpen(now)) throw new WorkflowBlockedException("公示已结束，不再受理异议", "the disclosure has ended; objections are no longer taken");
        var objection = new DisclosureObjection
        {
            DisclosureId = disclosure.Id, RegionCode = disclosure.RegionCode, SubmittedAt = now, SubmittedBy = submittedBy, Text = words, Contact = who,
        };
        db.DisclosureObjections.Add(objection);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    private static void CheckText(string field, string value, int max)
    {
        if (TextRules.Check(field, value, max, lines: field != "Contact") is { } error)
            throw FundSteps.Invalid($"{FieldName(field).Chinese}：{error.Chinese}", $"{FieldName(field).English}: {error.English}");
    }

    private static Bilingual FieldName(string field) => field switch
    {
        "Text" => new("异议内容", "Objection"),
        "Contact" => new("联系方式", "Contact"),
        _ => new("处理结果", "Outcome"),
    };

    /// <summary>Whole days left of a posting (0 once it ended or closed).</summary>
    public static int DaysLeft(FundDisclosure d, DateTime now) =>
        d.IsOpen(now) ? Math.Max(0, (int)Math.Ceiling((d.EndsAt - now).TotalDays)) : 0;

    internal static async Task<Dictionary<string, string>> NamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        if (wanted.Count == 0) return [];
        var rows = await db.Regions.AsNoTracking().Where(r => wanted.Contains(r.Code) && r.ValidTo == null).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
    }
}
