using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Audit;

/// <summary>The audit log is append-only, and an entry is not itself audited.</summary>
internal sealed class AuditEntrySaveRules : EntitySaveRules<AuditEntry>
{
    public override void Prepare(EntityEntry entry)
    {
        // Entries are sealed once, right after they are written; a sealed entry never changes.
        if (entry.State == EntityState.Modified && entry.Property(nameof(AuditEntry.Hash)).OriginalValue is not null)
            throw new InvalidOperationException("audit entries are append-only");
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => null;
}
