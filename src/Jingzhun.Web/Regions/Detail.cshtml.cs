using Jingzhun.Domain.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Regions;

/// <summary>What the change forms of a region post (each form fills the fields it has).</summary>
public sealed class RegionChangeForm
{
    public DateOnly? Effective { get; set; }
    public string Reason { get; set; } = "";
    public string Name { get; set; } = "";
    public string Merged { get; set; } = "";
    /// <summary>The new units of a split, one per line: code, then name.</summary>
    public string Parts { get; set; } = "";
    public string Parent { get; set; } = "";
    public string NewCode { get; set; } = "";
    public bool IsWestern { get; set; }
    public bool IsPoorCounty { get; set; }
    public bool IsPoorVillage { get; set; }
    public bool IsDeepPoverty { get; set; }
    public int? PoorSinceYear { get; set; }
    public int? ExitedYear { get; set; }
    public string UrbanRuralClass { get; set; } = "";
    public int? Year { get; set; }
    public int? Population { get; set; }
}

/// <summary>
/// One unit of the region tree: its attributes, rural population by year, children and history (every row it had and
/// every change that named it), and for those who may change regions (province officers and above, administrators:
/// <see cref="RegionPolicy"/>) the forms to rename, merge, split, move it and set its attributes and population.
/// Others see it read-only; a change they post anyway is refused with 403 below the page.
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    [BindProperty] public RegionChangeForm Input { get; set; } = new();

    public Region Unit { get; private set; } = null!;
    public string? ParentName { get; private set; }
    public List<Region> Rows { get; private set; } = [];
    public List<RegionChange> Changes { get; private set; } = [];
    public List<RegionPopulation> Populations { get; private set; } = [];
    public List<Region> Children { get; private set; } = [];
    /// <summary>Units of the same level and county that this one may absorb (merge targets) or move under (townships).</summary>
    public List<Region> Siblings { get; private set; } = [];
    public List<Region> Townships { get; private set; } = [];
    public int Households { get; private set; }
    /// <summary>What the unit was designated as, with the years (贫困村 2014–2018, 国家扶贫开发工作重点县 2012–2020…).</summary>
    public List<Domain.PoorAreas.RegionDesignation> Designations { get; private set; } = [];
    /// <summary>The five-year transition of the unit's county (a county, or the county a township or village lies in), when it has exited.</summary>
    public Domain.Transition.TransitionPeriod? Transition { get; private set; }
    public bool MayChange { get; private set; }
    /// <summary>The form that was posted and came back with errors.</summary>
    public string? Posted { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        Input.Effective = Today;
        Input.Name = Unit.Name;
        Input.IsWestern = Unit.IsWestern;
        Input.IsPoorCounty = Unit.IsPoorCounty;
        Input.IsPoorVillage = Unit.IsPoorVillage;
        Input.IsDeepPoverty = Unit.IsDeepPoverty;
        Input.PoorSinceYear = Unit.PoorSinceYear;
        Input.ExitedYear = Unit.ExitedYear;
        Input.UrbanRuralClass = Unit.UrbanRuralClass;
        Input.Year = Today.Year;
        return Page();
    }

    public Task<IActionResult> OnPostRenameAsync(string code, CancellationToken ct) =>
        ChangeAsync(code, "rename", now => RegionChanges.RenameAsync(db, code, Input.Name, Input.Effective ?? default, Input.Reason, now, ct), ct);

    public Task<IActionResult> OnPostMergeAsync(string code, CancellationToken ct) =>
        ChangeAsync(code, "merge", now => RegionChanges.MergeAsync(db, code, Input.Merged, Input.Effective ?? default, Input.Reason, now, ct), ct);

    public Task<IActionResult> OnPostSplitAsync(string code, CancellationToken ct) =>
        ChangeAsync(code, "split", now =>
        {
            var parts = Input.Parts.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split([' ', '\t', ',', '，'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(p => (p[0], p.Length > 1 ? p[1] : "")).ToList();
            return RegionChanges.SplitAsync(db, code, parts, Input.Effective ?? default, Input.Reason, now, ct);
        }, ct);

    public Task<IActionResult> OnPostMoveAsync(string code, CancellationToken ct) =>
        ChangeAsync(code, "move", now => RegionChanges.MoveAsync(db, code, Input.Parent, Input.NewCode, Input.Effective ?? default, Input.Reason, now, ct), ct);

    public Task<IActionResult> OnPostAttributesAsync(string code, CancellationToken ct) =>
        ChangeAsync(code, "attributes", now => RegionChanges.SetAttributesAsync(db, code,
            // The poor flags and years follow the designations (PoorAreas): the form sends them back as they are.
            new RegionAttributes(Input.IsWestern, Unit.IsPoorCounty, Unit.IsPoorVillage, Unit.IsDeepPoverty, Unit.PoorSinceYear, Unit.ExitedYear, Input.UrbanRuralClass.Trim()),
            Input.Effective ?? default, Input.Reason, now, ct), ct);

    public Task<IActionResult> OnPostPopulationAsync(string code, CancellationToken ct) =>
        ChangeAsync(code, "population", async now =>
        {
            if (Input.Year is null || Input.Population is null)
                throw new RegionChangeException([new("population", "请填写年度和人口", "give the year and the population")]);
            await RegionChanges.SetPopulationAsync(db, code, Input.Year.Value, Input.Population.Value, Input.Reason, now, ct);
            return new RegionChangeResult([], 0);
        }, ct, needsDate: false);

    private async Task<IActionResult> ChangeAsync(string code, string form, Func<DateTime, Task<RegionChangeResult>> change, CancellationToken ct, bool needsDate = true)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        // Refused below the page too (Data/Regions/RegionSaveRules); answering here keeps the form from being shown to those who may not use it.
        if (!MayChange) throw new ScopeViolationException($"{db.Scope.Actor} may not change the region {code}", code);
        if (needsDate && Input.Effective is null)
            ModelState.AddModelError("Input.Effective", lang.T("请填写生效日期", "Give the effective date"));
        if (ModelState.IsValid)
        {
            try
            {
                var result = await change(clock.GetUtcNow().UtcDateTime);
                var target = result.Changes.FirstOrDefault(c => c.Kind is RegionChangeKind.Moved && c.FromCode == code)?.ToCode ?? code;
                return Redirect($"/regions/{target}?changed={form}");
            }
            catch (RegionChangeException e)
            {
                db.ChangeTracker.Clear();
                FormErrors.AddTo(ModelState, e.Errors, lang.English, FieldOf);
            }
        }
        Posted = form;
        await LoadAsync(code, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private static string? FieldOf(string field) => field switch
    {
        "effective" => "Input.Effective",
        "reason" => "Input.Reason",
        "name" => "Input.Name",
        "merged" or "into" => "Input.Merged",
        "parts" => "Input.Parts",
        "parent" => "Input.Parent",
        "newCode" => "Input.NewCode",
        "urbanRuralClass" => "Input.UrbanRuralClass",
        "poorSinceYear" => "Input.PoorSinceYear",
        "exitedYear" => "Input.ExitedYear",
        "year" => "Input.Year",
        "population" => "Input.Population",
        _ => null,
    };

    /// <summary>The unit (its current row, else its latest) when the reader may see it: inside its region, or one of its ancestors.</summary>
    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (!RegionCode.TryParse(code, out var parsed, out _) || code.Length != 12 || !db.Scope.CanRead) return false;
        var prefix = db.Scope.RegionPrefix;
        if (!code.StartsWith(prefix, StringComparison.Ordinal) && !prefix.StartsWith(parsed.Prefix, StringComparison.Ordinal)) return false;
        (Changes, Rows) = await RegionChanges.HistoryAsync(db, code, ct);
        if (Rows.Count == 0) return false;
        Unit = Rows.FirstOrDefault(r => r.ValidTo is null) ?? Rows[^1];
        Transition = parsed.Level >= RegionLevel.County ? await Data.Transition.Transitions.ForCountyAsync(db, code[..6], ct) : null;
        ParentName = Unit.ParentCode.Length == 0 ? null
            : (await RegionsAsOf.NamesAsync(db, [Unit.ParentCode], null, ct)).GetValueOrDefault(Unit.ParentCode);
        Populations = await db.RegionPopulations.AsNoTracking().Where(p => p.RegionCode == code).OrderBy(p => p.Year).ToListAsync(ct);
        Designations = await Data.PoorAreas.AreaDesignations.OfRegionAsync(db, code, ct);
        Children = await db.Regions.AsNoTracking().Where(r => r.ParentCode == code && r.ValidTo == null).OrderBy(r => r.Code).ToListAsync(ct);
        var unitPrefix = parsed.Prefix;
        Households = code.StartsWith(prefix, StringComparison.Ordinal)
            ? await db.Households.CountAsync(h => h.VillageCode.StartsWith(unitPrefix), ct) : 0;
        MayChange = Unit.ValidTo is null && RegionPolicy.MayChange(db.Scope, code);
        if (MayChange && Unit.Level is RegionLevel.Village or RegionLevel.Township)
        {
            var county = code[..6];
            Siblings = await db.Regions.AsNoTracking()
                .Where(r => r.Level == Unit.Level && r.ValidTo == null && r.Code != code && r.Code.StartsWith(county)).OrderBy(r => r.Code).ToListAsync(ct);
            Townships = await db.Regions.AsNoTracking()
                .Where(r => r.Level == RegionLevel.Township && r.ValidTo == null && r.Code != Unit.ParentCode && r.Code.StartsWith(county)).OrderBy(r => r.Code).ToListAsync(ct);
        }
        return true;
    }

    /// <summary>The field error of a form's input, only on the form that was posted.</summary>
    public string? ErrorOf(string form, string key) =>
        Posted == form && ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
}
