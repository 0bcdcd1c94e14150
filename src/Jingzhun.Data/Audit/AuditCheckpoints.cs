using System.Globalization;
using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Audit;

/// <summary>
/// One signed statement, kept outside the database, of how far a database's audit chain had grown: its first
/// entry's seal, how many entries it held up to its head, the head's index and seal, when, and a MAC over all of
/// it with the audit key. A later chain must still contain this head unchanged: a tail cut off, or a chain
/// rewritten and resealed, no longer does.
/// </summary>
public sealed record AuditCheckpoint(string Database, string First, long Entries, long HeadIndex, string HeadHash, DateTime At, string Mac)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Signed => string.Join('\u001f', "jingzhun-audit-checkpoint-1", Database, First,
        Entries.ToString(CultureInfo.InvariantCulture), HeadIndex.ToString(CultureInfo.InvariantCulture), HeadHash,
        At.ToString("O", CultureInfo.InvariantCulture));

    public AuditCheckpoint SignedWith(byte[] key) => this with { Mac = AuditHash.Mac(Signed, key) };

    public bool VerifiesWith(byte[] key) => AuditHash.Mac(Signed, key) == Mac;
}

/// <summary>
/// The checkpoints file: one JSON line per checkpoint, appended, shared by every database that names it (each line
/// names its database by <see cref="DatabaseTarget.Identity"/>). Written at every year-end and on demand
/// (<c>jingzhun audit checkpoint</c>); <c>jingzhun audit verify</c> checks the chain against every line of its database.
/// </summary>
public static class AuditCheckpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends a checkpoint of the chain's present head; the caller has committed what it wrote.</summary>
    public static async Task<AuditCheckpoint> WriteAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var target = db.Target ?? throw new InvalidOperationException(
            "此数据上下文没有数据库目标，无法写检查点 / this context has no database target, so no checkpoint");
        var key = AuditKey.ReadOrCreate(target.AuditKeyFile);
        var head = await HeadAsync(db, ct);
        var entries = head is null ? 0 : await Sealed(db).CountAsync(a => a.ChainIndex <= head.Index, ct);
        var checkpoint = new AuditCheckpoint(target.Identity, await SealAtAsync(db, 1, ct) ?? "", entries, head?.Index ?? 0,
            head?.Hash ?? "", AuditChain.TruncateToMicroseconds(now), "").SignedWith(key);
        await AppendAsync(target.CheckpointsFile, JsonSerializer.Serialize(checkpoint, Json), ct);
        return checkpoint;
    }

    /// <summary>
    /// Checks the chain against every checkpoint of this database in the file; returns how many were checked and
    /// what failed, each finding (tampering with the log or with the checkpoints file) one bilingual sentence.
    /// The chain's own walk (<see cref="AuditChain.VerifyAsync"/>) is separate.
    /// </summary>
    public static async Task<(int Checked, List<Bilingual> Findings)> CheckAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var target = db.Target ?? throw new InvalidOperationException("no database target");
        var findings = new List<Bilingual>();
        var lines = await ReadLinesAsync(target.CheckpointsFile, ct);
        if (lines.Count == 0) return (0, findings);
        var key = AuditKey.TryRead(target.AuditKeyFile);
        if (key is null)
        {
            findings.Add(new($"审计密钥文件{target.AuditKeyFile}不存在，检查点无法校验", $"the audit key file {target.AuditKeyFile} does not exist: checkpoints cannot be verified"));
            return (0, findings);
        }
        var current = await HeadAsync(db, ct);
        var first = await SealAtAsync(db, 1, ct);
        var checkedCount = 0;
        for (var n = 0; n < lines.Count; n++)
        {
            var line = n + 1;
            var checkpoint = Parse(lines[n]);
            if (checkpoint is null)
            {
                findings.Add(new($"检查点文件第{line}行无法读取（被改动）", $"checkpoints file line {line} is unreadable (edited)"));
                continue;
            }
            if (checkpoint.Database != target.Identity) continue;
            checkedCount++;
            if (!checkpoint.VerifiesWith(key))
            {
                findings.Add(new($"检查点文件第{line}行（{checkpoint.At:yyyy-MM-dd HH:mm:ss}）签名不符：被改动，或不是用本审计密钥写的",
                    $"checkpoints file line {line} ({checkpoint.At:yyyy-MM-dd HH:mm:ss}) fails its MAC: edited, or not written with this audit key"));
                continue;
            }
            if (await AgainstAsync(db, checkpoint, current, first, ct) is { } finding) findings.Add(finding);
        }
        return (checkedCount, findings);
    }

    /// <summary>What a valid checkpoint says about the chain now, or null when the chain still holds its head.</summary>
    private static async Task<Bilingual?> AgainstAsync(JingzhunDbContext db, AuditCheckpoint c, Head? current, string? first, CancellationToken ct)
    {
        if (c.HeadIndex == 0) return null;
        var when = $"{c.At:yyyy-MM-dd HH:mm:ss}";
        if (current is null)
            return new($"审计日志被清空：{when}的检查点记有{c.Entries:N0}条（至第{c.HeadIndex}条），现在一条也没有",
                $"the audit log was emptied: the checkpoint of {when} recorded {c.Entries:N0} entries (up to #{c.HeadIndex}), now there are none");
        if (first != c.First)
            return new($"审计日志从第1条起被重写：与{when}的检查点不符（或此地址上已是另一个数据库）",
                $"the audit log was rewritten from entry #1: it does not match the checkpoint of {when} (or another database now lives at this address)");
        var sealAtHead = await SealAtAsync(db, c.HeadIndex, ct);
        if (sealAtHead is null)
            return new($"审计日志尾部被截断：{when}的检查点记至第{c.HeadIndex}条（共{c.Entries:N0}条），现在只到第{current.Index}条",
                $"the audit log's tail was cut off: the checkpoint of {when} recorded entries up to #{c.HeadIndex} ({c.Entries:N0} in all), the log now ends at #{current.Index}");
        if (sealAtHead != c.HeadHash)
            return new($"审计日志被重写并重新封存：第{c.HeadIndex}条与{when}的检查点不符",
                $"the audit log was rewritten and resealed: entry #{c.HeadIndex} does not match the checkpoint of {when}");
        var entries = await Sealed(db).CountAsync(a => a.ChainIndex <= c.HeadIndex, ct);
        if (entries < c.Entries)
            return new($"审计记录被删除：{when}的检查点记有{c.Entries:N0}条（至第{c.HeadIndex}条），现在只有{entries:N0}条",
                $"audit entries were removed: the checkpoint of {when} recorded {c.Entries:N0} entries up to #{c.HeadIndex}, now there are {entries:N0}");
        return null;
    }

    private sealed record Head(long Index, string Hash);

    private static IQueryable<AuditEntry> Sealed(JingzhunDbContext db) =>
        db.AuditEntries.IgnoreQueryFilters().AsNoTracking().Where(a => a.ChainIndex != null);

    private static async Task<Head?> HeadAsync(JingzhunDbContext db, CancellationToken ct) =>
        await Sealed(db).OrderByDescending(a => a.ChainIndex).Select(a => new Head(a.ChainIndex!.Value, a.Hash ?? ""))
            .FirstOrDefaultAsync(ct);

    private static Task<string?> SealAtAsync(JingzhunDbContext db, long index, CancellationToken ct) =>
        Sealed(db).Where(a => a.ChainIndex == index).Select(a => a.Hash).FirstOrDefaultAsync(ct);

    private static AuditCheckpoint? Parse(string line)
    {
        try
        {
            var c = JsonSerializer.Deserialize<AuditCheckpoint>(line, Json);
            return c is { Database: not null, First: not null, HeadHash: not null, Mac: not null } ? c : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Writers lock the file (an exclusive lock on Unix as on Windows), so that lines from parallel writers never
    // interleave and a reader never sees half a line; whoever finds it locked waits a moment and tries again.
    private static async Task AppendAsync(string path, string line, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WhenUnlockedAsync(async () =>
        {
            await using var stream = new FileStream(path, AuditKey.OwnerOnly(FileMode.Append));
            await using var writer = new StreamWriter(stream);
            await writer.WriteLineAsync(line.AsMemory(), ct);
        }, ct);
    }

    private static async Task<List<string>> ReadLinesAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return [];
        var lines = new List<string>();
        await WhenUnlockedAsync(async () =>
        {
            lines.Clear();
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct) is { } line)
                if (line.Length > 0) lines.Add(line);
        }, ct);
        return lines;
    }

    private static async Task WhenUnlockedAsync(Func<Task> action, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (IOException) when (attempt < 200 && !ct.IsCancellationRequested)
            {
                await Task.Delay(25, ct);
            }
        }
    }
}
