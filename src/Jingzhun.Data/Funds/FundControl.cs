using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>The lists of funds control (资金监管). Numeric values travel in links and the API; never renumber.</summary>
public enum ControlList
{
    [Label("闲置资金", "Idle funds")] IdleFunds = 1,
    [Label("逾期项目", "Overdue projects")] OverdueProjects = 2,
    [Label("张冠李戴", "Paid to the wrong person")] Misdirected = 3,
    [Label("虚报冒领", "Paid twice for one purpose")] Duplicate = 4,
    [Label("挤占挪用", "Spent outside the approved purpose")] Diverted = 5,
}

/// <summary>An area's funds figures for a year (or all years). Every amount and count is additive, so an area is the sum of its children.</summary>
public sealed record ControlFigures
{
    /// <summary>Received by the area's counties from above, net of reversals (whole fen).</summary>
    public long AllocatedFen { get; init; }
    /// <summary>Funding lines of library projects that draw on an allocation (分配到项目).</summary>
    public long ToProjectsFen { get; init; }
    /// <summary>Payments drawn on allocations, net of reversals (已拨付/支付).</summary>
    public long PaidFen { get; init; }
    /// <summary>Budgets of the projects in the library (approved and after, not turned down).</summary>
    public long BudgetFen { get; init; }
    /// <summary>Payments to the projects in the library, net of reversals (项目支出).</summary>
    public long SpentFen { get; init; }
    public int Projects { get; init; }
    public int Started { get; init; }
    public int Completed { get; init; }
    public int Misdirected { get; init; }
    public int Duplicate { get; init; }
    public int Diverted { get; init; }

    public Money Allocated => Money.FromFen(AllocatedFen);
    public Money ToProjects => Money.FromFen(ToProjectsFen);
    public Money Paid => Money.FromFen(PaidFen);
    public Money Unpaid => Money.FromFen(AllocatedFen - PaidFen);
    public Money Budget => Money.FromFen(BudgetFen);
    public Money Spent => Money.FromFen(SpentFen);
    /// <summary>分配率: funding lines drawing on allocations ÷ allocated.</summary>
    public double? AllocationRate => Rate(ToProjectsFen, AllocatedFen);
    /// <summary>拨付率/支付率: paid ÷ allocated.</summary>
    public double? PaymentRate => Rate(PaidFen, AllocatedFen);
    /// <summary>开工率: projects started or later ÷ projects in the library.</summary>
    public double? StartRate => Rate(Started, Projects);
    /// <summary>完工率: projects completed or later ÷ projects in the library.</summary>
    public double? CompletionRate => Rate(Completed, Projects);
    /// <summary>支出率: paid to library projects ÷ their budgets (003.md L1157).</summary>
    public double? SpendingRate => Rate(SpentFen, BudgetFen);
    public int Flagged => Misdirected + Duplicate + Diverted;

    public static ControlFigures operator +(ControlFigures a, ControlFigures b) => new()
    {
        AllocatedFen = a.AllocatedFen + b.AllocatedFen, ToProjectsFen = a.ToProjectsFen + b.ToProjectsFen, PaidFen = a.PaidFen + b.PaidFen,
        BudgetFen = a.BudgetFen + b.BudgetFen, SpentFen = a.SpentFen + b.SpentFen, Projects = a.Projects + b.Projects, Started = a.Started + b.Started,
        Completed = a.Completed + b.Completed, Misdirected = a.Misdirected + b.Misdirected, Duplicate = a.Duplicate + b.Duplicate, Diverted = a.Diverted + b.Diverted,
    };

    public static ControlFigures Zero { get; } = new();

    private static double? Rate(long part, long whole) => whole > 0 ? (double)part / whole : null;
}

/// <summary>An area's figures. <see cref="OwnLevel"/> marks the line of rows recorded at the parent's own code (县本级, 乡镇本级).</summary>
public sealed record ControlArea(string Code, string Name, RegionLevel Level, ControlFigures Figures, bool OwnLevel = false);

/// <summary>An area's figures and the counts of its lists, with its children (which add up to it).</summary>
public sealed record ControlView(ControlArea Area, int? Year, DateOnly Today, IReadOnlyList<ControlArea> Children, int IdleFunds, int OverdueProjects);

