using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Web.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Rules;

/// <summary>The shipped national baseline, every stored version, and the rules in force for the reader's region in a year.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public int ShownYear { get; private set; }
    public RuleSet Baseline { get; private set; } = new();
    public RuleSet InForce { get; private set; } = new();
    public List<RuleSetVersion> Versions { get; private set; } = [];
    public bool MayWriteNational => RuleSetVersions.MayWrite(db.Scope, "");
    public bool MayWriteProvince => db.Scope.RegionPrefix.Length == 2 && RuleSetVersions.MayWrite(db.Scope, db.Scope.RegionPrefix);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ShownYear = Year ?? RulesApi.DefaultYear(clock);
        Baseline = PovertyLines.NationalRuleSet(ShownYear);
        InForce = await RuleBook.ForAsync(db, db.Scope.RegionPrefix, ShownYear, ct);
        Versions = await RuleSetVersions.ListAsync(db, ct);
    }
}
