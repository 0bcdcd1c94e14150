using System.Text.Json;
using System.Text.Json.Serialization;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance;

/// <summary>
/// The Visits endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>): a household's visits, recording a visit
/// (multipart/form-data with fields and up to six photos, or JSON without photos), and an area's 遍访 coverage in a year.
/// Also the photo bytes for pages (<c>/assistance/visits/photos/{photoId}</c> and its <c>/thumb</c>), read only through the
/// scoped context, and the visit form's small script and style (the site's policy allows no inline ones).
/// </summary>
public static class VisitsApi
{
    /// <summary>Six photos of at most 10 MB and the fields: the most one visit may send.</summary>
    public const long MaxRequestBytes = VisitPhotos.MaxPerVisit * VisitPhotos.MaxBytes + 1024 * 1024;

    public static void MapVisitsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Assistance 帮扶");
        api.MapGet("/api/households/{id:long}/visits", List).WithSummary("A household's visits with their photo ids 入户走访记录");
        api.MapPost("/api/households/{id:long}/visits", Record)
            .WithSummary("Record a visit (multipart: visitedOn, place, present, findings, riskFound, riskKind, photos; or JSON without photos) 记录走访")
            .Accepts<VisitBody>("application/json", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxRequestBytes })
            .DisableAntiforgery();
        api.MapGet("/api/assistance/visits/{regionCode}", Coverage)
            .WithSummary("遍访 coverage of an area in a year (?year=): poor and monitored households visited 遍访覆盖率");
        api.MapGet("/assistance/visits/photos/{photoId:long}", (JingzhunDbContext db, HttpContext http, long photoId, CancellationToken ct) => Photo(db, http, photoId, false, ct))
            .ExcludeFromDescription();
        api.MapGet("/assistance/visits/photos/{photoId:long}/thumb", (JingzhunDbContext db, HttpContext http, long photoId, CancellationToken ct) => Photo(db, http, photoId, true, ct))
            .ExcludeFromDescription();
        api.MapGet("/assistance/visits/form.js", () => Results.Text(FormScript, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        api.MapGet("/assistance/visits/form.css", () => Results.Text(FormStyle, "text/css; charset=utf-8")).ExcludeFromDescription();
    }

    /// <summary>A visit as JSON sends it (photos only by multipart).</summary>
    public sealed record VisitBody(DateOnly? VisitedOn, string? Place, string? Present, string? Findings, bool RiskFound, RiskKind? RiskKind);

    public sealed record VisitView(long Id, long HouseholdId, DateOnly VisitedOn, string Place, string Present, string Findings, bool RiskFound,
        RiskKind? RiskKind, int? CadreId, string? CadreName, string VisitedBy, long? ScreeningVisitId, DateTime RecordedAt, IReadOnlyList<long> PhotoIds,
        IReadOnlyList<string> PhotoUrls);

    private static VisitView View(VisitRow r) => new(r.Id, r.HouseholdId, r.VisitedOn, r.Place, r.Present, r.Findings, r.RiskFound, r.RiskKind, r.CadreId,
        r.CadreName, r.VisitedBy, r.ScreeningVisitId, r.RecordedAt, r.PhotoIds, r.PhotoIds.Select(p => $"/assistance/visits/photos/{p}").ToList());

    private static async Task<IResult> List(JingzhunDbContext db, long id, CancellationToken ct)
    {
        if (!await db.Households.AnyAsync(h => h.Id == id, ct)) return Results.NotFound();
        return Results.Ok((await Data.Assistance.Visits.OfHouseholdAsync(db, id, 200, ct)).Select(View));
    }

    private static async Task<IResult> Record(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, long id, CancellationToken ct)
    {
        // The household and the actor's right to it come first: another village's household is not found, and one the actor
        // may not visit is refused (403) before its body is read, rather than told about its fields.
        if (!await Data.Assistance.Visits.RequireMayRecordAsync(db, id, ct)) return Results.NotFound();
        VisitInput input;
        var photos = new List<PhotoUpload>();
        var errors = new List<FieldError>();
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：表单格式不正确", "The request body: not a valid form"));
            }
            DateOnly? on = null;
            if (form["visitedOn"].ToString() is { Length: > 0 } text)
            {
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", out var parsed)) on = parsed;
                else errors.Add(new("VisitedOn", "日期格式应为yyyy-MM-dd", "A date as yyyy-MM-dd"));
            }
            RiskKind? kind = null;
            if (form["riskKind"].ToString() is { Length: > 0 } k)
            {
                if (Enum.TryParse<RiskKind>(k, out var parsedKind) && Enum.IsDefined(parsedKind) && !int.TryParse(k, out _)) kind = parsedKind;
                else errors.Add(new("RiskKind", "风险类型无效", "Not a kind of risk"));
            }
            var risk = form["riskFound"].ToString() is "true" or "on" or "True" or "1";
            input = new VisitInput(on ?? default, form["place"], form["present"], form["findings"], risk, kind);
            if (on is null && errors.Count == 0) errors.Add(new("VisitedOn", "须填写走访日期", "The visit's date is needed"));
            foreach (var file in form.Files.Where(f => f.Length > 0 || f.FileName.Length > 0))
                photos.Add(await ReadAsync(file, ct));
        }
        else
        {
            VisitBody? body;
            try { body = await JsonSerializer.DeserializeAsync<VisitBody>(request.Body, JsonOptions, ct); }
            catch (JsonException) { return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：格式不正确", "The request body: not a valid value")); }
            if (body is null) return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: lang.T("body：请求内容不能为空", "body: the request needs a body"));
            if (body.VisitedOn is null) errors.Add(new("VisitedOn", "须填写走访日期", "The visit's date is needed"));
            input = new VisitInput(body.VisitedOn ?? default, body.Place, body.Present, body.Findings, body.RiskFound, body.RiskKind);
        }
        if (errors.Count > 0) return Invalid(lang, errors);
        var result = await Data.Assistance.Visits.RecordAsync(db, id, input, photos, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => Results.NotFound(),
            EditOutcome.Invalid => Invalid(lang, result.Errors),
            _ => Results.Created($"/api/households/{id}/visits", View((await Data.Assistance.Visits.OfHouseholdAsync(db, id, 200, ct)).Single(v => v.Id == result.Value!.Id))),
        };
    }

    /// <summary>An upload as the data library takes it; a file over the limit is read only as far as the limit and one byte, which refuses it.</summary>
    public static async Task<PhotoUpload> ReadAsync(IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= VisitPhotos.MaxBytes && (read = await stream.ReadAsync(chunk, ct)) > 0) buffer.Write(chunk, 0, read);
        return new PhotoUpload(file.FileName, buffer.ToArray());
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };

    private static IResult Invalid(Lang lang, IEnumerable<FieldError> errors) => Results.ValidationProblem(
        errors.GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
        title: lang.T("输入有误", "Some fields are not valid"), statusCode: StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> Coverage(JingzhunDbContext db, TimeProvider clock, Lang lang, string regionCode, int? year, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (year is { } y && (y < 2014 || y > now.Year))
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: lang.T($"year：应在2014至{now.Year}之间", $"year: from 2014 to {now.Year}"));
        var coverage = await Data.Assistance.Visits.CoverageAsync(db, regionCode, year ?? now.Year, ct);
        return coverage is null ? Results.NotFound() : Results.Ok(coverage);
    }

    private static async Task<IResult> Photo(JingzhunDbContext db, HttpContext http, long photoId, bool thumbnail, CancellationToken ct)
    {
        var photo = await Data.Assistance.Visits.PhotoAsync(db, photoId, thumbnail, ct);
        if (photo is not { } p) return Results.NotFound();
        // Personal pictures: kept by this browser only, never by a shared cache.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(p.Bytes, p.ContentType);
    }

    /// <summary>The risk checkbox shows the kind of risk (without script, both are simply shown).</summary>
    private const string FormScript = """
        document.querySelectorAll('[data-reveals]').forEach(function (box) {
          var target = document.getElementById(box.getAttribute('data-reveals'));
          if (!target) return;
          var sync = function () { target.hidden = !box.checked; };
          box.addEventListener('change', sync);
          sync();
        });
        """;

    /// <summary>The visit form on a phone: full-width inputs, large enough for a thumb, nothing wider than the screen.</summary>
    private const string FormStyle = """
        .visit-form { max-width: 40rem; }
        .visit-form *, .visit-form *::before, .visit-form *::after { box-sizing: border-box; }
        .visit-form .field { display: block; margin: 0 0 1rem; }
        .visit-form label { display: block; font-weight: 600; margin-bottom: .3rem; }
        .visit-form label.check { display: flex; align-items: center; gap: .6rem; font-weight: 600; }
        .visit-form input[type=date], .visit-form input[type=text], .visit-form input:not([type]), .visit-form select, .visit-form textarea,
        .visit-form input[type=file] { display: block; width: 100%; max-width: 100%; font-size: 1.1rem; min-height: 2.9rem; padding: .5rem .6rem; }
        .visit-form input[type=checkbox] { width: 1.6rem; height: 1.6rem; }
        .visit-form button { width: 100%; font-size: 1.2rem; min-height: 3.2rem; }
        .visit-form .field-error { display: block; color: #b00020; }
        .visit-photos { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; list-style: none; }
        .visit-photos img { width: 96px; height: 96px; object-fit: cover; border-radius: 4px; }
        .visit-list { padding-left: 1.1rem; }
        .visit-list li { margin-bottom: .8rem; overflow-wrap: anywhere; }
        """;
}
