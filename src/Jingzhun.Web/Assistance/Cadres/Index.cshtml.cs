using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance.Cadres;

/// <summary>
/// The county's roster of assistance cadres (帮扶责任人花名册): each cadre with their caseload, those over the rule set's
/// limit marked; a filter; for county officers the add form and the roster import with its row errors; the roster as xlsx.
/// A reader above county level picks the county first.
/// </summary>
[RequestSizeLimit(FeedsApi.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FeedsApi.MaxFileBytes)]
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public const int ErrorsShown = 500;

    /// <summary>The county shown; null when the reader must choose one.</summary>
    public string? County { get; private set; }
    public string CountyName { get; private set; } = "";
    public RosterView? Roster { get; private set; }
    /// <summary>The counties of the reader's region, to choose from.</summary>
    public List<(string Code, string Name)> Counties { get; private set; } = [];
    public bool MayManage => County is not null && CadreRoster.MayManage(db.Scope, County);
    public bool MayRead => County is not null && CadreRoster.MayRead(db.Scope, County);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public CadreState? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool OverLimit { get; set; }

    [BindProperty] public CadreForm Add { get; set; } = new();
    [BindProperty] public string? AccountUserName { get; set; }
    public List<Domain.Common.FieldError> AddErrors { get; private set; } = [];
    public RosterImportReport? Report { get; private set; }
    public string? Problem { get; private set; }

    private DateOnly Today => Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    public string Phone(CadreRow c) => CadreRoster.PhoneFor(db.Scope, c);

    public async Task<IActionResult> OnGetAsync(string? county, CancellationToken ct)
    {
        await LoadAsync(county, ct);
        return Page();
    }

    /// <summary>The roster as a workbook, with the import's columns (phones as this reader may see them).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string? county, CancellationToken ct)
    {
        await LoadAsync(county, ct);
        if (Roster is null) return NotFound();
        var stream = new MemoryStream();
        await RosterExport.WriteAsync(stream, Roster, Phone, ct);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"roster-{Roster.CountyCode}-{Today:yyyyMMdd}.xlsx");
    }

    public async Task<IActionResult> OnPostAddAsync(string? county, CancellationToken ct)
    {
        var code = CadreRoster.CountyFor(db.Scope, county);
        if (code is null || !CadreRoster.MayManage(db.Scope, code)) return Forbid();
        var result = await CadreRoster.AddAsync(db, code, Add, AccountUserName, ct);
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/assistance/cadres/{result.Value!.Id}");
        db.ChangeTracker.Clear();
        AddErrors = result.Errors.ToList();
        await LoadAsync(code, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(string? county, IFormFile? file, bool skipInvalid, CancellationToken ct)
    {
        var code = CadreRoster.CountyFor(db.Scope, county);
        if (code is null || !CadreRoster.MayManage(db.Scope, code)) return Forbid();
        if (file is null || file.Length == 0) Problem = lang.T("请选择一个 .xlsx 或 .csv 文件", "Choose an .xlsx or .csv file");
        else
        {
            var path = Path.Combine(Path.GetTempPath(), $"jingzhun-roster-{Guid.NewGuid():N}{FeedsApi.Extension(file.FileName)}");
            try
            {
                await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
                Report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(code, skipInvalid, FeedsApi.Clean(file.FileName)), Today, ct);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
            if (Report.Rejected) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        if (Problem is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        db.ChangeTracker.Clear();
        await LoadAsync(code, ct);
        return Page();
    }

    private async Task LoadAsync(string? county, CancellationToken ct)
    {
        County = CadreRoster.CountyFor(db.Scope, county);
        if (County is not null && !CadreRoster.MayRead(db.Scope, County)) County = null;
        if (County is null)
        {
            var prefix = db.Scope.RegionPrefix;
            if (db.Scope.CanRead && !db.Scope.ReadsAssignedOnly)
                Counties = (await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.County && r.ValidTo == null && r.Code.StartsWith(prefix))
                        .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).Take(500).ToListAsync(ct))
                    .Select(r => (r.Code[..6], r.Name)).ToList();
            return;
        }
        CountyName = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.County && r.ValidTo == null && r.Code.StartsWith(County))
            .Select(r => r.Name).FirstOrDefaultAsync(ct) ?? "";
        Roster = await CadreRoster.RosterAsync(db, County, new RosterFilter(Q, State, OverLimit), Today, ct);
    }
}
