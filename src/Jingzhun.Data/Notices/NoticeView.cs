using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;

namespace Jingzhun.Data.Notices;

/// <summary>What a notice tells about the household: only what a posted notice may say, personal data masked.</summary>
public sealed record NoticeHousehold(string Number, string HeadName, string HeadResidentId, string VillagerGroup, int People,
    HouseholdAttribute Attribute, PovertyCause PrimaryCause);

/// <summary>An income line of the case's decision (exit: per-capita income against the poverty line).</summary>
/// <remarks>The notice's answer carries the two halves as <c>chinese</c> and <c>english</c>.</remarks>
public sealed record NoticeIncome(string Chinese, string English, bool Passed)
{
    public NoticeIncome(Bilingual text, bool passed) : this(text.Chinese, text.English, passed) { }

    [System.Text.Json.Serialization.JsonIgnore] public Bilingual Text => new(Chinese, English);
}

/// <summary>An objection as the notice shows it. Text and contact are for staff only; the public sees number, dates and outcome.</summary>
public sealed record NoticeObjection(long Id, DateTime SubmittedAt, string SubmittedBy, string Contact, string Text,
    ObjectionStatus Status, string Outcome, DateTime? ResolvedAt);

/// <summary>
/// The content of a notice document (公示): a masked projection built from the notice, its case and
/// household, never the entities. Staff pages and the public page show the same content.
/// </summary>
public sealed record NoticeDocument(long Id, long CaseId, CaseKind Kind, Stage Stage, string Title, int Year, string RegionCode,
    string RegionPath, RegionLevel IssuingLevel, string IssuingCode, string IssuingName, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt,
    NoticeHousehold? Household, IReadOnlyList<NoticeIncome> Incomes, IReadOnlyList<NoticeObjection> Objections)
{
    /// <summary>Objections are taken while the notice is open and its period has not run.</summary>
    public bool IsOpen(DateTime now) => ClosedAt is null && now <= EndsAt;

    /// <summary>Whole days left in the posting period (rounded up), 0 when it has run or closed.</summary>
    public int DaysLeft(DateTime now) => IsOpen(now) ? (int)Math.Ceiling((EndsAt - now).TotalDays) : 0;

    public int PostedDays => (int)Math.Round((EndsAt - PostedAt).TotalDays);

    public bool HasOpenObjection => Objections.Any(o => o.Status == ObjectionStatus.Open);
}

/// <summary>A line of a notice list.</summary>
public sealed record NoticeRow(long Id, CaseKind Kind, Stage Stage, string Title, string RegionCode, string RegionName,
    DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, int Objections)
{
    public bool IsOpen(DateTime now) => ClosedAt is null && now <= EndsAt;
}

/// <summary>Which notices a list asks for.</summary>
public sealed record NoticeFilter(string? Region = null, Stage? Stage = null, bool? Open = null, int Page = 1, int PageSize = 20);

