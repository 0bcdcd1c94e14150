using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;

namespace Jingzhun.Data.Audit;

/// <summary>
/// The one audit line that stands for rows written in bulk (an import's chunk, a year-end's batch, the demo's data): who,
/// when, where and what, instead of a line per row. It is sealed into the hash chain by the save that follows.
/// </summary>
internal static class BulkAuditLine
{
    public static AuditEntry For(JingzhunDbContext db, DateTime at, string reason) => new()
    {
        At = at, Actor = db.Scope.Actor, Action = AuditAction.Import, EntityType = "Registry", EntityId = "",
        RegionCode = db.Scope.RegionPrefix, Reason = reason,
    };
}
