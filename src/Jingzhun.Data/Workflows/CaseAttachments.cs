using System.Security.Cryptography;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Workflows;

/// <summary>A file as it came with a step: its name (for the record and messages) and its bytes.</summary>
public sealed record CaseFile(string FileName, byte[] Content);

/// <summary>A file refused for its size, type or number; the message names it.</summary>
public sealed class AttachmentRefusedException(Bilingual text) : InvalidOperationException($"{text.Chinese} / {text.English}")
{
    public Bilingual Text { get; } = text;
}

/// <summary>A stored attachment without its bytes, as the case page and API list it.</summary>
public sealed record AttachmentRow(long Id, long CaseStepId, string FileName, string ContentType, long Size, string Sha256, bool HasThumbnail,
    DateTime UploadedAt, string UploadedBy);

/// <summary>
/// The files of a case step (photos of the house, scanned signed forms, minutes): JPEG, PNG, WebP or PDF told by their
/// content and complete, at most <see cref="MaxBytes"/> each and <see cref="MaxPerStep"/> per step. The bytes are kept
/// exactly as uploaded (evidence is not re-encoded; a picture's thumbnail is made beside it), with their SHA-256, which
/// the step's audit entry names. Read back only through the scoped context: outside the case's region a file does not exist.
/// </summary>
public static class CaseAttachments
{
    public const long MaxBytes = 10L * 1024 * 1024;
    public const int MaxPerStep = 6;
    /// <summary>The most a step's request may carry: its files and the form fields.</summary>
    public const long MaxRequestBytes = MaxPerStep * MaxBytes + 1024 * 1024;

    /// <summary>The first reason the files cannot be stored, naming the file; null when all can.</summary>
    public static Bilingual? Refusal(IReadOnlyList<CaseFile> files)
    {
        if (files.Count > MaxPerStep)
            return new($"每个步骤最多{MaxPerStep}个附件（收到{files.Count}个）", $"at most {MaxPerStep} files per step ({files.Count} sent)");
        foreach (var file in files)
        {
            var name = CleanName(file.FileName);
            if (file.Content.Length == 0) return new($"附件“{name}”是空文件", $"the file “{name}” is empty");
            if (file.Content.Length > MaxBytes)
                return new($"附件“{name}”超过{MaxBytes / 1024 / 1024}MB", $"the file “{name}” is larger than {MaxBytes / 1024 / 1024} MB");
            if (FileContents.WholeKindOf(file.Content) is null)
                return new($"附件“{name}”不是完整的JPEG、PNG、WebP图片或PDF文件（按文件内容判断）",
                    $"the file “{name}” is not a complete JPEG, PNG or WebP picture or PDF file (told by its content)");
        }
        return null;
    }

    /// <summary>The rows to store with a step; the caller has checked <see cref="Refusal"/>.</summary>
    public static List<CaseAttachment> Build(IReadOnlyList<CaseFile> files, string actor, DateTime now) =>
        files.Select(f =>
        {
            var kind = FileContents.WholeKindOf(f.Content)!;
            return new CaseAttachment
            {
                FileName = CleanName(f.FileName, kind), ContentType = kind.ContentType, Size = f.Content.LongLength, Content = f.Content,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Content)), Thumbnail = kind.IsPicture ? FileContents.Thumbnail(f.Content) : null,
                UploadedAt = now, UploadedBy = actor,
            };
        }).ToList();

    /// <summary>A file name as stored and shown: its last part, printable, at most 100 characters.</summary>
    public static string CleanName(string? fileName, EvidenceKind? kind = null)
    {
        var name = new string(Path.GetFileName((fileName ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>')).ToArray()).Trim();
        if (name.Length == 0) name = "file" + (kind?.Extension ?? "");
        return name.Length > 100 ? name[^100..] : name;
    }

    /// <summary>A case's files without their bytes, by step.</summary>
    public static async Task<List<AttachmentRow>> ListAsync(JingzhunDbContext db, long caseId, CancellationToken ct = default) =>
        await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id)
            .Select(a => new AttachmentRow(a.Id, a.CaseStepId, a.FileName, a.ContentType, a.Size, a.Sha256, a.Thumbnail != null, a.UploadedAt, a.UploadedBy))
            .ToListAsync(ct);

    /// <summary>
    /// One file of a case with its bytes, or null when it (or its case) is outside the reader's region. A reader whose reads
    /// are audited (auditor, assessor) has the case's household noted, as for any personal data it opens.
    /// </summary>
    public static async Task<CaseAttachment?> GetAsync(JingzhunDbContext db, long caseId, long attachmentId, CancellationToken ct = default)
    {
        var workflowCase = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.HouseholdId, c.RegionCode }).FirstOrDefaultAsync(ct);
        if (workflowCase is null) return null;
        var file = await db.CaseAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.CaseId == caseId, ct);
        if (file is not null && db.Scope.AuditsReads && workflowCase.HouseholdId is { } household)
            db.HouseholdsRead[household] = workflowCase.RegionCode;
        return file;
    }
}
