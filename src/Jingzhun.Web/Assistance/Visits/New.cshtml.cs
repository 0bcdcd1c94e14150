using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance.Visits;

/// <summary>
/// Recording a visit from a phone (遍访): the day (today by default), where, who was there, what was found, a risk found and its
/// kind, and up to six photos taken with the camera. Saved through <see cref="Data.Assistance.Visits.RecordAsync"/>: a risk
/// raises a screening signal of the monitoring register. Errors come back at their fields (422) with nothing saved.
/// </summary>
[RequestSizeLimit(VisitsApi.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = VisitsApi.MaxRequestBytes)]
public sealed class NewModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public long HouseholdId { get; private set; }
    public string HouseholdNumber { get; private set; } = "";
    public string HeadName { get; private set; } = "";
    public DateOnly Today { get; private set; }
    /// <summary>Whether a risk found on this visit goes to monitoring from this role (the screening roles); otherwise the form says who records it.</summary>
    public bool MayRaiseRisk { get; private set; }

    [BindProperty] public VisitForm Visit { get; set; } = new();

    public sealed class VisitForm
    {
        public DateOnly? VisitedOn { get; set; }
        public string Place { get; set; } = "";
        public string Present { get; set; } = "";
        public string Findings { get; set; } = "";
        public bool RiskFound { get; set; }
        public RiskKind? RiskKind { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        Visit = new VisitForm { VisitedOn = Today, Place = lang.T("家中", "At home") };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, List<IFormFile>? photos, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        var uploads = new List<PhotoUpload>();
        // A file input left empty still sends one part, without a name and without bytes: that is no photo.
        foreach (var file in (photos ?? []).Where(f => f.Length > 0 || f.FileName.Length > 0))
            uploads.Add(await VisitsApi.ReadAsync(file, ct));
        if (Visit.VisitedOn is null && !ModelState.ContainsKey("Visit.VisitedOn"))
            ModelState.AddModelError("Visit.VisitedOn", lang.T("须填写走访日期", "The visit's date is needed"));
        if (!ModelState.IsValid) return Refused();
        var input = new VisitInput(Visit.VisitedOn!.Value, Visit.Place, Visit.Present, Visit.Findings, Visit.RiskFound, Visit.RiskKind);
        var result = await Data.Assistance.Visits.RecordAsync(db, id, input, uploads, clock.GetUtcNow().UtcDateTime, ct);
        switch (result.Outcome)
        {
            case EditOutcome.NotFound:
                return NotFound();
            case EditOutcome.Invalid:
                FormErrors.AddTo(ModelState, result.Errors, lang.English, field => field == "Photos" ? "Photos" : FormErrors.Property<VisitForm>("Visit", field));
                return Refused();
            default:
                return Redirect($"/households/{id}#visits");
        }
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == id)
            .Select(h => new { h.Id, h.Number, h.VillageCode, Head = h.Members.Where(m => m.Relation == Domain.Registry.Relation.Head).Select(m => m.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (household is null) return NotFound();
        if (!await Data.Assistance.Visits.MayRecordAsync(db, id, household.VillageCode, ct)) return Forbid();
        HouseholdId = household.Id;
        HouseholdNumber = household.Number;
        HeadName = household.Head ?? "";
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        MayRaiseRisk = HttpContext.RequestServices.GetRequiredService<Can>().ScreenHouseholds(household.VillageCode);
        return null;
    }
}
