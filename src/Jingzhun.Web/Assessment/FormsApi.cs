using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Assistance;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Assessment;

/// <summary>
/// The assessor's forms (第三方评估入户核查): the assessor's own list, one sample with its household facts, recording its
/// form (JSON with the phone's clientId: the same form sent twice is stored once, which lets a phone queue forms offline
/// and send them later) and its photos. Every write is <see cref="AssessmentForms"/>' or <see cref="SamplePhotos"/>'
/// governed step: another role 403, a sample outside the reader's scope 404, a bad value 400, a sample not being visited
/// 409. A write from another site is refused before it runs (SameOriginWrites).
/// </summary>
public static class FormsApi
{
    /// <summary>One photo of at most 10 MB and its fields.</summary>
    public const long MaxPhotoRequestBytes = VisitPhotos.MaxBytes * 2 + 1024 * 1024;

    public static void MapFormsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessment").WithTags("Assessment 考核评估");
        api.MapGet("/mine", Mine).WithSummary("The signed-in assessor's assigned households, by village, recorded or not 我的评估样本");
        api.MapGet("/samples/{id:long}", Sample).WithSummary("A sampled household: the household facts the reader may see, the form and its judgement, photo ids 样本户");
        api.MapPut("/samples/{id:long}/form", Record)
            .WithSummary("Record the form of a sampled household (the assigned assessor, while visits run); clientId makes a resent form a no-op 录入核查表");
        api.MapPost("/samples/{id:long}/photos", AddPhoto)
            .WithSummary("Add a photo to a sample (multipart: photo; or JSON: fileName, content as base64): JPEG, PNG or WebP, re-encoded without EXIF, at most 6 评估照片")
            .Accepts<PhotoRequest>("application/json", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxPhotoRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxPhotoRequestBytes })
            .DisableAntiforgery(); // a fetch from the form page, refused from any other site by SameOriginWrites
        api.MapGet("/photos/{id:long}", (JingzhunDbContext db, HttpContext http, long id, CancellationToken ct) => Photo(db, http, id, false, ct))
            .WithSummary("A sample photo (JPEG), only where its sample is seen");
        api.MapGet("/photos/{id:long}/thumb", (JingzhunDbContext db, HttpContext http, long id, CancellationToken ct) => Photo(db, http, id, true, ct))
            .WithSummary("A sample photo's thumbnail");
    }

    public sealed record FormRequest(Guid? ClientId, DateOnly? VisitedOn, [property: Range(0d, 10_000_000d)] decimal? PerCapitaIncome, bool? FoodAndClothing,
        bool? Education, bool? Medical, bool? Housing, bool? Water, ExitRecognition? Recognition, [property: TextLimit(AssessmentForms.MaxNotes, Lines = true)] string? Notes)
    {
        public FormInput Input => new(VisitedOn, PerCapitaIncome, FoodAndClothing, Education, Medical, Housing, Water, Recognition, Notes);
    }

    /// <summary>A photo as JSON sends it: its name and its bytes in base64.</summary>
    public sealed record PhotoRequest([property: TextLimit(200)] string? FileName, [property: TextLimit(14_000_000)] string? Content);

    public sealed record MineJson(int Done, int Left, IReadOnlyList<MineRow> Samples);

    public sealed record MineRow(long Id, long ProjectId, string ProjectName, SampleFrame Frame, string Kind, string VillageCode, string VillageName,
        string? HouseholdNumber, string HeadName, bool Recorded, DateTime? RecordedAt);

    public sealed record SampleJson(long Id, long ProjectId, string ProjectName, int Year, SampleFrame Frame, string Kind, string VillageCode, string VillageName,
        string? HouseholdNumber, string HeadName, string Address, int People, bool MayRecord, DateOnly? VisitsFrom, DateOnly? VisitedOn, decimal? PerCapitaIncome,
        bool? FoodAndClothing, bool? Education, bool? Medical, bool? Housing, bool? Water, ExitRecognition? Recognition, string? Notes, bool? Finding,
        string? FindingTrace, DateTime? RecordedAt, string? RecordedBy, Guid? ClientId, IReadOnlyList<long> PhotoIds, IReadOnlyList<string> PhotoUrls)
    {
        public static SampleJson From(SampleDetail d, Lang lang)
        {
            var s = d.Sample;
            return new(s.Id, s.ProjectId, d.ProjectName, d.Year, s.Frame, lang.Label(s.Frame), s.VillageCode, d.VillageName, d.HouseholdNumber, d.HeadName, d.Address,
                d.People, d.MayRecord, d.VisitsFrom, s.VisitedOn, s.PerCapitaIncome, s.FoodAndClothing, s.Education, s.Medical, s.Housing, s.Water, s.Recognition,
                s.Notes, s.Finding, s.FindingTrace, s.RecordedAt, s.RecordedBy, s.ClientId, d.PhotoIds, [.. d.PhotoIds.Select(p => $"/api/assessment/photos/{p}")]);
        }
    }

    public sealed record PhotoJson(long Id, long SampleId, int Width, int Height, string Sha256, string Url, string ThumbnailUrl);

    private static async Task<IResult> Mine(JingzhunDbContext db, Lang lang, CancellationToken ct)
    {
        var rows = await AssessmentForms.MineAsync(db, ct);
        return Results.Ok(new MineJson(rows.Count(r => r.Recorded), rows.Count(r => !r.Recorded),
            [.. rows.Select(r => new MineRow(r.Id, r.ProjectId, r.ProjectName, r.Frame, lang.Label(r.Frame), r.VillageCode, r.VillageName, r.HouseholdNumber,
                r.HeadName, r.Recorded, r.RecordedAt))]));
    }

    private static async Task<IResult> Sample(JingzhunDbContext db, Lang lang, long id, CancellationToken ct) =>
        await AssessmentForms.FindAsync(db, id, ct) is { } detail ? Results.Ok(SampleJson.From(detail, lang)) : Results.NotFound();

    private static async Task<IResult> Record(JingzhunDbContext db, TimeProvider clock, Lang lang, long id, FormRequest request, CancellationToken ct)
    {
        var saved = await AssessmentForms.RecordAsync(db, id, request.Input, request.ClientId, clock.GetUtcNow().UtcDateTime, ct);
        if (saved is null) return Results.NotFound();
        db.ChangeTracker.Clear();
        return await AssessmentForms.FindAsync(db, id, ct) is { } detail ? Results.Ok(SampleJson.From(detail, lang)) : Results.NotFound();
    }

    private static async Task<IResult> AddPhoto(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, long id, CancellationToken ct)
    {
        // The sample and the actor's right to it come first: another's sample is not found, a role that may not add photos is
        // refused (403), before the body is read.
        if (!await SamplePhotos.RequireMayAddAsync(db, id, ct)) return Results.NotFound();
        PhotoUpload upload;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：表单格式不正确", "The request body: not a valid form"));
            }
            var file = form.Files.FirstOrDefault(f => f.Length > 0 || f.FileName.Length > 0);
            if (file is null) return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("photo：请选择照片", "photo: choose a photo"));
            upload = await VisitsApi.ReadAsync(file, ct);
        }
        else
        {
            PhotoRequest? body;
            try { body = await request.ReadFromJsonAsync<PhotoRequest>(ct); }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：格式不正确", "The request body: not a valid value"));
            }
            if (body?.Content is not { Length: > 0 } content)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("content：请附上照片", "content: the photo is needed"));
            if (content.Length > 14_000_000 || (body.FileName?.Length ?? 0) > 200)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("content：照片过大", "content: the photo is too large"));
            var bytes = new byte[content.Length];
            if (!Convert.TryFromBase64String(content, bytes, out var written))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("content：不是base64编码", "content: not base64"));
            upload = new PhotoUpload(body.FileName ?? "photo", bytes[..written]);
        }
        var photo = await SamplePhotos.AddAsync(db, id, upload, clock.GetUtcNow().UtcDateTime, ct);
        if (photo is null) return Results.NotFound();
        return Results.Created($"/api/assessment/photos/{photo.Id}",
            new PhotoJson(photo.Id, photo.SampleId, photo.Width, photo.Height, photo.Sha256, $"/api/assessment/photos/{photo.Id}", $"/api/assessment/photos/{photo.Id}/thumb"));
    }

    private static async Task<IResult> Photo(JingzhunDbContext db, HttpContext http, long id, bool thumbnail, CancellationToken ct)
    {
        if (await SamplePhotos.ReadAsync(db, id, thumbnail, ct) is not { } photo) return Results.NotFound();
        // Personal pictures: kept by this browser only, never by a shared cache.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(photo.Bytes, photo.ContentType);
    }
}
