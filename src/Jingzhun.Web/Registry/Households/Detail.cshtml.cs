using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;
using Jingzhun.Web.Workflows;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// One household with members, incomes, status history, change log and its assistance cadres
/// (帮扶责任人). Outside the reader's scope it does not exist (404). Personal data is shown as
/// <see cref="PersonalDataView"/> decides (masked for a cadre looking at a household not paired with it).
/// Those who may change the village pair cadres with the household and end pairings here.
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock, Can can) : PageModel
{
    public const int HistoryLimit = 200;

    public Household Household { get; private set; } = default!;
    public string RegionPath { get; private set; } = "";
    public List<AuditEntry> History { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; } = Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    /// <summary>How this reader sees the household's personal data: in full or masked.</summary>
    public PersonalDataView View { get; private set; } = PersonalDataView.Full;

    /// <summary>Active pairings with assistance cadres.</summary>
    public List<PairingRow> Pairings { get; private set; } = [];
    /// <summary>Whether the reader may pair cadres and end pairings (those who may change the village, not cadres).</summary>
    public bool CanManagePairings { get; private set; }
    /// <summary>Assistance cadres of the village not yet paired with the household.</summary>
    public List<CadreOption> Candidates { get; private set; } = [];
    public string? PairingProblem { get; private set; }
    /// <summary>Every pairing the household has had, newest first (who, from, to, reasons, whom it was handed to).</summary>
    public List<Domain.Assistance.CadrePairing> PairingHistory { get; private set; } = [];
    /// <summary>The roster entries of the cadres paired now: caseload against the limit, and whether they left (their pairing needs a handover).</summary>
    public Dictionary<int, Data.Assistance.CadreRow> PairedCadres { get; private set; } = [];

    /// <summary>Live rule evaluation (脱贫条件): exit readiness of a poor household, identification of any other.</summary>
    public Decision? Readiness { get; private set; }
    /// <summary>The household's cases, newest first, with the decisions they were opened on.</summary>
    public List<WorkflowCase> Cases { get; private set; } = [];
    public Dictionary<long, Decision> CaseDecisions { get; private set; } = [];
    public bool MayProposeExit { get; private set; }
    public bool MayProposeIdentification { get; private set; }
    public bool MayProposeRemoval { get; private set; }

    /// <summary>The monitoring section (防返贫监测): consent, signals, the monitored object, the open case and its clock.</summary>
    public HouseholdMonitoring Monitoring { get; private set; } = new();
    [BindProperty] public ConsentForm Consent { get; set; } = new();
    [BindProperty] public ScreeningForm Screening { get; set; } = new();
    [BindProperty] public ApplyForm Apply { get; set; } = new();
    /// <summary>Which monitoring form came back with errors (its section is opened).</summary>
    public string? MonitoringForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Records the household's signed consent to checks of its data with other departments.</summary>
    public async Task<IActionResult> OnPostConsentAsync(long id, CancellationToken ct)
    {
        if (await VillageOfAsync(id, ct) is not { } village) return NotFound();
        if (!can.RecordConsent(village)) throw Refused(village, new("记录数据核查授权", "record a consent"));
        Required(Consent.GivenOn is not null, "Consent.GivenOn", new("须填写授权日期", "the date of signing is needed"));
        Required(Consent.Document.Trim().Length is > 0 and <= 200, "Consent.Document", new("须填写授权书编号（200字以内）", "the signed form's number is needed (200 characters at most)"));
        return await MonitoringStepAsync(id, "consent", now => MonitoringWork.RecordConsentAsync(db, id, Consent.GivenOn!.Value, Consent.Document, now, ct), ct);
    }

    /// <summary>Withdraws the household's consent.</summary>
    public async Task<IActionResult> OnPostWithdrawConsentAsync(long id, CancellationToken ct)
    {
        if (await VillageOfAsync(id, ct) is not { } village) return NotFound();
        if (!can.RecordConsent(village)) throw Refused(village, new("撤回数据核查授权", "withdraw a consent"));
        return await MonitoringStepAsync(id, "consent", now => MonitoringWork.WithdrawConsentAsync(db, id, now, ct), ct);
    }

    /// <summary>A screening visit (排查走访); one that finds a risk raises a signal on the screening channel.</summary>
    public async Task<IActionResult> OnPostScreeningAsync(long id, CancellationToken ct)
    {
        if (await VillageOfAsync(id, ct) is not { } village) return NotFound();
        if (!can.ScreenHouseholds(village)) throw Refused(village, new("记录排查走访", "record a screening visit"));
        Required(Screening.VisitedOn is not null, "Screening.VisitedOn", new("须填写走访日期", "the date of the visit is needed"));
        Required(Screening.Findings.Trim().Length is > 0 and <= 1000, "Screening.Findings", new("须填写走访发现的情况（1000字以内）", "the visit's findings are needed (1000 characters at most)"));
        Required(!Screening.RiskFound || Screening.Kind is not null, "Screening.Kind", new("发现风险时须选择风险类型", "choose the kind of risk found"));
        var kind = Screening.RiskFound ? Screening.Kind : null;
        return await MonitoringStepAsync(id, "screening", now => MonitoringWork.RecordScreeningAsync(db, id, Screening.VisitedOn!.Value, Screening.Findings, kind, now, ct), ct);
    }

    /// <summary>代为申请: a cadre files the household's application; a signal on the application channel.</summary>
    public async Task<IActionResult> OnPostApplyAsync(long id, CancellationToken ct)
    {
        if (await VillageOfAsync(id, ct) is not { } village) return NotFound();
        if (!can.ScreenHouseholds(village)) throw Refused(village, new("代为申请", "apply on a household's behalf"));
        Required(Apply.Kind is not null, "Apply.Kind", new("须选择遇到的困难类型", "choose the kind of difficulty"));
        Required(Apply.Description.Trim().Length is > 0 and <= 1000, "Apply.Description", new("须说明遇到的困难（1000字以内）", "describe the difficulty (1000 characters at most)"));
        return await MonitoringStepAsync(id, "apply", now => MonitoringWork.RaiseSignalAsync(db,
            new SignalInput(id, DiscoveryChannel.Application, Apply.Kind!.Value, $"代为申请 / filed on the household's behalf: {Apply.Description.Trim()}"), now, ct), ct);
    }

    private async Task<string?> VillageOfAsync(long id, CancellationToken ct) =>
        await db.Households.Where(h => h.Id == id).Select(h => h.VillageCode).FirstOrDefaultAsync(ct);

    private static WorkflowRefusedException Refused(string village, Domain.Common.Bilingual what) =>
        new($"您的角色不能{what.Chinese}", $"your role may not {what.English}", village);

    private void Required(bool ok, string key, Domain.Common.Bilingual message)
    {
        if (!ok) ModelState.AddModelError(key, $"{message.Chinese} / {message.English}");
    }

    /// <summary>Post-redirect-get on success; the page again with the errors (422) or the step's reason (409).</summary>
    private async Task<IActionResult> MonitoringStepAsync(long id, string form, Func<DateTime, Task> step, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                await step(clock.GetUtcNow().UtcDateTime);
                return Redirect($"/households/{id}#monitoring");
            }
            catch (WorkflowBlockedException blocked)
            {
                ModelState.AddModelError("", lang.T(blocked.Text));
                db.ChangeTracker.Clear();
                if (!await LoadAsync(id, ct)) return NotFound();
                MonitoringForm = form;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        MonitoringForm = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Pairs an assistance cadre of the village with the household.</summary>
    public async Task<IActionResult> OnPostPairAsync(long id, int cadreId, string? reason, CancellationToken ct)
    {
        var result = await Data.Registry.Pairings.PairAsync(db, id, cadreId, reason ?? "", Today, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#pairings");
        return await RedisplayAsync(id, string.Join(" ", result.Errors.Select(e => e.Message(lang.English))), ct);
    }

    /// <summary>Ends a pairing; the assignment row stays with when and by whom it ended.</summary>
    public async Task<IActionResult> OnPostEndPairingAsync(long id, long pairingId, string? reason, CancellationToken ct)
    {
        var result = await Data.Registry.Pairings.EndAsync(db, id, pairingId, reason ?? "", Today, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#pairings");
        return await RedisplayAsync(id, string.Join(" ", result.Errors.Select(e => e.Message(lang.English))), ct);
    }

    /// <summary>Hands a pairing over to another cadre of the roster with the reason: the old pairing ends and points at the new one.</summary>
    public async Task<IActionResult> OnPostHandOverAsync(long id, long pairingId, int toCadreId, string? reason, CancellationToken ct)
    {
        var result = await Data.Registry.Pairings.HandOverAsync(db, id, pairingId, toCadreId, reason ?? "", Today, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#pairings");
        return await RedisplayAsync(id, string.Join(" ", result.Errors.Select(e => e.Message(lang.English))), ct);
    }

    private async Task<IActionResult> RedisplayAsync(long id, string problem, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        PairingProblem = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var household = await RegistrySearch.LoadAsync(db, id, ct: ct);
        if (household is null) return false;
        Household = household;
        View = await PersonalDataView.ForAsync(db, id, ct);
        RegionPath = await RegistrySearch.RegionPathAsync(db, household.VillageCode, ct);
        History = await Data.Audit.AuditSearch.HouseholdHistoryAsync(db, id, HistoryLimit, ct);
        CanWrite = await Data.Registry.Pairings.MayChangeAsync(db, id, household.VillageCode, ct);
        Pairings = await Data.Registry.Pairings.ActiveAsync(db, id, ct);
        PairingHistory = await Data.Registry.Pairings.HistoryAsync(db, id, ct);
        PairedCadres = [];
        foreach (var cadreId in Pairings.Select(p => p.CadreId).Distinct())
            if (await Data.Assistance.CadreRoster.FindAsync(db, cadreId, Today, ct) is { } row) PairedCadres[cadreId] = row;
        CanManagePairings = Data.Registry.Pairings.MayManage(db.Scope, household.VillageCode);
        if (CanManagePairings)
        {
            var paired = Pairings.Select(p => p.CadreId).ToHashSet();
            Candidates = (await Data.Registry.Pairings.CandidatesAsync(db, household.VillageCode, ct)).Where(c => !paired.Contains(c.CadreId)).ToList();
        }
        await LoadCasesAsync(household, ct);
        Monitoring = await HouseholdMonitoring.LoadAsync(db, id, household.VillageCode, ct);
        return true;
    }

    /// <summary>Why the household is exit-ready or not, its cases, and which cases the reader may open on it.</summary>
    private async Task LoadCasesAsync(Household household, CancellationToken ct)
    {
        var year = CaseReading.YearOf(household, clock.GetUtcNow().UtcDateTime);
        var poor = household.Status is HouseholdStatus.Poor or HouseholdStatus.Returned;
        Readiness = poor ? await CaseReading.ExitReadinessAsync(db, household, year, ct) : await CaseReading.IdentificationAsync(db, household, year, ct);
        Cases = await db.Cases.AsNoTracking().Include(c => c.Notices).Where(c => c.HouseholdId == household.Id).OrderByDescending(c => c.Id).ToListAsync(ct);
        CaseDecisions = await CaseReading.DecisionsAsync(db, Cases.Select(c => c.DecisionId), ct);
        bool MayOpen(CaseKind kind) => db.Scope.MayChange(household.VillageCode) && WorkflowRules.MayAdvance(db.Scope.Role, kind, WorkflowRules.Start(kind))
                                       && !Cases.Any(c => c.IsOpen && c.Kind == kind);
        MayProposeExit = poor && Readiness.Passed && MayOpen(CaseKind.HouseholdExit);
        MayProposeRemoval = poor && MayOpen(CaseKind.LookBackRemoval);
        MayProposeIdentification = household.Status is HouseholdStatus.NotPoor or HouseholdStatus.Exited or HouseholdStatus.Monitored && MayOpen(CaseKind.Identification);
    }

    /// <summary>An old or new value of the change log as the reader should see it (labels, yes/no, local time: see AuditLabels).</summary>
    public static string DisplayValue(AuditEntry entry, string? value, bool english) =>
        Data.Audit.AuditLabels.Value(entry.EntityType, entry.Field, value, english);
}
