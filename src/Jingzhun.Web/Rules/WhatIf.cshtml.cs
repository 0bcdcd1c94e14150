using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Rules;

/// <summary>What a rule set would change in the reader's registry (nothing is written), and publishing it as a new version.</summary>
public sealed class WhatIfModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    [BindProperty(SupportsGet = true)] public int RuleSetId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public string Note { get; set; } = "";
    public RuleSetVersion Version { get; private set; } = new();
    public RuleSet InForce { get; private set; } = new();
    public WhatIfResult Result { get; private set; } = new(new RuleSet(), 0, []);
    public Dictionary<string, string> Names { get; private set; } = [];
    public bool MayPublish => RuleSetVersions.MayWrite(db.Scope, Version.Jurisdiction);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RuleSetVersions.FindAsync(db, RuleSetId, ct) is not { } version) return NotFound();
        Version = version;
        var rules = RuleBook.Parse(version);
        InForce = await RuleBook.ForAsync(db, db.Scope.RegionPrefix.Length >= rules.Jurisdiction.Length ? db.Scope.RegionPrefix : rules.Jurisdiction, rules.Year, ct);
        Result = await WhatIf.RunAsync(db, rules, ct);
        var codes = Result.Groups().Select(g => g.RegionCode).ToList();
        Names = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        PageNumber = Math.Max(1, PageNumber);
        return Page();
    }

    /// <summary>Publishing writes a new version (refused with 403 outside the actor's jurisdiction); the source stays as it was.</summary>
    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var published = await RuleSetVersions.PublishAsync(db, RuleSetId, Note, clock.GetUtcNow().UtcDateTime, ct);
        return Redirect($"/rules?year={published.Year}#rule-set-{published.Id}");
    }

    public string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code;
}
