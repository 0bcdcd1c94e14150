using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jingzhun.Domain.Audit;

/// <summary>
/// The seal that chains audit entries: HMAC-SHA256, keyed with the audit key (kept outside the database), over
/// the previous entry's seal and every field of this one. Changing, inserting or removing any entry breaks the
/// chain after it, and without the key nobody can compute a chain that verifies again.
/// </summary>
public static class AuditHash
{
    public static string Compute(AuditEntry e, string previousHash, ReadOnlySpan<byte> key)
    {
        var text = string.Join('\u001f',
            previousHash,
            e.ChainIndex?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Id.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            e.Actor, ((int)e.Action).ToString(CultureInfo.InvariantCulture), e.EntityType, e.EntityId,
            e.HouseholdId?.ToString(CultureInfo.InvariantCulture) ?? "", e.RegionCode,
            e.Field ?? "\u0000", e.OldValue ?? "\u0000", e.NewValue ?? "\u0000", e.Reason ?? "\u0000");
        return Mac(text, key);
    }

    /// <summary>HMAC-SHA256 of a text, lower-case hex: the entries' seals and the checkpoints' signatures.</summary>
    public static string Mac(string text, ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Names a key without revealing it (for manifests and messages): the first 16 hex digits of a MAC of a fixed text.</summary>
    public static string KeyId(ReadOnlySpan<byte> key) => Mac("jingzhun audit key id", key)[..16];
}
