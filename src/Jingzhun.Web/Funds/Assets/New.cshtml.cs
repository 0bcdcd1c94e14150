using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Funds.Assets;

/// <summary>Registering an asset of a completed project (/funds/assets/new?projectId=): a governed step of <see cref="ProjectAssets"/>.</summary>
public sealed class NewModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public sealed class AssetForm
    {
        [TextLimit(200)] public string? Name { get; set; }
        public AssetClass? Class { get; set; }
        public AssetOwnership? Ownership { get; set; }
        public long? OwnerHouseholdId { get; set; }
        public decimal? Value { get; set; }
        [TextLimit(200)] public string? Operator { get; set; }
        public bool OwnershipRegistered { get; set; }
        public DateOnly? HandedOverOn { get; set; }
    }

    public sealed record Beneficiary(long HouseholdId, string Number);

    [BindProperty] public AssetForm Input { get; set; } = new();

    public Project Project { get; private set; } = null!;
    public IReadOnlyList<Beneficiary> Beneficiaries { get; private set; } = [];
    public bool Completed { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? projectId, CancellationToken ct) => await LoadAsync(projectId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(long? projectId, CancellationToken ct)
    {
        if (await LoadAsync(projectId, ct) is { } refused) return refused;
        if (Input.Value is null or <= 0 or > 10_000_000_000m) ModelState.AddModelError("Input.Value", lang.T("请填写资产价值（大于0）", "Give the value (more than 0)"));
        if (Input.Class is null) ModelState.AddModelError("Input.Class", lang.T("请选择资产类别", "Choose the class"));
        if (Input.Ownership is null) ModelState.AddModelError("Input.Ownership", lang.T("请选择权属", "Choose the ownership"));
        if (ModelState.IsValid)
        {
            try
            {
                var asset = await ProjectAssets.RegisterAsync(db, new AssetInput(Project.Id, Input.Name ?? "", Input.Class!.Value, Input.Ownership!.Value,
                    Input.Ownership == AssetOwnership.Household ? Input.OwnerHouseholdId : null, new Money(Input.Value!.Value), Input.Operator ?? "",
                    Input.OwnershipRegistered, Input.HandedOverOn), clock.GetUtcNow().UtcDateTime, ct);
                if (asset is null) return NotFound();
                return Redirect($"/funds/assets/detail/{asset.Id}");
            }
            catch (FundInputException e) { ModelState.AddModelError("", lang.T(e.Text)); }
            catch (WorkflowBlockedException e) { ModelState.AddModelError("", lang.T(e.Text)); }
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Loads the project; a refusal (404 unseen, 403 for a role that does not register assets) or null to go on.</summary>
    private async Task<IActionResult?> LoadAsync(long? projectId, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return Forbid();
        var project = projectId is { } id ? await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) : null;
        if (project is null) return NotFound();
        if (!ProjectAssets.May(db, FundRoles.ManageAssets, project.RegionCode)) return Forbid();
        Project = project;
        Completed = ProjectRules.IsCompleted(project.Stage);
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Beneficiaries = await db.ProjectBeneficiaries.AsNoTracking().Where(b => b.ProjectId == project.Id && b.EndedAt == null)
            .OrderBy(b => b.Household!.Number).Select(b => new Beneficiary(b.HouseholdId, b.Household!.Number)).ToListAsync(ct);
        return null;
    }
}
