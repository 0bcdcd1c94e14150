using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Jingzhun.Web.Access;

/// <summary>
/// Files a page offers once, to the account that made them (the one-time passwords of an account import): kept in
/// memory for <see cref="Lifetime"/>, removed at the first download. A restart of the host forgets them, and the
/// administrator resets the passwords instead.
/// </summary>
public static class OneTimeDownloads
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private sealed record Entry(string Owner, string FileName, byte[] Content, DateTime Expires);

    private static readonly ConcurrentDictionary<string, Entry> Entries = new();

    /// <summary>Keeps the file for its owner from <paramref name="now"/> on and returns the token that fetches it once.</summary>
    public static string Put(string owner, string fileName, byte[] content, DateTime now)
    {
        foreach (var (key, entry) in Entries)
            if (entry.Expires < now) Entries.TryRemove(key, out _);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        Entries[token] = new Entry(owner, fileName, content, now + Lifetime);
        return token;
    }

    /// <summary>The file, removed from memory; null when the token is unknown, expired, taken already or another account's.</summary>
    public static (string FileName, byte[] Content)? Take(string owner, string token, DateTime now)
    {
        if (!Entries.TryGetValue(token, out var entry) || entry.Owner != owner) return null;
        if (!Entries.TryRemove(token, out entry) || entry.Expires < now) return null;
        return (entry.FileName, entry.Content);
    }
}