/// <summary>A county allocation with money left unpaid beyond the idle days of its rule set.</summary>
public sealed record IdleFund(long AllocationId, string CountyCode, string CountyName, int Year, FundSource Source, string DocumentNumber, string Purpose,
    DateOnly IssuedOn, Money Allocated, Money Paid, Money Unpaid, int DaysSinceIssued, int IdleDays, Bilingual Why);

/// <summary>A project in the library, not completed, past its planned end.</summary>
public sealed record OverdueProject(long ProjectId, string Number, string Name, string RegionCode, string RegionName, int Year, ProjectType Type,
    ProjectStage Stage, DateOnly PlannedEnd, int DaysOverdue, Money Budget, Bilingual Why);

/// <summary>A payment flagged for a misuse pattern, with every reason it was flagged for.</summary>
public sealed record FlaggedPayment(ControlList Kind, long PaymentId, string RegionCode, string RegionName, int Year, DateOnly PaidOn, PaymentKind PaymentKind,
    Money Amount, ProjectType PurposeType, long? AllocationId, long? ProjectId, string ProjectNumber, long? HouseholdId, string HouseholdNumber, long? MemberId,
    string Payee, string Voucher, Bilingual Why);

/// <summary>One page of a list and how many rows it has in all.</summary>
public sealed record ControlPage<T>(IReadOnlyList<T> Rows, int Total, int Page, int PageSize);

/// <summary>
/// Funds control (资金监管, 002:148, 002:418): rates by area and year, and the lists an auditor works through — idle funds,
/// overdue projects and payments flagged for the misuse patterns the seeds name (张冠李戴, 虚报冒领, 挤占挪用).
/// </summary>
/// <remarks>
/// <para>The figures are grouped queries by region code (money summed in SQL as whole fen), each row counted where it was
/// recorded: allocations at their county, projects and their funding at the project's region, payments at the paid household's
/// village or the project's region. Rows recorded at an area's own code (a county's allocations and county-level projects)
/// form an extra child line (本级), so an area is always the sum of its children. A year selects allocations, projects
/// (plan year) and payments of that year; no year takes them all. Paid counts payments drawn on an allocation; spent counts
/// payments to projects in the library; dividends from asset income are neither.</para>
/// <para>Flags leave out reversal entries and reversed payments (a corrected entry is not a misuse), and are judged on the
/// rows the reader may see: a village clerk does not see a township's project, so a payment to it is judged by those above.
/// 张冠李戴: a household payment for a project the household was not a beneficiary of when it was recorded (no beneficiary
/// row, or one ended before); a payment to a member who is deceased (the member's state: the registry keeps no date of
/// death), no longer present, or not of the paid household. 虚报冒领: two or more household payments to one household for
/// the same purpose in the same year. 挤占挪用: a payment to a project from an allocation none of its funding lines draws on
/// (a line naming no allocation matches an allocation of its source); a payment that takes a project's payments beyond its
/// budget (it and every later one); a payment to a project outside the library (proposed, reviewed, turned down); a household
/// payment whose purpose is not its project's type. Flag lists read the flagged payments' rows; the over-budget check reads
/// the payments of the projects whose payments exceed their budget. Everyone who may read the area reads all of this
/// (auditors included); nothing here writes but the audit line of a download.</para>
/// </remarks>
public static class FundControl
{
    public const int DefaultPageSize = 50;
    private const int ExportLimit = 100_000;

    public static IReadOnlyList<ControlList> FlagLists { get; } = [ControlList.Misdirected, ControlList.Duplicate, ControlList.Diverted];

