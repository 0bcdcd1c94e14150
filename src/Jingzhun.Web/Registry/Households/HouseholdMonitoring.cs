using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// The household page's monitoring section (防返贫监测): the consent to data checks, the household's risk signals, its
/// monitored object and its open monitoring case with the decision clock. Read through the scoped context.
/// </summary>
public sealed class HouseholdMonitoring
{
    public DataCheckConsent? Consent { get; private init; }
    public List<RiskSignal> Signals { get; private init; } = [];
    public List<ScreeningVisit> Visits { get; private init; } = [];
    public List<MonitoredObject> Objects { get; private init; } = [];
    public WorkflowCase? OpenCase { get; private init; }
    public DateTime? DecisionDue { get; private init; }

    public MonitoredObject? Active => Objects.FirstOrDefault(o => o.IsActive);

    public static async Task<HouseholdMonitoring> LoadAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct)
    {
        var openCase = await db.Cases.AsNoTracking().Where(c => c.HouseholdId == householdId && c.Kind == CaseKind.Monitoring && c.ClosedAt == null)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        var signals = await db.RiskSignals.AsNoTracking().Where(s => s.HouseholdId == householdId).OrderByDescending(s => s.RaisedAt).ThenByDescending(s => s.Id).ToListAsync(ct);
        DateTime? due = null;
        if (openCase is not null)
        {
            var rules = await RuleBook.ForAsync(db, villageCode, openCase.Year, ct);
            var first = signals.Where(s => s.CaseId == openCase.Id).Select(s => (DateTime?)s.RaisedAt).Min() ?? openCase.OpenedAt;
            due = MonitoringRules.DecisionDue(first, rules);
        }
        return new HouseholdMonitoring
        {
            Consent = await db.DataConsents.AsNoTracking().Where(c => c.HouseholdId == householdId).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct),
            Signals = signals,
            Visits = await db.ScreeningVisits.AsNoTracking().Where(v => v.HouseholdId == householdId).OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id).Take(20).ToListAsync(ct),
            Objects = await db.MonitoredObjects.AsNoTracking().Where(m => m.HouseholdId == householdId).OrderByDescending(m => m.Id).ToListAsync(ct),
            OpenCase = openCase,
            DecisionDue = due,
        };
    }
}

/// <summary>The consent form: the date signed and the signed form's number.</summary>
public sealed class ConsentForm
{
    public DateOnly? GivenOn { get; set; }
    public string Document { get; set; } = "";
}

/// <summary>The screening visit form (排查走访): date, findings, and the risk found, if any.</summary>
public sealed class ScreeningForm
{
    public DateOnly? VisitedOn { get; set; }
    public string Findings { get; set; } = "";
    public bool RiskFound { get; set; }
    public RiskKind? Kind { get; set; }
}

/// <summary>An application on the household's behalf (代为申请): the difficulty and what it is about.</summary>
public sealed class ApplyForm
{
    public RiskKind? Kind { get; set; }
    public string Description { get; set; } = "";
}
