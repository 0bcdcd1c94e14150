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

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// One household with members, incomes, status history, change log and its assistance cadres
/// (帮扶责任人). Outside the reader's scope it does not exist (404). Personal data is shown as
/// <see cref="PersonalDataView"/> decides (masked for a cadre looking at a household not paired with it).
/// Those who may change the village pair cadres with the household and end pairings here.
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public const int HistoryLimit = 200;

    public Household Household { get; private set; } = default!;
    public string RegionPath { get; private set; } = "";
    public List<AuditEntry> History { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; } = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>How this reader sees the household's personal data: in full or masked.</summary>
    public PersonalDataView View { get; private set; } = PersonalDataView.Full;

    /// <summary>Active pairings with assistance cadres.</summary>
    public List<PairingRow> Pairings { get; private set; } = [];
    /// <summary>Whether the reader may pair cadres and end pairings (those who may change the village, not cadres).</summary>
    public bool CanManagePairings { get; private set; }
    /// <summary>Assistance cadres of the village not yet paired with the household.</summary>
    public List<CadreOption> Candidates { get; private set; } = [];
    public string? PairingProblem { get; private set; }

    /// <summary>Live rule evaluation (脱贫条件): exit readiness of a poor household, identification of any other.</summary>
    public Decision? Readiness { get; private set; }
    /// <summary>The household's cases, newest first, with the decisions they were opened on.</summary>
    public List<WorkflowCase> Cases { get; private set; } = [];
    public Dictionary<long, Decision> CaseDecisions { get; private set; } = [];
    public bool MayProposeExit { get; private set; }
    public bool MayProposeIdentification { get; private set; }
    public bool MayProposeRemoval { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Pairs an assistance cadre of the village with the household.</summary>
    public async Task<IActionResult> OnPostPairAsync(long id, int accountId, CancellationToken ct)
    {
        var result = await Data.Registry.Pairings.PairAsync(db, id, accountId, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#pairings");
        return await RedisplayAsync(id, string.Join(" ", result.Errors.Select(e => e.Message(lang.English))), ct);
    }

    /// <summary>Ends a pairing; the assignment row stays with when and by whom it ended.</summary>
    public async Task<IActionResult> OnPostEndPairingAsync(long id, long assignmentId, CancellationToken ct)
    {
        var result = await Data.Registry.Pairings.EndAsync(db, id, assignmentId, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        return Redirect($"/households/{id}#pairings");
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
        CanManagePairings = Data.Registry.Pairings.MayManage(db.Scope, household.VillageCode);
        if (CanManagePairings)
        {
            var paired = Pairings.Select(p => p.AccountId).ToHashSet();
            Candidates = (await Data.Registry.Pairings.CandidatesAsync(db, household.VillageCode, ct)).Where(c => !paired.Contains(c.AccountId)).ToList();
        }
        await LoadCasesAsync(household, ct);
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

    private static readonly Dictionary<string, Type> AuditedTypes = new()
    {
        [nameof(Domain.Registry.Household)] = typeof(Household),
        [nameof(Member)] = typeof(Member),
        [nameof(HouseholdIncome)] = typeof(HouseholdIncome),
        [nameof(HouseholdStatusChange)] = typeof(Household),
    };

    private static readonly Domain.Common.Bilingual ListSeparator = new("、", ", ");

    /// <summary>An old or new value of the change log as the reader should see it: enumeration codes become their labels.</summary>
    public static string? DisplayValue(AuditEntry entry, string? value, bool english)
    {
        if (value is null || entry.Field is null || !AuditedTypes.TryGetValue(entry.EntityType, out var type)) return value;
        var property = type.GetProperty(entry.Field);
        var enumType = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (enumType is not { IsEnum: true } || !Enum.TryParse(enumType, value, out var parsed)) return value;
        var e = (Enum)parsed!;
        if (Enum.IsDefined(enumType, e)) return Domain.Common.Labels.Label(e, english);
        if (!enumType.IsDefined(typeof(FlagsAttribute), false)) return value;
        var parts = Enum.GetValues(enumType).Cast<Enum>().Where(f => Convert.ToInt64(f, System.Globalization.CultureInfo.InvariantCulture) != 0 && e.HasFlag(f));
        return string.Join(ListSeparator.In(english), parts.Select(f => Domain.Common.Labels.Label(f, english)));
    }
}
