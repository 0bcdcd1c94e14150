using System.Security.Cryptography;

namespace Jingzhun.Data.Audit;

/// <summary>
/// The audit key: 32 random bytes in a file outside the database (base64, one line), readable by its owner only.
/// Whoever can write the database but not read this file cannot reseal a changed audit log.
/// </summary>
public static class AuditKey
{
    public const int Length = 32;

    /// <summary>The key in <paramref name="path"/>, or null when there is no such file.</summary>
    public static byte[]? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            key = [];
        }
        if (key.Length < Length)
            throw new InvalidOperationException($"审计密钥文件{path}不是有效的密钥（至少{Length}字节，base64） / " +
                                                $"the audit key file {path} holds no valid key (at least {Length} bytes, base64)");
        return key;
    }

    /// <summary>
    /// The key in <paramref name="path"/>, created with fresh random bytes on first use. Creation is race-safe across
    /// threads and processes: the key is written whole to a private temporary file and linked into place only if no
    /// other writer got there first; the loser reads the winner's key.
    /// </summary>
    public static byte[] ReadOrCreate(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (TryRead(full) is { } existing) return existing;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException && File.Exists(full))
        {
            // Another first use holds the file (or has just created it, empty) while it writes the key: read it once
            // written; a file that stays without a key is still reported as damaged.
            return ReadOnceWritten(full);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var fresh = RandomNumberGenerator.GetBytes(Length);
        try
        {
            // Creating the file itself is the one atomic "create if absent" (a rename that must not overwrite is not, on
            // every file system): of first uses that race, exactly one writes the key, and the others read it.
            using var stream = new FileStream(full, OwnerOnly(FileMode.CreateNew));
            using var writer = new StreamWriter(stream);
            writer.WriteLine(Convert.ToBase64String(fresh));
            return fresh;
        }
        catch (IOException) when (File.Exists(full))
        {
            return ReadOnceWritten(full);
        }
    }

    /// <summary>
    /// The key another first use is writing: while that file is locked, empty or short it is read again for a moment;
    /// after that a file that still holds no key is reported as the damaged key file it is.
    /// </summary>
    private static byte[] ReadOnceWritten(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return TryRead(path) ?? throw new FileNotFoundException("审计密钥文件已不存在 / the audit key file is gone", path);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException && attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Write access for a new file that only its owner may read (on Unix: mode 0600 from the start).</summary>
    public static FileStreamOptions OwnerOnly(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }
}
