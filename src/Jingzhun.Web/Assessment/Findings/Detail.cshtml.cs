using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Funds;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.Findings;

/// <summary>
/// One finding (/assessment/findings/detail/{id}): what it is about, its households and projects, its rectification reports with
/// their evidence, and the forms of the steps the reader may take — the report (the area's own offices), the answer and the
/// withdrawal (the raising level or above). A refused value comes back at its form (422), a wrong role is 403.
/// </summary>
[RequestSizeLimit(FindingsApi.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FindingsApi.MaxRequestBytes)]
public sealed class DetailModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    [BindProperty, TextLimit(4000, Lines = true)] public string? Measures { get; set; }
    [BindProperty, TextLimit(1000, Lines = true)] public string? Answer { get; set; }
    [BindProperty] public bool Accepted { get; set; }
    [BindProperty] public long? RectificationId { get; set; }
    [BindProperty, TextLimit(1000, Lines = true)] public string? Reason { get; set; }

    public FindingView View { get; private set; } = null!;
    /// <summary>The form sent back with errors.</summary>
    public string? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReportAsync(long id, IFormFile? evidence, CancellationToken ct) => StepAsync(id, "report", async now =>
    {
        if (evidence is null) throw AssessmentSteps.Invalid("须上传整改佐证材料", "an evidence file is needed");
        var (name, bytes) = await ProjectsApi.ReadAsync(evidence, ct);
        return await Data.Assessment.Findings.ReportAsync(db, id, Measures, name, bytes, now, ct) is not null;
    }, ct);

    public Task<IActionResult> OnPostAnswerAsync(long id, CancellationToken ct) => StepAsync(id, "answer", async now =>
        RectificationId is { } r && await Data.Assessment.Findings.AnswerAsync(db, r, Accepted, Answer, now, ct) is { } f && f.Id == id, ct);

    public Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken ct) => StepAsync(id, "withdraw", async now =>
        await Data.Assessment.Findings.WithdrawAsync(db, id, Reason, now, ct) is not null, ct);

    private async Task<IActionResult> StepAsync(long id, string form, Func<DateTime, Task<bool>> step, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return NotFound();
        if (ModelState.IsValid)
        {
            try
            {
                if (!await step(clock.GetUtcNow().UtcDateTime)) return NotFound();
                return Redirect($"/assessment/findings/detail/{id}#{form}");
            }
            catch (AssessmentInputException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
            catch (WorkflowBlockedException e) { ModelState.AddModelError(form, lang.T(e.Text)); }
        }
        else
        {
            // Name each refused field, so the form says what to correct.
            var refused = ModelState.Where(m => m.Value?.Errors.Count > 0).SelectMany(m => m.Value!.Errors.Select(e => $"{m.Key}: {e.ErrorMessage}")).ToList();
            ModelState.AddModelError(form, lang.T("输入有误", "Some fields are not valid") + " " + string.Join("; ", refused));
        }
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Open = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public IEnumerable<string> ErrorsOf(string form) => ModelState.TryGetValue(form, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var view = await Data.Assessment.Findings.GetAsync(db, id, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return false;
        View = view;
        return true;
    }
}