    /// <summary>Whether the reader may read the area's funds: a valid code inside the reader's region, not an assessor's sample.</summary>
    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && db.Scope.CanRead && !db.Scope.ReadsAssignedOnly
        && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>The area's figures and its children's, with the counts of the lists (null when the reader may not see the area).</summary>
    public static async Task<ControlView?> ForAsync(JingzhunDbContext db, string regionCode, int? year, DateTime now, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var today = DateOnly.FromDateTime(now);
        var byRegion = await FiguresByRegionAsync(db, code.Prefix, year, ct);
        RegionLevel? childLevel = code.Level == RegionLevel.Village ? null : code.Level + 1;
        var childLength = childLevel is { } cl ? RegionCode.PrefixLength(cl) : 12;
        var area = ControlFigures.Zero;
        var children = new SortedDictionary<string, ControlFigures>(StringComparer.Ordinal);
        ControlFigures? own = null;
        if (childLevel is { } level)
            foreach (var child in await db.Regions.AsNoTracking().ValidOn(today).Where(r => r.Level == level && r.Code.StartsWith(code.Prefix))
                         .Select(r => r.Code).ToListAsync(ct))
                children[child] = ControlFigures.Zero;
        foreach (var (region, figures) in byRegion)
        {
            area += figures;
            if (childLevel is null) continue;
            var padded = region.PadRight(12, '0');
            if (padded == code.Value || region.Length < childLength) { own = (own ?? ControlFigures.Zero) + figures; continue; }
            var child = padded[..childLength].PadRight(12, '0');
            children[child] = children.GetValueOrDefault(child, ControlFigures.Zero) + figures;
        }
        var names = await RegionsAsOf.NamesAsync(db, children.Keys.Append(code.Value), null, ct);
        string Name(string c) => names.GetValueOrDefault(c) ?? (c.All(x => x == '0') ? "全国" : c);
        var lines = children.Select(c => new ControlArea(c.Key, Name(c.Key), childLevel!.Value, c.Value)).ToList();
        if (own is { } o)
            lines.Insert(0, new ControlArea(code.Value, Name(code.Value) + "（本级）", code.Level, o, OwnLevel: true));
        var idle = await IdleFundsAsync(db, code, year, today, ct);
        var overdue = await OverdueQuery(db, code.Prefix, year, today).CountAsync(ct);
        return new ControlView(new ControlArea(code.Value, Name(code.Value), code.Level, area), year, today, lines, idle.Count, overdue);
    }

