using System.IO.Compression;
using System.Security.Cryptography;

using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A kind of document a project keeps, told by its content (never by its name).</summary>
public sealed record DocumentKind(string Name, string ContentType, string Extension);

/// <summary>
/// A project's documents (meeting minutes, approvals, acceptance reports, photos): PDF, JPEG, PNG, DOCX and XLSX up to
/// 10 MB, told apart by their first bytes (and, for the two Office formats, by the parts inside the zip), with the SHA-256
/// of the stored bytes. Written once. Uploaded by whoever may take, or has taken, a step on the project inside its region;
/// read back only through the scoped context, so outside the project's region a document does not exist (404).
/// </summary>
public static class ProjectDocuments
{
    public const long MaxBytes = 10L * 1024 * 1024;

    public static readonly DocumentKind Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly DocumentKind Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly DocumentKind Png = new("PNG", "image/png", ".png");
    public static readonly DocumentKind Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly DocumentKind Xlsx = new("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    /// <summary>The kind of a file by its content, or null when it is none of the five.</summary>
    public static DocumentKind? Sniff(byte[] b)
    {
        if (b.Length >= 5 && b.AsSpan(0, 5).SequenceEqual("%PDF-"u8)) return Pdf;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Jpeg;
        if (b.Length >= 8 && b.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Png;
        if (b.Length >= 4 && b[0] == 0x50 && b[1] == 0x4B && b[2] == 0x03 && b[3] == 0x04)
        {
            try
            {
                using var zip = new ZipArchive(new MemoryStream(b, writable: false), ZipArchiveMode.Read);
                var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                if (!names.Contains("[Content_Types].xml")) return null;
                if (names.Contains("word/document.xml")) return Docx;
                if (names.Contains("xl/workbook.xml")) return Xlsx;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>A file name as stored and shown: its last part, printable, at most 100 characters.</summary>
    public static string CleanName(string? fileName, DocumentKind kind)
    {
        var name = new string(Path.GetFileName((fileName ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>')).ToArray()).Trim();
        if (name.Length == 0) name = "document" + kind.Extension;
        if (name.Length > 100) name = name[^100..];
        return name;
    }

    public static async Task<EditResult<ProjectDocument>> UploadAsync(JingzhunDbContext db, long projectId, string? fileName, byte[] content, DateTime now,
        CancellationToken ct = default)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return EditResult<ProjectDocument>.NotFound();
        var proposer = await ProjectLibrary.ProposerRoleOfAsync(db, projectId, ct);
        if (!(db.Scope.IsAdministrator && db.Scope.Role is null) && !await ProjectLibrary.MayAttachAsync(db, project, proposer, ct))
            throw new WorkflowRefusedException($"{db.Scope.Actor}不能为此项目上传附件", $"{db.Scope.Actor} may not attach documents to this project", project.RegionCode);
        if (content.Length == 0) return EditResult<ProjectDocument>.Invalid([new("File", "文件是空的", "The file is empty")]);
        if (content.Length > MaxBytes) return EditResult<ProjectDocument>.Invalid([new("File", "文件超过10MB", "The file is larger than 10 MB")]);
        var kind = Sniff(content);
        if (kind is null)
            return EditResult<ProjectDocument>.Invalid([new("File", "只接受PDF、JPEG、PNG、DOCX或XLSX文件（按文件内容判断）",
                "Only PDF, JPEG, PNG, DOCX or XLSX files are taken (told by their content)")]);
        var document = new ProjectDocument
        {
            ProjectId = project.Id, RegionCode = project.RegionCode, CountyCode = project.CountyCode, Stage = project.Stage,
            FileName = CleanName(fileName, kind), ContentType = kind.ContentType, Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content, UploadedBy = db.Scope.Actor, UploadedAt = now,
        };
        db.ProjectDocuments.Add(document);
        await db.SaveChangesAsync(ct);
        return EditResult<ProjectDocument>.Saved(document);
    }

    /// <summary>One document with its bytes, or null when it (or its project) is outside the reader's region.</summary>
    public static async Task<ProjectDocument?> GetAsync(JingzhunDbContext db, long projectId, long documentId, CancellationToken ct = default)
    {
        if (db.Scope.ReadsAssignedOnly) return null;
        if (!await db.Projects.AsNoTracking().AnyAsync(p => p.Id == projectId, ct)) return null;
        return await db.ProjectDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ProjectId == projectId, ct);
    }

    /// <summary>The project's documents without their bytes.</summary>
    public static async Task<IReadOnlyList<DocumentRow>> ListAsync(JingzhunDbContext db, long projectId, CancellationToken ct = default) =>
        await db.ProjectDocuments.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id)
            .Select(d => new DocumentRow(d.Id, d.FileName, d.ContentType, d.Size, d.Sha256, d.Stage, d.UploadedBy, d.UploadedAt)).ToListAsync(ct);

}
