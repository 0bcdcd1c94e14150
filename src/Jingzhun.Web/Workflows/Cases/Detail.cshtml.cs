using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Notices;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Regions;
using Jingzhun.Data.Regions;

namespace Jingzhun.Web.Workflows.Cases;

/// <summary>
/// One case: its household or area, the stage path, every step, the decision it was opened on,
/// its notices; and for the role that may act on the current stage, the forms to advance, return
/// or reject. A step that cannot be taken yet (a running notice, an open objection) comes back
/// with the reason and status 409; a step the role may not take is refused (403, audited).
/// </summary>
[RequestSizeLimit(CaseAttachments.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = CaseAttachments.MaxRequestBytes)]
public sealed class DetailModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public CaseView View { get; private set; } = default!;
    public WorkflowCase Case => View.Case;
    public List<Stage> Path { get; private set; } = [];
    public string? Problem { get; private set; }
    public DateTime Now { get; private set; }
    /// <summary>A monitoring or risk-elimination case's own part: signals, clock, home visit form, the assessment it rests on.</summary>
    public MonitoringCase? Monitoring { get; private set; }
    [BindProperty] public HomeVisitForm Visit { get; set; } = new();
    /// <summary>Whether the home visit form shows what was posted (it came back with errors) rather than the prefill.</summary>
    public bool VisitPosted { get; private set; }
    /// <summary>The files stored with the case's steps (without their bytes).</summary>
    public List<AttachmentRow> Attachments { get; private set; } = [];
    /// <summary>The case's region from the province down, by names.</summary>
    public List<(string Code, string Name)> RegionPath { get; private set; } = [];
    /// <summary>Display names of the accounts named on the page (openers, actors), by account name.</summary>
    public Dictionary<string, string> ActorNames { get; private set; } = [];

    /// <summary>
    /// The notice the pass step waits for: open and not yet run (the same <see cref="Notice.HasRun"/> the step checks), or null.
    /// </summary>
    /// <summary>An objection is open: the pass step waits until it is resolved (the step's own check).</summary>
    public bool ObjectionOpen { get; private set; }

    public Notice? Waiting => View.OpenNotice is { } n && !n.HasRun(Now) ? n : null;

    /// <summary>An actor's display name where the account is known, else the name as recorded.</summary>
    public string ActorName(string actor) => ActorNames.TryGetValue(actor, out var name) && name != actor ? $"{name}（{actor}）" : actor;

    public async Task<IActionResult> OnGetAsync(long caseId, CancellationToken ct) =>
        await LoadAsync(caseId, ct) ? Page() : NotFound();

    /// <summary>The region and the units above it (province, city, county, township, village) by their names.</summary>
    private async Task<List<(string Code, string Name)>> RegionPathAsync(string code, CancellationToken ct)
    {
        if (!RegionCode.TryParse(code, out var region, out _)) return [(code, code)];
        var chain = new List<string>();
        for (RegionCode? r = region; r is { } at && at.Level > RegionLevel.Nation; r = at.Parent) chain.Insert(0, at.Value);
        var names = await RegionsAsOf.NamesAsync(db, chain, null, ct);
        return chain.Select(c => (c, names.GetValueOrDefault(c, c))).ToList();
    }

    public async Task<IActionResult> OnPostAdvanceAsync(long caseId, string? comment, int? votesFor, int? votesAgainst, string? attachments, CancellationToken ct)
    {
        var files = Request.HasFormContentType ? await ReadFilesAsync(Request.Form.Files, ct) : [];
        return await ActAsync(caseId, now => CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(comment ?? "", votesFor, votesAgainst, attachments ?? "", files), now, ct), ct);
    }

    /// <summary>
    /// The files of a step's form as the data library takes them; a file over the limit is read only as far as the limit
    /// and one byte, which is enough to refuse it.
    /// </summary>
    public static async Task<List<CaseFile>> ReadFilesAsync(IFormFileCollection files, CancellationToken ct)
    {
        var read = new List<CaseFile>();
        foreach (var file in files.Where(f => f.Length > 0 || f.FileName.Length > 0))
        {
            await using var stream = file.OpenReadStream();
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while (buffer.Length <= CaseAttachments.MaxBytes && (n = await stream.ReadAsync(chunk, ct)) > 0) buffer.Write(chunk, 0, n);
            read.Add(new CaseFile(file.FileName, buffer.ToArray()));
        }
        return read;
    }

    public Task<IActionResult> OnPostReturnAsync(long caseId, string? reason, CancellationToken ct) =>
        ActAsync(caseId, now => CaseWorkflow.ReturnAsync(db, caseId, reason ?? "", now, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(long caseId, string? reason, CancellationToken ct) =>
        ActAsync(caseId, now => CaseWorkflow.RejectAsync(db, caseId, reason ?? "", now, ct), ct);

    /// <summary>Records the home visit (入户核查) of a monitoring case; the case then moves on by the usual step.</summary>
    public async Task<IActionResult> OnPostHomeVisitAsync(long caseId, CancellationToken ct)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, ct)) return NotFound();
        void Need(bool ok, string key, string zh, string en) { if (!ok) ModelState.AddModelError(key, $"{zh} / {en}"); }
        Need(Visit.VisitedOn is not null, "Visit.VisitedOn", "须填写核查日期", "the date of the visit is needed");
        Need(Visit.ProposedType is not null and not MonitoringCategory.None, "Visit.ProposedType", "须选择拟认定的监测类型", "choose the proposed monitoring type");
        Need(Visit.Findings.Trim().Length is > 0 and <= 1000, "Visit.Findings", "须填写核查结论（1000字以内）", "the visit's findings are needed (1000 characters at most)");
        foreach (var (key, value) in new[] { ("Visit.ExpectedIncomePerCapita", Visit.ExpectedIncomePerCapita), ("Visit.MedicalExpenses", Visit.MedicalExpenses), ("Visit.DisasterLoss", Visit.DisasterLoss) })
            Need(value is null or (>= 0 and < 100_000_000m), key, "金额须为0至1亿元之间", "an amount between 0 and 100 million yuan");
        if (ModelState.IsValid)
        {
            try
            {
                await MonitoringWork.RecordHomeVisitAsync(db, caseId, new HomeVisitInput(Visit.VisitedOn!.Value, Visit.Values(), Visit.ProposedType!.Value,
                    Visit.CauseFlags(), Visit.Findings), clock.GetUtcNow().UtcDateTime, ct);
                return Redirect($"/cases/{caseId}#home-visit");
            }
            catch (WorkflowBlockedException blocked)
            {
                db.ChangeTracker.Clear();
                await LoadAsync(caseId, ct);
                Problem = lang.T(blocked.Text);
                VisitPosted = true;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }
        await LoadAsync(caseId, ct);
        VisitPosted = true;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult> ActAsync(long caseId, Func<DateTime, Task<WorkflowCase>> step, CancellationToken ct)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, ct)) return NotFound();
        try
        {
            await step(clock.GetUtcNow().UtcDateTime);
            return Redirect($"/cases/{caseId}");
        }
        catch (WorkflowBlockedException blocked)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(caseId, ct);
            Problem = lang.T(blocked.Text);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (AttachmentRefusedException refused)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(caseId, ct);
            Problem = lang.T(refused.Text);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long caseId, CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        if (await CaseReading.LoadAsync(db, caseId, ct) is not { } view) return false;
        View = view;
        Path = CaseReading.Path(view.Case.Kind);
        Monitoring = await MonitoringCase.LoadAsync(db, view.Case, ct);
        Attachments = await CaseAttachments.ListAsync(db, caseId, ct);
        ObjectionOpen = await db.Objections.AnyAsync(o => o.CaseId == caseId && o.Status == ObjectionStatus.Open, ct);
        RegionPath = await RegionPathAsync(view.Case.RegionCode, ct);
        var actors = view.Case.Steps.Select(s => s.Actor).Append(view.Case.OpenedBy).Distinct().ToList();
        ActorNames = await db.Accounts.AsNoTracking().Where(a => actors.Contains(a.UserName)).ToDictionaryAsync(a => a.UserName, a => a.DisplayName, ct);
        return true;
    }
}
