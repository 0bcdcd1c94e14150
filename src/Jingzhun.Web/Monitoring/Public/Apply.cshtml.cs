using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Monitoring.Public;

/// <summary>
/// A household's own application for monitoring (农户自主申报), without sign-in: village, applicant, resident ID, contact,
/// kind of difficulty and what happened. It is recorded through <see cref="PublicMonitoring"/> (the system scope, actor
/// "public") and answered with a receipt number only: whether the ID matched a household is never said.
/// </summary>
[AllowAnonymous]
public sealed class ApplyModel(DatabaseTarget target, TimeProvider clock, Lang lang) : PageModel
{
    public const int MaxText = 1000;

    private readonly PublicMonitoring monitoring = new(target, clock);

    /// <summary>The kinds of difficulty a household may report (the exclusion checks are departments' data, not applications).</summary>
    public static readonly RiskKind[] Kinds = Enum.GetValues<RiskKind>().Where(k => !k.IsExclusion()).ToArray();

    public IReadOnlyList<PublicVillage> Villages { get; private set; } = [];
    public string? Receipt { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty] public string? Village { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ResidentId { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public RiskKind? Kind { get; set; }
    [BindProperty] public string? Text { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Villages = await monitoring.VillagesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Villages = await monitoring.VillagesAsync(ct);
        var text = Text?.Trim() ?? "";
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(Village) || string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 50
            || string.IsNullOrWhiteSpace(ResidentId) || ResidentId.Trim().Length > 18 || (Contact?.Trim().Length ?? 0) > 50
            || Kind is not { } kind || !Kinds.Contains(kind) || text.Length == 0 || text.Length > MaxText)
            return Problematic(StatusCodes.Status422UnprocessableEntity, lang.T(
                $"请选择村、困难类别，填写申请人姓名（不超过50字）、身份证号码和情况说明（不超过{MaxText}字），联系方式不超过50字",
                $"Choose the village and the kind of difficulty; give the applicant's name (at most 50 characters), the resident ID and what happened (at most {MaxText}); the contact at most 50"));
        try
        {
            Receipt = await monitoring.ApplyAsync(Village.Trim(), ResidentId.Trim(), Name.Trim(), Contact?.Trim() ?? "", kind, text,
                clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (WorkflowBlockedException blocked)
        {
            return Problematic(StatusCodes.Status422UnprocessableEntity, lang.T(blocked.Text));
        }
        return Page();
    }

    private PageResult Problematic(int status, string problem)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