    /// <summary>Every figure by the region code its rows are recorded at (a county's allocations at its 6-digit code).</summary>
    public static async Task<SortedDictionary<string, ControlFigures>> FiguresByRegionAsync(JingzhunDbContext db, string prefix, int? year, CancellationToken ct = default)
    {
        var result = new SortedDictionary<string, ControlFigures>(StringComparer.Ordinal);
        void Add(string region, ControlFigures f) => result[region] = result.GetValueOrDefault(region, ControlFigures.Zero) + f;

        // Allocations received by counties (a county's own code), reversals included so that they net.
        var countyPrefix = prefix.Length > 6 ? prefix[..6] : prefix;
        var allocations = db.Allocations.AsNoTracking().Where(a => a.CountyCode != "" && a.CountyCode.StartsWith(countyPrefix) && (year == null || a.Year == year));
        if (prefix.Length <= 6)
            foreach (var g in await allocations.GroupBy(a => a.CountyCode).Select(g => new { g.Key, Fen = g.Sum(a => (long)(object)a.Amount) }).ToListAsync(ct))
                Add(g.Key.PadRight(12, '0'), new ControlFigures { AllocatedFen = g.Fen });

        var library = db.Projects.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix) && (year == null || p.Year == year)
            && p.Stage >= ProjectStage.Approved && p.Stage < ProjectStage.Rejected);
        foreach (var g in await library.GroupBy(p => p.RegionCode).Select(g => new
                 {
                     g.Key, Count = g.Count(),
                     Started = g.Sum(p => p.Stage >= ProjectStage.Started ? 1 : 0),
                     Completed = g.Sum(p => p.Stage >= ProjectStage.Completed ? 1 : 0),
                 }).ToListAsync(ct))
            Add(g.Key, new ControlFigures { Projects = g.Count, Started = g.Started, Completed = g.Completed });
        var funding = db.ProjectFunding.AsNoTracking().Join(library, f => f.ProjectId, p => p.Id, (f, p) => new { p.RegionCode, f.AllocationId, f.Amount });
        foreach (var g in await funding.GroupBy(f => f.RegionCode).Select(g => new
                 {
                     g.Key, Fen = g.Sum(f => (long)(object)f.Amount), Drawn = g.Sum(f => f.AllocationId != null ? (long)(object)f.Amount : 0L),
                 }).ToListAsync(ct))
            Add(g.Key, new ControlFigures { BudgetFen = g.Fen, ToProjectsFen = g.Drawn });

        var payments = db.Payments.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix) && (year == null || p.Year == year) && p.Kind != PaymentKind.Dividend);
        foreach (var g in await payments.Where(p => p.AllocationId != null).GroupBy(p => p.RegionCode)
                     .Select(g => new { g.Key, Fen = g.Sum(p => (long)(object)p.Amount) }).ToListAsync(ct))
            Add(g.Key, new ControlFigures { PaidFen = g.Fen });
        var libraryIds = db.Projects.Where(p => p.Stage >= ProjectStage.Approved && p.Stage < ProjectStage.Rejected && (year == null || p.Year == year)).Select(p => p.Id);
        foreach (var g in await payments.Where(p => p.ProjectId != null && libraryIds.Contains(p.ProjectId.Value)).GroupBy(p => p.RegionCode)
                     .Select(g => new { g.Key, Fen = g.Sum(p => (long)(object)p.Amount) }).ToListAsync(ct))
            Add(g.Key, new ControlFigures { SpentFen = g.Fen });

        foreach (var kind in FlagLists)
            foreach (var g in (await FlaggedAsync(db, prefix, year, kind, ct)).GroupBy(f => f.Region))
                Add(g.Key, kind switch
                {
                    ControlList.Misdirected => new ControlFigures { Misdirected = g.Count() },
                    ControlList.Duplicate => new ControlFigures { Duplicate = g.Count() },
                    _ => new ControlFigures { Diverted = g.Count() },
                });
        return result;
    }

    // ---- idle funds -------------------------------------------------------------------------------------------------

    /// <summary>The area's county allocations with money unpaid more than the rule set's idle days after they were issued.</summary>
    public static async Task<List<IdleFund>> IdleFundsAsync(JingzhunDbContext db, RegionCode code, int? year, DateOnly today, CancellationToken ct = default)
    {
        var countyPrefix = code.Prefix.Length > 6 ? code.Prefix[..6] : code.Prefix;
        // A township or village holds no allocation (they stop at the county).
        if (code.Level > RegionLevel.County) return [];
        var candidates = await db.Allocations.AsNoTracking()
            .Where(a => a.CountyCode != "" && a.CountyCode.StartsWith(countyPrefix) && a.ReversesId == null && a.IssuedOn < today && (year == null || a.Year == year))
            .OrderBy(a => a.IssuedOn).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.CountyCode, a.Year, a.Source, a.DocumentNumber, a.Purpose, a.IssuedOn }).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var rules = new Dictionary<(string, int), int>();
        async Task<int> DaysAsync(string county, int y)
        {
            if (!rules.TryGetValue((county, y), out var days)) rules[(county, y)] = days = (await RuleBook.ForAsync(db, county, y, ct)).IdleFundDays;
            return days;
        }
        var old = new List<(long Id, string County, int Year, FundSource Source, string Doc, string Purpose, DateOnly IssuedOn, int Days)>();
        foreach (var a in candidates)
        {
            var days = await DaysAsync(a.CountyCode, a.Year);
            if (a.IssuedOn.AddDays(days) < today) old.Add((a.Id, a.CountyCode, a.Year, a.Source, a.DocumentNumber, a.Purpose, a.IssuedOn, days));
        }
        var balances = await FundBalances.ForAsync(db, old.Select(a => a.Id).ToList(), ct);
        var names = await RegionsAsOf.NamesAsync(db, old.Select(a => a.County.PadRight(12, '0')).Distinct(), null, ct);
        var list = new List<IdleFund>();
        foreach (var a in old)
        {
            if (balances.GetValueOrDefault(a.Id) is not { } b || b.Unpaid.Yuan <= 0) continue;
            var since = today.DayNumber - a.IssuedOn.DayNumber;
            list.Add(new IdleFund(a.Id, a.County, names.GetValueOrDefault(a.County.PadRight(12, '0')) ?? a.County, a.Year, a.Source, a.Doc, a.Purpose, a.IssuedOn,
                b.Allocated, new Money(b.PassedDown.Yuan + b.Paid.Yuan), b.Unpaid, since, a.Days,
                new Bilingual($"下达{since}天仍有{b.Unpaid.Yuan:0.00}元未支付（超过闲置天数{a.Days}天）",
                    $"{b.Unpaid.Yuan:0.00} yuan still unpaid {since} days after issue (idle after {a.Days} days)")));
        }
        return list;
    }

    // ---- overdue projects -------------------------------------------------------------------------------------------

    internal static IQueryable<Project> OverdueQuery(JingzhunDbContext db, string prefix, int? year, DateOnly today) =>
        db.Projects.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix) && (year == null || p.Year == year)
            && (p.Stage == ProjectStage.Approved || p.Stage == ProjectStage.Started) && p.PlannedEnd != null && p.PlannedEnd < today);

    public static async Task<ControlPage<OverdueProject>> OverdueProjectsAsync(JingzhunDbContext db, RegionCode code, int? year, DateOnly today, int page, int pageSize,
        CancellationToken ct = default)
    {
        var query = OverdueQuery(db, code.Prefix, year, today);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.PlannedEnd).ThenBy(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Id, p.Number, p.Name, p.RegionCode, p.Year, p.Type, p.Stage, p.PlannedEnd }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var budgets = (await db.ProjectFunding.AsNoTracking().Where(f => ids.Contains(f.ProjectId)).Select(f => new { f.ProjectId, f.Amount }).ToListAsync(ct))
            .GroupBy(f => f.ProjectId).ToDictionary(g => g.Key, g => new Money(g.Sum(f => f.Amount.Yuan)));
        var names = await RegionsAsOf.NamesAsync(db, rows.Select(r => r.RegionCode).Distinct(), null, ct);
        return new ControlPage<OverdueProject>(rows.Select(r =>
        {
            var days = today.DayNumber - r.PlannedEnd!.Value.DayNumber;
            return new OverdueProject(r.Id, r.Number, r.Name, r.RegionCode, names.GetValueOrDefault(r.RegionCode) ?? r.RegionCode, r.Year, r.Type, r.Stage,
                r.PlannedEnd.Value, days, budgets.GetValueOrDefault(r.Id),
                new Bilingual($"计划{r.PlannedEnd:yyyy-MM-dd}完工，逾期{days}天，仍为“{r.Stage.Chinese()}”",
                    $"planned to be completed on {r.PlannedEnd:yyyy-MM-dd}, {days} days overdue, still {r.Stage.English().ToLowerInvariant()}"));
        }).ToList(), total, page, pageSize);
    }

    // ---- flagged payments -------------------------------------------------------------------------------------------

    private enum Reason
    {
        NotBeneficiary, Deceased, NotPresent, Duplicate, NotFundingLine, OverBudget, NotInLibrary, PurposeMismatch,
    }

    private static Bilingual Why(Reason reason) => reason switch
    {
        Reason.NotBeneficiary => new("该户不是项目的受益户", "the household is not a beneficiary of the project"),
        Reason.Deceased => new("收款成员已死亡", "the member paid is deceased"),
        Reason.NotPresent => new("收款人不是该户在户成员", "the person paid is not a present member of the household"),
        Reason.Duplicate => new("同一户同一年度同一用途重复支付", "the same household paid more than once for one purpose in a year"),
        Reason.NotFundingLine => new("支付所用资金不在项目资金来源中", "paid from an allocation that is not one of the project's funding lines"),
        Reason.OverBudget => new("项目累计支付超出预算", "the project's payments exceed its budget"),
        Reason.NotInLibrary => new("项目未入库（未审定或未通过）", "the project is not in the library (not approved, or turned down)"),
        _ => new("支付用途与项目类型不符", "the purpose paid for is not the project's type"),
    };

    private static ControlList KindOf(Reason reason) => reason switch
    {
        Reason.NotBeneficiary or Reason.Deceased or Reason.NotPresent => ControlList.Misdirected,
        Reason.Duplicate => ControlList.Duplicate,
        _ => ControlList.Diverted,
    };

    private sealed record Hit(long Id, string Region, Reason Reason);

    /// <summary>Payments that stand: not reversals, not reversed.</summary>
    private static IQueryable<FundPayment> Standing(JingzhunDbContext db, string prefix, int? year) =>
        db.Payments.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix) && (year == null || p.Year == year)
            && p.ReversesId == null && !db.Payments.Any(r => r.ReversesId == p.Id));

    private static async Task<List<Hit>> HitsAsync(JingzhunDbContext db, string prefix, int? year, ControlList kind, CancellationToken ct)
    {
        var hits = new List<Hit>();
        async Task Add(IQueryable<FundPayment> q, Reason reason) =>
            hits.AddRange((await q.Select(p => new { p.Id, p.RegionCode }).ToListAsync(ct)).Select(p => new Hit(p.Id, p.RegionCode, reason)));
        var standing = Standing(db, prefix, year);
        switch (kind)
        {
            case ControlList.Misdirected:
                await Add(standing.Where(p => p.Kind == PaymentKind.Household && p.ProjectId != null && p.HouseholdId != null
                    && !db.ProjectBeneficiaries.Any(b => b.ProjectId == p.ProjectId && b.HouseholdId == p.HouseholdId && (b.EndedAt == null || b.EndedAt >= p.RecordedAt))),
                    Reason.NotBeneficiary);
                await Add(standing.Where(p => p.MemberId != null && db.Members.Any(m => m.Id == p.MemberId && m.State == MemberState.Deceased)), Reason.Deceased);
                await Add(standing.Where(p => p.MemberId != null && !db.Members.Any(m => m.Id == p.MemberId && m.State == MemberState.Deceased)
                    && !db.Members.Any(m => m.Id == p.MemberId && m.HouseholdId == p.HouseholdId && m.State == MemberState.Present)), Reason.NotPresent);
                break;
            case ControlList.Duplicate:
            {
                var household = Standing(db, "", year).Where(p => p.Kind == PaymentKind.Household && p.HouseholdId != null);
                await Add(household.Where(p => p.RegionCode.StartsWith(prefix)
                    && household.Any(o => o.Id != p.Id && o.HouseholdId == p.HouseholdId && o.PurposeType == p.PurposeType && o.Year == p.Year)), Reason.Duplicate);
                break;
            }
            default:
                await Add(standing.Where(p => p.ProjectId != null && p.AllocationId != null && db.Projects.Any(pr => pr.Id == p.ProjectId)
                    && !db.ProjectFunding.Any(f => f.ProjectId == p.ProjectId && (f.AllocationId == p.AllocationId || (f.AllocationId == null && f.Source == p.Source)))),
                    Reason.NotFundingLine);
                await Add(standing.Where(p => p.ProjectId != null && db.Projects.Any(pr => pr.Id == p.ProjectId
                    && (pr.Stage == ProjectStage.Proposed || pr.Stage == ProjectStage.Reviewed || pr.Stage == ProjectStage.Rejected))), Reason.NotInLibrary);
                await Add(standing.Where(p => p.Kind == PaymentKind.Household && p.ProjectId != null
                    && db.Projects.Any(pr => pr.Id == p.ProjectId && pr.Type != p.PurposeType)), Reason.PurposeMismatch);
                hits.AddRange(await OverBudgetAsync(db, prefix, year, ct));
                break;
        }
        return hits;
    }

    /// <summary>
    /// Payments that take a project beyond its budget: the projects with a payment in the area whose net payments (all the
    /// reader sees, dividends aside) exceed their funding lines; of those, the standing payment at which the running total
    /// first passes the budget and every standing payment after it.
    /// </summary>
    private static async Task<List<Hit>> OverBudgetAsync(JingzhunDbContext db, string prefix, int? year, CancellationToken ct)
    {
        var inArea = db.Payments.Where(p => p.RegionCode.StartsWith(prefix) && p.ProjectId != null).Select(p => p.ProjectId!.Value);
        var paid = await db.Payments.AsNoTracking().Where(p => p.ProjectId != null && p.Kind != PaymentKind.Dividend && inArea.Contains(p.ProjectId.Value))
            .GroupBy(p => p.ProjectId!.Value).Select(g => new { g.Key, Fen = g.Sum(p => (long)(object)p.Amount) }).ToListAsync(ct);
        if (paid.Count == 0) return [];
        var ids = paid.Select(p => p.Key).ToList();
        var visible = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        var budgets = await db.ProjectFunding.AsNoTracking().Where(f => ids.Contains(f.ProjectId))
            .GroupBy(f => f.ProjectId).Select(g => new { g.Key, Fen = g.Sum(f => (long)(object)f.Amount) }).ToDictionaryAsync(g => g.Key, g => g.Fen, ct);
        var over = paid.Where(p => visible.Contains(p.Key) && p.Fen > budgets.GetValueOrDefault(p.Key)).Select(p => p.Key).ToList();
        if (over.Count == 0) return [];
        var rows = await db.Payments.AsNoTracking().Where(p => p.ProjectId != null && over.Contains(p.ProjectId.Value) && p.Kind != PaymentKind.Dividend)
            .Select(p => new { p.Id, ProjectId = p.ProjectId!.Value, p.RegionCode, p.Year, p.PaidOn, p.Amount, p.ReversesId }).ToListAsync(ct);
        var reversed = rows.Where(r => r.ReversesId != null).Select(r => r.ReversesId!.Value).ToHashSet();
        var hits = new List<Hit>();
        foreach (var project in rows.GroupBy(r => r.ProjectId))
        {
            var budget = budgets.GetValueOrDefault(project.Key);
            // Reversals count where the payment they reverse stands, so a reversed pair adds nothing anywhere in the order.
            var net = project.Where(r => r.ReversesId == null && !reversed.Contains(r.Id)).OrderBy(r => r.PaidOn).ThenBy(r => r.Id).ToList();
            long running = 0;
            foreach (var r in net)
            {
                running += r.Amount.Fen;
                if (running > budget && r.RegionCode.StartsWith(prefix, StringComparison.Ordinal) && (year is null || r.Year == year))
                    hits.Add(new Hit(r.Id, r.RegionCode, Reason.OverBudget));
            }
        }
        return hits;
    }

    /// <summary>The flagged payments of one kind in the area: one per payment, with its region (for the counts by area).</summary>
    private static async Task<List<(long Id, string Region, IReadOnlyList<Reason> Reasons)>> FlaggedAsync(JingzhunDbContext db, string prefix, int? year,
        ControlList kind, CancellationToken ct) =>
        (await HitsAsync(db, prefix, year, kind, ct)).GroupBy(h => h.Id)
            .Select(g => (g.Key, g.First().Region, (IReadOnlyList<Reason>)g.Select(h => h.Reason).Distinct().Order().ToList()))
            .OrderBy(x => x.Key).ToList();

    /// <summary>One page of the flagged payments of one kind, or of every kind when <paramref name="kind"/> is null (by kind, then payment).</summary>
    public static async Task<ControlPage<FlaggedPayment>> FlaggedPaymentsAsync(JingzhunDbContext db, RegionCode code, int? year, ControlList? kind, int page, int pageSize,
        CancellationToken ct = default)
    {
        var all = new List<(ControlList Kind, long Id, IReadOnlyList<Reason> Reasons)>();
        IReadOnlyList<ControlList> kinds = kind is { } one ? [one] : FlagLists;
        foreach (var k in kinds)
            all.AddRange((await FlaggedAsync(db, code.Prefix, year, k, ct)).Select(f => (k, f.Id, f.Reasons)));
        var slice = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var ids = slice.Select(s => s.Id).Distinct().ToList();
        var payments = await db.Payments.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new
        {
            p.Id, p.RegionCode, p.Year, p.PaidOn, p.Kind, p.Amount, p.PurposeType, p.AllocationId, p.ProjectId, p.HouseholdId, p.MemberId, p.Payee, p.Voucher,
            ProjectNumber = db.Projects.Where(pr => pr.Id == p.ProjectId).Select(pr => pr.Number).FirstOrDefault(),
            HouseholdNumber = db.Households.Where(h => h.Id == p.HouseholdId).Select(h => h.Number).FirstOrDefault(),
        }).ToDictionaryAsync(p => p.Id, ct);
        var names = await RegionsAsOf.NamesAsync(db, payments.Values.Select(p => p.RegionCode).Distinct(), null, ct);
        var masked = db.Scope.Role == Role.AssistanceCadre;
        var rows = new List<FlaggedPayment>();
        foreach (var (k, id, reasons) in slice)
        {
            if (!payments.TryGetValue(id, out var p)) continue;
            var why = new Bilingual(string.Join("；", reasons.Select(r => Why(r).Chinese)), string.Join("; ", reasons.Select(r => Why(r).English)));
            rows.Add(new FlaggedPayment(k, p.Id, p.RegionCode, names.GetValueOrDefault(p.RegionCode) ?? p.RegionCode, p.Year, p.PaidOn, p.Kind, p.Amount, p.PurposeType,
                p.AllocationId, p.ProjectId, p.ProjectNumber ?? "", p.HouseholdId, p.HouseholdNumber ?? "", p.MemberId,
                masked && p.Payee.Length > 0 ? p.Payee[..1] + "**" : p.Payee, p.Voucher, why));
        }
        return new ControlPage<FlaggedPayment>(rows, all.Count, page, pageSize);
    }

    /// <summary>One page of the idle funds.</summary>
    public static async Task<ControlPage<IdleFund>> IdleFundsPageAsync(JingzhunDbContext db, RegionCode code, int? year, DateOnly today, int page, int pageSize,
        CancellationToken ct = default)
    {
        var all = await IdleFundsAsync(db, code, year, today, ct);
        return new ControlPage<IdleFund>(all.Skip((page - 1) * pageSize).Take(pageSize).ToList(), all.Count, page, pageSize);
    }

    /// <summary>
    /// One list of the area as an xlsx sheet with Chinese and English headers (every row), for an auditor to work through; the
    /// download is audited. Null when the reader may not see the area.
    /// </summary>
    public static async Task<byte[]?> ExportAsync(JingzhunDbContext db, string regionCode, int? year, ControlList list, DateTime now, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code) || !Enum.IsDefined(list)) return null;
        var today = DateOnly.FromDateTime(now);
        var rows = new List<Dictionary<string, object?>>();
        string[] headers;
        switch (list)
        {
            case ControlList.IdleFunds:
                headers = ["序号 No.", "资金编号 Allocation", "县代码 County code", "县 County", "年度 Year", "资金来源 Source", "文号 Document", "用途 Purpose",
                    "下达日期 Issued on", "下达金额(元) Allocated (yuan)", "已支付或下拨(元) Paid or passed down (yuan)", "未支付(元) Unpaid (yuan)",
                    "下达天数 Days since issue", "闲置天数 Idle after (days)", "原因 Why"];
                foreach (var f in await IdleFundsAsync(db, code, year, today, ct))
                    rows.Add(Row(headers, rows.Count + 1, f.AllocationId, f.CountyCode, f.CountyName, f.Year, Both(f.Source.Chinese(), f.Source.English()), f.DocumentNumber,
                        f.Purpose, f.IssuedOn.ToString("yyyy-MM-dd"), f.Allocated.Yuan, f.Paid.Yuan, f.Unpaid.Yuan, f.DaysSinceIssued, f.IdleDays, f.Why.Both));
                break;
            case ControlList.OverdueProjects:
                headers = ["序号 No.", "项目ID Project id", "项目编号 Number", "项目名称 Name", "地区代码 Region code", "地区 Region", "年度 Year", "类型 Type",
                    "阶段 Stage", "计划完工 Planned end", "逾期天数 Days overdue", "预算(元) Budget (yuan)", "原因 Why"];
                foreach (var p in (await OverdueProjectsAsync(db, code, year, today, 1, ExportLimit, ct)).Rows)
                    rows.Add(Row(headers, rows.Count + 1, p.ProjectId, p.Number, p.Name, p.RegionCode, p.RegionName, p.Year, Both(p.Type.Chinese(), p.Type.English()),
                        Both(p.Stage.Chinese(), p.Stage.English()), p.PlannedEnd.ToString("yyyy-MM-dd"), p.DaysOverdue, p.Budget.Yuan, p.Why.Both));
                break;
            default:
                headers = ["序号 No.", "类别 Flag", "支付ID Payment id", "地区代码 Region code", "地区 Region", "年度 Year", "支付日期 Paid on", "支付类型 Kind",
                    "金额(元) Amount (yuan)", "用途类型 Purpose", "资金ID Allocation id", "项目ID Project id", "项目编号 Project number", "户ID Household id",
                    "户编号 Household number", "成员ID Member id", "收款人 Payee", "凭证号 Voucher", "原因 Why"];
                foreach (var p in (await FlaggedPaymentsAsync(db, code, year, list, 1, ExportLimit, ct)).Rows)
                    rows.Add(Row(headers, rows.Count + 1, Both(p.Kind.Chinese(), p.Kind.English()), p.PaymentId, p.RegionCode, p.RegionName, p.Year,
                        p.PaidOn.ToString("yyyy-MM-dd"), Both(p.PaymentKind.Chinese(), p.PaymentKind.English()), p.Amount.Yuan,
                        Both(p.PurposeType.Chinese(), p.PurposeType.English()), p.AllocationId, p.ProjectId, p.ProjectNumber, p.HouseholdId, p.HouseholdNumber,
                        p.MemberId, p.Payee, p.Voucher, p.Why.Both));
                break;
        }
        var count = rows.Count;
        if (rows.Count == 0) rows.Add(headers.ToDictionary(h => h, _ => (object?)null));
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: list.Chinese(), cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "FundControl", EntityId = $"{code.Value} {list} {year?.ToString() ?? "all"}",
            RegionCode = code.Value,
            Reason = $"导出{list.Chinese()}（{code.Value}，{count}条） / exported {list.English()} of {code.Value} ({count} rows)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private static string Both(string zh, string en) => $"{zh} {en}";

    private static Dictionary<string, object?> Row(string[] headers, params object?[] values)
    {
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < headers.Length; i++) row[headers[i]] = values[i];
        return row;
    }
}
