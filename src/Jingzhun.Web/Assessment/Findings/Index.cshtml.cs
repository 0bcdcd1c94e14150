using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assessment.Findings;

/// <summary>
/// An area's findings (/assessment/findings/{code}): the list with filters, the overdue list (the area's own and every one
/// below), the report by level with links down the tree, and the raise form for the supervising offices
/// (<see cref="AssessmentRoles.Supervise"/>). A refused value comes back at the form (422); a wrong role is 403.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class RaiseForm
    {
        [TextLimit(12)] public string? RegionCode { get; set; }
        public FindingSource? Source { get; set; }
        public FindingSeverity? Severity { get; set; }
        [TextLimit(200)] public string? Title { get; set; }
        [TextLimit(4000, Lines = true)] public string? Description { get; set; }
        [TextLimit(200)] public string? ResponsibleUnit { get; set; }
        public DateOnly? FoundOn { get; set; }
        public DateOnly? Deadline { get; set; }
        /// <summary>户编号 of the households concerned, separated by commas, spaces or lines.</summary>
        [TextLimit(4000, Lines = true)] public string? Households { get; set; }
        /// <summary>项目编号 of the projects concerned.</summary>
        [TextLimit(4000, Lines = true)] public string? Projects { get; set; }
    }

    [BindProperty] public RaiseForm Raise { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "state")] public FindingState? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "source")] public FindingSource? Source { get; set; }
    [BindProperty(SupportsGet = true, Name = "severity")] public FindingSeverity? Severity { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "overdue")] public bool OverdueOnly { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public FindingPage List { get; private set; } = null!;
    public FindingPage Overdue { get; private set; } = null!;
    public FindingLevelReport Report { get; private set; } = null!;
    public bool MayRaise { get; private set; }
    public bool RaiseSentBack { get; private set; }

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct) => await LoadAsync(regionCode, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRaiseAsync(string regionCode, CancellationToken ct)
    {
        if (!Data.Assessment.Findings.IsVisible(db, regionCode, out _)) return NotFound();
        if (ModelState.IsValid)
        {
            try
            {
                var households = await IdsAsync(Raise.Households, n => db.Households.AsNoTracking().Where(h => h.Number == n).Select(h => (long?)h.Id), "户", "household", ct);
                var projects = await IdsAsync(Raise.Projects, n => db.Projects.AsNoTracking().Where(p => p.Number == n).Select(p => (long?)p.Id), "项目", "project", ct);
                var finding = await Data.Assessment.Findings.RaiseAsync(db, new FindingInput(string.IsNullOrWhiteSpace(Raise.RegionCode) ? regionCode : Raise.RegionCode.Trim(),
                    Raise.Source ?? 0, Raise.Severity ?? 0, Raise.Title, Raise.Description, Raise.ResponsibleUnit, Raise.FoundOn, Raise.Deadline, households, projects),
                    clock.GetUtcNow().UtcDateTime, ct);
                return Redirect($"/assessment/findings/detail/{finding.Id}");
            }
            catch (AssessmentInputException e) { ModelState.AddModelError("raise", lang.T(e.Text)); }
        }
        else
        {
            // Name each refused field, so the form says what to correct.
            var refused = ModelState.Where(m => m.Value?.Errors.Count > 0).SelectMany(m => m.Value!.Errors.Select(e => $"{m.Key}: {e.ErrorMessage}")).ToList();
            ModelState.AddModelError("raise", lang.T("输入有误", "Some fields are not valid") + " " + string.Join("; ", refused));
        }
        db.ChangeTracker.Clear();
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        RaiseSentBack = true;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The ids of the numbers typed; a number not found (or outside the reader's region) is refused by name.</summary>
    private static async Task<List<long>> IdsAsync(string? text, Func<string, IQueryable<long?>> find, string zh, string en, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var number in (text ?? "").Split([',', '，', ' ', '\n', '\r', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
        {
            var id = await find(number).FirstOrDefaultAsync(ct)
                ?? throw AssessmentSteps.Invalid($"找不到编号为{number}的{zh}", $"no {en} numbered {number}");
            ids.Add(id);
        }
        return ids;
    }

    public IEnumerable<string> Errors => ModelState.TryGetValue("raise", out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    private async Task<bool> LoadAsync(string regionCode, CancellationToken ct)
    {
        var today = Data.Assessment.Findings.Today(clock.GetUtcNow().UtcDateTime);
        if (Year is < 2000 or > 2100) Year = null;
        var filter = new FindingFilter(State is { } s && Enum.IsDefined(s) ? s : null, Source is { } so && Enum.IsDefined(so) ? so : null,
            Severity is { } se && Enum.IsDefined(se) ? se : null, OverdueOnly, Year, Math.Clamp(PageNumber ?? 1, 1, 100_000));
        var list = await Data.Assessment.Findings.ListAsync(db, regionCode, filter, today, ct);
        if (list is null) return false;
        List = list;
        Overdue = (await Data.Assessment.Findings.OverdueAsync(db, regionCode, today, 1, Data.Assessment.Findings.DefaultPageSize, ct))!;
        Report = (await Data.Assessment.Findings.ReportByLevelAsync(db, regionCode, today, ct))!;
        MayRaise = AssessmentRoles.May(db.Scope.Role, AssessmentRoles.Supervise) && db.Scope.MayChange(list.Code)
            && list.Code != "000000000000";
        return true;
    }

    public string Query(int page) => string.Join("&", new[]
    {
        State is { } s ? $"state={s}" : null, Source is { } so ? $"source={so}" : null, Severity is { } se ? $"severity={se}" : null,
        Year is { } y ? $"year={y}" : null, OverdueOnly ? "overdue=true" : null, $"p={page}",
    }.Where(x => x is not null));
}
