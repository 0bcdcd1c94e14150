using Jingzhun.Data.Assessment;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Web.Assistance;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assessment.Forms;

/// <summary>
/// One sampled household's visit form on a phone: the household facts the reader may see, the form (its assessor only,
/// while the visits run) and its judgement, the photos. Saved by a normal POST (anti-forgery) through
/// <see cref="AssessmentForms.RecordAsync"/>; the page's script sends the same form to the JSON API instead and keeps it
/// on the phone when there is no connection. A bad value comes back with its message (400) and nothing saved; another
/// role is refused (403), a sample outside the reader's scope is not found (404).
/// </summary>
[RequestSizeLimit(FormsApi.MaxPhotoRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FormsApi.MaxPhotoRequestBytes)]
public sealed class SampleModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public SampleDetail Detail { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public bool Saved { get; private set; }

    [BindProperty] public FormFields Form { get; set; } = new();

    public sealed class FormFields
    {
        public Guid? ClientId { get; set; }
        public DateOnly? VisitedOn { get; set; }
        public decimal? PerCapitaIncome { get; set; }
        public bool? FoodAndClothing { get; set; }
        public bool? Education { get; set; }
        public bool? Medical { get; set; }
        public bool? Housing { get; set; }
        public bool? Water { get; set; }
        public ExitRecognition? Recognition { get; set; }
        public string? Notes { get; set; }

        public FormInput Input => new(VisitedOn, PerCapitaIncome, FoodAndClothing, Education, Medical, Housing, Water, Recognition, Notes);
    }

    public async Task<IActionResult> OnGetAsync(long id, bool saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Saved = saved;
        Form = FromSample(Detail.Sample);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid) return Refused(StatusCodes.Status400BadRequest);
        try
        {
            if (await AssessmentForms.RecordAsync(db, id, Form.Input, Form.ClientId, clock.GetUtcNow().UtcDateTime, ct) is null) return NotFound();
        }
        catch (AssessmentInputException e)
        {
            ModelState.AddModelError("", lang.T(e.Text));
            return Refused(StatusCodes.Status400BadRequest);
        }
        catch (WorkflowBlockedException e)
        {
            ModelState.AddModelError("", lang.T(e.Text));
            return Refused(StatusCodes.Status409Conflict);
        }
        return Redirect($"/assessment/samples/{id}?saved=true");
    }

    public async Task<IActionResult> OnPostPhotoAsync(long id, IFormFile? photo, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Form = FromSample(Detail.Sample);
        if (photo is null || (photo.Length == 0 && photo.FileName.Length == 0))
        {
            ModelState.AddModelError("", lang.T("请选择照片", "Choose a photo"));
            return Refused(StatusCodes.Status400BadRequest);
        }
        PhotoUpload upload = await VisitsApi.ReadAsync(photo, ct);
        try
        {
            if (await SamplePhotos.AddAsync(db, id, upload, clock.GetUtcNow().UtcDateTime, ct) is null) return NotFound();
        }
        catch (AssessmentInputException e)
        {
            ModelState.AddModelError("", lang.T(e.Text));
            return Refused(StatusCodes.Status400BadRequest);
        }
        catch (WorkflowBlockedException e)
        {
            ModelState.AddModelError("", lang.T(e.Text));
            return Refused(StatusCodes.Status409Conflict);
        }
        return Redirect($"/assessment/samples/{id}#sample-photos");
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var detail = await AssessmentForms.FindAsync(db, id, ct);
        if (detail is null) return false;
        Detail = detail;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return true;
    }

    private static FormFields FromSample(SampledHousehold s) => new()
    {
        VisitedOn = s.VisitedOn, PerCapitaIncome = s.PerCapitaIncome, FoodAndClothing = s.FoodAndClothing, Education = s.Education, Medical = s.Medical,
        Housing = s.Housing, Water = s.Water, Recognition = s.Recognition, Notes = s.Notes,
    };
}
