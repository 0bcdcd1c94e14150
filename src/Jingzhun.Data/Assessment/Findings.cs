using System.Security.Cryptography;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assessment;

/// <summary>What a supervising office writes when it raises a finding (问题清单).</summary>
public sealed record FindingInput(string? RegionCode, FindingSource Source, FindingSeverity Severity, string? Title, string? Description,
    string? ResponsibleUnit, DateOnly? FoundOn = null, DateOnly? Deadline = null, IReadOnlyList<long>? HouseholdIds = null,
    IReadOnlyList<long>? ProjectIds = null, long? AssessmentProjectId = null);

/// <summary>Which findings of an area a list shows; null takes all.</summary>
public sealed record FindingFilter(FindingState? State = null, FindingSource? Source = null, FindingSeverity? Severity = null, bool OverdueOnly = false,
    int? Year = null, int Page = 1, int PageSize = Findings.DefaultPageSize);

/// <summary>One finding in a list.</summary>
public sealed record FindingRow(long Id, string Number, string RegionCode, string RegionName, string RaisedByCode, FindingSource Source,
    FindingSeverity Severity, string Title, string ResponsibleUnit, DateOnly FoundOn, DateOnly Deadline, FindingState State, bool Overdue, int DaysOverdue);

public sealed record FindingPage(string Code, string Name, DateOnly Today, IReadOnlyList<FindingRow> Rows, int Total, int Page, int PageSize);

/// <summary>A household or project a finding concerns, as shown.</summary>
public sealed record SubjectRow(long Id, string RegionCode, long? HouseholdId, string? HouseholdNumber, long? ProjectId, string? ProjectNumber, string? ProjectName);

/// <summary>A rectification report without its evidence bytes.</summary>
public sealed record RectificationRow(long Id, string Measures, DateOnly ReportedOn, string ReportedBy, DateTime ReportedAt, string? EvidenceName,
    string? EvidenceType, long EvidenceSize, string? EvidenceSha256, bool? Accepted, string? Answer, string? AnsweredBy, DateTime? AnsweredAt);

/// <summary>What the reader may do with a finding (the pages show only these buttons; the services check again).</summary>
public sealed record FindingAbilities(bool Report, bool Answer, bool Withdraw);

public sealed record FindingView(Finding Finding, string RegionName, string RaisedByName, DateOnly Today, bool Overdue, IReadOnlyList<SubjectRow> Subjects,
    IReadOnlyList<RectificationRow> Rectifications, FindingAbilities May);

/// <summary>Counts of one area's findings. Overdue ones are also counted as open or reported.</summary>
public sealed record FindingCounts(int Open, int Reported, int SignedOff, int Withdrawn, int Overdue)
{
    public static FindingCounts Zero { get; } = new(0, 0, 0, 0, 0);
    public int Total => Open + Reported + SignedOff + Withdrawn;
    public static FindingCounts operator +(FindingCounts a, FindingCounts b) =>
        new(a.Open + b.Open, a.Reported + b.Reported, a.SignedOff + b.SignedOff, a.Withdrawn + b.Withdrawn, a.Overdue + b.Overdue);
}

/// <summary>A line of the report by level. <see cref="OwnLevel"/>: findings about the area itself (本级), not about a child.</summary>
public sealed record FindingLevelLine(string Code, string Name, RegionLevel Level, FindingCounts Counts, bool OwnLevel = false);

/// <summary>An area's counts and its children's, which add up to it.</summary>
public sealed record FindingLevelReport(FindingLevelLine Area, DateOnly Today, IReadOnlyList<FindingLevelLine> Children);

/// <summary>
/// Supervision and rectification (督查巡查, 002:2431, 002:2673; 限期整改, 002:2620): a supervising office raises a finding
/// about an area inside its region with a deadline; the area's own offices report its rectification with evidence; the
/// raising level (or one above it) signs it off or sends it back; the raising level may withdraw it with a reason.
/// </summary>
/// <remarks>
/// Every step checks the role table (<see cref="AssessmentRoles"/>) first, then the region, then loads and saves once; the
/// save rules audit every change and refuse a rectification edited after it was written. A finding outside the reader's
/// region does not exist for it (404). "Today" is the date of the clock's time (as funds control takes it), so a finding is
/// overdue from the day after its deadline while it is open or reported.
/// </remarks>
public static class Findings
{
    public const int DefaultPageSize = 50;
    public const int MaxSubjects = 200;
    private const int MaxNumberAttempts = 20;
    private const int ExportLimit = 100_000;

