using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Access.Accounts;

/// <summary>
/// Creates an account with a temporary password the person must change at the first sign-in. Only the
/// roles and regions the account policy lets the signed-in officer give are offered; anything else posted is refused (403).
/// </summary>
public sealed class NewModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    [BindProperty] public NewAccountForm Input { get; set; } = new();

    public IReadOnlyList<Role> Roles { get; private set; } = [];
    public List<SelectListItem> Regions { get; private set; } = [];
    public IReadOnlyList<FieldError>? Refused { get; private set; }
    /// <summary>The partners a partner account may act for (Collaboration): the active ones the administrator reads.</summary>
    public List<SelectListItem> Partners { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!db.Scope.CanAdministerAccounts) return Refuse([]);
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!db.Scope.CanAdministerAccounts) return Refuse([]);
        if (ModelState.IsValid)
        {
            var result = await AccountAdministration.CreateAsync(db, Input, clock.GetUtcNow().UtcDateTime, ct);
            switch (result.Outcome)
            {
                case AdminOutcome.Done:
                    return Redirect($"/accounts/{result.Account!.Id}");
                case AdminOutcome.Forbidden:
                    return Refuse(result.Errors);
                default:
                    FormErrors.AddTo(ModelState, result.Errors, lang.English, field => FormErrors.Property<NewAccountForm>(nameof(Input), field));
                    break;
            }
        }
        await LoadChoicesAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private PageResult Refuse(IReadOnlyList<FieldError> errors)
    {
        Refused = errors;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    /// <summary>The roles the officer may create, and the regions of its scope at the levels where one of them works.</summary>
    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var scope = db.Scope;
        Roles = AccountPolicy.CreatableRoles(scope);
        var levels = Roles.SelectMany(r => AccountPolicy.LevelsFor(scope, r)).ToHashSet();
        var regions = (await ScopeRegions.ListAsync(db, ct)).Where(r => levels.Contains(r.Level)).ToList();
        Regions = regions.Select(r => new SelectListItem(
            new string('\u3000', Math.Max(0, (int)r.Level - (int)scope.Level)) + $"{r.Name} ({r.Code})", r.Code, r.Code == Input.RegionCode)).ToList();
        Partners = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Partners.Where(p => p.IsActive).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }), ct))
            .Select(p => new SelectListItem(p.Name, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Id == Input.PartnerId)).ToList();
        if (levels.Contains(RegionLevel.Nation))
            Regions.Insert(0, new SelectListItem(lang.T("全国", "Nation") + $" ({RegionCode.Nation.Value})", RegionCode.Nation.Value, Input.RegionCode == RegionCode.Nation.Value));
    }
}
