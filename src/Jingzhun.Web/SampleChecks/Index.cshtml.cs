using Jingzhun.Data.Database;
using Jingzhun.Data.SampleChecks;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.SampleChecks;

/// <summary>The identification lists of the reader's area with their sample-check state, and drawing a check.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public int ShownYear { get; private set; }
    public string Code { get; private set; } = "";
    public List<SampleListRow> Lists { get; private set; } = [];
    public List<SampleCheck> Checks { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOpenAsync(SampleCheckLevel level, string regionCode, CancellationToken ct)
    {
        try
        {
            var check = await SampleCheckSteps.OpenAsync(db, level, regionCode, Year ?? RulesApi.DefaultYear(clock), clock.GetUtcNow().UtcDateTime, ct: ct);
            return Redirect($"/samplechecks/{check.Id}");
        }
        catch (WorkflowBlockedException blocked) { Message = lang.T(blocked.Text); }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public bool MayCheck(SampleListRow row) => row.Waiting > 0 && row.OpenChecks == 0 && SampleCheckSteps.MayCheck(db, row.Level, row.RegionCode);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        ShownYear = Year ?? RulesApi.DefaultYear(clock);
        var code = string.IsNullOrWhiteSpace(Region) ? db.Scope.RegionPrefix.PadRight(12, '0') : Region.Trim();
        if (!RegionCode.TryParse(code, out var parsed, out _) || !db.Scope.CanRead || !parsed.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal))
            return false;
        Code = parsed.Value;
        Lists = await SampleCheckSteps.ListsAsync(db, Code, ShownYear, ct);
        Checks = await SampleCheckSteps.ListAsync(db, Code, ShownYear, ct);
        return true;
    }
}
