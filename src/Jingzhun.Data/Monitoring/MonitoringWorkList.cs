using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>
/// One open monitoring case on the work list: whose turn it is, and its 15-day clock (a recognition case only: the
/// decision is due <see cref="RuleSet.MonitoringDecisionDays"/> days after the first signal; risk elimination has no clock).
/// </summary>
public sealed record MonitoringCaseRow(long CaseId, CaseKind Kind, Stage Stage, long HouseholdId, string HouseholdNumber, string VillageCode,
    string VillageName, RegionLevel? Turn, DateTime SignalAt, DateTime? DueAt, int DaysLeft, int DaysOverdue, bool MyTurn)
{
    public bool Overdue => DaysOverdue > 0;
}

/// <summary>The overdue cases that count against one level: those whose turn it is at that level.</summary>
public sealed record OverdueList(RegionLevel Level, IReadOnlyList<MonitoringCaseRow> Cases);

/// <summary>
/// A signal awaiting attention: a public application that matched no household, an exclusion check to review, new
/// evidence on a household already monitored. The applicant's name and contact are for staff only.
/// </summary>
public sealed record SignalRow(long Id, DiscoveryChannel Channel, RiskKind Kind, SignalState State, string VillageCode, string VillageName,
    long? HouseholdId, string? HouseholdNumber, DateTime RaisedAt, string Source, string Evidence, string ReceiptNumber,
    string ApplicantName, string ApplicantContact, long? CaseId, string Outcome);

/// <summary>A monitored household that needs something done, and what.</summary>
public sealed record MonitoredRow(long Id, long HouseholdId, string HouseholdNumber, string VillageCode, string VillageName,
    MonitoringCategory Type, RiskClass RiskClass, RiskState State, DateTime RecognisedAt, DateTime? EliminatedAt, Bilingual Action);

/// <summary>An on-site assessment as the monitored household's record shows it (yuan).</summary>
public sealed record AssessmentRow(long Id, DateOnly AssessedOn, string AssessedBy, decimal IncomePerCapita, decimal MonitoringLine, string RuleSet,
    bool IncomeStable, bool FoodAndClothing, bool CompulsoryEducation, bool BasicMedical, bool SafeHousing, bool SafeWater, bool Passed, string Comment);

/// <summary>A monitored household's record: type, class, causes, how it was found, its risk state, the city's evaluation.</summary>
public sealed record MonitoredObjectView(long Id, long HouseholdId, string HouseholdNumber, string VillageCode, string VillageName,
    MonitoringCategory Type, RiskClass RiskClass, PovertyCause Causes, int People, DiscoveryChannel Channel, DateTime FoundAt, DateTime RecognisedAt,
    int RecognisedYear, long RecognitionCaseId, RiskState State, DateTime? EliminatedAt, long? EliminationCaseId, long? OpenEliminationCaseId,
    DateTime? EvaluatedAt, string EvaluatedBy, bool? EvaluatedEffective, string Evaluation, Bilingual NextAction, IReadOnlyList<AssessmentRow> Assessments);

/// <summary>The monitoring work of the signed-in account's level.</summary>
public sealed record MonitoringWorkView(RegionLevel? Level, DateTime Now, IReadOnlyList<MonitoringCaseRow> Mine, IReadOnlyList<MonitoringCaseRow> Open,
    IReadOnlyList<OverdueList> Overdue, IReadOnlyList<SignalRow> Signals, IReadOnlyList<MonitoredRow> NeedingAction);

/// <summary>
/// The monitoring work list (DESIGN §4, 003.md §3.8): open recognition and elimination cases in the reader's region with
/// the level whose turn it is (from the step roles of <see cref="WorkflowRules"/>) and the 15-day clock; overdue lists
/// per level; signals awaiting attention; monitored households needing action. Reads only, through the scoped context.
/// </summary>
public static class MonitoringWorkList
{
    /// <summary>The most rows one list shows; a county with more sees the oldest first.</summary>
    public const int Limit = 500;

    public static readonly RegionLevel[] Levels = [RegionLevel.Village, RegionLevel.Township, RegionLevel.County];

    /// <summary>The level that takes the next step of a case at this stage, from the roles of that step.</summary>
    public static RegionLevel? TurnOf(CaseKind kind, Stage stage) =>
        WorkflowRules.Next(kind, stage)?.Roles.Select(r => r.OfficerLevel()).FirstOrDefault(l => l is not null);

