using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Workflows.Cases;

/// <summary>
/// What the case page shows of a monitoring case (监测对象认定): its signals with their evidence, the decision clock, the
/// home visits recorded and, at the home-visit stage, the verification form as the signals fill it (collect once). For a
/// risk-elimination case, the on-site assessment it rests on.
/// </summary>
public sealed class MonitoringCase
{
    public List<RiskSignal> Signals { get; private init; } = [];
    public List<HomeVisitRecord> Visits { get; private init; } = [];
    public DateTime? DecisionDue { get; private init; }
    public int DecisionDays { get; private init; }
    /// <summary>The form as the signals fill it, and how many of its fields they filled.</summary>
    public HomeVisitValues Prefill { get; private init; } = HomeVisitValues.Empty;
    public int Prefilled { get; private init; }
    /// <summary>For each prefilled field (by form name), where its value came from.</summary>
    public Dictionary<string, string> Sources { get; private init; } = [];
    public MonitoringCategory SuggestedType { get; private init; }
    public bool MayRecordHomeVisit { get; private init; }
    public MonitoredObject? Object { get; private init; }
    public RiskAssessment? Assessment { get; private init; }

    public static async Task<MonitoringCase?> LoadAsync(JingzhunDbContext db, WorkflowCase c, CancellationToken ct)
    {
        if (c.Kind == CaseKind.RiskElimination)
        {
            var monitored = await db.MonitoredObjects.AsNoTracking().Where(m => m.HouseholdId == c.HouseholdId && (m.EliminationCaseId == c.Id || m.State != RiskState.Eliminated))
                .OrderByDescending(m => m.Id).FirstOrDefaultAsync(ct);
            var assessment = monitored is null ? null : await db.RiskAssessments.AsNoTracking().Where(a => a.MonitoredObjectId == monitored.Id && a.Passed && a.RecordedAt <= c.OpenedAt)
                .OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.Id).FirstOrDefaultAsync(ct);
            return new MonitoringCase { Object = monitored, Assessment = assessment };
        }
        if (c.Kind != CaseKind.Monitoring) return null;
        var signals = await db.RiskSignals.AsNoTracking().Where(s => s.CaseId == c.Id).OrderBy(s => s.RaisedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var rules = await RuleBook.ForAsync(db, c.RegionCode, c.Year, ct);
        var start = signals.Select(s => (DateTime?)s.RaisedAt).Min() ?? c.OpenedAt;
        var (prefill, count) = await MonitoringWork.PrefillAsync(db, c.Id, ct);
        var sources = new Dictionary<string, string>();
        foreach (var (field, kinds) in FieldKinds)
        {
            var from = signals.Where(s => kinds.Contains(s.Kind) && (s.Amount is not null || field is not ("MedicalExpenses" or "DisasterLoss")))
                .Select(s => s.Channel == DiscoveryChannel.DepartmentWarning ? s.Source : s.Channel.Chinese()).Distinct().ToList();
            if (from.Count > 0) sources[field] = string.Join("、", from);
        }
        var status = c.Household?.Status ?? HouseholdStatus.NotPoor;
        return new MonitoringCase
        {
            Signals = signals,
            Visits = await db.HomeVisits.AsNoTracking().Where(v => v.CaseId == c.Id).OrderByDescending(v => v.Id).ToListAsync(ct),
            DecisionDue = MonitoringRules.DecisionDue(start, rules),
            DecisionDays = rules.MonitoringDecisionDays,
            Prefill = prefill,
            Prefilled = count,
            Sources = sources,
            SuggestedType = MonitoringRules.SuggestedType(status, signals.FirstOrDefault()?.Kind ?? RiskKind.OtherHardship),
            MayRecordHomeVisit = c.IsOpen && (c.Stage is Stage.Signal or Stage.HomeVisit)
                && (db.Scope.Role is Role.VillageClerk or Role.WorkTeamMember) && db.Scope.MayChange(c.RegionCode),
        };
    }

    /// <summary>Which signal kinds fill which field of the form (as <see cref="HomeVisitValues.FromSignals"/> does).</summary>
    private static readonly (string Field, RiskKind[] Kinds)[] FieldKinds =
    [
        ("MedicalExpenses", [RiskKind.MedicalExpense]), ("DisasterLoss", [RiskKind.Disaster]), ("NewDisability", [RiskKind.Disability]),
        ("OnDibao", [RiskKind.Dibao, RiskKind.Tekun]), ("Unemployed", [RiskKind.Unemployment]), ("ChildOutOfSchool", [RiskKind.DropOut]),
        ("HousingUnsafe", [RiskKind.HousingSafety]),
    ];
}

/// <summary>The home visit form (入户核查) as posted.</summary>
public sealed class HomeVisitForm
{
    public DateOnly? VisitedOn { get; set; }
    public decimal? ExpectedIncomePerCapita { get; set; }
    public decimal? MedicalExpenses { get; set; }
    public decimal? DisasterLoss { get; set; }
    public bool NewDisability { get; set; }
    public bool OnDibao { get; set; }
    public bool Unemployed { get; set; }
    public bool ChildOutOfSchool { get; set; }
    public bool HousingUnsafe { get; set; }
    public MonitoringCategory? ProposedType { get; set; }
    public List<PovertyCause> Causes { get; set; } = [];
    public string Findings { get; set; } = "";

    public HomeVisitValues Values() => new(Money(ExpectedIncomePerCapita), Money(MedicalExpenses), Money(DisasterLoss), NewDisability, OnDibao,
        Unemployed, ChildOutOfSchool, HousingUnsafe);

    private static Money? Money(decimal? yuan) => yuan is { } y ? new Money(decimal.Round(y, 2)) : null;

    public PovertyCause CauseFlags() => Causes.Aggregate(PovertyCause.None, (a, b) => a | b);
}
