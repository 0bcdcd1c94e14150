using Jingzhun.Data.Database;
using Jingzhun.Data.PoorAreas;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.PoorAreas;

/// <summary>
/// A county's villages judged by the poor-village rule (一高一低一无) with the village's application that opens the
/// identification case; the county's and its villages' designations with their years, recorded and ended by county
/// officers and above; the what-if of the rule by township. Every write is a step of Data/PoorAreas.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>What-if inputs: the incidence multiple and the income share in percent (the rule's values by default).</summary>
    [BindProperty(SupportsGet = true)] public decimal? Multiple { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? SharePercent { get; set; }

    public int ShownYear { get; private set; }
    public Region County { get; private set; } = null!;
    public List<VillageRow> Villages { get; private set; } = [];
    public List<RegionDesignation> Designations { get; private set; } = [];
    public Dictionary<string, string> Names { get; private set; } = [];
    public List<VillageWhatIfLine> WhatIf { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MayDesignate { get; private set; }

    /// <summary>The kinds a county officer records by hand: all but the poor village, which only identification makes.</summary>
    public static IReadOnlyList<DesignationKind> RecordableKinds { get; } =
        Enum.GetValues<DesignationKind>().Where(k => k != DesignationKind.PoorVillage).ToList();

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct) =>
        await LoadAsync(regionCode, ct) ? Page() : NotFound();

    /// <summary>The village committee's application with the incomes it declares.</summary>
    public Task<IActionResult> OnPostApplyAsync(string regionCode, string villageCode, decimal? perCapitaIncome, decimal? collectiveIncome, string? reason,
        CancellationToken ct) =>
        StepAsync(regionCode, async now =>
        {
            if (perCapitaIncome is null || collectiveIncome is null)
                return lang.T("请填写村农民人均纯收入和村集体经济收入", "Give the villagers' per-capita net income and the collective income");
            var (decision, opened) = await VillageIdentification.ApplyAsync(db, villageCode, Year ?? RulesApi.DefaultYear(clock),
                new VillageApplication(perCapitaIncome.Value, collectiveIncome.Value, reason ?? ""), now, ct);
            return opened is not null ? $"/cases/{opened.Id}" : lang.T("不符合贫困村识别标准：", "Does not meet the poor-village rule: ") + decision.Summary(lang.English);
        }, ct);

    public Task<IActionResult> OnPostDesignateAsync(string regionCode, string targetCode, DesignationKind kind, int fromYear, int? toYear, string? source,
        CancellationToken ct) =>
        StepAsync(regionCode, async now =>
        {
            await AreaDesignations.RecordAsync(db, new DesignationForm(targetCode, kind, fromYear, toYear, source ?? ""), now, ct);
            return lang.T("认定已记录并记入审计日志。", "The designation was recorded and written to the audit log.");
        }, ct);

    public Task<IActionResult> OnPostEndAsync(string regionCode, long designationId, int lastYear, string? reason, CancellationToken ct) =>
        StepAsync(regionCode, async now =>
        {
            await AreaDesignations.EndAsync(db, designationId, lastYear, reason ?? "", now, ct);
            return lang.T("认定已结束并记入审计日志。", "The designation was ended and written to the audit log.");
        }, ct);

    public bool MayApply(VillageRow row) => row.OpenCaseId is null && !row.IsPoorVillage && db.Scope.MayChange(row.Code)
        && WorkflowRules.MayAdvance(db.Scope.Role, CaseKind.VillageIdentification, Stage.VillageApplication);

    public string NameOf(string code) => Names.GetValueOrDefault(code, code);

    /// <summary>Runs a step; a path it returns is where to go, any other text a message shown on the page.</summary>
    private async Task<IActionResult> StepAsync(string regionCode, Func<DateTime, Task<string>> step, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        try
        {
            var outcome = await step(clock.GetUtcNow().UtcDateTime);
            if (outcome.StartsWith('/')) return Redirect(outcome);
            Message = outcome;
        }
        catch (WorkflowBlockedException blocked)
        {
            db.ChangeTracker.Clear();
            Message = lang.T(blocked.Text);
        }
        await LoadAsync(regionCode, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(string regionCode, CancellationToken ct)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _) || code.Level != RegionLevel.County || !db.Scope.CanRead) return false;
        var prefix = db.Scope.RegionPrefix;
        if (!regionCode.StartsWith(prefix, StringComparison.Ordinal) && !prefix.StartsWith(code.Prefix, StringComparison.Ordinal)) return false;
        var county = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == regionCode && r.ValidTo == null, ct);
        if (county is null) return false;
        County = county;
        ShownYear = Year ?? RulesApi.DefaultYear(clock);
        Villages = await VillageIdentification.ListAsync(db, regionCode, ShownYear, ct);
        var inScope = prefix.Length > code.Prefix.Length ? prefix : code.Prefix;
        Designations = await db.Designations.AsNoTracking().Where(d => d.RegionCode.StartsWith(inScope) || d.RegionCode == regionCode)
            .OrderBy(d => d.RegionCode).ThenBy(d => d.FromYear).ThenBy(d => d.Id).ToListAsync(ct);
        Names = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Code.StartsWith(code.Prefix)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        MayDesignate = AreaDesignations.MayDesignate(db.Scope, regionCode);
        var rules = await Data.Rules.RuleBook.ForAsync(db, regionCode, ShownYear, ct);
        Multiple ??= rules.PoorVillageIncidenceMultiple;
        SharePercent ??= rules.PoorVillageIncomeShare * 100m;
        WhatIf = await VillageIdentification.WhatIfAsync(db, regionCode, ShownYear, Multiple.Value, SharePercent.Value / 100m, ct);
        return true;
    }
}