public sealed record NoticePage(IReadOnlyList<NoticeRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads notices through whatever context it is given: the scoped one for staff, the public one for <see cref="PublicNotices"/>.</summary>
public static class NoticeView
{
    public static async Task<NoticePage> ListAsync(JingzhunDbContext db, NoticeFilter filter, DateTime now, CancellationToken ct = default)
    {
        IQueryable<Notice> query = db.Notices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Region)) query = query.Where(n => n.RegionCode.StartsWith(RegionPrefix(filter.Region.Trim())));
        if (filter.Stage is { } stage) query = query.Where(n => n.Stage == stage);
        if (filter.Open == true) query = query.Where(n => n.ClosedAt == null && n.EndsAt >= now);
        if (filter.Open == false) query = query.Where(n => n.ClosedAt != null || n.EndsAt < now);
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        var page = Math.Max(1, filter.Page);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(n => n.RegionCode).ThenByDescending(n => n.PostedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new { n.Id, n.CaseId, n.Stage, n.Title, n.RegionCode, n.PostedAt, n.EndsAt, n.ClosedAt, Objections = n.Objections.Count })
            .ToListAsync(ct);
        var caseIds = rows.Select(r => r.CaseId).Distinct().ToList();
        var kinds = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Kind, ct);
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ValidTo == null).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return new NoticePage(rows.Select(r => new NoticeRow(r.Id, kinds.GetValueOrDefault(r.CaseId), r.Stage, r.Title, r.RegionCode,
            names.GetValueOrDefault(r.RegionCode, r.RegionCode), r.PostedAt, r.EndsAt, r.ClosedAt, r.Objections)).ToList(), total, page, pageSize);
    }

    /// <summary>The notice document, or null when the notice is not visible through this context.</summary>
    public static async Task<NoticeDocument?> LoadAsync(JingzhunDbContext db, long noticeId, CancellationToken ct = default)
    {
        var notice = await db.Notices.AsNoTracking().Include(n => n.Objections).FirstOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null) return null;
        var workflowCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == notice.CaseId, ct);
        if (workflowCase is null) return null;
        var household = workflowCase.HouseholdId is { } householdId
            ? await db.Households.AsNoTracking().Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == householdId, ct)
            : null;
        var issuing = IssuingRegion(notice.Stage, notice.RegionCode);
        var issuingName = await db.Regions.AsNoTracking().Where(r => r.Code == issuing.Value && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct);
        return new NoticeDocument(notice.Id, workflowCase.Id, workflowCase.Kind, notice.Stage, notice.Title, workflowCase.Year, notice.RegionCode,
            await RegistrySearch.RegionPathAsync(db, notice.RegionCode, ct), issuing.Level, issuing.Value, issuingName ?? issuing.Value,
            notice.PostedAt, notice.EndsAt, notice.ClosedAt, household is null ? null : Masked(household, workflowCase.Kind),
            await IncomesAsync(db, workflowCase, ct),
            notice.Objections.OrderBy(o => o.SubmittedAt).ThenBy(o => o.Id)
                .Select(o => new NoticeObjection(o.Id, o.SubmittedAt, o.SubmittedBy, o.Contact, o.Text, o.Status, o.Outcome, o.ResolvedAt)).ToList());
    }

    /// <summary>The level that posts a notice at this stage: the village, the township, or (county exit) the province.</summary>
    public static RegionCode IssuingRegion(Stage stage, string regionCode)
    {
        var code = RegionCode.Parse(regionCode);
        var level = stage switch
        {
            Stage.FirstNotice or Stage.VillageNotice => RegionLevel.Village,
            Stage.SecondNotice or Stage.TownshipNotice or Stage.TownshipVillageNotice => RegionLevel.Township,
            Stage.PublicNotice => RegionLevel.Province,
            _ => code.Level,
        };
        while (code.Level > level && code.Parent is { } parent) code = parent;
        return code;
    }

    /// <summary>
    /// Only what a notice may show: number, head's name, group, size, attribute, cause; the head's ID masked. A monitoring
    /// or risk-elimination notice shows no ID at all and no cause (illness and disability are health details, 003.md §3.8).
    /// </summary>
    private static NoticeHousehold Masked(Household h, CaseKind kind) => WorkflowRules.IsMonitoring(kind)
        ? new(h.Number, h.Head?.Name ?? "—", "", h.VillagerGroup, h.PresentMembers.Count(), h.Attribute, PovertyCause.None)
        : new(h.Number, h.Head?.Name ?? "—", h.Head is { } head ? Masking.ResidentId(head.ResidentId) : "—", h.VillagerGroup,
            h.PresentMembers.Count(), h.Attribute, h.PrimaryCause);

    /// <summary>The income criteria of the decision the case was opened on (per-capita income against the line).</summary>
    private static async Task<IReadOnlyList<NoticeIncome>> IncomesAsync(JingzhunDbContext db, WorkflowCase workflowCase, CancellationToken ct)
    {
        if (workflowCase.DecisionId is not { } decisionId) return [];
        var stored = await db.Decisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == decisionId, ct);
        var decision = stored is null ? null : RuleBook.ReadTrace(stored);
        return decision?.Criteria.Where(c => c.Code.StartsWith("income", StringComparison.Ordinal))
            .Select(c => new NoticeIncome(c.Text, c.Passed)).ToList() ?? [];
    }

    private static string RegionPrefix(string code) =>
        Domain.Regions.RegionCode.TryParse(code, out var parsed, out _) ? parsed.Prefix : code;
}