    public static async Task<MonitoringWorkView> LoadAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var role = db.Scope.Role;
        var level = role?.OfficerLevel();
        var cases = await OpenCasesAsync(db, now, ct);
        var mine = cases.Where(c => c.MyTurn).ToList();
        var overdue = Levels.Select(l => new OverdueList(l, cases.Where(c => c.Overdue && c.Turn == l).OrderByDescending(c => c.DaysOverdue).ToList())).ToList();
        return new MonitoringWorkView(level, now, mine, cases, overdue, await SignalsAsync(db, now, ct), await NeedingActionAsync(db, ct));
    }

    /// <summary>Open monitoring and risk-elimination cases in scope with their clocks, the oldest signal first.</summary>
    public static async Task<IReadOnlyList<MonitoringCaseRow>> OpenCasesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var open = await db.Cases.AsNoTracking()
            .Where(c => (c.Kind == CaseKind.Monitoring || c.Kind == CaseKind.RiskElimination) && c.ClosedAt == null && c.HouseholdId != null)
            .OrderBy(c => c.OpenedAt).ThenBy(c => c.Id).Take(Limit)
            .Select(c => new
            {
                c.Id, c.Kind, c.Stage, c.Year, HouseholdId = c.HouseholdId!.Value, c.Household!.Number, c.RegionCode, c.OpenedAt,
                FirstSignal = db.RiskSignals.Where(s => s.CaseId == c.Id).Min(s => (DateTime?)s.RaisedAt),
            })
            .ToListAsync(ct);
        var names = await NamesAsync(db, open.Select(c => c.RegionCode), ct);
        var rules = new Dictionary<(string, int), RuleSet>();
        var rows = new List<MonitoringCaseRow>(open.Count);
        foreach (var c in open)
        {
            var signalAt = c.FirstSignal ?? c.OpenedAt;
            DateTime? due = null;
            int left = 0, over = 0;
            if (c.Kind == CaseKind.Monitoring)
            {
                var key = (Household.CountyOf(c.RegionCode), c.Year);
                if (!rules.TryGetValue(key, out var set)) rules[key] = set = await RuleBook.ForAsync(db, c.RegionCode, c.Year, ct);
                var dueAt = MonitoringRules.DecisionDue(signalAt, set);
                due = dueAt;
                if (MonitoringRules.IsOverdue(signalAt, now, set)) over = Math.Max(1, WholeDays(now - dueAt));
                else left = WholeDays(dueAt - now);
            }
            rows.Add(new MonitoringCaseRow(c.Id, c.Kind, c.Stage, c.HouseholdId, c.Number, c.RegionCode, names.GetValueOrDefault(c.RegionCode, c.RegionCode),
                TurnOf(c.Kind, c.Stage), signalAt, due, left, over, WorkflowRules.MayAdvance(db.Scope.Role, c.Kind, c.Stage)));
        }
        return rows.OrderBy(r => r.DueAt ?? DateTime.MaxValue).ThenBy(r => r.SignalAt).ToList();
    }

    /// <summary>Signals a person must look at: unmatched applications, exclusion checks, new evidence on monitored households (30 days).</summary>
    public static async Task<IReadOnlyList<SignalRow>> SignalsAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var since = now.AddDays(-30);
        var rows = await db.RiskSignals.AsNoTracking()
            .Where(s => s.State == SignalState.Unmatched || s.State == SignalState.ExclusionFlagged
                        || s.State == SignalState.AlreadyMonitored && s.RaisedAt >= since)
            .OrderBy(s => s.RaisedAt).ThenBy(s => s.Id).Take(Limit)
            .Select(s => new { Signal = s, Number = s.Household == null ? null : s.Household.Number })
            .ToListAsync(ct);
        var names = await NamesAsync(db, rows.Select(r => r.Signal.VillageCode), ct);
        return rows.Select(r => Row(r.Signal, r.Number, names)).ToList();
    }

    /// <summary>Every signal of a household, newest first (its monitoring history as it came in).</summary>
    public static async Task<IReadOnlyList<SignalRow>?> HouseholdSignalsAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == householdId).Select(h => new { h.Number, h.VillageCode }).FirstOrDefaultAsync(ct);
        if (household is null) return null;
        var signals = await db.RiskSignals.AsNoTracking().Where(s => s.HouseholdId == householdId)
            .OrderByDescending(s => s.RaisedAt).ThenByDescending(s => s.Id).Take(Limit).ToListAsync(ct);
        var names = await NamesAsync(db, [household.VillageCode], ct);
        return signals.Select(s => Row(s, household.Number, names)).ToList();
    }

    /// <summary>
    /// Monitored households needing action: not eliminated and no elimination under way (a continuing one needs a new
    /// on-site assessment, one with a passing assessment may be proposed for elimination, one never assessed awaits
    /// its assessment), and eliminated ones the city has not yet evaluated.
    /// </summary>
    public static async Task<IReadOnlyList<MonitoredRow>> NeedingActionAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var rows = await db.MonitoredObjects.AsNoTracking()
            .Where(m => m.State != RiskState.Eliminated
                        && !db.Cases.Any(c => c.HouseholdId == m.HouseholdId && c.Kind == CaseKind.RiskElimination && c.ClosedAt == null)
                        || m.State == RiskState.Eliminated && m.EvaluatedAt == null)
            .OrderBy(m => m.RecognisedAt).ThenBy(m => m.Id).Take(Limit)
            .Select(m => new
            {
                Object = m, m.Household!.Number,
                Latest = db.RiskAssessments.Where(a => a.MonitoredObjectId == m.Id).OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.Id)
                    .Select(a => (bool?)a.Passed).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var names = await NamesAsync(db, rows.Select(r => r.Object.VillageCode), ct);
        return rows.Select(r => new MonitoredRow(r.Object.Id, r.Object.HouseholdId, r.Number, r.Object.VillageCode,
            names.GetValueOrDefault(r.Object.VillageCode, r.Object.VillageCode), r.Object.Type, r.Object.RiskClass, r.Object.State,
            r.Object.RecognisedAt, r.Object.EliminatedAt, ActionOf(r.Object.State, r.Latest))).ToList();
    }

    /// <summary>One monitored household with its assessments and the signals of its recognition; null outside scope.</summary>
    public static async Task<MonitoredObjectView?> ObjectAsync(JingzhunDbContext db, long id, CancellationToken ct = default)
    {
        var m = await db.MonitoredObjects.AsNoTracking().Include(o => o.Household).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (m is null) return null;
        var stored = await db.RiskAssessments.AsNoTracking().Where(a => a.MonitoredObjectId == id)
            .OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.Id).ToListAsync(ct);
        var assessments = stored.Select(a => new AssessmentRow(a.Id, a.AssessedOn, a.AssessedBy, a.IncomePerCapita.Yuan, a.MonitoringLine.Yuan, a.RuleSet, a.IncomeStable,
                a.FoodAndClothing, a.CompulsoryEducation, a.BasicMedical, a.SafeHousing, a.SafeWater, a.Passed, a.Comment)).ToList();
        var openElimination = await db.Cases.AsNoTracking()
            .Where(c => c.HouseholdId == m.HouseholdId && c.Kind == CaseKind.RiskElimination && c.ClosedAt == null).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        var names = await NamesAsync(db, [m.VillageCode], ct);
        return new MonitoredObjectView(m.Id, m.HouseholdId, m.Household!.Number, m.VillageCode, names.GetValueOrDefault(m.VillageCode, m.VillageCode),
            m.Type, m.RiskClass, m.Causes, m.People, m.Channel, m.FoundAt, m.RecognisedAt, m.RecognisedYear, m.RecognitionCaseId, m.State,
            m.EliminatedAt, m.EliminationCaseId, openElimination, m.EvaluatedAt, m.EvaluatedBy, m.EvaluatedEffective, m.Evaluation,
            ActionOf(m.State, assessments.FirstOrDefault()?.Passed), assessments);
    }

    /// <summary>Days begun, counted in whole seconds (PostgreSQL keeps microseconds, the clock ticks: a tick is no new day).</summary>
    private static int WholeDays(TimeSpan span) => (int)Math.Ceiling(Math.Floor(span.TotalSeconds) / 86_400d);

    /// <summary>What a monitored household needs next, in words.</summary>
    public static Bilingual ActionOf(RiskState state, bool? latestAssessmentPassed) => state switch
    {
        RiskState.Eliminated => new("待市级评估帮扶成效", "awaiting the city's evaluation"),
        RiskState.Continuing => new("未消除，继续帮扶，须重新实地核查评估", "not eliminated: keep assisting and assess again on site"),
        _ when latestAssessmentPassed == true => new("实地核查评估已通过，可提出风险消除", "on-site assessment passed: risk elimination may be proposed"),
        _ => new("落实帮扶措施，待实地核查评估", "assistance under way; on-site assessment pending"),
    };

    private static SignalRow Row(RiskSignal s, string? number, IReadOnlyDictionary<string, string> names) =>
        new(s.Id, s.Channel, s.Kind, s.State, s.VillageCode, names.GetValueOrDefault(s.VillageCode, s.VillageCode), s.HouseholdId, number,
            s.RaisedAt, s.Source, s.Evidence, s.ReceiptNumber, s.ApplicantName, s.ApplicantContact, s.CaseId, s.Outcome);

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        if (list.Count == 0) return new Dictionary<string, string>();
        return await db.Regions.AsNoTracking().Where(r => list.Contains(r.Code) && r.ValidTo == null)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
    }
}
