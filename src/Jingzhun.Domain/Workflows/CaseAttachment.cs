namespace Jingzhun.Domain.Workflows;

/// <summary>
/// A file attached to a case step (a photo of the house, a scanned signed form, the minutes of a democratic review):
/// its bytes exactly as uploaded (they are evidence), their SHA-256, and a thumbnail for pictures. Written once with
/// its step and kept forever like the rest of the record.
/// </summary>
public sealed class CaseAttachment
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long CaseStepId { get; set; }
    public CaseStep? CaseStep { get; set; }
    /// <summary>The case's county and region: the scope of the file.</summary>
    public string CountyCode { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string FileName { get; set; } = "";
    /// <summary>The type told by the content (never by the name or the browser's claim).</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    /// <summary>A small JPEG for pictures; null for a PDF.</summary>
    public byte[]? Thumbnail { get; set; }
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}
