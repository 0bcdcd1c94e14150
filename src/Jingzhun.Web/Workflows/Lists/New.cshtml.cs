using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows.Lists;

/// <summary>
/// A village role draws up its village's yearly list: the exit list, pre-filled with the poor
/// households that the rules find exit-ready today (the clerk may untick), or the identification
/// list of households the clerk chooses. The list opens one case per household, all or none.
/// </summary>
public sealed class NewModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public sealed record Candidate(Household Household, Decision Decision, bool Ticked);

    [BindProperty(SupportsGet = true)] public CaseKind Kind { get; set; } = CaseKind.HouseholdExit;
    public int Year { get; private set; }
    public List<Candidate> Candidates { get; private set; } = [];
    /// <summary>Poor households the rules do not find exit-ready (not listed: an exit case needs an exit-ready decision).</summary>
    public int NotReady { get; private set; }
    public string? Problem { get; private set; }
    /// <summary>The reader's role does not draw up village lists (403).</summary>
    public bool IsRefused { get; private set; }

    public string Village => db.Scope.RegionPrefix;

    /// <summary>Village clerks and work teams open lists, for their own village only.</summary>
    public static bool MayCreateAny(AccessScope scope) => scope.Level == RegionLevel.Village && scope.CanWrite
        && WorkflowRules.MayAdvance(scope.Role, CaseKind.Identification, WorkflowRules.Start(CaseKind.Identification));

    private bool MayCreate => MayCreateAny(db.Scope) && Kind is CaseKind.HouseholdExit or CaseKind.Identification
        && WorkflowRules.MayAdvance(db.Scope.Role, Kind, WorkflowRules.Start(Kind));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!MayCreate) return Refused();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long[]? householdIds, string? title, CancellationToken ct)
    {
        if (!MayCreate) return Refused();
        var chosen = (householdIds ?? []).Distinct().ToList();
        if (chosen.Count == 0) return await RedisplayAsync(lang.T("请至少选择一户", "Choose at least one household"), StatusCodes.Status422UnprocessableEntity, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Year = await VillageYearAsync(now, ct);
        var name = string.IsNullOrWhiteSpace(title) ? $"{Village} {Year}年{Kind.Chinese()}名单" : title.Trim();
        try
        {
            // All or none: a household that cannot be listed leaves no half-made list behind.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await CaseWorkflow.OpenVillageListAsync(db, Kind, Village, Year, chosen, name, now, ct);
            await transaction.CommitAsync(ct);
            return Redirect($"/lists/{batch.Id}");
        }
        catch (WorkflowBlockedException blocked)
        {
            db.ChangeTracker.Clear();
            return await RedisplayAsync(lang.T(blocked.Text), StatusCodes.Status409Conflict, ct);
        }
    }

    private async Task<IActionResult> RedisplayAsync(string problem, int status, CancellationToken ct)
    {
        await LoadAsync(ct);
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Refused()
    {
        IsRefused = true;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    /// <summary>The households that may go on the list, evaluated live for the village's latest income year.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        Year = await VillageYearAsync(clock.GetUtcNow().UtcDateTime, ct);
        var statuses = Kind == CaseKind.HouseholdExit
            ? new[] { HouseholdStatus.Poor, HouseholdStatus.Returned }
            : [HouseholdStatus.NotPoor, HouseholdStatus.Exited, HouseholdStatus.Monitored];
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes).AsSplitQuery()
            .Where(h => h.VillageCode == Village && statuses.Contains(h.Status))
            .Where(h => !db.Cases.Any(c => c.HouseholdId == h.Id && c.Kind == Kind && c.ClosedAt == null))
            .OrderBy(h => h.Number).ToListAsync(ct);
        var rulesOf = await Data.Rules.RuleBook.YearsForAsync(db, Village, Year - 3, Year, ct);
        foreach (var h in households)
        {
            var decision = Kind == CaseKind.HouseholdExit ? HouseholdRules.EvaluateExit(h, rulesOf(Year), rulesOf) : HouseholdRules.EvaluateIdentification(h, rulesOf(Year));
            if (Kind == CaseKind.HouseholdExit && !decision.Passed) NotReady++;
            else Candidates.Add(new Candidate(h, decision, Kind == CaseKind.HouseholdExit));
        }
    }

    private async Task<int> VillageYearAsync(DateTime now, CancellationToken ct) =>
        await db.Incomes.Where(i => i.Household!.VillageCode == Village).MaxAsync(i => (int?)i.Year, ct) ?? now.Year - 1;
}
