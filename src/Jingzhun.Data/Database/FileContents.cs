using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Jingzhun.Data.Database;

/// <summary>A kind of evidence file, told by its content.</summary>
public sealed record EvidenceKind(string Name, string ContentType, string Extension, bool IsPicture);

/// <summary>
/// What a file is, told by its bytes, and whether it is complete: shared by the features that keep uploaded evidence
/// (visit photos, case attachments). A JPEG's segments must lead to its end marker, a PNG's chunks (each with its CRC)
/// to IEND, a WebP's RIFF size must fit the file, a PDF must start with its header and carry its end-of-file mark.
/// </summary>
public static class FileContents
{
    public static readonly EvidenceKind Jpeg = new("JPEG", "image/jpeg", ".jpg", true);
    public static readonly EvidenceKind Png = new("PNG", "image/png", ".png", true);
    public static readonly EvidenceKind Webp = new("WebP", "image/webp", ".webp", true);
    public static readonly EvidenceKind Pdf = new("PDF", "application/pdf", ".pdf", false);

    /// <summary>A decoded picture larger than this (pixels) is refused before it is decoded: a small file can claim a huge canvas.</summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>The three picture formats a phone sends; GIF, BMP, TIFF and the rest are not decoded at all.</summary>
    public static readonly Configuration PictureFormats = new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule());

    /// <summary>The kind of a complete JPEG, PNG, WebP or PDF file; null for anything else, or a file cut short.</summary>
    public static EvidenceKind? WholeKindOf(byte[] b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return JpegComplete(b) ? Jpeg : null;
        if (b.Length >= 8 && b.AsSpan(0, 8).SequenceEqual(PngSignature)) return PngComplete(b) ? Png : null;
        if (b.Length >= 16 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WEBP"u8)) return WebpComplete(b) ? Webp : null;
        if (b.Length >= 8 && b.AsSpan(0, 5).SequenceEqual("%PDF-"u8)) return PdfComplete(b) ? Pdf : null;
        return null;
    }

    /// <summary>Whether a picture the decoder recognised is complete (the decoder itself makes the best of a cut-off file).</summary>
    public static bool Whole(byte[] bytes, SixLabors.ImageSharp.Formats.IImageFormat format) => format switch
    {
        JpegFormat => JpegComplete(bytes),
        PngFormat => PngComplete(bytes),
        WebpFormat => WebpComplete(bytes),
        _ => false,
    };

    /// <summary>
    /// A thumbnail (JPEG, no metadata, at most <paramref name="side"/> px) of a picture, or null when it cannot be decoded
    /// or claims more than <see cref="MaxPixels"/>.
    /// </summary>
    public static byte[]? Thumbnail(byte[] picture, int side = 240)
    {
        try
        {
            var info = Image.Identify(PictureFormats, picture, out var format);
            if (info is null || format is null || info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels) return null;
            using var image = Image.Load<Rgba32>(PictureFormats, picture);
            while (image.Frames.Count > 1) image.Frames.RemoveFrame(image.Frames.Count - 1);
            image.Mutate(x => x.AutoOrient().BackgroundColor(Color.White).Resize(new ResizeOptions { Size = new Size(side, side), Mode = ResizeMode.Max }));
            Strip(image);
            using var stream = new MemoryStream();
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = 75 });
            return stream.ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A damaged or hostile file may fail anywhere in a decoder: whatever it is, it is not a picture we show.
            return null;
        }
    }

    /// <summary>Removes every metadata profile (EXIF carries the GPS position, the phone, the time).</summary>
    public static void Strip(Image image)
    {
        image.Metadata.ExifProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IccProfile = null;
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IccProfile = null;
        }
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static bool WebpComplete(byte[] b) => b.Length >= 12 && (long)BitConverter.ToUInt32(b, 4) + 8 <= b.Length;

    /// <summary>A PDF ends with "%%EOF" (followed by at most some white space) within its last kilobyte.</summary>
    private static bool PdfComplete(byte[] b)
    {
        var tail = b.AsSpan(Math.Max(0, b.Length - 1024));
        return tail.LastIndexOf("%%EOF"u8) is var at and >= 0 && tail[(at + 5)..].IndexOfAnyExcept(" \r\n\t\0"u8) < 0;
    }

    private static bool JpegComplete(byte[] b)
    {
        if (b.Length < 4 || b[0] != 0xFF || b[1] != 0xD8) return false;
        var i = 2;
        while (i + 1 < b.Length)
        {
            if (b[i] != 0xFF) return false;
            var marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; }          // fill bytes
            if (marker == 0xD9) return true;                 // end of image
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) { i += 2; continue; }
            if (i + 3 >= b.Length) return false;
            var length = (b[i + 2] << 8) | b[i + 3];
            if (length < 2 || i + 2 + length > b.Length) return false;
            i += 2 + length;
            if (marker != 0xDA) continue;
            // Entropy-coded data of a scan: up to the next marker that is not a stuffed byte or a restart marker.
            while (i + 1 < b.Length && !(b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] is not (>= 0xD0 and <= 0xD7))) i++;
        }
        return false;
    }

    private static bool PngComplete(byte[] b)
    {
        var i = 8;
        while (i + 12 <= b.Length)
        {
            var length = (long)((uint)b[i] << 24 | (uint)b[i + 1] << 16 | (uint)b[i + 2] << 8 | b[i + 3]);
            if (length > int.MaxValue || i + 12 + length > b.Length) return false;
            var crc = (uint)b[i + 8 + length] << 24 | (uint)b[i + 9 + length] << 16 | (uint)b[i + 10 + length] << 8 | b[i + 11 + length];
            if (Crc32(b.AsSpan(i + 4, 4 + (int)length)) != crc) return false;
            if (b[i + 4] == 'I' && b[i + 5] == 'E' && b[i + 6] == 'N' && b[i + 7] == 'D') return true;
            i += 12 + (int)length;
        }
        return false;
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var x in data) c = CrcTable[(c ^ x) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
