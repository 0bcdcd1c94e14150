using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Rules;

/// <summary>A draft rule set: a copy of the rules in force for a jurisdiction and year, every figure editable.</summary>
public sealed class NewModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    [BindProperty] public RuleSetForm Input { get; set; } = new();

    public async Task OnGetAsync(int? year, string? jurisdiction, CancellationToken ct)
    {
        // Province officers draft for their province; national officers for the nation unless they ask otherwise.
        var j = jurisdiction ?? (db.Scope.RegionPrefix.Length == 2 ? db.Scope.RegionPrefix : "");
        var rules = await RuleBook.ForAsync(db, j, year ?? RulesApi.DefaultYear(clock), ct);
        Input = RuleSetForm.From(rules with { Jurisdiction = j });
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        try
        {
            var draft = await RuleSetVersions.CreateDraftAsync(db, Input.ToRuleSet(), Input.Note, clock.GetUtcNow().UtcDateTime, ct);
            return Redirect($"/rules/{draft.Id}/whatif");
        }
        catch (WorkflowBlockedException blocked)
        {
            ModelState.AddModelError("", lang.T(blocked.Text));
            return Page();
        }
    }
}
