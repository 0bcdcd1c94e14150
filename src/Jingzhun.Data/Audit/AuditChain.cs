using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jingzhun.Data.Audit;

/// <summary>
/// Seals new audit entries into the chain inside the transaction that wrote them, each with a MAC keyed by the
/// audit key (<see cref="AuditKey"/>, a file outside the database), and walks the chain to find the first entry
/// that was altered, inserted or removed. Checkpoints (<see cref="AuditCheckpoints"/>) anchor the chain's head
/// outside the database, against truncation.
/// </summary>
public static class AuditChain
{
    // Any fixed number: the PostgreSQL advisory lock that serialises sealing across connections.
    private const long SealLock = 0x4A5A_4155_4449_54;

    /// <summary>
    /// Gives the entries this context has just inserted their chain index, previous hash and hash. On PostgreSQL,
    /// <paramref name="underLock"/>'s statement (built with the parameter namer it is handed) goes in the command that takes
    /// the chain's lock, right after it: true when it went, false when the caller must send it itself (SQLite, or nothing to seal).
    /// </summary>
    public static async Task<bool> SealAsync(JingzhunDbContext db, CancellationToken ct, Func<Func<object, string>, string>? underLock = null)
    {
        // The save just before accepted every change, so the tracker need not look for changes again.
        var pending = db.WithoutDetectingChanges(() => db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.Hash is null)
            .Select(e => e.Entity).OrderBy(e => e.Id).ToList());
        if (pending.Count == 0) return false;
        var key = AuditKey.ReadOrCreate(KeyFileOf(db));
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var (index, previous) = postgres ? await LockAndReadHeadAsync(db, underLock, ct) : await ReadHeadAsync(db, ct);
        foreach (var entry in pending)
        {
            entry.At = TruncateToMicroseconds(entry.At); // what PostgreSQL keeps, so the hash reads back the same
            entry.ChainIndex = ++index;
            entry.PreviousHash = previous;
            entry.Hash = AuditHash.Compute(entry, previous, key);
            previous = entry.Hash;
            db.Entry(entry).DetectChanges(); // bulk writers switch automatic change detection off
        }
        return postgres && underLock is not null;
    }

    /// <summary>The chain's last sealed entry: its index and hash, or 0 and "" for an empty chain.</summary>
    private static async Task<(long Index, string Hash)> ReadHeadAsync(JingzhunDbContext db, CancellationToken ct)
    {
        // On SQLite the transaction already holds the write lock from inserting the entries being sealed.
        var last = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ChainIndex != null).OrderByDescending(a => a.ChainIndex)
            .Select(a => new { a.ChainIndex, a.Hash }).FirstOrDefaultAsync(ct);
        return (last?.ChainIndex ?? 0, last?.Hash ?? "");
    }

    /// <summary>
    /// On PostgreSQL: takes the lock that serialises sealing, then reads the chain's head, in one round trip, with the
    /// caller's statement after them (a save's county marks). Every other save waits for this lock until the transaction
    /// commits (under a peak of saves nearly every connection does: docs/benchmarks.md), so each round trip while it is
    /// held is paid by all of them. The statements go in one command, and each still takes its own snapshot (READ
    /// COMMITTED), the second after the lock is granted: it sees the head the lock's last holder committed. The caller's
    /// statement comes after the lock, as every save's marks do: a transaction of several saves marks counties while it
    /// holds the lock, and a save that locked a mark before waiting for the chain would wait with it in a circle.
    /// </summary>
    private static async Task<(long Index, string Hash)> LockAndReadHeadAsync(JingzhunDbContext db, Func<Func<object, string>, string>? underLock,
        CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("audit entries are sealed inside the transaction that wrote them / 审计记录须在写入它们的事务中封存");
        var after = underLock?.Invoke(value =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{command.Parameters.Count}";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter.ParameterName;
        }) ?? "";
        command.CommandText = $"""
            SELECT pg_advisory_xact_lock({SealLock});
            SELECT "ChainIndex", "Hash" FROM "AuditEntries" WHERE "ChainIndex" IS NOT NULL ORDER BY "ChainIndex" DESC LIMIT 1;
            {after}
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.NextResultAsync(ct))
            throw new InvalidOperationException("the chain's head was not read / 未读到审计链的末条");
        var head = await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0L, "");
        // The caller's statement has run, or its error is raised here, not left for the reader's disposal.
        while (await reader.NextResultAsync(ct)) { }
        return head;
    }

    /// <summary>The audit key file of the context's database; a context made without a target cannot seal.</summary>
    public static string KeyFileOf(JingzhunDbContext db) => db.Target?.AuditKeyFile
        ?? throw new InvalidOperationException("此数据上下文没有数据库目标，无法取得审计密钥 / this context has no database target, so no audit key");

    public static DateTime TruncateToMicroseconds(DateTime at) =>
        new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);

    /// <summary>The first break in the chain, or null when every entry verifies.</summary>
    public sealed record Break(long ChainIndex, long EntryId, Bilingual Text)
    {
        public Break(long chainIndex, long entryId, string chinese, string english) : this(chainIndex, entryId, new Bilingual(chinese, english)) { }
    }

    public static async Task<(long Verified, Break? FirstBreak)> VerifyAsync(JingzhunDbContext db, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        var keyFile = KeyFileOf(db);
        var key = AuditKey.TryRead(keyFile);
        var previous = "";
        long expectedIndex = 1, verified = 0;
        var entries = db.AuditEntries.IgnoreQueryFilters().AsNoTracking().OrderBy(a => a.ChainIndex).ThenBy(a => a.Id).AsSingleQuery().AsAsyncEnumerable();
        await foreach (var e in entries.WithCancellation(ct))
        {
            if (key is null)
                return (verified, new Break(0, e.Id, $"审计密钥文件{keyFile}不存在，无法校验审计日志（密钥丢失则日志无从证明）",
                    $"the audit key file {keyFile} does not exist: the audit log cannot be verified (without the key nothing can be proved)"));
            if (e.ChainIndex is null)
                return (verified, new Break(0, e.Id, $"审计记录{e.Id}不在哈希链中（被插入）", $"audit entry {e.Id} is outside the hash chain (inserted)"));
            if (e.ChainIndex != expectedIndex)
                return (verified, new Break(e.ChainIndex.Value, e.Id,
                    $"链序号{expectedIndex}缺失，下一条为{e.ChainIndex}（有记录被删除）", $"chain index {expectedIndex} is missing, next is {e.ChainIndex} (an entry was removed)"));
            if (e.PreviousHash != previous)
                return (verified, new Break(e.ChainIndex.Value, e.Id,
                    $"第{e.ChainIndex}条（编号{e.Id}）的前序哈希不符（其前有记录被删除或插入）", $"entry #{e.ChainIndex} (id {e.Id}) does not follow its predecessor (an entry was removed or inserted)"));
            if (AuditHash.Compute(e, previous, key) != e.Hash)
                return (verified, new Break(e.ChainIndex.Value, e.Id,
                    $"第{e.ChainIndex}条（编号{e.Id}）内容被篡改，或不是用本审计密钥封存的",
                    $"entry #{e.ChainIndex} (id {e.Id}) was altered, or was not sealed with this audit key"));
            previous = e.Hash!;
            expectedIndex++;
            verified++;
            if (verified % 10_000 == 0) progress?.Report(verified);
        }
        progress?.Report(verified);
        return (verified, null);
    }
}
