using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Projects;

/// <summary><c>/funds/projects/new?region=</c>: a proposal, with the village's 四议两公开 decision for a village's project.</summary>
public sealed class NewModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public string Region { get; private set; } = "";
    public bool IsVillage { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public ProposalForm Form { get; set; } = new();

    public sealed class ProposalForm
    {
        public string? Name { get; set; }
        public ProjectType? Type { get; set; }
        public int? Year { get; set; }
        public string? Content { get; set; }
        public string? Implementer { get; set; }
        public string? ResponsiblePerson { get; set; }
        public string? BenefitMechanism { get; set; }
        public int? BeneficiaryPeople { get; set; }
        public DateOnly? PlannedStart { get; set; }
        public DateOnly? PlannedEnd { get; set; }
        public DateOnly? DeliberatedOn { get; set; }
        public int? VotesFor { get; set; }
        public int? VotesAgainst { get; set; }
        public string? DeliberationMinutes { get; set; }
    }

    private IActionResult? Load(string? region)
    {
        if (!RegionCode.TryParse(region, out var code, out _)) return NotFound();
        if (!ProjectLibrary.MayPropose(db.Scope, code.Value)) return Forbid();
        Region = code.Value;
        IsVillage = code.Level == RegionLevel.Village;
        return null;
    }

    public IActionResult OnGet(string? region)
    {
        if (Load(region) is { } refused) return refused;
        Form.Year = Today.Year;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? region, CancellationToken ct)
    {
        if (Load(region) is { } refused) return refused;
        var f = Form;
        var result = await ProjectLibrary.ProposeAsync(db, new ProjectProposal(Region, f.Year ?? 0, f.Name ?? "", f.Type ?? 0, f.Content ?? "", f.Implementer ?? "",
            f.ResponsiblePerson ?? "", f.BenefitMechanism ?? "", f.BeneficiaryPeople ?? 0, f.PlannedStart, f.PlannedEnd, f.DeliberatedOn, f.VotesFor, f.VotesAgainst,
            f.DeliberationMinutes ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/funds/projects/detail/{result.Value!.Id}?saved=proposed");
        ModelState.Clear();
        foreach (var e in result.Errors) ModelState.AddModelError(e.Field, e.Message(lang.English));
        return Page();
    }
}
