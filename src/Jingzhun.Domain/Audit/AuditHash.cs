using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jingzhun.Domain.Audit;

/// <summary>
/// The hash that chains audit entries: SHA-256 over the previous entry's hash and every field of
/// this one, so that changing, inserting or removing any entry breaks the chain after it.
/// </summary>
public static class AuditHash
{
    public static string Compute(AuditEntry e, string previousHash)
    {
        var text = string.Join('\u001f',
            previousHash,
            e.ChainIndex?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Id.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            e.Actor, ((int)e.Action).ToString(CultureInfo.InvariantCulture), e.EntityType, e.EntityId,
            e.HouseholdId?.ToString(CultureInfo.InvariantCulture) ?? "", e.RegionCode,
            e.Field ?? "\u0000", e.OldValue ?? "\u0000", e.NewValue ?? "\u0000", e.Reason ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
