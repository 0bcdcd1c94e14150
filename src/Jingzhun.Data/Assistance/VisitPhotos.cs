using System.Security.Cryptography;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Jingzhun.Data.Assistance;

/// <summary>A photo as it came from the phone: its name (for messages only) and its bytes.</summary>
public sealed record PhotoUpload(string FileName, byte[] Content);

/// <summary>A photo as it is stored: re-encoded JPEG, its thumbnail, its size and the SHA-256 of the stored bytes.</summary>
public sealed record StoredPhoto(byte[] Content, byte[] Thumbnail, int Width, int Height, string Sha256);

/// <summary>
/// What becomes of a visit photo (SixLabors.ImageSharp 2.1): only JPEG, PNG and WebP are decoded (nothing else is even
/// tried); the picture is turned upright by its orientation tag, flattened onto white, scaled to at most
/// <see cref="LongSide"/> px on its long side and written again as JPEG with no metadata at all, so EXIF (the GPS position,
/// the phone, the time) never reaches the database. The thumbnail is at most <see cref="ThumbSide"/> px.
/// </summary>
public static class VisitPhotos
{
    public const long MaxBytes = 10L * 1024 * 1024;
    public const int MaxPerVisit = 6;
    public const int LongSide = 1600;
    public const int ThumbSide = 240;
    /// <summary>A decoded picture larger than this (pixels) is refused before it is decoded: a small file can claim a huge canvas.</summary>
    public const long MaxPixels = 50_000_000;
    public const string ContentType = "image/jpeg";

    /// <summary>The three formats a phone sends; GIF, BMP, TIFF and the rest are not decoded at all.</summary>
    private static readonly Configuration Formats = FileContents.PictureFormats;

    /// <summary>The stored photo, or the reason it is refused (the message names the file).</summary>
    public static (StoredPhoto? Photo, Bilingual? Refusal) Process(PhotoUpload upload)
    {
        var name = Name(upload.FileName);
        if (upload.Content.Length == 0)
            return (null, new($"照片“{name}”是空文件", $"The photo “{name}” is an empty file"));
        if (upload.Content.Length > MaxBytes)
            return (null, new($"照片“{name}”超过{MaxBytes / 1024 / 1024}MB", $"The photo “{name}” is larger than {MaxBytes / 1024 / 1024} MB"));
        var unreadable = new Bilingual($"“{name}”不是可以读取的JPEG、PNG或WebP照片", $"“{name}” is not a readable JPEG, PNG or WebP picture");
        try
        {
            var info = Image.Identify(Formats, upload.Content, out var format);
            if (info is null || format is null || !Whole(upload.Content, format)) return (null, unreadable);
            if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
                return (null, new($"照片“{name}”的尺寸过大（{info.Width}×{info.Height}）", $"The photo “{name}” is too large ({info.Width}×{info.Height} pixels)"));
            using var image = Image.Load<Rgba32>(Formats, upload.Content);
            while (image.Frames.Count > 1) image.Frames.RemoveFrame(image.Frames.Count - 1);
            image.Mutate(x =>
            {
                x.AutoOrient();
                x.BackgroundColor(Color.White);
                if (Math.Max(image.Width, image.Height) > LongSide)
                    x.Resize(new ResizeOptions { Size = new Size(LongSide, LongSide), Mode = ResizeMode.Max });
            });
            Strip(image);
            var content = Jpeg(image, 82);
            using var thumb = image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(ThumbSide, ThumbSide), Mode = ResizeMode.Max }));
            Strip(thumb);
            var thumbnail = Jpeg(thumb, 75);
            return (new StoredPhoto(content, thumbnail, image.Width, image.Height, Convert.ToHexStringLower(SHA256.HashData(content))), null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A damaged or hostile file may fail anywhere in a decoder (ImageFormatException, InvalidImageContentException,
            // and in older decoders an index or argument error): whatever it is, the file is not a picture we keep.
            return (null, unreadable);
        }
    }

    /// <summary>Whether the file is complete, beyond what the decoder insists on (<see cref="FileContents.Whole"/>).</summary>
    public static bool Whole(byte[] bytes, SixLabors.ImageSharp.Formats.IImageFormat format) => FileContents.Whole(bytes, format);

    private static void Strip(Image image) => FileContents.Strip(image);

    private static byte[] Jpeg(Image image, int quality)
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }

    /// <summary>A file name as a message shows it: its last part, printable, at most 60 characters.</summary>
    public static string Name(string fileName)
    {
        var name = new string(Path.GetFileName((fileName ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "photo" : name.Length > 60 ? name[..60] : name;
    }
}