    public static DateOnly Today(DateTime now) => DateOnly.FromDateTime(now);

    /// <summary>The code of the actor's own region, 12 digits (the nation 000000000000).</summary>
    public static string OwnRegion(JingzhunDbContext db) => db.Scope.RegionPrefix.PadRight(12, '0');

    /// <summary>Whether the reader may read the area's findings: a valid code inside the reader's region, not an assessor's sample.</summary>
    public static bool IsVisible(JingzhunDbContext db, string? regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && code.Value.Length == 12 && db.Scope.CanRead && !db.Scope.ReadsAssignedOnly
        && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    // ---- raise --------------------------------------------------------------------------------------------------------

    public static async Task<Finding> RaiseAsync(JingzhunDbContext db, FindingInput input, DateTime now, CancellationToken ct = default)
    {
        AssessmentSteps.Require(db, AssessmentRoles.Supervise, OwnRegion(db), new("提出问题", "raise a finding"));
        if (!RegionCode.TryParse(input.RegionCode, out var area, out _) || area.Level == RegionLevel.Nation)
            throw AssessmentSteps.Invalid("问题所在地区应为省、市、县、乡或村的区划代码", "the area is the code of a province, city, county, township or village");
        AssessmentSteps.Require(db, AssessmentRoles.Supervise, area.Value, new("对本辖区以外的地区提出问题", "raise a finding outside one's region"));
        if (!await db.Regions.AsNoTracking().AnyAsync(r => r.Code == area.Value, ct))
            throw AssessmentSteps.Invalid("问题所在地区不存在", "the area does not exist");
        if (!Enum.IsDefined(input.Source)) throw AssessmentSteps.Invalid("请选择问题来源", "choose where the finding came from");
        if (!Enum.IsDefined(input.Severity)) throw AssessmentSteps.Invalid("请选择问题程度", "choose how serious the finding is");
        var title = Text(input.Title, 200, "问题标题", "the title");
        var description = Text(input.Description, 4000, "问题描述", "the description");
        var unit = Text(input.ResponsibleUnit, 200, "整改责任单位", "the responsible unit");
        var today = Today(now);
        var foundOn = input.FoundOn ?? today;
        if (foundOn > today || foundOn.Year < 2000) throw AssessmentSteps.Invalid("发现日期不能晚于今天", "the date found cannot be in the future");
        var deadline = input.Deadline ?? foundOn.AddDays((await RuleBook.ForAsync(db, area.Value, foundOn.Year, ct)).FindingDeadlineDays);
        if (deadline < foundOn || deadline > foundOn.AddYears(5))
            throw AssessmentSteps.Invalid("整改期限不能早于发现日期（最长五年）", "the deadline is on or after the date found (five years at most)");

        var finding = new Finding
        {
            RegionCode = area.Value, RaisedByCode = OwnRegion(db), Source = input.Source, Severity = input.Severity, Title = title,
            Description = description, ResponsibleUnit = unit, FoundOn = foundOn, Deadline = deadline, State = FindingState.Open,
            RaisedBy = db.Scope.Actor, RaisedAt = now,
        };
        if (input.AssessmentProjectId is { } projectId)
        {
            if (!await db.AssessmentProjects.AsNoTracking().AnyAsync(p => p.Id == projectId, ct))
                throw AssessmentSteps.Invalid("评估项目不存在", "the assessment project does not exist");
            finding.AssessmentProjectId = projectId;
        }
        await AddSubjectsAsync(db, finding, area, input.HouseholdIds ?? [], input.ProjectIds ?? [], ct);
        db.Findings.Add(finding);
        await SaveWithNumberAsync(db, finding, area, foundOn.Year, ct);
        return finding;
    }

    private static string Text(string? value, int max, string zh, string en)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0) throw AssessmentSteps.Invalid($"须填写{zh}", $"{en} is needed");
        if (text.Length > max) throw AssessmentSteps.Invalid($"{zh}最多{max}字", $"{en} is at most {max} characters");
        return text;
    }

    /// <summary>The households (registry) and projects (the funds library) named, each in the area; anything else refuses the finding.</summary>
    private static async Task AddSubjectsAsync(JingzhunDbContext db, Finding finding, RegionCode area, IReadOnlyList<long> householdIds, IReadOnlyList<long> projectIds,
        CancellationToken ct)
    {
        var households = householdIds.Distinct().ToList();
        var projects = projectIds.Distinct().ToList();
        if (households.Count + projects.Count > MaxSubjects)
            throw AssessmentSteps.Invalid($"一个问题最多涉及{MaxSubjects}户或项目", $"a finding concerns {MaxSubjects} households or projects at most");
        var prefix = area.Prefix;
        var foundHouseholds = await db.Households.AsNoTracking().Where(h => households.Contains(h.Id) && h.VillageCode.StartsWith(prefix))
            .Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
        if (foundHouseholds.Count != households.Count)
            throw AssessmentSteps.Invalid("涉及的农户应为该地区的建档立卡户", "the households named are registered households of the area");
        var foundProjects = await db.Projects.AsNoTracking().Where(p => projects.Contains(p.Id) && p.RegionCode.StartsWith(prefix))
            .Select(p => new { p.Id, p.RegionCode }).ToListAsync(ct);
        if (foundProjects.Count != projects.Count)
            throw AssessmentSteps.Invalid("涉及的项目应为该地区项目库中的项目", "the projects named are projects of the area's library");
        foreach (var h in foundHouseholds.OrderBy(h => h.Id)) finding.Subjects.Add(new FindingSubject { RegionCode = h.VillageCode, HouseholdId = h.Id });
        foreach (var p in foundProjects.OrderBy(p => p.Id)) finding.Subjects.Add(new FindingSubject { RegionCode = p.RegionCode, ProjectId = p.Id });
    }

    /// <summary>ZG + year + county (or the area's own code above a county) + "-" + sequence; two at once retry on the unique index.</summary>
    private static async Task SaveWithNumberAsync(JingzhunDbContext db, Finding finding, RegionCode area, int year, CancellationToken ct)
    {
        var place = area.Level >= RegionLevel.County ? area.Value[..6] : area.Prefix;
        var prefix = $"ZG{year}{place}-";
        for (var attempt = 1; ; attempt++)
        {
            var numbers = await db.Findings.IgnoreQueryFilters().AsNoTracking().Where(f => f.Number.StartsWith(prefix)).Select(f => f.Number).ToListAsync(ct);
            var sequence = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), out var s) ? s : 0).DefaultIfEmpty(0).Max() + 1;
            finding.Number = $"{prefix}{sequence:0000}";
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxNumberAttempts)
            {
                if (!await db.Findings.IgnoreQueryFilters().AsNoTracking().AnyAsync(f => f.Number == finding.Number, ct)) throw;
                foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
                    entry.State = EntityState.Detached;
            }
        }
    }

    // ---- rectify, answer, withdraw --------------------------------------------------------------------------------------

    /// <summary>
    /// The area's own offices report the rectification with evidence (PDF, JPEG, PNG, DOCX or XLSX by content, at most
    /// 10 MB). Null when the finding is not visible. The finding moves to "reported".
    /// </summary>
    public static async Task<Rectification?> ReportAsync(JingzhunDbContext db, long findingId, string? measures, string? fileName, byte[]? evidence,
        DateTime now, CancellationToken ct = default)
    {
        AssessmentSteps.Require(db, AssessmentRoles.Rectify, OwnRegion(db), new("报告整改", "report a rectification"));
        var finding = await db.Findings.FirstOrDefaultAsync(f => f.Id == findingId, ct);
        if (finding is null) return null;
        // The responsible area's own offices: neither an office above (it supervises) nor one below.
        if (OwnRegion(db) != finding.RegionCode && !(db.Scope.IsAdministrator && db.Scope.Role is null))
            throw new WorkflowRefusedException("只有问题所在地区本级的单位可以报告整改", "only the offices of the finding's own area report its rectification", finding.RegionCode);
        AssessmentSteps.Require(db, AssessmentRoles.Rectify, finding.RegionCode, new("报告整改", "report a rectification"));
        if (finding.State is FindingState.SignedOff or FindingState.Withdrawn)
            throw new WorkflowBlockedException($"问题已{finding.State.Chinese()}，不能再报告整改", $"the finding is {finding.State.English().ToLowerInvariant()}; no rectification is taken");
        if (finding.State == FindingState.Reported)
            throw new WorkflowBlockedException("整改报告正在等待答复", "a rectification report is waiting for its answer");
        var text = Text(measures, 4000, "整改措施", "the measures taken");
        var content = evidence ?? [];
        if (content.Length == 0) throw AssessmentSteps.Invalid("须上传整改佐证材料", "an evidence file is needed");
        if (content.Length > ProjectDocuments.MaxBytes) throw AssessmentSteps.Invalid("佐证材料超过10MB", "the evidence file is larger than 10 MB");
        var kind = ProjectDocuments.Sniff(content)
            ?? throw AssessmentSteps.Invalid("佐证材料只接受PDF、JPEG、PNG、DOCX或XLSX文件（按文件内容判断）",
                "the evidence is a PDF, JPEG, PNG, DOCX or XLSX file (told by its content)");
        var rectification = new Rectification
        {
            FindingId = finding.Id, RegionCode = finding.RegionCode, Measures = text, ReportedOn = Today(now), ReportedBy = db.Scope.Actor, ReportedAt = now,
            EvidenceName = ProjectDocuments.CleanName(fileName, kind), EvidenceType = kind.ContentType, Evidence = content,
            EvidenceSha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
        };
        db.Rectifications.Add(rectification);
        finding.State = FindingState.Reported;
        await db.SaveChangesAsync(ct);
        return rectification;
    }

    /// <summary>The actor's office is the raising level or one above it.</summary>
    private static bool HoldsRaiser(JingzhunDbContext db, Finding finding) =>
        (db.Scope.IsAdministrator && db.Scope.Role is null) || finding.RaisedByCode.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The raising level (or one above) answers a report once: accepted signs the finding off (销号), sent back reopens it with
    /// the reason. Null when the report is not visible.
    /// </summary>
    public static async Task<Finding?> AnswerAsync(JingzhunDbContext db, long rectificationId, bool accepted, string? answer, DateTime now,
        CancellationToken ct = default)
    {
        AssessmentSteps.Require(db, AssessmentRoles.Supervise, OwnRegion(db), new("答复整改报告", "answer a rectification"));
        var rectification = await db.Rectifications.Include(r => r.Finding).FirstOrDefaultAsync(r => r.Id == rectificationId, ct);
        if (rectification?.Finding is not { } finding) return null;
        AssessmentSteps.Require(db, AssessmentRoles.Supervise, finding.RegionCode, new("答复整改报告", "answer a rectification"));
        if (!HoldsRaiser(db, finding))
            throw new WorkflowRefusedException("只有提出问题的层级或其上级可以答复整改报告", "only the level that raised the finding, or one above it, answers its rectification",
                finding.RegionCode);
        if (rectification.Accepted is not null) throw new WorkflowBlockedException("整改报告已答复，只能答复一次", "the rectification has been answered; it is answered once");
        if (finding.State != FindingState.Reported)
            throw new WorkflowBlockedException($"问题为“{finding.State.Chinese()}”，不等待答复", $"the finding is {finding.State.English().ToLowerInvariant()}, not waiting for an answer");
        var text = (answer ?? "").Trim();
        if (text.Length > 1000) throw AssessmentSteps.Invalid("答复最多1000字", "the answer is at most 1000 characters");
        if (!accepted && text.Length == 0) throw AssessmentSteps.Invalid("退回须说明理由", "sending it back needs the reason");
        rectification.Accepted = accepted;
        rectification.Answer = text;
        rectification.AnsweredBy = db.Scope.Actor;
        rectification.AnsweredAt = now;
        if (accepted)
        {
            finding.State = FindingState.SignedOff;
            finding.ClosedAt = now;
            finding.ClosedBy = db.Scope.Actor;
            finding.ClosedReason = text.Length > 0 ? text : null;
        }
        else finding.State = FindingState.Open;
        if (text.Length > 0) db.ChangeReason = text;
        await db.SaveChangesAsync(ct);
        return finding;
    }

    /// <summary>The raising level (or one above) withdraws a finding raised in error, with the reason. Null when not visible.</summary>
    public static async Task<Finding?> WithdrawAsync(JingzhunDbContext db, long findingId, string? reason, DateTime now, CancellationToken ct = default)
    {
        AssessmentSteps.Require(db, AssessmentRoles.Supervise, OwnRegion(db), new("撤销问题", "withdraw a finding"));
        var finding = await db.Findings.FirstOrDefaultAsync(f => f.Id == findingId, ct);
        if (finding is null) return null;
        AssessmentSteps.Require(db, AssessmentRoles.Supervise, finding.RegionCode, new("撤销问题", "withdraw a finding"));
        if (!HoldsRaiser(db, finding))
            throw new WorkflowRefusedException("只有提出问题的层级或其上级可以撤销问题", "only the level that raised the finding, or one above it, withdraws it", finding.RegionCode);
        var text = (reason ?? "").Trim();
        if (text.Length == 0) throw AssessmentSteps.Invalid("撤销须说明理由", "withdrawing needs the reason");
        if (text.Length > 1000) throw AssessmentSteps.Invalid("理由最多1000字", "the reason is at most 1000 characters");
        if (finding.State is FindingState.SignedOff or FindingState.Withdrawn)
            throw new WorkflowBlockedException($"问题已{finding.State.Chinese()}，不能撤销", $"the finding is {finding.State.English().ToLowerInvariant()}; it cannot be withdrawn");
        finding.State = FindingState.Withdrawn;
        finding.ClosedAt = now;
        finding.ClosedBy = db.Scope.Actor;
        finding.ClosedReason = text;
        db.ChangeReason = text;
        await db.SaveChangesAsync(ct);
        return finding;
    }

    // ---- read ---------------------------------------------------------------------------------------------------------

    /// <summary>A finding with its subjects and reports and what the reader may do; null outside the reader's region.</summary>
    public static async Task<FindingView?> GetAsync(JingzhunDbContext db, long findingId, DateTime now, CancellationToken ct = default)
    {
        if (db.Scope.ReadsAssignedOnly) return null;
        var finding = await db.Findings.AsNoTracking().FirstOrDefaultAsync(f => f.Id == findingId, ct);
        if (finding is null) return null;
        var subjects = await db.FindingSubjects.AsNoTracking().Where(s => s.FindingId == findingId).OrderBy(s => s.Id)
            .Select(s => new SubjectRow(s.Id, s.RegionCode, s.HouseholdId, db.Households.Where(h => h.Id == s.HouseholdId).Select(h => h.Number).FirstOrDefault(),
                s.ProjectId, db.Projects.Where(p => p.Id == s.ProjectId).Select(p => p.Number).FirstOrDefault(),
                db.Projects.Where(p => p.Id == s.ProjectId).Select(p => p.Name).FirstOrDefault())).ToListAsync(ct);
        var reports = await db.Rectifications.AsNoTracking().Where(r => r.FindingId == findingId).OrderBy(r => r.Id)
            .Select(r => new RectificationRow(r.Id, r.Measures, r.ReportedOn, r.ReportedBy, r.ReportedAt, r.EvidenceName, r.EvidenceType,
                r.Evidence == null ? 0 : r.Evidence.Length, r.EvidenceSha256, r.Accepted, r.Answer, r.AnsweredBy, r.AnsweredAt)).ToListAsync(ct);
        var names = await RegionsAsOf.NamesAsync(db, [finding.RegionCode, finding.RaisedByCode], null, ct);
        var today = Today(now);
        var system = db.Scope.IsAdministrator && db.Scope.Role is null;
        var open = finding.State is FindingState.Open or FindingState.Reported;
        var supervises = system || (AssessmentRoles.May(db.Scope.Role, AssessmentRoles.Supervise) && db.Scope.MayChange(finding.RegionCode)
            && finding.RaisedByCode.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal));
        var may = new FindingAbilities(
            Report: finding.State == FindingState.Open && AssessmentRoles.May(db.Scope.Role, AssessmentRoles.Rectify) && db.Scope.CanWrite
                && OwnRegion(db) == finding.RegionCode,
            Answer: finding.State == FindingState.Reported && supervises,
            Withdraw: open && supervises);
        return new FindingView(finding, NameOf(names, finding.RegionCode), NameOf(names, finding.RaisedByCode), today, finding.IsOverdue(today), subjects, reports, may);
    }

    private static string NameOf(Dictionary<string, string> names, string code) =>
        names.GetValueOrDefault(code) ?? (code.All(c => c == '0') ? "全国" : code);

    /// <summary>A report's evidence file (name, type, bytes); null when the report is not visible or has none.</summary>
    public static async Task<(string Name, string Type, byte[] Content)?> EvidenceAsync(JingzhunDbContext db, long rectificationId, CancellationToken ct = default)
    {
        if (db.Scope.ReadsAssignedOnly) return null;
        var r = await db.Rectifications.AsNoTracking().Where(x => x.Id == rectificationId)
            .Select(x => new { x.EvidenceName, x.EvidenceType, x.Evidence }).FirstOrDefaultAsync(ct);
        if (r?.Evidence is null) return null;
        return (r.EvidenceName ?? "evidence", r.EvidenceType ?? "application/octet-stream", r.Evidence);
    }

    private static IQueryable<Finding> InArea(JingzhunDbContext db, RegionCode code) =>
        db.Findings.AsNoTracking().Where(f => f.RegionCode.StartsWith(code.Prefix));

    private static IQueryable<Finding> OverdueQuery(IQueryable<Finding> query, DateOnly today) =>
        query.Where(f => (f.State == FindingState.Open || f.State == FindingState.Reported) && f.Deadline < today);

    /// <summary>One page of the area's findings (the area and everything below it), newest first; null when the area is not visible.</summary>
    public static async Task<FindingPage?> ListAsync(JingzhunDbContext db, string? areaCode, FindingFilter filter, DateOnly today, CancellationToken ct = default)
    {
        if (!IsVisible(db, areaCode, out var code)) return null;
        var query = InArea(db, code);
        if (filter.State is { } state) query = query.Where(f => f.State == state);
        if (filter.Source is { } source) query = query.Where(f => f.Source == source);
        if (filter.Severity is { } severity) query = query.Where(f => f.Severity == severity);
        if (filter.Year is { } year)
        {
            var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            query = query.Where(f => f.FoundOn >= from && f.FoundOn <= to);
        }
        if (filter.OverdueOnly) query = OverdueQuery(query, today);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 1_000);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(f => f.FoundOn).ThenByDescending(f => f.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return await PageAsync(db, code, today, rows, total, page, size, ct);
    }

    /// <summary>
    /// The area's findings past their deadline and not yet signed off or withdrawn — the area's own and every one below it, so a
    /// village's overdue finding is on its county's list and on the city's, province's and nation's. Oldest deadline first.
    /// </summary>
    public static async Task<FindingPage?> OverdueAsync(JingzhunDbContext db, string? areaCode, DateOnly today, int page = 1, int pageSize = ExportLimit,
        CancellationToken ct = default)
    {
        if (!IsVisible(db, areaCode, out var code)) return null;
        var query = OverdueQuery(InArea(db, code), today);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, ExportLimit);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(f => f.Deadline).ThenBy(f => f.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return await PageAsync(db, code, today, rows, total, page, pageSize, ct);
    }

    private static async Task<FindingPage> PageAsync(JingzhunDbContext db, RegionCode code, DateOnly today, List<Finding> rows, int total, int page, int size,
        CancellationToken ct)
    {
        var names = await RegionsAsOf.NamesAsync(db, rows.Select(r => r.RegionCode).Append(code.Value), null, ct);
        return new FindingPage(code.Value, NameOf(names, code.Value), today, rows.Select(f => new FindingRow(f.Id, f.Number, f.RegionCode, NameOf(names, f.RegionCode),
            f.RaisedByCode, f.Source, f.Severity, f.Title, f.ResponsibleUnit, f.FoundOn, f.Deadline, f.State, f.IsOverdue(today),
            f.IsOverdue(today) ? today.DayNumber - f.Deadline.DayNumber : 0)).ToList(), total, page, size);
    }

    /// <summary>
    /// Counts of open, reported, signed-off, withdrawn and overdue findings of each child area of the area, with a line for
    /// findings about the area itself (本级); the lines add up to the area. Null when the area is not visible.
    /// </summary>
    public static async Task<FindingLevelReport?> ReportByLevelAsync(JingzhunDbContext db, string? areaCode, DateOnly today, CancellationToken ct = default)
    {
        if (!IsVisible(db, areaCode, out var code)) return null;
        var rows = await InArea(db, code).Select(f => new { f.RegionCode, f.State, f.Deadline }).ToListAsync(ct);
        RegionLevel? childLevel = code.Level < RegionLevel.Village ? code.Level + 1 : null;
        var children = new SortedDictionary<string, FindingCounts>(StringComparer.Ordinal);
        // Every child area has a line (zeros too) so the report links down the whole tree; provinces have an empty parent code.
        var parent = code.Level == RegionLevel.Nation ? "" : code.Value;
        if (childLevel is not null)
            foreach (var c in await db.Regions.AsNoTracking().Where(r => r.ParentCode == parent && r.ValidTo == null).Select(r => r.Code).ToListAsync(ct))
                children[c] = FindingCounts.Zero;
        var own = FindingCounts.Zero;
        var area = FindingCounts.Zero;
        foreach (var r in rows)
        {
            var counts = Count(r.State, r.Deadline, today);
            area += counts;
            if (childLevel is not { } l || r.RegionCode == code.Value) { own += counts; continue; }
            var child = r.RegionCode[..RegionCode.PrefixLength(l)].PadRight(12, '0');
            children[child] = children.GetValueOrDefault(child, FindingCounts.Zero) + counts;
        }
        var names = await RegionsAsOf.NamesAsync(db, children.Keys.Append(code.Value), null, ct);
        var lines = children.Select(c => new FindingLevelLine(c.Key, NameOf(names, c.Key), childLevel!.Value, c.Value)).ToList();
        if (own.Total > 0 || childLevel is null)
            lines.Insert(0, new FindingLevelLine(code.Value, NameOf(names, code.Value) + "（本级）", code.Level, own, OwnLevel: true));
        return new FindingLevelReport(new FindingLevelLine(code.Value, NameOf(names, code.Value), code.Level, area), today, lines);
    }

    private static FindingCounts Count(FindingState state, DateOnly deadline, DateOnly today)
    {
        var overdue = state is FindingState.Open or FindingState.Reported && deadline < today ? 1 : 0;
        return state switch
        {
            FindingState.Open => new(1, 0, 0, 0, overdue),
            FindingState.Reported => new(0, 1, 0, 0, overdue),
            FindingState.SignedOff => new(0, 0, 1, 0, 0),
            _ => new(0, 0, 0, 1, 0),
        };
    }

    /// <summary>The area's overdue list as an xlsx sheet with Chinese and English headers; the download is audited. Null when not visible.</summary>
    public static async Task<byte[]?> ExportOverdueAsync(JingzhunDbContext db, string? areaCode, DateTime now, CancellationToken ct = default)
    {
        var list = await OverdueAsync(db, areaCode, Today(now), ct: ct);
        if (list is null) return null;
        string[] headers = ["序号 No.", "问题编号 Number", "地区代码 Region code", "地区 Region", "提出层级 Raised by", "来源 Source", "程度 Severity",
            "问题 Title", "责任单位 Responsible unit", "发现日期 Found on", "整改期限 Deadline", "状态 State", "逾期天数 Days overdue"];
        var rows = new List<Dictionary<string, object?>>();
        foreach (var f in list.Rows)
        {
            object?[] values = [rows.Count + 1, f.Number, f.RegionCode, f.RegionName, f.RaisedByCode, $"{f.Source.Chinese()} {f.Source.English()}",
                $"{f.Severity.Chinese()} {f.Severity.English()}", f.Title, f.ResponsibleUnit, f.FoundOn.ToString("yyyy-MM-dd"), f.Deadline.ToString("yyyy-MM-dd"),
                $"{f.State.Chinese()} {f.State.English()}", f.DaysOverdue];
            rows.Add(headers.Select((h, i) => (h, values[i])).ToDictionary(x => x.h, x => x.Item2));
        }
        var count = rows.Count;
        if (rows.Count == 0) rows.Add(headers.ToDictionary(h => h, _ => (object?)null));
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "逾期问题", cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "FindingsOverdue", EntityId = list.Code, RegionCode = list.Code,
            Reason = $"导出逾期未整改问题（{list.Code}，{count}条） / exported the overdue findings of {list.Code} ({count} rows)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }
}
