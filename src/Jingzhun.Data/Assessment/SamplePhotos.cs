using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assessment;

/// <summary>
/// Photos of an assessment visit: like visit photos (<see cref="VisitPhotos.Process"/>: JPEG, PNG or WebP only, re-encoded
/// without EXIF, a thumbnail, the SHA-256 of what is stored), at most <see cref="MaxPerSample"/> per sampled household, added
/// by its assessor while the visits run (the save rules check the sample through <see cref="SamplePhoto.Sample"/>), read
/// only through the scoped context (a photo is seen exactly where its sample is).
/// </summary>
public static class SamplePhotos
{
    public const int MaxPerSample = 6;

    /// <summary>
    /// Adds a photo to a sample; null when the sample is not found in the actor's scope. A role other than the assessor's
    /// answers 403, a file that is not a readable picture or a seventh photo 400, a sample not being visited 409.
    /// The same picture sent twice is kept once (the stored one is returned).
    /// </summary>
    public static async Task<SamplePhoto?> AddAsync(JingzhunDbContext db, long sampleId, PhotoUpload upload, DateTime now, CancellationToken ct = default)
    {
        var sample = await db.SampledHouseholds.FirstOrDefaultAsync(s => s.Id == sampleId, ct);
        if (sample is null) return null;
        AssessmentForms.RequireAssessor(db, sample, new Bilingual("上传评估照片", "add an assessment photo"));
        if (sample.Phase != SamplePhase.Visiting)
            throw new WorkflowBlockedException("该样本不在入户核查阶段，不能上传照片", "the sample is not being visited; no photo can be added");
        var (stored, refusal) = VisitPhotos.Process(upload);
        if (refusal is { } why) throw AssessmentSteps.Invalid(why.Chinese, why.English);
        var photo = stored!;
        var existing = await db.SamplePhotos.FirstOrDefaultAsync(p => p.SampleId == sampleId && p.Sha256 == photo.Sha256, ct);
        if (existing is not null) return existing;
        if (await db.SamplePhotos.CountAsync(p => p.SampleId == sampleId, ct) >= MaxPerSample)
            throw AssessmentSteps.Invalid($"每户最多{MaxPerSample}张照片", $"at most {MaxPerSample} photos per household");
        var row = new SamplePhoto
        {
            SampleId = sample.Id, Sample = sample, VillageCode = sample.VillageCode, CountyCode = sample.CountyCode, ContentType = VisitPhotos.ContentType,
            Content = photo.Content, Thumbnail = photo.Thumbnail, Width = photo.Width, Height = photo.Height, Sha256 = photo.Sha256, UploadedAt = now,
            UploadedBy = db.Scope.Actor,
        };
        db.SamplePhotos.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>
    /// The checks before a photo is read from the request (so a refused actor learns nothing from the file's errors): false
    /// when the sample is not found in the actor's scope, a refusal (403) for anyone but its assessor.
    /// </summary>
    public static async Task<bool> RequireMayAddAsync(JingzhunDbContext db, long sampleId, CancellationToken ct = default)
    {
        var sample = await db.SampledHouseholds.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sampleId, ct);
        if (sample is null) return false;
        AssessmentForms.RequireAssessor(db, sample, new Bilingual("上传评估照片", "add an assessment photo"));
        return true;
    }

    /// <summary>The ids of a sample's photos, oldest first (none when the reader may not see the sample).</summary>
    public static Task<List<long>> IdsAsync(JingzhunDbContext db, long sampleId, CancellationToken ct = default) =>
        db.SamplePhotos.AsNoTracking().Where(p => p.SampleId == sampleId).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);

    /// <summary>A photo or its thumbnail through the scoped context: null where its sample is not seen.</summary>
    public static async Task<(string ContentType, byte[] Bytes)?> ReadAsync(JingzhunDbContext db, long photoId, bool thumbnail, CancellationToken ct = default)
    {
        var photo = thumbnail
            ? await db.SamplePhotos.AsNoTracking().Where(p => p.Id == photoId).Select(p => new { p.ContentType, Bytes = p.Thumbnail }).FirstOrDefaultAsync(ct)
            : await db.SamplePhotos.AsNoTracking().Where(p => p.Id == photoId).Select(p => new { p.ContentType, Bytes = p.Content }).FirstOrDefaultAsync(ct);
        return photo is null ? null : (photo.ContentType, photo.Bytes);
    }
}
