using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Funds.Projects;

/// <summary>
/// <c>/funds/projects/detail/{projectId}</c>: everything about a project, and the forms the reader may use now (the same
/// checks the steps run, <see cref="ProjectAbilities"/>): a form posted by a role the step refuses answers 403.
/// </summary>
public sealed class DetailModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public ProjectDetail View { get; private set; } = null!;
    public DateOnly Today => DateOnly.FromDateTime(Now);
    public DateTime Now => clock.GetUtcNow().UtcDateTime;
    [FromQuery(Name = "saved")] public string? Saved { get; set; }

    [BindProperty] public NewModel.ProposalForm Form { get; set; } = new();

    private async Task<bool> LoadAsync(long projectId, CancellationToken ct)
    {
        var detail = await ProjectLibrary.DetailAsync(db, projectId, Now, ct);
        if (detail is null) return false;
        View = detail;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long projectId, CancellationToken ct) => await LoadAsync(projectId, ct) ? Page() : NotFound();

    private async Task<IActionResult> Outcome<T>(long projectId, EditResult<T> result, string what, CancellationToken ct)
    {
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/funds/projects/detail/{projectId}?saved={what}");
        db.ChangeTracker.Clear();
        ModelState.Clear();
        foreach (var e in result.Errors) ModelState.AddModelError(e.Field, e.Message(lang.English));
        return await LoadAsync(projectId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(long projectId, CancellationToken ct)
    {
        var f = Form;
        var result = await ProjectLibrary.EditAsync(db, projectId, new ProjectEdit(f.Name ?? "", f.Type ?? 0, f.Content ?? "", f.Implementer ?? "",
            f.ResponsiblePerson ?? "", f.PlannedStart, f.PlannedEnd, f.BeneficiaryPeople ?? 0, f.BenefitMechanism ?? ""), Now, ct);
        return await Outcome(projectId, result, "edit", ct);
    }

    public async Task<IActionResult> OnPostStepAsync(long projectId, string? action, string? comment, DateOnly? on, CancellationToken ct)
    {
        if (ProjectsApi.ActionOf(action) is not { } kind) return BadRequest();
        var result = await ProjectLibrary.StepAsync(db, projectId, kind, comment, on, Now, ct);
        return await Outcome(projectId, result, "step", ct);
    }

    public async Task<IActionResult> OnPostBeneficiaryAsync(long projectId, string? householdNumber, int? people, CancellationToken ct)
    {
        var number = (householdNumber ?? "").Trim();
        var householdId = number.Length == 0 ? 0 : await db.Households.AsNoTracking().Where(h => h.Number == number).Select(h => h.Id).FirstOrDefaultAsync(ct);
        var result = await ProjectLibrary.AddBeneficiaryAsync(db, projectId, householdId, people is 0 ? null : people, Now, ct);
        return await Outcome(projectId, result, "beneficiary", ct);
    }

    public async Task<IActionResult> OnPostEndBeneficiaryAsync(long projectId, long beneficiaryId, string? reason, CancellationToken ct)
    {
        var result = await ProjectLibrary.EndBeneficiaryAsync(db, projectId, beneficiaryId, reason, Now, ct);
        return await Outcome(projectId, result, "beneficiary", ct);
    }

    public async Task<IActionResult> OnPostFundingAsync(long projectId, FundSource? source, long? allocationId, decimal? amount, long? lineId, CancellationToken ct)
    {
        if (amount is { } a && decimal.Round(a, 2) != a)
            return await Outcome(projectId, EditResult<ProjectFunding>.Invalid([new FieldError("Amount", "金额最小单位为分", "Amounts are in whole fen")]), "funding", ct);
        var result = await ProjectLibrary.FundAsync(db, projectId, new FundingInput(source ?? 0, allocationId is 0 ? null : allocationId, new Money(amount ?? 0), lineId), Now, ct);
        return await Outcome(projectId, result, "funding", ct);
    }

    public async Task<IActionResult> OnPostDocumentAsync(long projectId, IFormFile? file, CancellationToken ct)
    {
        if (file is null)
            return await Outcome(projectId, EditResult<ProjectDocument>.Invalid([new FieldError("File", "请选择文件", "Choose a file")]), "document", ct);
        var (name, bytes) = await ProjectsApi.ReadAsync(file, ct);
        var result = await ProjectDocuments.UploadAsync(db, projectId, name, bytes, Now, ct);
        return await Outcome(projectId, result, "document", ct);
    }

    /// <summary>A document's bytes through the scoped context (404 outside the project's region).</summary>
    public async Task<IActionResult> OnGetDocumentAsync(long projectId, long documentId, CancellationToken ct)
    {
        var document = await ProjectDocuments.GetAsync(db, projectId, documentId, ct);
        return document is null ? NotFound() : File(document.Content, document.ContentType, document.FileName);
    }
}
