using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;

namespace Jingzhun.Data.Audit;

/// <summary>
/// Audit entries that record an event rather than a change to a row: a sign-in and a refused request. The web host
/// and the command line write nothing through the context themselves (an architecture test holds them to it); they
/// call these.
/// </summary>
public static class AuditEvents
{
    /// <summary>A sign-in attempt, allowed or not, with why it was refused (source, lock) in <paramref name="reason"/>.</summary>
    public static async Task SignInAsync(JingzhunDbContext db, string userName, bool allowed, string regionCode, string reason,
        DateTime now, CancellationToken ct = default)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = userName, Action = allowed ? AuditAction.SignIn : AuditAction.SignInFailed,
            EntityType = "Account", EntityId = userName, RegionCode = regionCode, Reason = reason,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A refused request (out of scope, cross-origin): written in a unit of work of its own, because the request's own
    /// unit of work is the one that failed and is thrown away.
    /// </summary>
    public static async Task RefusedRequestAsync(DatabaseTarget target, string actor, string request, string regionCode, string reason,
        DateTime now, CancellationToken ct = default)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System(actor));
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = actor, Action = AuditAction.Refused, EntityType = "Request",
            EntityId = Cut(request, 64), RegionCode = regionCode, Reason = reason,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Cut(string value, int length) => value.Length > length ? value[..length] : value;
}
